/**
 * Complaints about teaching (klage på opplæring): one table, partitioned by school. Beside each
 * complaint (same partition, row keys starting with "~") its log entries and the claims of the
 * follow-up reminders, so a complaint and its log entry are saved in one transaction and two
 * instances never remind the same person twice. What both complaint tables share (the ETag'd
 * save, log rows, booking job, claim keys) is in complaint-table.ts; the mapping, the sweep's
 * queries and the reminder lease are this table's own.
 */
import type { ComplaintLogEntry, TeachingComplaint } from '../../domain/complaint';
import { complaintDeadline } from '../../domain/complaint-deadlines';
import { fromChunks, toChunks } from './long-text';
import type { ComplaintStore, FollowUpBooking, StoredComplaint } from '../../ports';
import { ComplaintTable } from './complaint-table';
import { casePk, esc, keyPart, Tables, type RecordEntity } from './table-client';

/** What changes as the complaint moves on: minutes, follow-up, written complaint, skips, hand-over, resolution. */
type Body = Pick<TeachingComplaint, 'representatives' | 'minutes' | 'followUp' | 'writtenComplaint' | 'toRektor' | 'skips' | 'resolution' | 'followUpMoved'> & { description: string };

type ComplaintEntity = RecordEntity & {
  class: string;
  subject: string;
  teacherId: string;
  registeredBy: string;
  registeredAt: string;
  leaderId: string;
  stage: number;
  stageSince: string;
  status: string;
  teacherInformedAt: string;
  /** The date of the follow-up meeting still to be held, '' when none: the reminder sweep reads by it. */
  followUpDue: string;
  /** The body as JSON, compressed over bodyGz0, bodyGz1, … with its checksum (long-text.ts). */
  [chunk: `body${string}`]: unknown;
};


const toEntity = (c: StoredComplaint): ComplaintEntity => {
  const body: Body = {
    description: c.description,
    representatives: c.representatives,
    minutes: c.minutes,
    followUp: c.followUp,
    writtenComplaint: c.writtenComplaint,
    toRektor: c.toRektor,
    skips: c.skips,
    resolution: c.resolution,
    followUpMoved: c.followUpMoved,
  };
  return {
    partitionKey: casePk(c.tenantId, c.schoolId),
    rowKey: keyPart(c.complaintId),
    tenantId: c.tenantId,
    schoolId: c.schoolId,
    ref: c.ref,
    class: c.class,
    subject: c.subject,
    teacherId: c.teacherId,
    registeredBy: c.registeredBy,
    registeredAt: c.registeredAt,
    leaderId: c.leaderId,
    stage: c.stage,
    stageSince: c.stageSince,
    status: c.status,
    teacherInformedAt: c.teacherInformedAt,
    followUpDue: complaintDeadline(c)?.date ?? '',
    ...toChunks('body', JSON.stringify(body)),
  };
};

const fromEntity = (e: ComplaintEntity): StoredComplaint => {
  const body = JSON.parse(fromChunks('body', e)) as Body;
  return {
    tenantId: e.tenantId,
    schoolId: e.schoolId,
    complaintId: e.rowKey,
    ref: e.ref,
    class: e.class,
    subject: e.subject,
    teacherId: e.teacherId,
    registeredBy: e.registeredBy,
    registeredAt: e.registeredAt,
    leaderId: e.leaderId,
    stage: e.stage as TeachingComplaint['stage'],
    stageSince: e.stageSince,
    status: e.status as TeachingComplaint['status'],
    teacherInformedAt: e.teacherInformedAt,
    description: body.description,
    representatives: body.representatives,
    minutes: body.minutes,
    skips: body.skips,
    ...(body.followUp ? { followUp: body.followUp } : {}),
    ...(body.writtenComplaint ? { writtenComplaint: body.writtenComplaint } : {}),
    ...(body.toRektor ? { toRektor: body.toRektor } : {}),
    ...(body.resolution ? { resolution: body.resolution } : {}),
    ...(body.followUpMoved ? { followUpMoved: body.followUpMoved } : {}),
    etag: e.etag,
  };
};

export class ComplaintRepository extends ComplaintTable<StoredComplaint, ComplaintLogEntry, FollowUpBooking, ComplaintEntity> implements ComplaintStore {
  constructor(tables: Tables) {
    super(tables, 'Complaints', toEntity, fromEntity);
  }

  /** The school's open complaints, oldest first. */
  async listOpen(tenantId: string, schoolId: string): Promise<StoredComplaint[]> {
    const out = await this.complaints(tenantId, schoolId, "status eq 'apen'");
    return out.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
  }

  /** Open complaints whose follow-up meeting falls on or before `until` and is not yet held. */
  async followUpsDue(tenantId: string, schoolId: string, until: string): Promise<StoredComplaint[]> {
    return this.complaints(tenantId, schoolId, `followUpDue ne '' and followUpDue le '${esc(until)}'`);
  }
}
