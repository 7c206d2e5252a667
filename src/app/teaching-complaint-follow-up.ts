/**
 * The teaching complaint's follow-up meeting and its deadlines (seed 000, stage 2: «Nytt møte
 * settes opp etter tre uker»). The meeting is a booking job saved with the minutes and put in the
 * calendar (app/complaint-meetings.ts); a move or a cancellation is told to those invited. The
 * hourly sweep books what the calendar did not take and reminds the people who must act of the
 * deadline of the stage each open complaint is at, once per person and deadline.
 */
import { fill, strings } from '../i18n';
import { followUpAwaited, followUpOn, latestMinutes, type ComplaintLogEntry, type TeachingComplaint } from '../domain/complaint';
import { deadlineReminderDue, stageDeadline } from '../domain/complaint-deadlines';
import { hasRole } from '../domain/people';
import type { LanguageForm, School } from '../domain/school';
import type { Calendar, Clock, ComplaintNotifier, ComplaintStore, Directory, FollowUpBooking, StoredComplaint } from '../ports';
import type { ComplaintKit } from './complaint-kit';
import { ComplaintMeetings, meetingAt, nextJob, sameMeeting } from './complaint-meetings';
import type { Logger } from './logger';
import type { MessageOutbox } from './message-outbox';
import { calendarFor } from './school-time';
import { complaintView, dateOf, type ComplaintNotice } from './teaching-complaint-view';

/** The follow-up meeting is booked at this time of day (Oslo) on the follow-up date … */
export const FOLLOW_UP_TIME = '14:00';
/** … for this long. */
export const FOLLOW_UP_MINUTES = 45;

/** What the calendar is told: the complaint's reference, subject and class, never a pupil. */
function invitation(c: StoredComplaint, lang: LanguageForm): { subject: string; body: string } {
  const t = strings(lang).calendar;
  return { subject: fill(t.followUpSubject, { ref: c.ref }), body: fill(t.followUpBody, { ref: c.ref, subject: c.subject, class: c.class }) };
}

export interface FollowUpDeps {
  directory: Directory & { listSchools(): Promise<School[]> };
  complaints: ComplaintStore;
  calendar: Calendar;
  clock: Clock;
  notifier: ComplaintNotifier;
  logger: Logger;
  outbox: MessageOutbox;
}

/** The follow-up meeting in the calendar, and the reminders of each stage's deadline. */
export class FollowUpMeeting extends ComplaintMeetings<StoredComplaint, FollowUpBooking> {
  constructor(
    private readonly f: FollowUpDeps,
    private readonly kit: ComplaintKit<'klage_undervisning', StoredComplaint, ComplaintLogEntry, FollowUpBooking>,
  ) {
    super({
      ...f,
      store: f.complaints,
      meeting: 'follow-up meeting',
      text: invitation,
      // The start the calendar has, so a different start later is a move the invitees are told of.
      recorded: (b) => ({ bookedStart: b.cancelled ? b.bookedStart : b.start }),
      logged: (b) => ({ cancelled: !!b.cancelled }),
      // Whoever records the version tells the invitees of a move or a cancellation, once.
      afterBooked: async (c, b, saved) => {
        const tell: ComplaintNotice | undefined = b.cancelled ? (b.eventId ? 'mote_avlyst' : undefined) : b.bookedStart && b.bookedStart !== b.start ? 'mote_flyttet' : undefined;
        if (tell) await tellInvitees(f, c, saved, tell);
      },
    });
  }

