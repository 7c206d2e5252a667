/**
 * "klage" → "Undervisningen i et fag" (seed 000, SPEC §3.2): the school's routine for a complaint
 * about teaching, tracked stage by stage. The domain (domain/complaint.ts) decides who may do
 * what and what each stage needs; this use case looks roles up on the server, stores the
 * complaint with its log, tells the people who must act, and reminds the responsible people of
 * the follow-up meeting three weeks after the tillitselev meeting (once per person and date).
 */
import { fill, strings } from '../i18n';
import {
  approveMinutes,
  COMPLAINT_LIMITS,
  completeStage,
  confirmPupilSignature,
  escalateToLeader,
  followUpAwaited,
  followUpOn,
  formatComplaintRef,
  handToRektor,
  informTeacher,
  teacherInformed,
  isComplaintFormErrors,
  latestMinutes,
  mayRegisterComplaint,
  moveFollowUp,
  recordFollowUp,
  recordMinutes,
  registerComplaint,
  resolve,
  validateComplaint,
  type ComplaintFormError,
  type ComplaintLogEntry,
  type FollowUpDraft,
  type MinutesDraft,
  type MinutesKind,
  type TeachingComplaint,
} from '../domain/complaint';
import { deadlineReminderDue, stageDeadline } from '../domain/complaint-deadlines';
import { DomainError } from '../domain/errors';
import { leaveLeaderFor } from '../domain/leave';
import { hasRole, isStaff, type Membership, type Role } from '../domain/people';
import type { School } from '../domain/school';
import type { SchoolCalendar } from '../domain/school-calendar';
import type { Calendar, Clock, ComplaintNotifier, ComplaintStore, Directory, FollowUpBooking, RefCounter, StoredComplaint, Submissions } from '../ports';
import type { Actor } from './actor';
import type { Logger } from './logger';
import { ComplaintMeetings } from './complaint-meetings';
import { complaintView, dateOf, emptyMinutes, type ComplaintView } from './teaching-complaint-view';
import { safeError } from './safe-error';
import { sendOnce } from './claims';
import type { MessageOutbox, OutboxMessage } from './message-outbox';
import { allows, enforce, notFoundError, subjectOf } from './policy-door';
import type { TeachingComplaintAction } from '../domain/policy/teaching-complaint';
import { calendarFor, instantAt, schoolDate } from './school-time';

/** What a person is told in their personal chat. */
export type ComplaintNotice =
  /** The stage-2 minutes to approve ("Godkjenn referat"). */
  | 'godkjenn'
  /** The follow-up found no improvement: the written complaint comes to the leader. */
  | 'til_leder'
  /** The leader has told the teacher the complaint is received (stage 4 begins). */
  | 'orientert'
  /** Rektor takes it over (stage 5). */
  | 'til_rektor'
  | 'avsluttet'
  /** The follow-up meeting is near (or passed and not recorded). */
  | 'oppfolging'
  /** Another stage's deadline is near (the view's `deadline` says which). */
  | 'frist'
  /** The follow-up meeting was moved (the calendar has the new time). */
  | 'mote_flyttet'
  /** The follow-up meeting was taken out of the calendar. */
  | 'mote_avlyst';

export type { ComplaintButtons, ComplaintView } from './teaching-complaint-view';

export interface RegistrationDraft {
  class: string;
  subject: string;
  teacherId: string;
  /** Tillitselev(er), one per line (or comma-separated). */
  representatives: string;
  description: string;
}

export type RegistrationError = Omit<ComplaintFormError, 'problem'> & { problem: ComplaintFormError['problem'] | 'colleague' };

export interface RegistrationForm {
  kind: 'form';
  school: School;
  classes: string[];
  teachers: { userId: string; name: string }[];
  draft: RegistrationDraft;
  errors: RegistrationError[];
  /** Other schools where this person may register a complaint. */
  others: { schoolId: string; name: string }[];
  /** This person's open complaints at the school, to find them again. */
  open: { ref: string; class: string; subject: string; stage: number }[];
}

/** Staff who may register (faglærer, kontaktlærer, leaders); anyone else gets the routine. */
export type RegistrationStart = RegistrationForm | { kind: 'routine' };

export type Saved = { view: ComplaintView; errors?: undefined } | { view: ComplaintView; errors: ComplaintFormError[] };

