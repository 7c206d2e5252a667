/**
 * "Kall inn til samtale" (SPEC §3.1.2): the nærmeste leder calls the staff member who reported to
 * a conversation, "snarest". The meeting and the job that books it are saved with the case in one
 * step; the job puts it in the calendar (Outlook through Graph, or our own with an .ics file) and
 * sends the invitation, and is retried until the calendar answers.
 */
import { callReporterMeeting, meetingBooked, meetingCancelled, MEETING_MINUTES, type CaseMeeting } from '../domain/meetings';
import { DomainError } from '../domain/errors';
import { fill, strings } from '../i18n';
import type { SkolemiljoCase } from '../domain/case';
import type { Membership } from '../domain/people';
import { invitationJob } from '../domain/reminders';
import type { Calendar, CaseLog, CaseStore, Clock, Directory, IdGenerator, MeetingRequest, Participant } from '../ports';
import type { Actor } from './actor';
import type { CaseActions, CaseForViewer } from './case-actions';
import type { Logger } from './logger';
import { safeError } from './safe-error';
import { instantOf, localParts, proposeSlot, schoolHourWindows } from './meeting-slots';
import { localDateOf } from './school-time';

const CONFLICT_RETRIES = 3;
/** How long a click waits for the calendar before the card answers anyway (Teams gives ~15 s). */
const KICK_WAIT_MS = 3000;

export interface MeetingForm {
  date: string;
  time: string;
  minutes: number;
  location: string;
  online: boolean;
}

/** A time and place to call to: the form as the card first shows it. */
export interface MeetingProposal extends MeetingForm {
  /** False when the calendar could not be asked: the time is a guess, and the card says so. */
  checked: boolean;
}

export interface MeetingDeps {
  directory: Directory;
  cases: CaseStore;
  log: CaseLog;
  clock: Clock;
  ids: IdGenerator;
  calendar: Calendar;
  caseActions: CaseActions;
  logger: Logger;
  /** Runs the booking job now instead of waiting for the next sweep. */
  kick(): Promise<unknown>;
}

export class MeetingActions {
  constructor(private readonly d: MeetingDeps) {}

  /** The leader's case with a proposed time: the first free slot for both in school hours. */
  async propose(actor: Actor, schoolId: string, caseId: string): Promise<{ view: CaseForViewer; proposal: MeetingProposal }> {
    const { c, me, staff } = await this.load(actor, schoolId, caseId);
    const existing = (c.meetings ?? []).find((m) => m.purpose === 'samtale_melder' && m.status !== 'avlyst');
    const view = await this.d.caseActions.forViewer(actor, c);
    if (existing) {
      const p = localParts(Date.parse(existing.start));
      const minutes = Math.round((Date.parse(existing.end) - Date.parse(existing.start)) / 60_000);
      return { view, proposal: { ...p, minutes, location: existing.location, online: existing.online, checked: true } };
    }
    const now = this.d.clock.now();
    const school = await this.d.directory.getSchool(c.tenantId, c.schoolId);
    const windows = schoolHourWindows(now, school ?? {});
    const people = [participant(me), participant(staff.find((m) => m.userId === c.reporterId), c.reporterId)];
    let busy = {};
    let checked = true;
    try {
      busy = await this.d.calendar.busy(c.tenantId, people[0], people, new Date(windows[0]?.start ?? now.getTime()).toISOString(), new Date(windows.at(-1)?.end ?? now.getTime()).toISOString());
    } catch (e) {
      // The leader can still call the meeting; the card says the calendars were not checked.
      this.d.logger.warn({ err: safeError(e), calendar: this.d.calendar.kind }, 'free/busy not available');
      checked = false;
    }
    const slot = proposeSlot(windows, busy, MEETING_MINUTES.default) ?? windows[0];
    const p = localParts(slot?.start ?? now.getTime());
    return { view, proposal: { ...p, minutes: MEETING_MINUTES.default, location: '', online: this.d.calendar.kind === 'graph', checked } };
  }

