/**
 * Retention (SPEC §4): every record is deleted when the school's retention period (the school's
 * `retentionMonths`, 12 by default) has passed since it was finished: skolemiljø cases and
 * complaints (teaching, staff) from when they were closed, leave requests from their decision,
 * class rosters with their conversations and varsler from the end of their school year, meetings
 * in our own calendar from their end. The messages about a complaint or leave request (the «Messages»
 * outbox) go with it, and any message sent or given up on before the period, whatever its subject.
 * What is left of each is one line in the case log saying
 * which kind of record was deleted and when, with its reference and dates: nothing about a pupil.
 * Cards already sent about a skolemiljø case are replaced by a «slettet» card; the others say so
 * the next time they refresh (see bot.ts). Idempotency rows are pruned after IDEMPOTENCY_DAYS.
 * Each pass also folds new cases' own overview counter rows into the school's (CaseRemoval.compactCounters).
 */
import { DateTime } from 'luxon';
import type { SkolemiljoCase } from '../domain/case';
import { DEFAULT_RETENTION_MONTHS, type School } from '../domain/school';
import type { CaseLog, CaseLogRemoval, CaseRemoval, CaseStore, Clock, ComplaintStore, Delivered, LeaveStore, NoticeOutbox, NoticeRemoval, StaffComplaintStore, TalksStore } from '../ports';
import type { Logger } from './logger';
import { messageSubject } from './message-outbox';
import { SCHOOL_ZONE } from './school-time';

/** Teams re-sends an activity within minutes and a report form is filled in within days: a month is plenty. */
export const IDEMPOTENCY_DAYS = 30;

export type RecordKind = 'skolemiljosak' | 'klage' | 'personalklage' | 'permisjon' | 'klasseliste' | 'mote';

export interface RetentionDeps {
  schools(): Promise<School[]>;
  cases: Pick<CaseStore, 'listBySchool'> & CaseRemoval;
  log: CaseLog & CaseLogRemoval;
  notices: Pick<NoticeOutbox, 'forCase'> & Pick<NoticeRemoval, 'removeCase'>;
  /** The outbox of complaint and leave messages (table «Messages»). */
  messages: NoticeRemoval;
  teachingComplaints: Pick<ComplaintStore, 'closed' | 'remove'>;
  staffComplaints: Pick<StaffComplaintStore, 'closed' | 'remove'>;
  leave: Pick<LeaveStore, 'finishedBefore' | 'remove'>;
  talks: Pick<TalksStore, 'endedBefore' | 'removeRoster' | 'removeClaimsBefore'>;
  /** The local calendar's own store; with Graph, meetings live in Outlook, not with us. */
  meetings?: { removeEndedBefore(tenantId: string, cutoffIso: string): Promise<number> };
  idempotency: { prune(beforeIso: string): Promise<number> };
  /** Replaces a card already sent by the «slettet» card. */
  cards?: { showDeleted(tenantId: string, schoolId: string, recipientId: string, where: Delivered): Promise<void> };
  clock: Clock;
  logger: Logger;
}

/** Whether a case's time is up: closed, and closed before the cutoff. */
export const dueForDeletion = (c: SkolemiljoCase, cutoffIso: string): boolean =>
  c.status === 'avsluttet' && !!c.work?.closure && c.work.closure.at <= cutoffIso;

export class Retention {
  constructor(private readonly d: RetentionDeps) {}

