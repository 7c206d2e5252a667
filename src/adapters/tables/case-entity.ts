/**
 * How a case is laid out in its school's partition of the Cases table: the case row (and its
 * mapping to and from the domain's case), its plan versions, its index rows and its reference row.
 * The rows beside the case live here so case-repository.ts reads as what it does with them.
 */
import type { Escalation, SkolemiljoCase } from '../../domain/case';
import type { Casework } from '../../domain/casework';
import type { CaseMeeting } from '../../domain/meetings';
import type { Report } from '../../domain/report';
import { audiencesOf, openDeadline, type Audience } from '../../domain/case-index';
import { fromChunks, hasChunks, toChunks } from './long-text';
import { tallyFor } from './overview-counters';
import { refKey } from './case-refs';
import { casePk, keyPart, type RecordEntity } from './table-client';

export type CaseEntity = RecordEntity & {
  createdAt: string;
  reporterId: string;
  /** The report is one JSON property: it is read and written whole, and stays well under 64 KiB. */
  report: string;
  route: string;
  investigationDue?: string;
  investigationRecordedAt?: string;
  /** 004 §8.3: when and by whom the pupil was recorded as told that the school is acting. */
  pupilInformedAt?: string;
  pupilInformedBy?: string;
  status: string;
  leaderId: string;
  forwardedAt: string;
  forwardedBy: string;
  escalation: string;
  /** Meetings as one JSON property (a handful per case). */
  meetings?: string;
  /** The row keys of this case's index rows as last written (JSON), so rows no longer true are deleted. */
  indexKeys?: string;
  /** How the case was last counted in the overview's counters (JSON, domain/overview.ts). */
  tally?: string;
  /** The casework as JSON, compressed over workGz0, workGz1, … (long-text.ts). */
  [chunk: `work${string}`]: unknown;
};

export type PlanEntity = Record<string, unknown> & { partitionKey: string; rowKey: string; caseId: string; version: number };

/** Plan versions live beside their case (same partition, so one transaction), never overwritten. */
export const planKey = (caseId: string, version: number) => keyPart(`${PLAN}${caseId}_v${String(version).padStart(4, '0')}`);
export const PLAN = '~P_';

/**
 * Index rows beside the cases (same partition, so written in the case's own transaction): one per
 * audience (see domain/case-index), keyed so a range read returns open cases newest first, then
 * closed ones; and one per reference (case-refs.ts), so «sak SM-…» is a point read.
 */
export const INDEX = '~I_';
export type IndexEntity = { partitionKey: string; rowKey: string; caseId: string; dueAt: string };
export type RefEntity = { partitionKey: string; rowKey: string; caseId: string };
/** Newest first in key order: milliseconds counted down from the year 2286. */
const newestFirst = (iso: string) => String(9_999_999_999_999 - Date.parse(iso)).padStart(13, '0');
export const audiencePrefix = (a: Audience) => keyPart(`${INDEX}${a}_`);
const indexKey = (a: Audience, c: SkolemiljoCase) => `${audiencePrefix(a)}${c.status === 'avsluttet' ? 2 : 1}${newestFirst(c.createdAt)}_${keyPart(c.caseId)}`;
export const indexRows = (c: SkolemiljoCase): IndexEntity[] =>
  audiencesOf(c).map((a) => ({ partitionKey: casePk(c.tenantId, c.schoolId), rowKey: indexKey(a, c), caseId: c.caseId, dueAt: openDeadline(c) }));
export const refRow = (c: SkolemiljoCase): RefEntity => ({ partitionKey: casePk(c.tenantId, c.schoolId), rowKey: refKey(c.ref), caseId: c.caseId });

export const toEntity = (c: SkolemiljoCase): CaseEntity => ({
  partitionKey: casePk(c.tenantId, c.schoolId),
  rowKey: keyPart(c.caseId),
  tenantId: c.tenantId,
  schoolId: c.schoolId,
  ref: c.ref,
  createdAt: c.createdAt,
  reporterId: c.reporterId,
  report: JSON.stringify(c.report),
  route: c.route,
  investigationDue: c.investigationDue,
  investigationRecordedAt: c.investigationRecordedAt ?? '',
  pupilInformedAt: c.pupilInformedAt ?? '',
  pupilInformedBy: c.pupilInformedBy ?? '',
  status: c.status,
  leaderId: c.leaderId,
  forwardedAt: c.forwardedAt,
  forwardedBy: c.forwardedBy,
  escalation: JSON.stringify(c.escalation),
  meetings: JSON.stringify(c.meetings ?? []),
  indexKeys: JSON.stringify(indexRows(c).map((r) => r.rowKey)),
  tally: JSON.stringify(tallyFor(c)),
  ...(c.work ? toChunks('work', JSON.stringify(c.work)) : {}),
});

export const fromEntity = (e: CaseEntity): SkolemiljoCase => ({
  tenantId: e.tenantId,
  schoolId: e.schoolId,
  caseId: e.rowKey,
  ref: e.ref,
  createdAt: e.createdAt,
  reporterId: e.reporterId,
  report: JSON.parse(e.report) as Report,
  route: e.route as SkolemiljoCase['route'],
  investigationDue: e.investigationDue ?? '',
  ...(e.investigationRecordedAt ? { investigationRecordedAt: e.investigationRecordedAt } : {}),
  ...(e.pupilInformedAt ? { pupilInformedAt: e.pupilInformedAt, pupilInformedBy: e.pupilInformedBy ?? '' } : {}),
  status: e.status as SkolemiljoCase['status'],
  leaderId: e.leaderId,
  forwardedAt: e.forwardedAt,
  forwardedBy: e.forwardedBy,
  escalation: JSON.parse(e.escalation) as Escalation,
  ...(e.meetings && e.meetings !== '[]' ? { meetings: JSON.parse(e.meetings) as CaseMeeting[] } : {}),
  ...(hasChunks('work', e) ? { work: JSON.parse(fromChunks('work', e)) as Casework } : {}),
  etag: e.etag,
});