const REGISTRARS: Role[] = ['faglaerer', 'kontaktlaerer', 'avdelingsleder', 'rektor'];
export const DESCRIPTION_LIMIT = COMPLAINT_LIMITS.note;
const CONFLICT_RETRIES = 3;
/** Deadline reminders go out from this time of day (Oslo). */
const REMIND_FROM = '07:00';
/** How long a reminder claim is held before another instance may take it over (the sender stopped). */
const REMINDER_LEASE_MS = 2 * 60_000;
/** The follow-up meeting is booked at this time of day (Oslo) on the follow-up date … */
export const FOLLOW_UP_TIME = '14:00';
/** … for this long. */
export const FOLLOW_UP_MINUTES = 45;

/** Names typed one per line (or separated by commas). */
export const pupilList = (text: string): string[] => text.split(/[\n,;]/).map((p) => p.trim()).filter((p) => p !== '');

interface Loaded {
  c: StoredComplaint;
  me: Membership | undefined;
  staff: Membership[];
  school: School | undefined;
  today: string;
  now: string;
  calendar: SchoolCalendar;
  booking: FollowUpBooking | undefined;
}

type Outcome = { errors: ComplaintFormError[] } | { complaint: TeachingComplaint; logs: ComplaintLogEntry[]; booking?: FollowUpBooking };

type Changed = { l: Loaded; errors?: ComplaintFormError[]; saved?: StoredComplaint; booking?: FollowUpBooking };

/** A domain result, with its form errors kept apart. */
const outcome = (r: { complaint: TeachingComplaint; log: ComplaintLogEntry | undefined } | ComplaintFormError[]): Outcome =>
  isComplaintFormErrors(r) ? { errors: r } : { complaint: r.complaint, logs: r.log ? [r.log] : [] };

/** A repeated click: nothing to save. */
const unchanged = (l: Loaded): Outcome => ({ complaint: l.c, logs: [] });

export class TeachingComplaints {
  /** The follow-up meeting in the calendar. */
  /** Resolves when the calendar bookings its cards started have answered (graceful shutdown). */
  idle(): Promise<void> {
    return this.meetings.idle();
  }

  private readonly meetings: ComplaintMeetings<StoredComplaint, FollowUpBooking>;

  constructor(
    private readonly d: {
      directory: Directory & { listSchools(): Promise<School[]> };
      complaints: ComplaintStore;
      refs: RefCounter;
      submissions: Submissions;
      clock: Clock;
      ids: { next(): string };
      notifier: ComplaintNotifier;
      logger: Logger;
      calendar: Calendar;
      /** Every notice goes through it: stored first, retried until delivered. */
      outbox: MessageOutbox;
    },
  ) {
    d.outbox.route('klage', { send: (m) => this.deliver(m), delivered: (m, at) => this.delivered(m, at) });
    this.meetings = new ComplaintMeetings<StoredComplaint, FollowUpBooking>({
      ...d,
      store: d.complaints,
      meeting: 'follow-up meeting',
      // What the calendar is told: the complaint's reference, never a pupil.
      text: (c, lang) => {
        const t = strings(lang).calendar;
        return { subject: fill(t.followUpSubject, { ref: c.ref }), body: fill(t.followUpBody, { ref: c.ref, subject: c.subject, class: c.class }) };
      },
      // The start the calendar has, so a different start later is a move the invitees are told of.
      recorded: (b) => ({ bookedStart: b.cancelled ? b.bookedStart : b.start }),
      logged: (b) => ({ cancelled: !!b.cancelled }),
      // Whoever records the version tells the invitees of a move or a cancellation, once.
      afterBooked: async (c, b, saved) => {
        const tell: ComplaintNotice | undefined = b.cancelled ? (b.eventId ? 'mote_avlyst' : undefined) : b.bookedStart && b.bookedStart !== b.start ? 'mote_flyttet' : undefined;
        if (tell) await this.tellInvitees(c, saved, tell);
      },
    });
  }

  // -------------------------------------------------------------------------------------------
  // Registration

  private async registrarMemberships(actor: Actor): Promise<Membership[]> {
    const ms = (await this.d.directory.membershipsOf(actor.tenantId, actor.userId)).filter(isStaff);
    if (!ms.length) throw new DomainError('NOT_STAFF');
    return ms.filter((m) => REGISTRARS.some((r) => hasRole(m, r)));
  }

  /** The registration form at the chosen school (or the first where this person may register). */
  async start(actor: Actor, schoolId = ''): Promise<RegistrationStart> {
    const eligible = await this.registrarMemberships(actor);
    if (!eligible.length) return { kind: 'routine' };
    const m = eligible.find((x) => x.schoolId === schoolId) ?? eligible[0];
    // Anyone but a leader registers complaints about their own teaching only (seed 001 §1).
    const ownOnly = !hasRole(m, 'avdelingsleder') && !hasRole(m, 'rektor');
    return this.form(actor, m, eligible, { class: '', subject: '', teacherId: ownOnly ? m.userId : '', representatives: '', description: '' }, []);
  }

