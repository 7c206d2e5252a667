import type { CaseActions } from '../../../app/case-actions';
import type { NoticeDispatcher } from '../../../app/deliver-notices';
import type { ReportConcern } from '../../../app/report-concern';
import type { MeetingActions } from '../../../app/meetings';
import type { SchoolChannels } from '../../../app/school-channels';
import type { CaseWork } from '../../../app/case-work';
import type { LeaveActions } from '../../../app/leave';
import type { PupilTalks } from '../../../app/pupil-talks';
import type { PartyCopies } from '../../../app/party-copy';
import type { AnnualWheel } from '../../../app/annual';
import type { TeachingComplaints } from '../../../app/teaching-complaint';
import type { StaffComplaints } from '../../../app/staff-complaint';
import type { SchoolRoles } from '../../../app/school-roles';
import type { SchoolOverview } from '../../../app/school-overview';
import type { Card } from '../cards/render';
import type { ActivityInfo } from '../activity-info';

export interface Services {
  report: ReportConcern;
  cases: CaseActions;
  dispatcher: NoticeDispatcher;
  meetings: MeetingActions;
  channels: SchoolChannels;
  work: CaseWork;
  leave: LeaveActions;
  /** Elevsamtaler: the kontaktlærer's roster and conversations. */
  talks: PupilTalks;
  /** «Kopi til foresatte»: the party's copy of a case, read and approved by the leader. */
  partyCopies: PartyCopies;
  annual: AnnualWheel;
  /** Complaints about teaching (seed 000). */
  teachingComplaints: TeachingComplaints;
  /** Complaints about a member of staff (seed 001). */
  staffComplaints: StaffComplaints;
  /** "roller": who holds which role (rektor and the school's admin). */
  roles: SchoolRoles;
  /** «oversikt»: the figures of the aktivitetsplikt, counts only (rektor and the school owner). */
  overview: SchoolOverview;
  /** 'graph' offers Teams meetings; 'local' meetings have a place and an .ics file. */
  calendarKind: 'graph' | 'local';
  /** Whether a record was deleted after the school's retention period (only its tombstone is left). */
  wasDeleted(tenantId: string, schoolId: string, recordId: string): Promise<boolean>;
  today(): string;
  newFormId(): string;
}

export interface InvokeContext extends ActivityInfo {
  services: Services;
  /** The card message the action came from, to follow it as a copy of the case. */
  conversationId: string;
  replyToId: string;
}

/** One handler per card verb: parse the payload, call a use case, render the new card. */
export type VerbHandler = (ctx: InvokeContext, data: unknown) => Promise<Card>;
