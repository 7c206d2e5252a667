/**
 * Complaints about a member of staff (seed 001). Implemented by
 * src/adapters/tables/staff-complaint-repository.ts (on complaint-table.ts).
 */
import type { StaffComplaint, StaffComplaintLogEntry } from '../domain/staff-complaint';
import type { ComplaintRecords, MeetingJob } from './complaints';

/** The evaluation meeting's booking job: saved with the measures (never cancelled). */
export type EvaluationBooking = MeetingJob;

export interface StaffComplaintStore extends ComplaintRecords<StaffComplaint, StaffComplaintLogEntry, EvaluationBooking> {
  /** Open complaints whose evaluation is on or before `until` and not recorded. */
  evaluationsDue(tenantId: string, schoolId: string, until: string): Promise<StaffComplaint[]>;
  /** Open complaints whose employee is not informed yet (step 4). */
  uninformed(tenantId: string, schoolId: string): Promise<StaffComplaint[]>;
  /** «Meld fra nå» from the complaint: the report form that, once submitted, is linked to it. */
  savePendingLink(tenantId: string, schoolId: string, userId: string, formId: string, complaintId: string): Promise<void>;
  pendingLink(tenantId: string, schoolId: string, userId: string, formId: string): Promise<string | undefined>;
}