  private async form(actor: Actor, m: Membership, eligible: Membership[], draft: RegistrationDraft, errors: RegistrationError[]): Promise<RegistrationForm> {
    const [school, classes, staff, open] = await Promise.all([
      this.d.directory.getSchool(m.tenantId, m.schoolId),
      this.d.directory.listClasses(m.tenantId, m.schoolId),
      this.d.directory.staffOf(m.tenantId, m.schoolId),
      this.d.complaints.listOpen(m.tenantId, m.schoolId),
    ]);
    if (!school) throw new DomainError('SCHOOL_UNKNOWN');
    const others = await Promise.all(eligible.filter((x) => x.schoolId !== m.schoolId).map(async (x) => ({ schoolId: x.schoolId, name: (await this.d.directory.getSchool(x.tenantId, x.schoolId))?.name ?? x.schoolId })));
    const teachers = staff
      .filter((s) => isStaff(s) && (hasRole(s, 'faglaerer') || hasRole(s, 'kontaktlaerer') || s.userId === actor.userId))
      .map((s) => ({ userId: s.userId, name: s.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    return {
      kind: 'form',
      school,
      classes: classes.map((k) => k.name),
      teachers,
      draft,
      errors,
      others,
      open: open.filter((c) => allows(subjectOf(actor, [m], c), 'se', { type: 'klage_undervisning', value: c })).map((c) => ({ ref: c.ref, class: c.class, subject: c.subject, stage: c.stage })),
    };
  }

  /** Registers the complaint once per form (a second click shows the same complaint). */
  async submit(actor: Actor, schoolId: string, draft: RegistrationDraft, formId: string): Promise<RegistrationForm | { kind: 'registered'; view: ComplaintView }> {
    const eligible = await this.registrarMemberships(actor);
    const m = eligible.find((x) => x.schoolId === schoolId);
    if (!m) throw new DomainError('NO_ROLE', { action: 'klage', ask: 'leder' });
    const [classes, staff] = await Promise.all([this.d.directory.listClasses(m.tenantId, m.schoolId), this.d.directory.staffOf(m.tenantId, m.schoolId)]);
    const d = { class: draft.class, subject: draft.subject, teacherId: draft.teacherId, representatives: pupilList(draft.representatives) };
    const errors: RegistrationError[] = validateComplaint(d, { classes: classes.map((k) => k.name), staff, schoolId: m.schoolId });
    if (draft.description.trim() === '') errors.push({ field: 'description', problem: 'required' });
    else if (draft.description.length > DESCRIPTION_LIMIT) errors.push({ field: 'description', problem: 'tooLong', limit: DESCRIPTION_LIMIT });
    // Staff do not take complaints about a colleague's teaching (SPEC §3.3); the domain says who may.
    if (!errors.some((e) => e.field === 'teacherId' || e.field === 'class') && !mayRegisterComplaint(m, m.schoolId, d.teacherId, d.class)) errors.push({ field: 'teacherId', problem: 'colleague' });
    if (errors.length) return this.form(actor, m, eligible, draft, errors);

    const claim = await this.d.submissions.claim(`klage|${m.tenantId}|${m.schoolId}|${actor.userId}|${formId}`, { caseId: this.d.ids.next() });
    const existing = await this.d.complaints.get(m.tenantId, m.schoolId, claim.value.caseId);
    if (existing) return { kind: 'registered', view: await this.view(actor, existing) };

    const trinn = classes.find((k) => k.name === d.class)?.trinn;
    // "Leder med elevoppfølgingsansvar": the trinn's avdelingsleder, else rektor.
    const leader = leaveLeaderFor(trinn, staff) ?? staff.find((s) => hasRole(s, 'rektor'));
    const now = this.d.clock.now();
    const { year } = schoolDate(now);
    const n = await this.d.refs.next(m.tenantId, m.schoolId, year, 'complaint');
    const r = registerComplaint(m, d, { complaintId: claim.value.caseId, ref: formatComplaintRef(year, n), now: now.toISOString(), classes: classes.map((k) => k.name), staff, leader });
    if (isComplaintFormErrors(r)) return this.form(actor, m, eligible, draft, r);
    const saved = await this.d.complaints.create({ ...r.complaint, description: draft.description.trim() }, r.log);
    if (saved.created) this.d.logger.info({ complaintId: saved.complaint.complaintId, schoolId: m.schoolId, action: r.log.action }, 'teaching complaint registered');
    return { kind: 'registered', view: await this.view(actor, saved.complaint) };
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  async open(actor: Actor, schoolId: string, complaintId: string): Promise<ComplaintView> {
    const l = await this.loadFor(actor, schoolId, complaintId);
    return this.viewOf(l.c, l.me, l.staff, l.school, l.booking);
  }

  /** "sak KL-2026-0001": looked for at every school the user belongs to. */
  async openByRef(actor: Actor, ref: string): Promise<ComplaintView> {
    const ms = (await this.d.directory.membershipsOf(actor.tenantId, actor.userId)).filter(isStaff);
    for (const m of ms) {
      const c = await this.d.complaints.byRef(m.tenantId, m.schoolId, ref);
      if (c && allows(subjectOf(actor, [m], c), 'se', { type: 'klage_undervisning', value: c })) return this.view(actor, c);
    }
    throw notFoundError();
  }

  /**
   * The only way a complaint is read for a person: the policy decides before anything of it is
   * used, and someone who may not see it gets the same «not found» as for an id never stored.
   * The stage rules (domain/complaint.ts) then decide each step.
   */
  private async loadFor(actor: Actor, schoolId: string, complaintId: string, action: TeachingComplaintAction = 'se'): Promise<Loaded> {
    const c = await this.d.complaints.get(actor.tenantId, schoolId, complaintId);
    if (!c) throw notFoundError();
    const staff = await this.d.directory.staffOf(c.tenantId, c.schoolId);
    const subject = subjectOf(actor, staff, c);
    enforce(subject, action, { type: 'klage_undervisning', value: c });
    const [school, booking] = await Promise.all([this.d.directory.getSchool(c.tenantId, c.schoolId), this.d.complaints.getBooking(c.tenantId, c.schoolId, c.complaintId)]);
    const now = this.d.clock.now();
    const today = schoolDate(now).today;
    return { c, me: subject.membership, staff, school, today, now: now.toISOString(), calendar: calendarFor(school ?? {}, today), booking };
  }

  /** Only for a complaint this person was just allowed (registered it, or found it through the policy). */
  private async view(actor: Actor, c: StoredComplaint): Promise<ComplaintView> {
    const [staff, school, booking] = await Promise.all([
      this.d.directory.staffOf(c.tenantId, c.schoolId),
      this.d.directory.getSchool(c.tenantId, c.schoolId),
      this.d.complaints.getBooking(c.tenantId, c.schoolId, c.complaintId),
    ]);
    return this.viewOf(c, staff.find((m) => m.userId === actor.userId), staff, school, booking);
  }

  private viewOf(c: StoredComplaint, me: Membership | undefined, staff: Membership[], school: School | undefined, booking?: FollowUpBooking): ComplaintView {
    return complaintView(c, me, staff, school, this.d.clock.now(), booking);
  }

  // -------------------------------------------------------------------------------------------
  // Changes

  /**
   * Applies a domain step and saves it with its log entries; when someone else saved the
   * complaint meanwhile, reads it again and applies the step to the newer version.
   */
  private async change(actor: Actor, schoolId: string, complaintId: string, step: (l: Loaded) => Outcome): Promise<Changed> {
    for (let attempt = 1; ; attempt++) {
      const l = await this.loadFor(actor, schoolId, complaintId);
      const o = step(l);
      if ('errors' in o) return { l, errors: o.errors };
      if (o.logs.length === 0) return { l };
      // A follow-up meeting no longer awaited (closed at stage 2, or held before its time) leaves the calendar.
      const booking = o.booking ?? followUpCancellation(o.complaint, l.booking, l.now, actor.userId);
      try {
        const saved = await this.d.complaints.update({ ...o.complaint, description: l.c.description, etag: l.c.etag }, o.logs, booking);
        for (const log of o.logs) this.d.logger.info({ complaintId, schoolId, action: log.action, stage: saved.stage }, 'teaching complaint changed');
        // Stage 4 begins with telling the teacher (from stage 3, or a stage skipped with a reason).
        if (saved.stage >= 4 && l.c.stage < 4) await this.notify(saved, l, [saved.teacherId], 'orientert', actor.userId);
        if (!booking) return { l, saved };
        // Notices sent after this change show the calendar as it is now.
        l.booking = await this.meetings.settle(saved);
        return { l, saved, booking: l.booking };
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'CONFLICT') || attempt >= CONFLICT_RETRIES) throw e;
      }
    }
  }

  private async result(actor: Actor, r: Changed, booking = r.booking ?? r.l.booking): Promise<Saved> {
    const c = r.saved ?? r.l.c;
    const view = this.viewOf(c, r.l.me, r.l.staff, r.l.school, booking);
    return r.errors ? { view, errors: r.errors } : { view };
  }

  /**
   * Tells each person in their personal chat, through the outbox: a notice that cannot be
   * delivered now is retried, never dropped. The teacher's «orientert» goes once; others once per change.
   */
  private async notify(c: StoredComplaint, l: Loaded, recipients: string[], notice: ComplaintNotice, except: string): Promise<void> {
    const ids = [...new Set(recipients)].filter((x) => x !== except && l.staff.some((m) => m.userId === x));
    const key = notice === 'orientert' ? '' : this.d.clock.now().toISOString();
    await this.d.outbox.send(ids.map((recipientId) => ({ tenantId: c.tenantId, schoolId: c.schoolId, topic: 'klage' as const, subjectId: c.complaintId, notice, key, recipientId })));
  }

  /** Builds and sends a notice from the outbox, from the complaint as it is stored now. */
  private async deliver(m: OutboxMessage): Promise<'sent' | 'gone'> {
    const c = await this.d.complaints.get(m.tenantId, m.schoolId, m.subjectId);
    if (!c) return 'gone';
    const [staff, school, booking] = await Promise.all([this.d.directory.staffOf(c.tenantId, c.schoolId), this.d.directory.getSchool(c.tenantId, c.schoolId), this.d.complaints.getBooking(c.tenantId, c.schoolId, c.complaintId)]);
    const to = staff.find((s) => s.userId === m.recipientId);
    if (!to) return 'gone';
    await this.d.notifier.complaintNotice(this.viewOf(c, to, staff, school, booking), to.userId, m.notice as ComplaintNotice);
    return 'sent';
  }

  /** «Orienterer lærer»: recorded when the teacher's notice was delivered. */
  private async delivered(m: OutboxMessage, at: string): Promise<void> {
    if (m.notice !== 'orientert') return;
    for (let attempt = 1; ; attempt++) {
      const c = await this.d.complaints.get(m.tenantId, m.schoolId, m.subjectId);
      const r = c && teacherInformed(c, at);
      if (!c || !r) return;
      try {
        await this.d.complaints.update({ ...r.complaint, description: c.description, etag: c.etag }, [r.log]);
        return;
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'CONFLICT') || attempt >= CONFLICT_RETRIES) throw e;
      }
    }
  }

