/**
 * Reminders until a duty is done (SPEC §3.1, 004 §8.4): first the responsible leader, then
 * rektor too. A reminder stops by itself when its duty is done; it never carries pupil data.
 */
import { ownerTold, type SkolemiljoCase } from './case';
import { activeMeeting } from './meetings';
import { addSchoolDays, type LocalDate, type SchoolCalendar } from './school-calendar';

/**
 * The duties the app follows up. kalle_inn: the nærmeste leder «innkaller snarest» the reporting
 * staff member (004 §8.3); elev_informert: a pupil not yet told that the school is acting («Eleven
 * skal bli informert om at du varsler rektor», 004 §8.3). innkalling is the calendar job of a meeting.
 */
export type Duty = 'undersokelse' | 'innkalling' | 'evaluering' | 'kalle_inn' | 'elev_informert';

/** «Innkaller snarest»: school days from forwarding until the reporter should have been called in. */
export const CALL_IN_SCHOOL_DAYS = 2;
/** School days from the report until the pupil should know that the school is acting. */
export const PUPIL_INFORMED_SCHOOL_DAYS = 1;

export interface Reminder {
  tenantId: string;
  schoolId: string;
  caseId: string;
  /** Stable per reminder chain and step: the same reminder is never scheduled twice. */
  reminderId: string;
  duty: Duty;
  /** 0: the responsible leader; 1 and on: the leader and rektor. */
  step: number;
  /** When it is due (instant, ISO). */
  dueAt: string;
  /** The school day the duty was due (for the text). */
  deadline: LocalDate;
  attempts: number;
  lastError: string;
  /** For an 'innkalling': the meeting to put in the calendar and invite to. */
  meetingId?: string;
}

export type DutyState = 'open' | 'done';

/** Whether the duty is still open. A leadership case is followed up by the school owner, not us. */
export function dutyState(duty: Duty, c: SkolemiljoCase, deadline = ''): DutyState {
  if (c.route === 'ledelse') return 'done';
  switch (duty) {
    case 'undersokelse':
      return c.investigationRecordedAt || c.status === 'avsluttet' ? 'done' : 'open';
    // Done once the plan of that date is evaluated (or replaced, or the case closed).
    case 'evaluering':
      return c.status === 'avsluttet' || c.work?.evaluationDue !== deadline ? 'done' : 'open';
    // Done when the calendar has the meeting's latest version; the job itself checks that.
    case 'innkalling':
      return 'open';
    // Done once «Kall inn til samtale» has made the meeting (moving it keeps it done).
    case 'kalle_inn':
      return c.status === 'avsluttet' || activeMeeting(c) ? 'done' : 'open';
    case 'elev_informert':
      return c.status === 'avsluttet' || c.pupilInformedAt || c.report.pupilInformed !== 'nei_ennaa' ? 'done' : 'open';
  }
}

/**
 * Who is reminded at this step: the responsible leader first, then rektor as well. The school
 * owner who has been told of the case (§12-5, especially serious) follows its investigation
 * deadline too: «straks» is the owner's concern as well as the school's.
 */
export function recipientsOf(r: Pick<Reminder, 'step' | 'duty'>, c: SkolemiljoCase, rektorIds: string[], ownerIds: string[] = []): string[] {
  // Until rektor has forwarded the case, rektor is the one who must act.
  const responsible = c.status === 'videresendt' && c.leaderId ? [c.leaderId] : rektorIds;
  const ids = r.step === 0 ? responsible : [...responsible, ...rektorIds];
  const owners = r.duty === 'undersokelse' && ownerTold(c) && c.route !== 'ledelse' ? ownerIds : [];
  return [...new Set([...ids, ...owners])];
}

/** Duties whose reminders are also posted in the class's channel (by reference only). */
export const CHANNEL_DUTIES: readonly Duty[] = ['undersokelse', 'evaluering'];

/** School days between reminders once the deadline has passed. */
export const REPEAT_SCHOOL_DAYS = 2;

/** The first reminder of a duty: 08:00 on its deadline. */
export function firstReminder(c: SkolemiljoCase, duty: Duty, deadline: LocalDate, dueAt: string): Reminder {
  return { tenantId: c.tenantId, schoolId: c.schoolId, caseId: c.caseId, reminderId: `${c.caseId}-${duty}-0`, duty, step: 0, dueAt, deadline, attempts: 0, lastError: '' };
}

/** The next reminder after one was sent: the next school day (then every other) at the same time. */
export function nextReminder(r: Reminder, sentOn: LocalDate, cal: SchoolCalendar, dueAtOf: (d: LocalDate) => string): Reminder {
  const step = r.step + 1;
  const on = addSchoolDays(sentOn, step === 1 ? 1 : REPEAT_SCHOOL_DAYS, cal);
  return { ...r, step, reminderId: `${r.caseId}-${r.duty}-${step}`, dueAt: dueAtOf(on), attempts: 0, lastError: '' };
}

/**
 * The job that puts a meeting in the calendar and sends the invitations: stored with the case in
 * one step, so a crash or a calendar outage delays the invitation but cannot lose it. One per
 * meeting version, so a moved meeting is brought up to date once.
 */
export function invitationJob(c: SkolemiljoCase, meetingId: string, version: number, nowIso: string, today: LocalDate): Reminder {
  return { tenantId: c.tenantId, schoolId: c.schoolId, caseId: c.caseId, reminderId: `${c.caseId}-innkalling-${meetingId}-v${version}`, duty: 'innkalling', step: 0, dueAt: nowIso, deadline: today, attempts: 0, lastError: '', meetingId };
}
