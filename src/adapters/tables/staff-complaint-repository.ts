/**
 * Complaints about a member of staff (seed 001): one table, partitioned by school. The complaint
 * is stored as JSON chunks; beside it (row keys starting with "~") its log entries, saved in the
 * same transaction as the change they record; the evaluation meeting's booking job (saved with
 * the measures); one claim row per reminder day; and the «Meld fra nå» forms waiting to be linked.
 * The rows both complaint tables share are written by complaint-table.ts.
 */
import { staffComplaintDeadline, type StaffComplaint, type StaffComplaintLogEntry } from '../../domain/staff-complaint';
import { fromChunks, toChunks } from './long-text';
import type { EvaluationBooking, StaffComplaintStore } from '../../ports';
import { ComplaintTable } from './complaint-table';
import { casePk, esc, keyPart, readRow, Tables } from './table-client';

type Entity = {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  ref: string;
  status: string;
  employeeId: string;
  leaderId: string;
  /** The evaluation date while it is not recorded ('' otherwise), for the reminder sweep. */
  evaluationDue?: string;
  /** Open and the employee not yet informed (delivered), for the «umiddelbart» reminders. */
  uninformed?: boolean;
  [chunk: `body${string}`]: unknown;
};

const LINK = '~M_';

const toEntity = (c: StaffComplaint): Entity => {
  const { etag: _e, ...body } = c;
  return {
    partitionKey: casePk(c.tenantId, c.schoolId),
    rowKey: keyPart(c.complaintId),
    ref: c.ref,
    status: c.status,
    employeeId: c.employeeId,
    leaderId: c.leaderId,
    evaluationDue: staffComplaintDeadline(c)?.date ?? '',
    uninformed: c.status !== 'avsluttet' && !c.employeeInformedAt,
    ...toChunks('body', JSON.stringify(body)),
  };
};

const fromEntity = (e: Entity): StaffComplaint => ({ ...(JSON.parse(fromChunks('body', e)) as StaffComplaint), etag: e.etag });

export class StaffComplaintRepository extends ComplaintTable<StaffComplaint, StaffComplaintLogEntry, EvaluationBooking, Entity> implements StaffComplaintStore {
  constructor(tables: Tables) {
    super(tables, 'StaffComplaints', toEntity, fromEntity);
  }

  /** Open complaints whose evaluation is on or before `until` and not recorded. */
  async evaluationsDue(tenantId: string, schoolId: string, until: string): Promise<StaffComplaint[]> {
    return this.complaints(tenantId, schoolId, `evaluationDue ne '' and evaluationDue le '${esc(until)}'`);
  }

  /** Open complaints whose employee is not informed yet (step 4). */
  async uninformed(tenantId: string, schoolId: string): Promise<StaffComplaint[]> {
    return this.complaints(tenantId, schoolId, 'uninformed eq true');
  }

  /**
   * «Meld fra nå» from the complaint: the report form (by its form id, for this user) that, once
   * submitted, is linked to the complaint. Kept on our side, so the report card carries nothing.
   */
  async savePendingLink(tenantId: string, schoolId: string, userId: string, formId: string, complaintId: string): Promise<void> {
    await this.table.upsertEntity({ partitionKey: casePk(tenantId, schoolId), rowKey: keyPart(`${LINK}${userId}_${formId}`), complaintId }, 'Replace');
  }

  async pendingLink(tenantId: string, schoolId: string, userId: string, formId: string): Promise<string | undefined> {
    return (await readRow<{ complaintId: string }>(this.table, casePk(tenantId, schoolId), keyPart(`${LINK}${userId}_${formId}`)))?.complaintId;
  }
}