  /** Checks that the viewer may record minutes of this kind now (the domain's refusal, if not). */
  async minutesForm(actor: Actor, schoolId: string, complaintId: string, kind: MinutesKind): Promise<{ view: ComplaintView; draft: MinutesDraft }> {
    const l = await this.loadFor(actor, schoolId, complaintId);
    const r = recordMinutes(l.c, l.me, emptyMinutes(kind), { minutesId: 'probe', staff: l.staff, today: l.today, now: l.now, calendar: l.calendar });
    if (!isComplaintFormErrors(r)) throw new Error('empty minutes were accepted');
    const last = latestMinutes(l.c, kind);
    // Changing the minutes starts from the last version; new minutes from who the complaint concerns.
    const draft: MinutesDraft = last
      ? { kind, date: last.date, staffIds: last.participants.staffIds, pupils: last.participants.pupils, notes: last.notes, agreed: last.agreed, proposals: last.proposals, periodEnd: last.periodEnd }
      : { ...emptyMinutes(kind), date: l.today, staffIds: defaultStaff(l.c, kind, l.me?.userId ?? ''), pupils: kind === 'samtale_faglaerer_leder' ? [] : l.c.representatives };
    return { view: this.viewOf(l.c, l.me, l.staff, l.school), draft };
  }

  /** Saves the minutes once per form: a second click does not make a second version. */
  async saveMinutes(actor: Actor, schoolId: string, complaintId: string, draft: MinutesDraft, formId: string): Promise<Saved> {
    // The policy first: someone who may not see the complaint leaves no trace (not even a form claim).
    await this.loadFor(actor, schoolId, complaintId);
    const claim = await this.d.submissions.claim(`klage-referat|${actor.tenantId}|${schoolId}|${complaintId}|${actor.userId}|${formId}`, { caseId: this.d.ids.next() });
    const minutesId = claim.value.caseId;
    const r = await this.change(actor, schoolId, complaintId, (l) => {
      if (l.c.minutes.some((m) => m.minutesId === minutesId)) return unchanged(l);
      const o = outcome(recordMinutes(l.c, l.me, draft, { minutesId, staff: l.staff, today: l.today, now: l.now, calendar: l.calendar }));
      // "Nytt møte settes opp etter tre uker": the follow-up meeting's booking job, saved with the minutes.
      return 'errors' in o ? o : { ...o, booking: followUpBooking(o.complaint, l.booking, minutesId) };
    });
    const c = r.saved ?? r.l.c;
    // A retried click finds the minutes saved; the calendar may still be waiting for their job.
    const booking = r.saved ? (r.booking ?? r.l.booking) : r.l.booking && r.l.booking.bookedVersion < r.l.booking.version ? await this.meetings.settle(c) : r.l.booking;
    r.l.booking = booking;
    if (r.saved) {
      const m = r.saved.minutes.find((x) => x.minutesId === minutesId);
      // "Referatet skrives under av møtedeltakere": each staff participant gets the minutes to approve.
      if (m?.requiresSignatures) await this.notify(r.saved, r.l, m.participants.staffIds, 'godkjenn', actor.userId);
    }
    return this.result(actor, r, booking);
  }

