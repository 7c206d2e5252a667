/**
 * The staff complaint's evaluation meeting and its reminders (seed 001, step 9: «Etter en angitt
 * periode ... evaluering»). The measures save the meeting's booking job, put in the calendar
 * through app/complaint-meetings.ts (Graph, or our own store with .ics files). The hourly sweep
 * books what the calendar did not take, and reminds the leader of the evaluation and of an
 * employee not yet informed (step 4, «umiddelbart»).
 */
import { fill, strings } from '../i18n';
import type { LanguageForm, School } from '../domain/school';
import { addSchoolDays, isSchoolDay } from '../domain/school-calendar';
import { evaluationMeeting, evaluationReminderDue, informReminderDue, staffComplaintView, type StaffComplaint, type StaffComplaintLogEntry } from '../domain/staff-complaint';
import type { Calendar, Clock, Directory, EvaluationBooking, StaffComplaintNotifier, StaffComplaintStore } from '../ports';
import type { ComplaintKit } from './complaint-kit';
import { ComplaintMeetings, meetingAt, nextJob, sameMeeting } from './complaint-meetings';
import type { Logger } from './logger';
import { calendarFor, schoolDate } from './school-time';
import { staffComplaintViewOf } from './staff-complaint-view';

/** The evaluation meeting is booked at this time of day (Oslo) on the evaluation date … */
export const EVALUATION_TIME = '14:00';
/** … for this long. */
export const EVALUATION_MINUTES = 45;

/** What the calendar is told: the complaint's reference, never the complainant or what it is about. */
function invitation(c: StaffComplaint, lang: LanguageForm): { subject: string; body: string } {
  const t = strings(lang).staffComplaint;
  return { subject: fill(t.evaluationSubject, { ref: c.ref }), body: fill(t.evaluationBody, { ref: c.ref }) };
}

export interface EvaluationDeps {
  directory: Directory & { listSchools(): Promise<School[]> };
  complaints: StaffComplaintStore;
  calendar: Calendar;
  clock: Clock;
  notifier: StaffComplaintNotifier;
  logger: Logger;
}

/** The evaluation meeting in the calendar, and the leader's reminders. */
export class EvaluationMeeting extends ComplaintMeetings<StaffComplaint, EvaluationBooking> {
  constructor(
    private readonly e: EvaluationDeps,
    private readonly kit: ComplaintKit<'klage_ansatt', StaffComplaint, StaffComplaintLogEntry, EvaluationBooking>,
  ) {
    super({ ...e, store: e.complaints, meeting: 'evaluation meeting', text: invitation });
  }

  /**
   * Hourly. Books what the calendar did not take, then reminds each complaint's leader in their
   * own chat of the evaluation, from the school day before its date until it is recorded: once a
   * school day, however many instances sweep (a claim row per complaint, day and leader). A failed
   * send gives its claim back for the next sweep; a leader who cannot be reached is logged.
   */
  async sweep(): Promise<{ sent: number; booked: number }> {
    const { booked } = await this.retryBookings();
    let sent = 0;
    const day = this.kit.reminderDay();
    if (!day) return { sent, booked };
    const { now, today } = day;
    for (const school of await this.e.directory.listSchools()) {
      const cal = calendarFor(school, today);
      if (!isSchoolDay(today, cal)) continue;
      const horizon = addSchoolDays(today, 1, cal);
      const evaluations = (await this.e.complaints.evaluationsDue(school.tenantId, school.schoolId, horizon)).filter((c) => evaluationReminderDue(c, horizon));
      // Step 4, «umiddelbart»: from the deadline (the next school day) until the employee is informed.
      const uninformed = (await this.e.complaints.uninformed(school.tenantId, school.schoolId)).filter((c) => informReminderDue(c, schoolDate(new Date(c.registeredAt)).today, today, cal));
      if (!evaluations.length && !uninformed.length) continue;
      const staff = await this.e.directory.staffOf(school.tenantId, school.schoolId);
      const due = [...uninformed.map((c) => ({ c, notice: 'informer' as const, day: `${today}-informer` })), ...evaluations.map((c) => ({ c, notice: 'evaluering' as const, day: today }))];
      for (const { c, notice, day } of due) {
        const leader = staff.find((m) => m.userId === c.leaderId);
        if (!leader || staffComplaintView(c, leader) !== 'full') continue;
        const key = { tenantId: c.tenantId, schoolId: c.schoolId, subjectId: c.complaintId, key: day, recipientId: leader.userId };
        const once = await this.kit.remindOnce(now, key, 'staff complaint reminder', { complaintId: c.complaintId, notice }, async () => {
          const booking = await this.e.complaints.getBooking(c.tenantId, c.schoolId, c.complaintId);
          await this.e.notifier.staffComplaintNotice(staffComplaintViewOf(c, leader, staff, school, this.e.clock.now(), { booking, notice }), leader.userId);
        });
        if (once) sent++;
      }
    }
    return { sent, booked };
  }
}

/**
 * The evaluation meeting's job for the complaint as saved: 14:00 on the evaluation date, organised
 * by the leader with the employee and their union representative when named. The same meeting id
 * throughout, so a retried save or create makes no second event.
 */
export function evaluationBooking(c: StaffComplaint, prev: EvaluationBooking | undefined): EvaluationBooking | undefined {
  const m = evaluationMeeting(c);
  if (!m) return undefined;
  const at = meetingAt(m.date, EVALUATION_TIME, EVALUATION_MINUTES, m.organizerId, m.attendeeIds);
  if (prev && sameMeeting(prev, at)) return undefined;
  return nextJob(c.complaintId, prev?.meetingId ?? `personalklage-${c.complaintId}-evaluering`, at, prev);
}
