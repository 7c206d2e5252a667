/**
 * "klage" → "Undervisningen i et fag" (seed 000, SPEC §3.2): the school's routine for a complaint
 * about teaching, tracked stage by stage. The domain (domain/complaint.ts) decides who may do
 * what and what each stage needs; this use case reads the complaint through the policy, saves
 * each stage's step with its log (app/complaint-kit.ts) and tells the people who must act.
 * Registering is in teaching-complaint-registration.ts; the follow-up meeting three weeks after
 * the tillitselev meeting, and the deadline reminders, in teaching-complaint-follow-up.ts.
 */
import {
  approveMinutes,
  completeStage,
  confirmPupilSignature,
  escalateToLeader,
  handToRektor,
  informTeacher,
  teacherInformed,
  isComplaintFormErrors,
  latestMinutes,
  moveFollowUp,
  recordFollowUp,
  recordMinutes,
  resolve,
  type ComplaintFormError,
  type ComplaintLogEntry,
  type FollowUpDraft,
  type MinutesDraft,
  type MinutesKind,
  type TeachingComplaint,
} from '../domain/complaint';
import { hasRole, type Membership } from '../domain/people';
import type { School } from '../domain/school';
import type { SchoolCalendar } from '../domain/school-calendar';
import type { ComplaintNotifier, ComplaintStore, FollowUpBooking, StoredComplaint } from '../ports';
import type { Actor } from './actor';
import { applyStep, ComplaintKit, outcomeOf, unchanged, type ComplaintRoutineDeps, type Opened, type StepOutcome, type Stepped } from './complaint-kit';
import type { OutboxMessage } from './message-outbox';
import type { TeachingComplaintAction } from '../domain/policy/teaching-complaint';
import { calendarFor } from './school-time';
import { followUpBooking, followUpCancellation, FollowUpMeeting } from './teaching-complaint-follow-up';
import { TeachingComplaintRegistration, type RegistrationDraft, type RegistrationForm, type RegistrationStart } from './teaching-complaint-registration';
import { complaintView, emptyMinutes, type ComplaintNotice, type ComplaintView } from './teaching-complaint-view';

export type { ComplaintButtons, ComplaintNotice, ComplaintView } from './teaching-complaint-view';
export type { RegistrationDraft, RegistrationError, RegistrationForm, RegistrationStart } from './teaching-complaint-registration';
export { DESCRIPTION_LIMIT, pupilList } from './teaching-complaint-registration';
export { FOLLOW_UP_MINUTES, FOLLOW_UP_TIME } from './teaching-complaint-follow-up';

export type Saved = { view: ComplaintView; errors?: undefined } | { view: ComplaintView; errors: ComplaintFormError[] };

type Loaded = Opened<StoredComplaint, FollowUpBooking> & { calendar: SchoolCalendar };

type Outcome = StepOutcome<TeachingComplaint, ComplaintLogEntry, ComplaintFormError, FollowUpBooking>;

type Changed = Stepped<Loaded, StoredComplaint, ComplaintFormError>;

/** A domain result, with its form errors kept apart. */
const outcome = (r: { complaint: TeachingComplaint; log: ComplaintLogEntry | undefined } | ComplaintFormError[]): Outcome => outcomeOf(r);

export class TeachingComplaints {
  private readonly kit: ComplaintKit<'klage_undervisning', StoredComplaint, ComplaintLogEntry, FollowUpBooking>;
  private readonly registration: TeachingComplaintRegistration;
  private readonly followUp: FollowUpMeeting;

  constructor(
    private readonly d: ComplaintRoutineDeps & { complaints: ComplaintStore; notifier: ComplaintNotifier },
  ) {
    this.kit = new ComplaintKit({ ...d, type: 'klage_undervisning', label: 'teaching complaint', store: d.complaints });
    this.registration = new TeachingComplaintRegistration(d, this.kit, (actor, c) => this.view(actor, c));
    this.followUp = new FollowUpMeeting(d, this.kit);
    d.outbox.route('klage', { send: (m) => this.deliver(m), delivered: (m, at) => this.delivered(m, at) });
  }