  /** The organiser and attendees (but not the one who moved or cancelled it) see the new time, or that it is off. */
  private async tellInvitees(c: StoredComplaint, b: FollowUpBooking, notice: ComplaintNotice): Promise<void> {
    const staff = await this.d.directory.staffOf(c.tenantId, c.schoolId);
    const ids = [...new Set([b.organizerId, ...b.attendeeIds])].filter((x) => x && x !== b.by && staff.some((m) => m.userId === x));
    // One message per version of the booking: a second move is told again.
    await this.d.outbox.send(ids.map((recipientId) => ({ tenantId: c.tenantId, schoolId: c.schoolId, topic: 'klage' as const, subjectId: c.complaintId, notice, key: `v${b.version}`, recipientId })));
  }

  /** "Godkjenn referat": only a participant, and a second press changes nothing. */
  async approve(actor: Actor, schoolId: string, complaintId: string, minutesId: string): Promise<{ view: ComplaintView; already: boolean }> {
    const r = await this.change(actor, schoolId, complaintId, (l) => outcome(approveMinutes(l.c, l.me, minutesId, l.now)));
    return { view: (await this.result(actor, r)).view, already: !r.saved };
  }

  /** A staff participant confirms that pupils have signed the paper minutes. */
  async confirmPupils(actor: Actor, schoolId: string, complaintId: string, minutesId: string, pupils: string[]): Promise<Saved> {
    if (!pupils.length) {
      const l = await this.loadFor(actor, schoolId, complaintId);
      return { view: this.viewOf(l.c, l.me, l.staff, l.school), errors: [{ field: 'pupils', problem: 'required' }] };
    }
    const r = await this.change(actor, schoolId, complaintId, (l) => {
      let c: TeachingComplaint = l.c;
      const logs: ComplaintLogEntry[] = [];
      for (const p of pupils) {
        const x = confirmPupilSignature(c, l.me, minutesId, p, l.now);
        c = x.complaint;
        if (x.log) logs.push(x.log);
      }
      return { complaint: c, logs };
    });
    return this.result(actor, r);
  }