  async sweep(): Promise<{ deleted: number; byKind: Partial<Record<RecordKind, number>> }> {
    const now = this.d.clock.now();
    const nowIso = now.toISOString();
    const byKind: Partial<Record<RecordKind, number>> = {};
    const count = (k: RecordKind, n = 1) => (byKind[k] = (byKind[k] ?? 0) + n);
    const meetingCutoffs = new Map<string, string>();
    let messagesPruned = 0;
    for (const school of await this.d.schools()) {
      const months = school.retentionMonths ?? DEFAULT_RETENTION_MONTHS;
      const cutoff = DateTime.fromJSDate(now, { zone: SCHOOL_ZONE }).minus({ months }).toUTC().toISO() ?? '';
      const { tenantId, schoolId } = school;
      const stone = (id: string, detail: string) => this.tombstone(school, id, detail, nowIso);

      for (const c of await this.d.cases.listBySchool(tenantId, schoolId)) {
        if (!dueForDeletion(c, cutoff)) continue;
        await this.deleteCase(c, nowIso);
        count('skolemiljosak');
      }
      const complaints = [
        { kind: 'klage' as const, repo: this.d.teachingComplaints, closedAt: (c: { resolution?: { at: string } }) => c.resolution?.at },
        { kind: 'personalklage' as const, repo: this.d.staffComplaints, closedAt: (c: { closing?: { at: string } }) => c.closing?.at },
      ];
      for (const { kind, repo, closedAt } of complaints) {
        for (const c of await repo.closed(tenantId, schoolId)) {
          const at = closedAt(c as never);
          if (!at || at > cutoff) continue;
          await stone(c.complaintId, `type=${kind};ref=${c.ref};avsluttet=${at.slice(0, 10)}`);
          // Before the record: a sweep repeated after a crash finds the record again and finishes.
          await this.d.messages.removeCase(tenantId, schoolId, messageSubject(kind, c.complaintId));
          await repo.remove(tenantId, schoolId, c.complaintId);
          count(kind);
        }
      }
      for (const l of await this.d.leave.finishedBefore(tenantId, schoolId, cutoff)) {
        await stone(l.leaveId, `type=permisjon;ref=${l.ref};avgjort=${l.decidedAt.slice(0, 10)}`);
        await this.d.messages.removeCase(tenantId, schoolId, messageSubject('permisjon', l.leaveId));
        await this.d.leave.remove(tenantId, schoolId, l.leaveId);
        count('permisjon');
      }
      for (const r of await this.d.talks.endedBefore(tenantId, schoolId, cutoff)) {
        await stone(`roster_${r.schoolYear}_${r.className}`, `type=klasseliste;klasse=${r.className};skolear=${r.schoolYear}`);
        await this.d.talks.removeRoster(tenantId, schoolId, r.schoolYear, r.className);
        count('klasseliste');
      }
      await this.d.cases.compactCounters(tenantId, schoolId);
      await this.d.talks.removeClaimsBefore(tenantId, schoolId, cutoff);
      messagesPruned += await this.d.messages.removeFinishedBefore(tenantId, schoolId, cutoff);
      // One calendar per tenant: its meetings go with the shortest period among its schools.
      if (!meetingCutoffs.has(tenantId) || cutoff > meetingCutoffs.get(tenantId)!) meetingCutoffs.set(tenantId, cutoff);
    }
    for (const [tenantId, cutoff] of meetingCutoffs) count('mote', (await this.d.meetings?.removeEndedBefore(tenantId, cutoff)) ?? 0);
    const pruned = await this.d.idempotency.prune(new Date(now.getTime() - IDEMPOTENCY_DAYS * 86_400_000).toISOString());
    if (!byKind.mote) delete byKind.mote;
    const deleted = Object.values(byKind).reduce((a, b) => a + b, 0);
    if (deleted || pruned || messagesPruned) this.d.logger.info({ deleted, ...byKind, idempotencyPruned: pruned, messagesPruned }, 'records deleted after their retention period');
    return { deleted, byKind };
  }

  /** The one line left of a record; written once, also when a sweep is repeated after a crash. */
  private async tombstone(school: School, recordId: string, detail: string, nowIso: string): Promise<void> {
    const left = await this.d.log.list(school.tenantId, school.schoolId, recordId);
    if (left.some((e) => e.action === 'slettet')) return;
    await this.d.log.append(school.tenantId, school.schoolId, recordId, { at: nowIso, actorId: 'system', action: 'slettet', detail });
  }

  /** Safe to repeat after a crash half-way: each step finds nothing left the second time. */
  private async deleteCase(c: SkolemiljoCase, nowIso: string): Promise<void> {
    const { tenantId, schoolId, caseId } = c;
    await this.d.log.removeCase(tenantId, schoolId, caseId);
    const left = await this.d.log.list(tenantId, schoolId, caseId);
    if (!left.some((e) => e.action === 'slettet')) {
      await this.d.log.append(tenantId, schoolId, caseId, { at: nowIso, actorId: 'system', action: 'slettet', detail: `ref=${c.ref};avsluttet=${c.work?.closure?.at.slice(0, 10) ?? ''}` });
    }
    // Every card sent about the case says it is deleted, before we forget where they are.
    for (const n of await this.d.notices.forCase(tenantId, schoolId, caseId)) {
      if (n.status !== 'sent' || !n.activityId || !this.d.cards) continue;
      await this.d.cards.showDeleted(tenantId, schoolId, n.recipientId, { conversationId: n.conversationId, activityId: n.activityId }).catch((e: unknown) =>
        this.d.logger.warn({ caseId, kind: n.kind, err: e instanceof Error ? e.name : 'unknown' }, 'card not replaced by the deleted card'),
      );
    }
    await this.d.notices.removeCase(tenantId, schoolId, caseId);
    await this.d.cases.remove(tenantId, schoolId, caseId);
  }
}