  /** Resolves when the calendar bookings its cards started have answered (graceful shutdown). */
  idle(): Promise<void> {
    return this.followUp.idle();
  }

  // -------------------------------------------------------------------------------------------
  // Registration (teaching-complaint-registration.ts)

  /** The registration form at the chosen school (or the first where this person may register). */
  start(actor: Actor, schoolId = ''): Promise<RegistrationStart> {
    return this.registration.start(actor, schoolId);
  }

  /** Registers the complaint once per form (a second click shows the same complaint). */
  submit(actor: Actor, schoolId: string, draft: RegistrationDraft, formId: string): Promise<RegistrationForm | { kind: 'registered'; view: ComplaintView }> {
    return this.registration.submit(actor, schoolId, draft, formId);
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  async open(actor: Actor, schoolId: string, complaintId: string): Promise<ComplaintView> {
    const l = await this.loadFor(actor, schoolId, complaintId);
    return this.viewOf(l.c, l.me, l.staff, l.school, l.booking);
  }

  /** "sak KL-2026-0001": looked for at every school the user belongs to. */
  async openByRef(actor: Actor, ref: string): Promise<ComplaintView> {
    return this.view(actor, await this.kit.byRef(actor, ref));
  }

  /** Through the kit's door (the policy first); the stage rules (domain/complaint.ts) then decide each step. */
  private async loadFor(actor: Actor, schoolId: string, complaintId: string, action: TeachingComplaintAction = 'se'): Promise<Loaded> {
    const l = await this.kit.open(actor, schoolId, complaintId, action);
    return { ...l, calendar: calendarFor(l.school ?? {}, l.today) };
  }

  /** Only for a complaint this person was just allowed (registered it, or found it through the policy). */
  private async view(actor: Actor, c: StoredComplaint): Promise<ComplaintView> {
    const { staff, school, booking } = await this.kit.around(c);
    return this.viewOf(c, staff.find((m) => m.userId === actor.userId), staff, school, booking);
  }

  private viewOf(c: StoredComplaint, me: Membership | undefined, staff: Membership[], school: School | undefined, booking?: FollowUpBooking): ComplaintView {
    return complaintView(c, me, staff, school, this.d.clock.now(), booking);
  }

  // -------------------------------------------------------------------------------------------
  // Changes

  /**
   * Applies a domain step and saves it with its log entries (again on the newer version after a
   * conflict). The description stays as registered; a follow-up meeting no longer awaited leaves
   * the calendar; stage 4 begins with telling the teacher.
   */
  private async change(actor: Actor, schoolId: string, complaintId: string, step: (l: Loaded) => Outcome): Promise<Changed> {
    return applyStep(
      () => this.loadFor(actor, schoolId, complaintId),
      step,
      async (l, o) => {
        // A follow-up meeting no longer awaited (closed at stage 2, or held before its time) leaves the calendar.
        const booking = o.booking ?? followUpCancellation(o.complaint, l.booking, l.now, actor.userId);
        const saved = await this.kit.save(l.c, { ...o.complaint, description: l.c.description }, o.logs, booking, (x) => ({ stage: x.stage }));
        // Stage 4 begins with telling the teacher (from stage 3, or a stage skipped with a reason).
        if (saved.stage >= 4 && l.c.stage < 4) await this.notify(saved, l, [saved.teacherId], 'orientert', actor.userId);
        // Notices sent after this change show the calendar as it is now.
        if (booking) l.booking = await this.followUp.settle(saved);
        return saved;
      },
    );
  }

  private result(r: Changed): Saved {
    const view = this.viewOf(r.saved ?? r.l.c, r.l.me, r.l.staff, r.l.school, r.l.booking);
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
    const n = await this.kit.forNotice(m);
    if (!n) return 'gone';
    await this.d.notifier.complaintNotice(this.viewOf(n.c, n.to, n.staff, n.school, n.booking), n.to.userId, m.notice as ComplaintNotice);
    return 'sent';
  }

  /** «Orienterer lærer»: recorded when the teacher's notice was delivered. */
  private async delivered(m: OutboxMessage, at: string): Promise<void> {
    if (m.notice !== 'orientert') return;
    await this.kit.recordDelivery(
      m,
      (c) => teacherInformed(c, at),
      (c, complaint, log) => this.d.complaints.update({ ...complaint, description: c.description, etag: c.etag }, [log]),
    );
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
    // A retried click finds the minutes saved; the calendar may still be waiting for their job.
    const job = r.l.booking;
    if (!r.saved && job && job.bookedVersion < job.version) r.l.booking = await this.followUp.settle(r.l.c);
    if (r.saved) {
      const m = r.saved.minutes.find((x) => x.minutesId === minutesId);
      // "Referatet skrives under av møtedeltakere": each staff participant gets the minutes to approve.
      if (m?.requiresSignatures) await this.notify(r.saved, r.l, m.participants.staffIds, 'godkjenn', actor.userId);
    }
    return this.result(r);
  }

  /** "Godkjenn referat": only a participant, and a second press changes nothing. */
  async approve(actor: Actor, schoolId: string, complaintId: string, minutesId: string): Promise<{ view: ComplaintView; already: boolean }> {
    const r = await this.change(actor, schoolId, complaintId, (l) => outcome(approveMinutes(l.c, l.me, minutesId, l.now)));
    return { view: this.result(r).view, already: !r.saved };
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
    return this.result(r);
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
    return this.result(r);
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
    return this.result(r).view;
  }

  /** Opens the leader's form for the written complaint, or says why it cannot go to the leader yet. */
  async escalateForm(actor: Actor, schoolId: string, complaintId: string): Promise<ComplaintView> {
    const l = await this.loadFor(actor, schoolId, complaintId);
    escalateToLeader(l.c, l.me, { text: '', reason: '', skipReason: l.c.stage === 1 ? '-' : '' }, l.now);
    return this.viewOf(l.c, l.me, l.staff, l.school);
  }

  async escalate(actor: Actor, schoolId: string, complaintId: string, d: { text: string; reason: string; skipReason: string }, from: number): Promise<Saved> {
    const r = await this.change(actor, schoolId, complaintId, (l) => (l.c.stage !== from && l.c.writtenComplaint ? unchanged(l) : outcome(escalateToLeader(l.c, l.me, d, l.now))));
    return this.result(r);
  }

  async rektorForm(actor: Actor, schoolId: string, complaintId: string): Promise<ComplaintView> {
    const l = await this.loadFor(actor, schoolId, complaintId);
    handToRektor(l.c, l.me, { note: '' }, l.now);
    return this.viewOf(l.c, l.me, l.staff, l.school);
  }

  async toRektor(actor: Actor, schoolId: string, complaintId: string, note: string, from: number): Promise<Saved> {
    const r = await this.change(actor, schoolId, complaintId, (l) => (l.c.stage !== from && l.c.toRektor ? unchanged(l) : outcome(handToRektor(l.c, l.me, { note }, l.now))));
    if (r.saved) await this.notify(r.saved, r.l, r.l.staff.filter((m) => hasRole(m, 'rektor')).map((m) => m.userId), 'til_rektor', actor.userId);
    return this.result(r);
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
    return this.result(r);
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
    return { ...this.result(r), moved: !!r.saved };
  }

  // -------------------------------------------------------------------------------------------
  // Deadlines: each stage's, and the follow-up meeting "etter tre uker" (teaching-complaint-follow-up.ts)

  /** Books what the calendar did not take, then reminds who must act of each open complaint's deadline, once. */
  sweep(): Promise<{ sent: number }> {
    return this.followUp.sweep();
  }
}

/** Who usually takes part: the routine names them (the faglærer; the leader at stage 4). */
function defaultStaff(c: TeachingComplaint, kind: MinutesKind, me: string): string[] {
  const ids =
    kind === 'samtale_tillitselev' ? [c.leaderId] : kind === 'samtale_faglaerer_leder' || kind === 'felles_mote' ? [c.leaderId, c.teacherId] : [c.teacherId, ...(me && me !== c.teacherId ? [me] : [])];
  return [...new Set(ids)];
}
