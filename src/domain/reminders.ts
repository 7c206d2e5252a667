/**
 * Reminders until a duty is done (SPEC §3.1, 004 §8.4): first the responsible leader, then
 * rektor too. A reminder stops by itself when its duty is done; it never carries pupil data.
 */
import type { SkolemiljoCase } from './case';
import { addSchoolDays, type LocalDate, type SchoolCalendar } from './school-calendar';

/** The duties the app follows up. More come with the case work (plan, evaluation, meetings). */
export type Duty = 'undersokelse' | 'innkalling' | 'evaluering';

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
  }
}

/** Who is reminded at this step: the responsible leader first, then rektor as well. */
export function recipientsOf(r: Pick<Reminder, 'step'>, c: SkolemiljoCase, rektorIds: string[]): string[] {
  // Until rektor has forwarded the case, rektor is the one who must act.
  const responsible = c.status === 'videresendt' && c.leaderId ? [c.leaderId] : rektorIds;
  const ids = r.step === 0 ? responsible : [...responsible, ...rektorIds];
  return [...new Set(ids)];
}

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
