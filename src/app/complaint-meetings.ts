/**
 * A complaint's meeting in the calendar (the teaching complaint's follow-up meeting, the staff
 * complaint's evaluation): a booking job saved with the complaint, booked through the Calendar
 * port with one meeting id per complaint (so a retried create makes no second event), and
 * retried by the sweep while the calendar is down. What the job holds, when it changes and who is
 * told stay with each routine; this is the part that talks to the calendar.
 */
import type { LocalDate } from '../domain/school-calendar';
import type { LanguageForm, School } from '../domain/school';
import { fill, strings } from '../i18n';
import type { Calendar, Directory, MeetingJob, MeetingRequest, MeetingStore, Participant } from '../ports';
import { CONFLICT_RETRIES, isConflict } from './complaint-kit';
import { safeError } from './safe-error';
import type { Logger } from './logger';
import { instantAt } from './school-time';

/** How long a click waits for the calendar before the card answers anyway (Teams gives ~15 s). */
const BOOK_WAIT_MS = 5_000;

/** The complaint as far as its meeting needs it. */
export interface MeetingComplaint {
  tenantId: string;
  schoolId: string;
  complaintId: string;
  ref: string;
}

export interface ComplaintMeetingsDeps<C extends MeetingComplaint, B extends MeetingJob> {
  directory: Directory & { listSchools(): Promise<School[]> };
  calendar: Calendar;
  logger: Logger;
  store: MeetingStore<C, B>;
  /** 'follow-up meeting', 'evaluation meeting': what the logs call it. */
  meeting: string;
  /** The invitation's subject and body: the complaint's reference, never a pupil or the complainant. */
  text(c: C, lang: LanguageForm): { subject: string; body: string };
  /** What the job records besides the calendar's answer when a version is booked. */
  recorded?(b: B): Partial<B>;
  /** Log fields besides the ids, when a version is booked. */
  logged?(b: B): Record<string, unknown>;
  /** Runs once a version is recorded by this caller (`before`: the job as it was booked). */
  afterBooked?(c: C, before: B, saved: B): Promise<void>;
}

export class ComplaintMeetings<C extends MeetingComplaint, B extends MeetingJob> {
  constructor(private readonly d: ComplaintMeetingsDeps<C, B>) {}

  /**
   * Puts the meeting in the calendar (create once with our meeting id, then update to the latest
   * version; or cancel it) and records it on the job; a retried create makes no second event, a
   * retried cancel changes nothing.
   */
  async book(c: C, job: B): Promise<B> {
    let b = job;
    for (let attempt = 1; ; attempt++) {
      if (b.bookedVersion >= b.version) return b;
      const { req, lang } = await this.request(c, b);
      let ev = { eventId: b.eventId, joinUrl: b.joinUrl, webLink: b.webLink };
      try {
        if (b.cancelled) {
          // Never created (the calendar was down all along): nothing to take out.
          if (b.eventId) await this.d.calendar.cancel(c.tenantId, req.organizer, b.eventId, fill(strings(lang).calendar.cancelled, { ref: c.ref }));
        } else if (b.eventId) {
          await this.d.calendar.update(b.eventId, req);
        } else {
          ev = await this.d.calendar.create(req);
          // A create retried after a newer version was saved returns the first event: bring it up to date.
          if (b.version > 1) await this.d.calendar.update(ev.eventId, req);
        }
      } catch (e) {
        await this.d.store.saveBooking(c.tenantId, c.schoolId, { ...b, attempts: b.attempts + 1, lastError: safeError(e).slice(0, 200) }).catch(() => undefined);
        throw e;
      }
      try {
        const saved = await this.d.store.saveBooking(c.tenantId, c.schoolId, { ...b, ...ev, bookedVersion: b.version, ...this.d.recorded?.(b), attempts: b.attempts + 1, lastError: '' });
        this.d.logger.info({ complaintId: c.complaintId, meetingId: b.meetingId, version: b.version, ...this.d.logged?.(b), calendar: this.d.calendar.kind }, `${this.d.meeting} booked`);
        await this.d.afterBooked?.(c, b, saved);
        return saved;
      } catch (e) {
        if (!isConflict(e) || attempt >= CONFLICT_RETRIES) throw e;
        const again = await this.d.store.getBooking(c.tenantId, c.schoolId, c.complaintId);
        if (!again) return b;
        b = again;
      }
    }
  }