  /**
   * Calls the meeting (or moves it). The case, its log entry and the booking job are saved
   * before the calendar is asked; the job runs at once and again later if the calendar is down.
   */
  async call(actor: Actor, schoolId: string, caseId: string, form: MeetingForm): Promise<CaseForViewer> {
    const start = instantOf(form.date, form.time);
    const now = this.d.clock.now();
    for (let attempt = 1; ; attempt++) {
      const { c, me } = await this.load(actor, schoolId, caseId);
      const r = callReporterMeeting(
        c,
        me,
        {
          start: start ? start.toISOString() : '',
          end: start ? new Date(start.getTime() + form.minutes * 60_000).toISOString() : '',
          minutes: form.minutes,
          location: form.location,
          online: form.online,
        },
        { now: now.toISOString(), meetingId: this.d.ids.next() },
      );
      if (!r.changed) return this.d.caseActions.forViewer(actor, c);
      try {
        const job = invitationJob(c, r.meeting.meetingId, r.meeting.version, now.toISOString(), localDateOf(now));
        const saved = await this.d.cases.update(r.case, [job]);
        if (r.log) await this.d.log.append(saved.tenantId, saved.schoolId, saved.caseId, r.log);
        // Usually the calendar answers at once and the card can say so; if not, it says the
        // invitation goes out when the calendar answers, and the job keeps trying.
        await Promise.race([this.d.kick().catch(() => undefined), new Promise((r) => setTimeout(r, KICK_WAIT_MS).unref())]);
        const latest = (await this.d.cases.get(saved.tenantId, saved.schoolId, saved.caseId)) ?? saved;
        return this.d.caseActions.forViewer(actor, latest);
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'common.CONFLICT') || attempt >= CONFLICT_RETRIES) throw e;
      }
    }
  }

  /**
   * Brings the calendar up to the meeting's latest version (create once, then update) and records
   * it on the case. Undefined when there is nothing left to do (the meeting is gone or cancelled).
   */
  async book(c: SkolemiljoCase, meetingId: string): Promise<{ case: SkolemiljoCase; meeting: CaseMeeting } | undefined> {
    let current = c;
    for (let attempt = 1; ; attempt++) {
      const m = (current.meetings ?? []).find((x) => x.meetingId === meetingId);
      if (!m) return undefined;
      if (m.status === 'avlyst') {
        if (m.bookedVersion >= m.version) return undefined;
        // Called off: out of the calendar once, then the invitees are told (if they were invited).
        if (m.eventId) {
          const staff = await this.d.directory.staffOf(current.tenantId, current.schoolId);
          const t = strings((await this.d.directory.getSchool(current.tenantId, current.schoolId))?.languageForm ?? 'nb').calendar;
          // The cancellation says why when the evaluation was made before the meeting.
          const comment = fill(m.cancelReason === 'evaluert' ? t.cancelledEvaluated : t.cancelled, { ref: current.ref });
          await this.d.calendar.cancel(current.tenantId, participant(staff.find((s) => s.userId === m.organizerId), m.organizerId), m.eventId, comment);
        }
        try {
          const saved = await this.d.cases.update(meetingCancelled(current, m.meetingId, m.version));
          await this.d.log.append(saved.tenantId, saved.schoolId, saved.caseId, { at: this.d.clock.now().toISOString(), actorId: m.organizerId, action: 'samtale_i_kalender', detail: `møte=${m.meetingId} v${m.version} avlyst` });
          return m.eventId ? { case: saved, meeting: (saved.meetings ?? []).find((x) => x.meetingId === meetingId)! } : undefined;
        } catch (e) {
          if (!(e instanceof DomainError && e.code === 'common.CONFLICT') || attempt >= CONFLICT_RETRIES) throw e;
          const again = await this.d.cases.get(c.tenantId, c.schoolId, c.caseId);
          if (!again) return undefined;
          current = again;
          continue;
        }
      }
      if (m.bookedVersion >= m.version) return { case: current, meeting: m };
      const req = await this.request(current, m);
      const ev = m.eventId ? (await this.d.calendar.update(m.eventId, req), { eventId: m.eventId, joinUrl: m.joinUrl, webLink: m.webLink }) : await this.d.calendar.create(req);
      const next = meetingBooked(current, m.meetingId, m.version, ev);
      try {
        const saved = await this.d.cases.update(next);
        await this.d.log.append(saved.tenantId, saved.schoolId, saved.caseId, { at: this.d.clock.now().toISOString(), actorId: m.organizerId, action: 'samtale_i_kalender', detail: `møte=${m.meetingId} v${m.version} ${this.d.calendar.kind}` });
        return { case: saved, meeting: (saved.meetings ?? []).find((x) => x.meetingId === meetingId)! };
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'common.CONFLICT') || attempt >= CONFLICT_RETRIES) throw e;
        // Someone changed the case meanwhile: read it again; create is idempotent on the meeting id.
        const again = await this.d.cases.get(c.tenantId, c.schoolId, c.caseId);
        if (!again) return undefined;
        current = again;
      }
    }
  }

  /** What the calendar is told: the case reference, never the pupil. */
  private async request(c: SkolemiljoCase, m: CaseMeeting): Promise<MeetingRequest> {
    const staff = await this.d.directory.staffOf(c.tenantId, c.schoolId);
    const find = (id: string) => participant(staff.find((s) => s.userId === id), id);
    const school = await this.d.directory.getSchool(c.tenantId, c.schoolId);
    const t = strings(school?.languageForm ?? 'nb').calendar;
    return {
      meetingId: m.meetingId,
      tenantId: c.tenantId,
      organizer: find(m.organizerId),
      attendees: m.attendeeIds.map(find),
      // In the school's language form: the calendar is shared by everyone invited.
      subject: fill(m.purpose === 'evaluering' ? t.evalSubject : t.talkSubject, { ref: c.ref }),
      body: fill(m.purpose === 'evaluering' ? t.evalBody : t.talkBody, { ref: c.ref }),
      start: m.start,
      end: m.end,
      location: m.location,
      online: m.online,
    };
  }

  /** The case, through the policy: only someone who sees it and may call the meeting (CaseActions.loadFor). */
  private async load(actor: Actor, schoolId: string, caseId: string): Promise<{ c: SkolemiljoCase; me: Membership; staff: Membership[] }> {
    const { c, me, staff } = await this.d.caseActions.loadFor(actor, schoolId, caseId, 'se_sak', 'mote');
    return { c, me: me!, staff };
  }

}

const participant = (m: Membership | undefined, fallbackId = ''): Participant => ({ userId: m?.userId ?? fallbackId, email: m?.email ?? '', name: m?.name ?? '' });