  /**
   * Reminds the people who must act of the deadline of the stage each open complaint is at (the
   * follow-up meeting: the teacher, the one who registered it, the leader and the meeting's staff
   * participants), from the school day before it, until the stage's work is done: once per
   * person and deadline, however many instances sweep (a claim with a lease, marked sent). A
   * failed send is tried again on the next sweep; a person who cannot be reached (bot removed)
   * is logged and not tried again.
   */
  async sweep(): Promise<{ sent: number }> {
    // Bookings the calendar did not take at once are tried again first (at any hour).
    await this.retryBookings();
    let sent = 0;
    const day = this.kit.reminderDay();
    if (!day) return { sent };
    const { now, today } = day;
    for (const school of await this.f.directory.listSchools()) {
      const open = await this.f.complaints.listOpen(school.tenantId, school.schoolId);
      if (!open.length) continue;
      const calendar = calendarFor(school, today);
      const staff = await this.f.directory.staffOf(school.tenantId, school.schoolId);
      const rektorIds = staff.filter((m) => hasRole(m, 'rektor')).map((m) => m.userId);
      for (const c of open) {
        const deadline = stageDeadline(c, { calendar, dateOf, rektorIds });
        if (!deadline || !deadlineReminderDue(deadline, today, calendar)) continue;
        // The follow-up keeps the key its claims always had (its date); a moved date is a new deadline.
        const key = deadline.duty === 'oppfolgingsmote' ? deadline.date : `${deadline.duty}_${deadline.date}`;
        const notice: ComplaintNotice = deadline.duty === 'oppfolgingsmote' ? 'oppfolging' : 'frist';
        for (const id of deadline.responsible) {
          const person = staff.find((m) => m.userId === id);
          if (!person) continue;
          const claim = { tenantId: c.tenantId, schoolId: c.schoolId, subjectId: c.complaintId, key, recipientId: id };
          const once = await this.kit.remindOnce(now, claim, 'complaint reminder', { complaintId: c.complaintId, duty: deadline.duty }, async () => {
            const booking = await this.f.complaints.getBooking(c.tenantId, c.schoolId, c.complaintId);
            await this.f.notifier.complaintNotice(complaintView(c, person, staff, school, this.f.clock.now(), booking), id, notice);
          });
          if (once) sent++;
        }
      }
    }
    return { sent };
  }
}

/** The organiser and attendees (but not the one who moved or cancelled it) see the new time, or that it is off. */
async function tellInvitees(d: FollowUpDeps, c: StoredComplaint, b: FollowUpBooking, notice: ComplaintNotice): Promise<void> {
  const staff = await d.directory.staffOf(c.tenantId, c.schoolId);
  const ids = [...new Set([b.organizerId, ...b.attendeeIds])].filter((x) => x && x !== b.by && staff.some((m) => m.userId === x));
  // One message per version of the booking: a second move is told again.
  await d.outbox.send(ids.map((recipientId) => ({ tenantId: c.tenantId, schoolId: c.schoolId, topic: 'klage' as const, subjectId: c.complaintId, notice, key: `v${b.version}`, recipientId })));
}

/**
 * The follow-up meeting's job for the complaint as saved: 14:00 on the follow-up date, organised
 * by the responsible leader with the faglærer and the meeting's staff participants (pupils have
 * no calendar identity: the faglærer brings the tillitselev). The same meeting id throughout; a
 * new version when the date or the people change.
 */
export function followUpBooking(c: TeachingComplaint, prev: FollowUpBooking | undefined, minutesId: string): FollowUpBooking | undefined {
  const m = latestMinutes(c, 'mote_tillitselev');
  if (!m || m.minutesId !== minutesId || !m.followUpOn) return undefined;
  const organizerId = c.leaderId || c.teacherId;
  const attendeeIds = [...new Set([c.teacherId, c.leaderId, ...m.participants.staffIds])].filter((id) => id && id !== organizerId);
  const at = meetingAt(followUpOn(c), FOLLOW_UP_TIME, FOLLOW_UP_MINUTES, organizerId, attendeeIds);
  if (prev && !prev.cancelled && sameMeeting(prev, at)) return { ...prev, minutesId };
  // A meeting taken out of the calendar is not brought back: a new one, with a new id, is booked.
  const version = (prev?.version ?? 0) + 1;
  const reuse = prev && !prev.cancelled ? prev : undefined;
  const meetingId = reuse?.meetingId ?? (prev ? `klage-${c.complaintId}-oppfolging-v${version}` : `klage-${c.complaintId}-oppfolging`);
  return { ...nextJob(c.complaintId, meetingId, at, prev, reuse), minutesId, ...(reuse?.bookedStart ? { bookedStart: reuse.bookedStart } : {}) };
}

/**
 * The follow-up meeting is no longer awaited (the complaint closed or moved on, or the follow-up
 * recorded before the booked time): a last version that takes it out of the calendar. A meeting
 * that has already begun stays there, as the record that it was held.
 */
export function followUpCancellation(c: TeachingComplaint, prev: FollowUpBooking | undefined, now: string, by: string): FollowUpBooking | undefined {
  if (!prev || prev.cancelled || followUpAwaited(c)) return undefined;
  if (Date.parse(prev.start) <= Date.parse(now)) return undefined;
  return { ...prev, cancelled: true, version: prev.version + 1, attempts: 0, lastError: '', by };
}