  async followUpForm(actor: Actor, schoolId: string, complaintId: string): Promise<ComplaintView> {
    const l = await this.loadFor(actor, schoolId, complaintId);
    recordFollowUp(l.c, l.me, { heldOn: '', outcome: '', note: '' }, { today: l.today, now: l.now });
    return this.viewOf(l.c, l.me, l.staff, l.school);
  }

  /** The follow-up meeting; when things have not improved, the leader is told the written complaint comes to them. */
  async saveFollowUp(actor: Actor, schoolId: string, complaintId: string, draft: FollowUpDraft): Promise<Saved> {
    const same = (l: Loaded) => l.c.followUp?.heldOn === draft.heldOn && l.c.followUp.outcome === draft.outcome && l.c.followUp.note === draft.note.trim();
    const r = await this.change(actor, schoolId, complaintId, (l) => (same(l) ? unchanged(l) : outcome(recordFollowUp(l.c, l.me, draft, { today: l.today, now: l.now }))));
    if (r.saved?.followUp?.outcome === 'ikke_bedret') await this.notify(r.saved, r.l, [r.saved.leaderId], 'til_leder', actor.userId);
    return this.result(actor, r);
  }

  /**
   * Stage 1 → 2, or stage 3 → 4 (the leader tells the teacher, who is told in their chat too).
   * `from` is the stage the card showed: a second click finds the complaint moved on and changes nothing.
   */
  async next(actor: Actor, schoolId: string, complaintId: string, from: number): Promise<ComplaintView> {
    const r = await this.change(actor, schoolId, complaintId, (l) => {
      if (l.c.stage !== from) return unchanged(l);
      const x = l.c.stage === 3 ? informTeacher(l.c, l.me, l.now) : completeStage(l.c, l.me, l.now);
      return { complaint: x.complaint, logs: [x.log] };
    });
    return (await this.result(actor, r)).view;
  }