  /** What the calendar is told, in the school's language form. */
  private async request(c: C, b: B): Promise<{ req: MeetingRequest; lang: LanguageForm }> {
    const [staff, school] = await Promise.all([this.d.directory.staffOf(c.tenantId, c.schoolId), this.d.directory.getSchool(c.tenantId, c.schoolId)]);
    const find = (id: string): Participant => {
      const m = staff.find((s) => s.userId === id);
      return { userId: id, email: m?.email ?? '', name: m?.name ?? '' };
    };
    const lang = school?.languageForm ?? 'nb';
    const { subject, body } = this.d.text(c, lang);
    return {
      lang,
      req: {
        meetingId: b.meetingId,
        tenantId: c.tenantId,
        organizer: find(b.organizerId),
        attendees: b.attendeeIds.map(find),
        subject,
        body,
        start: b.start,
        end: b.end,
        location: '',
        online: this.d.calendar.kind === 'graph',
      },
    };
  }

  /**
   * Brings the calendar up to the job's latest version now, waiting a little so the card can say
   * it is done; when the calendar does not answer, the card says it waits and the sweep tries again.
   */
  async settle(c: C): Promise<B | undefined> {
    const job = await this.d.store.getBooking(c.tenantId, c.schoolId, c.complaintId);
    if (!job || job.bookedVersion >= job.version) return job;
    const booking = this.book(c, job).catch((e) => {
      this.notYet(c.complaintId, e);
      return undefined;
    });
    // It may go on after the card has answered: a stop waits for it (idle()).
    const tracked: Promise<unknown> = booking.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    const booked = await Promise.race([
      booking,
      new Promise<undefined>((res) => setTimeout(() => res(undefined), BOOK_WAIT_MS).unref()),
    ]);
    return booked ?? (await this.d.store.getBooking(c.tenantId, c.schoolId, c.complaintId)) ?? job;
  }

  private readonly inFlight = new Set<Promise<unknown>>();

  /** Resolves when every booking started by a card has answered (graceful shutdown, tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** The sweep's first work, at any hour: the meetings the calendar did not take at once. Never fails the sweep. */
  async retryBookings(): Promise<{ booked: number }> {
    return this.bookPending().catch((e) => {
      this.d.logger.warn({ err: safeError(e) }, `${this.d.meeting} booking sweep failed`);
      return { booked: 0 };
    });
  }

  /** Books the meetings the calendar did not take at once (it was down). */
  async bookPending(): Promise<{ booked: number }> {
    let booked = 0;
    for (const school of await this.d.directory.listSchools()) {
      for (const b of await this.d.store.pendingBookings(school.tenantId, school.schoolId)) {
        const c = await this.d.store.get(school.tenantId, school.schoolId, b.complaintId);
        if (!c) continue;
        try {
          await this.book(c, b);
          booked++;
        } catch (e) {
          this.notYet(b.complaintId, e);
        }
      }
    }
    return { booked };
  }

  private notYet(complaintId: string, e: unknown): void {
    this.d.logger.warn({ complaintId, err: safeError(e), calendar: this.d.calendar.kind }, `${this.d.meeting} not booked yet, will retry`);
  }
}

/** When the meeting is and who is invited: what a new version of its job changes. */
export interface MeetingAt {
  date: LocalDate;
  start: string;
  end: string;
  organizerId: string;
  attendeeIds: string[];
}

/** The meeting at `time` (Oslo) on `date`, `minutes` long, with these people. */
export function meetingAt(date: LocalDate, time: string, minutes: number, organizerId: string, attendeeIds: string[]): MeetingAt {
  const start = instantAt(date, time);
  return { date, start: start.toISOString(), end: new Date(start.getTime() + minutes * 60_000).toISOString(), organizerId, attendeeIds };
}

/** Whether the job already has this time and these people (nothing to book again). */
export const sameMeeting = (b: MeetingJob, at: MeetingAt): boolean =>
  b.start === at.start && b.end === at.end && b.organizerId === at.organizerId && b.attendeeIds.join() === at.attendeeIds.join();

/**
 * The job's next version, to be booked again: the calendar's event of `booked` (the version it
 * has) is moved rather than made again; the row's ETag is `prev`'s, so two saves cannot both win.
 */
export function nextJob(complaintId: string, meetingId: string, at: MeetingAt, prev: MeetingJob | undefined, booked = prev): MeetingJob {
  return {
    complaintId,
    meetingId,
    ...at,
    version: (prev?.version ?? 0) + 1,
    bookedVersion: prev?.bookedVersion ?? 0,
    eventId: booked?.eventId ?? '',
    joinUrl: booked?.joinUrl ?? '',
    webLink: booked?.webLink ?? '',
    attempts: 0,
    lastError: '',
    ...(prev?.etag ? { etag: prev.etag } : {}),
  };
}