  /** Opens the leader's form for the written complaint, or says why it cannot go to the leader yet. */
  async escalateForm(actor: Actor, schoolId: string, complaintId: string): Promise<ComplaintView> {
    const l = await this.loadFor(actor, schoolId, complaintId);
    escalateToLeader(l.c, l.me, { text: '', reason: '', skipReason: l.c.stage === 1 ? '-' : '' }, l.now);
    return this.viewOf(l.c, l.me, l.staff, l.school);
  }

  async escalate(actor: Actor, schoolId: string, complaintId: string, d: { text: string; reason: string; skipReason: string }, from: number): Promise<Saved> {
    const r = await this.change(actor, schoolId, complaintId, (l) => (l.c.stage !== from && l.c.writtenComplaint ? unchanged(l) : outcome(escalateToLeader(l.c, l.me, d, l.now))));
    return this.result(actor, r);
  }

  async rektorForm(actor: Actor, schoolId: string, complaintId: string): Promise<ComplaintView> {
    const l = await this.loadFor(actor, schoolId, complaintId);
    handToRektor(l.c, l.me, { note: '' }, l.now);
    return this.viewOf(l.c, l.me, l.staff, l.school);
  }

  async toRektor(actor: Actor, schoolId: string, complaintId: string, note: string, from: number): Promise<Saved> {
    const r = await this.change(actor, schoolId, complaintId, (l) => (l.c.stage !== from && l.c.toRektor ? unchanged(l) : outcome(handToRektor(l.c, l.me, { note }, l.now))));
    if (r.saved) await this.notify(r.saved, r.l, r.l.staff.filter((m) => hasRole(m, 'rektor')).map((m) => m.userId), 'til_rektor', actor.userId);
    return this.result(actor, r);
  }

  async resolveForm(actor: Actor, schoolId: string, complaintId: string): Promise<ComplaintView> {
    const l = await this.loadFor(actor, schoolId, complaintId);
    resolve(l.c, l.me, '', l.now);
    return this.viewOf(l.c, l.me, l.staff, l.school);
  }

  /** Closes the complaint with a note; the teacher, the one who registered it and the leader are told. */
  async resolve(actor: Actor, schoolId: string, complaintId: string, note: string): Promise<Saved> {
    const again = (l: Loaded) => l.c.status === 'avsluttet' && l.c.resolution?.by === actor.userId && l.c.resolution.note === note.trim();
    const r = await this.change(actor, schoolId, complaintId, (l) => (again(l) ? unchanged(l) : outcome(resolve(l.c, l.me, note, l.now))));
    if (r.saved) await this.notify(r.saved, r.l, [r.saved.teacherId, r.saved.registeredBy, r.saved.leaderId], 'avsluttet', actor.userId);
    return this.result(actor, r);
  }

  // -------------------------------------------------------------------------------------------
  // Moving the follow-up meeting

  /** «Flytt oppfølgingsmøtet»: the form, or the routine's refusal (already held, another stage). */
  async moveForm(actor: Actor, schoolId: string, complaintId: string): Promise<ComplaintView> {
    const l = await this.loadFor(actor, schoolId, complaintId);
    moveFollowUp(l.c, l.me, '', { today: l.today, now: l.now, calendar: l.calendar });
    return this.viewOf(l.c, l.me, l.staff, l.school, l.booking);
  }

  /** Moves the follow-up to another school day: the calendar event is moved (not a second one) and the invitees are told. */
  async moveFollowUp(actor: Actor, schoolId: string, complaintId: string, date: string): Promise<Saved & { moved: boolean }> {
    const r = await this.change(actor, schoolId, complaintId, (l) => {
      const x = moveFollowUp(l.c, l.me, date, { today: l.today, now: l.now, calendar: l.calendar });
      if (isComplaintFormErrors(x)) return { errors: x };
      if (!x.log) return unchanged(l);
      const b = followUpBooking(x.complaint, l.booking, latestMinutes(x.complaint, 'mote_tillitselev')!.minutesId);
      return { complaint: x.complaint, logs: [x.log], ...(b ? { booking: { ...b, by: actor.userId } } : {}) };
    });
    return { ...(await this.result(actor, r)), moved: !!r.saved };
  }

  // -------------------------------------------------------------------------------------------
  // Deadlines: each stage's, and the follow-up meeting "etter tre uker"

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
    await this.meetings.bookPending().catch((e) => this.d.logger.warn({ err: safeError(e) }, 'follow-up booking sweep failed'));
    let sent = 0;
    const now = this.d.clock.now();
    const today = schoolDate(now).today;
    // In working hours: nobody is reminded in the middle of the night.
    if (now < instantAt(today, REMIND_FROM)) return { sent };
    for (const school of await this.d.directory.listSchools()) {
      const open = await this.d.complaints.listOpen(school.tenantId, school.schoolId);
      if (!open.length) continue;
      const calendar = calendarFor(school, today);
      const staff = await this.d.directory.staffOf(school.tenantId, school.schoolId);
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
          const once = await sendOnce(this.d.complaints.reminders, { tenantId: c.tenantId, schoolId: c.schoolId, subjectId: c.complaintId, key, recipientId: id }, { now, leaseMs: REMINDER_LEASE_MS, logger: this.d.logger, label: 'complaint reminder', what: { complaintId: c.complaintId, duty: deadline.duty } }, async () => {
            const booking = await this.d.complaints.getBooking(c.tenantId, c.schoolId, c.complaintId);
            await this.d.notifier.complaintNotice(this.viewOf(c, person, staff, school, booking), id, notice);
          });
          if (once === 'sent') sent++;
        }
      }
    }
    return { sent };
  }
}

/** Who usually takes part: the routine names them (the faglærer; the leader at stage 4). */
function defaultStaff(c: TeachingComplaint, kind: MinutesKind, me: string): string[] {
  const ids =
    kind === 'samtale_tillitselev' ? [c.leaderId] : kind === 'samtale_faglaerer_leder' || kind === 'felles_mote' ? [c.leaderId, c.teacherId] : [c.teacherId, ...(me && me !== c.teacherId ? [me] : [])];
  return [...new Set(ids)];
}

/**
 * The follow-up meeting's job for the complaint as saved: 14:00 on the follow-up date, organised
 * by the responsible leader with the faglærer and the meeting's staff participants (pupils have
 * no calendar identity: the faglærer brings the tillitselev). The same meeting id throughout; a
 * new version when the date or the people change.
 */
function followUpBooking(c: TeachingComplaint, prev: FollowUpBooking | undefined, minutesId: string): FollowUpBooking | undefined {
  const m = latestMinutes(c, 'mote_tillitselev');
  if (!m || m.minutesId !== minutesId || !m.followUpOn) return undefined;
  const day = followUpOn(c);
  const start = instantAt(day, FOLLOW_UP_TIME);
  const organizerId = c.leaderId || c.teacherId;
  const attendeeIds = [...new Set([c.teacherId, c.leaderId, ...m.participants.staffIds])].filter((id) => id && id !== organizerId);
  const next = { date: day, start: start.toISOString(), end: new Date(start.getTime() + FOLLOW_UP_MINUTES * 60_000).toISOString(), organizerId, attendeeIds };
  if (prev && !prev.cancelled && prev.start === next.start && prev.end === next.end && prev.organizerId === organizerId && prev.attendeeIds.join() === attendeeIds.join()) return { ...prev, minutesId };
  // A meeting taken out of the calendar is not brought back: a new one, with a new id, is booked.
  const version = (prev?.version ?? 0) + 1;
  const reuse = prev && !prev.cancelled ? prev : undefined;
  return {
    complaintId: c.complaintId,
    meetingId: reuse?.meetingId ?? (prev ? `klage-${c.complaintId}-oppfolging-v${version}` : `klage-${c.complaintId}-oppfolging`),
    minutesId,
    ...next,
    version,
    bookedVersion: prev?.bookedVersion ?? 0,
    eventId: reuse?.eventId ?? '',
    joinUrl: reuse?.joinUrl ?? '',
    webLink: reuse?.webLink ?? '',
    attempts: 0,
    lastError: '',
    ...(reuse?.bookedStart ? { bookedStart: reuse.bookedStart } : {}),
    ...(prev?.etag ? { etag: prev.etag } : {}),
  };
}

/**
 * The follow-up meeting is no longer awaited (the complaint closed or moved on, or the follow-up
 * recorded before the booked time): a last version that takes it out of the calendar. A meeting
 * that has already begun stays there, as the record that it was held.
 */
function followUpCancellation(c: TeachingComplaint, prev: FollowUpBooking | undefined, now: string, by: string): FollowUpBooking | undefined {
  if (!prev || prev.cancelled || followUpAwaited(c)) return undefined;
  if (Date.parse(prev.start) <= Date.parse(now)) return undefined;
  return { ...prev, cancelled: true, version: prev.version + 1, attempts: 0, lastError: '', by };
}
