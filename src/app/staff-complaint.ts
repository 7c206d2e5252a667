/**
 * "klage" → "En ansatt" (seed 001, SPEC §3.3): a complaint from pupils or parents about a member
 * of staff, registered by the receiving avdelingsleder or rektor and followed step by step. The
 * domain (domain/staff-complaint.ts) decides who may do what; this use case reads the complaint
 * through the policy, saves each step with its log (app/complaint-kit.ts), and tells the employee
 * in their chat once they are informed (their own view only) and when a document waits for their
 * signature. Registering is in staff-complaint-registration.ts; the evaluation meeting and the
 * reminders in staff-complaint-evaluation.ts; the §12-5 report from the complaint in
 * staff-complaint-case-link.ts. Logs hold ids and codes, never names or free text.
 */
import type { Membership } from '../domain/people';
import type { School } from '../domain/school';
import {
  awaitingEmployeeSignature,
  closeStaffComplaint,
  receiveWrittenComplaint,
  informEmployee,
  employeeInformed,
  isStaffComplaintError,
  notifyComplainantGroundless,
  recordEmployeeTalk,
  recordEvaluation,
  recordJointMeeting,
  recordMeasures,
  recordMeetingRecord,
  recordMentoringAgreement,
  recordRejection,
  REJECTED_WHAT,
  signOff,
  StaffComplaintError,
  type EmployeeTalkDraft,
  type DocumentKind,
  type JointMeetingDraft,
  type MeasuresDraft,
  type Party,
  type StaffComplaint,
  type StaffComplaintFormError,
  type StaffComplaintLogEntry,
} from '../domain/staff-complaint';
import type { CaseStore, EvaluationBooking, StaffComplaintNotifier, StaffComplaintStore } from '../ports';
import type { Actor } from './actor';
import { applyStep, ComplaintKit, outcomeOf, staffChoices, unchanged, type ComplaintRoutineDeps, type Opened, type StepOutcome, type Stepped } from './complaint-kit';
import type { OutboxMessage } from './message-outbox';
import { CaseLink } from './staff-complaint-case-link';
import { evaluationBooking, EvaluationMeeting } from './staff-complaint-evaluation';
import { StaffComplaintRegistration, type StaffRegistrationDraft, type StaffRegistrationForm } from './staff-complaint-registration';
import {
  STEP_PROBES,
  staffComplaintViewOf,
  toRecordDraft,
  type EvaluationDraft,
  type MeetingRecordForm,
  type StaffComplaintNotice,
  type StaffComplaintView,
  type StaffStepName,
} from './staff-complaint-view';

export type { EvaluationDraft, MeetingRecordForm, StaffComplaintButtons, StaffComplaintNotice, StaffComplaintView, StaffStepName } from './staff-complaint-view';
export { emptyEvaluation, emptyMeasures, emptyMeeting, emptyRecord, emptyTalk, toRecordDraft } from './staff-complaint-view';
export type { StaffRegistrationDraft, StaffRegistrationForm } from './staff-complaint-registration';
export { EVALUATION_MINUTES, EVALUATION_TIME } from './staff-complaint-evaluation';

export type StaffSaved = { view: StaffComplaintView; errors?: StaffComplaintFormError[] };

type Loaded = Opened<StaffComplaint, EvaluationBooking> & { skolemiljoRef: string };

type Outcome = StepOutcome<StaffComplaint, StaffComplaintLogEntry, StaffComplaintFormError, EvaluationBooking>;

const outcome = (r: { complaint: StaffComplaint; log: StaffComplaintLogEntry | undefined } | StaffComplaintFormError[]): Outcome => outcomeOf(r);

export class StaffComplaints {
  private readonly kit: ComplaintKit<'klage_ansatt', StaffComplaint, StaffComplaintLogEntry, EvaluationBooking>;
  private readonly registration: StaffComplaintRegistration;
  private readonly evaluationMeeting: EvaluationMeeting;
  private readonly caseLink: CaseLink;

  constructor(
    private readonly d: ComplaintRoutineDeps & {
      complaints: StaffComplaintStore;
      notifier: StaffComplaintNotifier;
      /** The linked skolemiljø case, to ask the case rule (domain/policy/case.ts) who may see its reference. */
      cases: Pick<CaseStore, 'get'>;
    },
  ) {
    this.kit = new ComplaintKit({ ...d, type: 'klage_ansatt', label: 'staff complaint', store: d.complaints });
    this.registration = new StaffComplaintRegistration(d, this.kit, (actor, c) => this.view(actor, c));
    this.evaluationMeeting = new EvaluationMeeting(d, this.kit);
    this.caseLink = new CaseLink(d, { load: (...a) => this.load(...a), change: (...a) => this.change(...a) });
    d.outbox.route('personalklage', { send: (m) => this.deliver(m), delivered: (m, at) => this.delivered(m, at) });
  }

  /** Resolves when the calendar bookings its cards started have answered (graceful shutdown). */
  idle(): Promise<void> {
    return this.evaluationMeeting.idle();
  }

  /** The registration form for an avdelingsleder or rektor; others get the redirect (undefined). */
  start(actor: Actor): Promise<StaffRegistrationForm | undefined> {
    return this.registration.start(actor);
  }

  /** Registers once per form: a second click shows the same complaint. */
  submit(actor: Actor, schoolId: string, draft: StaffRegistrationDraft, formId: string): Promise<StaffRegistrationForm | { kind: 'registered'; view: StaffComplaintView }> {
    return this.registration.submit(actor, schoolId, draft, formId);
  }

  async open(actor: Actor, schoolId: string, complaintId: string): Promise<StaffComplaintView> {
    const l = await this.load(actor, schoolId, complaintId);
    return this.viewOf(l.c, l.me, l.staff, l.school, l);
  }

  /** "sak PK-2026-0001": looked for at every school the user belongs to. */
  async openByRef(actor: Actor, ref: string): Promise<StaffComplaintView> {
    return this.view(actor, await this.kit.byRef(actor, ref));
  }

  /** Through the kit's door (the policy first); the step rules (domain/staff-complaint.ts) then decide each step and what the employee sees. */
  private async load(actor: Actor, schoolId: string, complaintId: string): Promise<Loaded> {
    const l = await this.kit.open(actor, schoolId, complaintId, 'se', (c, me) => this.caseLink.visibleRef(c, me));
    return { ...l, skolemiljoRef: l.extra };
  }

  private async view(actor: Actor, c: StaffComplaint): Promise<StaffComplaintView> {
    const { staff, school, booking } = await this.kit.around(c);
    const me = staff.find((m) => m.userId === actor.userId);
    return this.viewOf(c, me, staff, school, { skolemiljoRef: await this.caseLink.visibleRef(c, me), booking });
  }

  private viewOf(c: StaffComplaint, me: Membership | undefined, staff: Membership[], school: School | undefined, extra: { skolemiljoRef?: string; booking?: EvaluationBooking; notice?: StaffComplaintNotice } = {}): StaffComplaintView {
    return staffComplaintViewOf(c, me, staff, school, this.d.clock.now(), extra);
  }

  /** Applies a domain step and saves it with its log entries; on a conflict, applies it again to the newer version. */
  private async change(actor: Actor, schoolId: string, complaintId: string, step: (l: Loaded) => Outcome): Promise<Stepped<Loaded, StaffComplaint, StaffComplaintFormError>> {
    return applyStep(
      () => this.load(actor, schoolId, complaintId),
      step,
      (l, o) => this.kit.save(l.c, o.complaint, o.logs, o.booking),
    );
  }

  private result(r: Stepped<Loaded, StaffComplaint, StaffComplaintFormError>): StaffSaved {
    const view = this.viewOf(r.saved ?? r.l.c, r.l.me, r.l.staff, r.l.school, r.l);
    return r.errors ? { view, errors: r.errors } : { view };
  }

  /**
   * "undertegnes av partene": when a saved step leaves a new document waiting for the employee's
   * signature, the employee gets their own view in their chat, with the button to sign. Only the
   * request that made the document sends it, so it goes once.
   */
  private async askEmployeeToSign(r: { l: Loaded; saved?: StaffComplaint }): Promise<void> {
    if (!r.saved) return;
    const before = new Set(awaitingEmployeeSignature(r.l.c));
    if (!awaitingEmployeeSignature(r.saved).some((doc) => !before.has(doc))) return;
    const c = r.saved;
    // Which document: so the request for a second document is a message of its own.
    const docs = awaitingEmployeeSignature(c).filter((doc) => !before.has(doc));
    await this.d.outbox.send({ tenantId: c.tenantId, schoolId: c.schoolId, topic: 'personalklage', subjectId: c.complaintId, notice: 'signer', key: docs.join('+'), recipientId: c.employeeId });
  }

  /**
   * Step 4: the leader informs the employee, who gets their own view in their chat. Informed is
   * recorded when Teams has delivered it (delivered()), not when it was sent: a failed send stays
   * in the outbox and is retried, and the leader is reminded until it is delivered. A second
   * click while it waits tries the send again and changes nothing else.
   */
  async inform(actor: Actor, schoolId: string, complaintId: string): Promise<{ view: StaffComplaintView; delivered: boolean }> {
    const r = await this.change(actor, schoolId, complaintId, (l) => (l.c.employeeInformedAt || l.c.employeeInformSentAt ? unchanged(l) : outcome(informEmployee(l.c, l.me, l.now))));
    const c = r.saved ?? r.l.c;
    if (!c.employeeInformedAt) {
      // Only a leader gets here: informEmployee refused anyone else on a complaint not yet informed.
      if (!r.saved) informEmployee(c, r.l.me, r.l.now);
      await this.d.outbox.send({ tenantId: c.tenantId, schoolId: c.schoolId, topic: 'personalklage', subjectId: c.complaintId, notice: 'informert', recipientId: c.employeeId });
    }
    const now = await this.load(actor, schoolId, complaintId);
    return { view: this.viewOf(now.c, now.me, now.staff, now.school, now), delivered: !!now.c.employeeInformedAt };
  }

  /** Builds and sends a notice from the outbox, from the complaint as it is stored now. */
  private async deliver(m: OutboxMessage): Promise<'sent' | 'gone'> {
    const n = await this.kit.forNotice(m);
    if (!n) return 'gone';
    // The informing notice shows the employee their view: they are informed by reading it.
    const shown = m.notice === 'informert' && !n.c.employeeInformedAt ? { ...n.c, employeeInformedAt: this.d.clock.now().toISOString() } : n.c;
    const notice = m.notice === 'signer' ? { notice: 'signer' as const } : {};
    await this.d.notifier.staffComplaintNotice(this.viewOf(shown, n.to, n.staff, n.school, { booking: n.booking, ...notice }), n.to.userId);
    return 'sent';
  }

  /** The informing notice reached the employee: now, and only now, they are recorded as informed. */
  private async delivered(m: OutboxMessage, at: string): Promise<void> {
    if (m.notice !== 'informert') return;
    await this.kit.recordDelivery(
      m,
      (c) => employeeInformed(c, at),
      (c, complaint, log) => this.kit.save(c, complaint, [log]),
    );
  }

  /** Checks that this step's form may be opened now (the domain's refusal, if not). */
  async stepForm(actor: Actor, schoolId: string, complaintId: string, step: StaffStepName): Promise<StaffComplaintView> {
    const l = await this.load(actor, schoolId, complaintId);
    STEP_PROBES[step](l.c, l.me, { now: l.now, today: l.today });
    return this.viewOf(l.c, l.me, l.staff, l.school, l);
  }

  /** Step 3: "Skriftlig klage mottatt", recorded later with the day it came. */
  async receiveWritten(actor: Actor, schoolId: string, complaintId: string, date: string): Promise<StaffSaved> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(receiveWrittenComplaint(l.c, l.me, date, { now: l.now, today: l.today }))));
  }

  /** Staff who may be named as the employee's union representative (invited to the evaluation). */
  async unionRepChoices(actor: Actor, schoolId: string, complaintId: string): Promise<{ userId: string; name: string }[]> {
    const l = await this.load(actor, schoolId, complaintId);
    return staffChoices(l.staff, (m) => m.userId !== l.c.employeeId && m.userId !== l.c.leaderId);
  }

  async talk(actor: Actor, schoolId: string, complaintId: string, d: EmployeeTalkDraft): Promise<StaffSaved> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(recordEmployeeTalk(l.c, l.me, d, { now: l.now, today: l.today }))));
  }

  async notifyGroundless(actor: Actor, schoolId: string, complaintId: string, date: string): Promise<StaffSaved> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(notifyComplainantGroundless(l.c, l.me, date, { now: l.now, today: l.today }))));
  }

  async meeting(actor: Actor, schoolId: string, complaintId: string, d: JointMeetingDraft): Promise<StaffSaved> {
    const r = await this.change(actor, schoolId, complaintId, (l) => outcome(recordJointMeeting(l.c, l.me, d, { now: l.now, today: l.today })));
    await this.askEmployeeToSign(r);
    return this.result(r);
  }

  /**
   * Step 8–9: measures (mentor within an agreed area, evaluation date); the union representative
   * must be there. "Etter en angitt periode ... evaluering": the evaluation meeting's booking job
   * is saved with the measures and booked at once; if the calendar is down, the sweep books it.
   */
  async measures(actor: Actor, schoolId: string, complaintId: string, d: MeasuresDraft): Promise<StaffSaved> {
    const r = await this.change(actor, schoolId, complaintId, (l) => {
      const o = outcome(recordMeasures(l.c, l.me, d, { now: l.now, today: l.today, staff: l.staff }));
      return 'errors' in o ? o : { ...o, booking: evaluationBooking(o.complaint, l.booking) };
    });
    // Usually the calendar answers at once and the card can say so; if not, the sweep tries again.
    if (r.saved) r.l.booking = await this.evaluationMeeting.settle(r.saved);
    return this.result(r);
  }

  /** Step 9.2: the written mentoring agreement; the employee is asked to sign it in their chat. */
  async mentoring(actor: Actor, schoolId: string, complaintId: string, text: string): Promise<StaffSaved> {
    const r = await this.change(actor, schoolId, complaintId, (l) => outcome(recordMentoringAgreement(l.c, l.me, text, l.now)));
    await this.askEmployeeToSign(r);
    return this.result(r);
  }

  /** Step 9.3: the evaluation, on or after its date. */
  async evaluation(actor: Actor, schoolId: string, complaintId: string, d: EvaluationDraft): Promise<StaffSaved> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(recordEvaluation(l.c, l.me, d, { now: l.now, today: l.today }))));
  }

  /** Step 10: the employee rejects the complaint and/or the mentoring. Nothing chosen is a form error. */
  async reject(actor: Actor, schoolId: string, complaintId: string, what: string): Promise<StaffSaved> {
    return this.result(
      await this.change(actor, schoolId, complaintId, (l) =>
        (REJECTED_WHAT as readonly string[]).includes(what) ? outcome(recordRejection(l.c, l.me, what, l.now)) : { errors: [{ field: 'what', problem: what === '' ? 'required' : 'invalid' }] },
      ),
    );
  }

  /** Step 10's møtebok. */
  async motebok(actor: Actor, schoolId: string, complaintId: string, f: MeetingRecordForm): Promise<StaffSaved> {
    const r = await this.change(actor, schoolId, complaintId, (l) => outcome(recordMeetingRecord(l.c, l.me, toRecordDraft(f), { now: l.now, today: l.today })));
    await this.askEmployeeToSign(r);
    return this.result(r);
  }

  /** The employee signs their own part; the leader confirms the paper signatures. Once per party. */
  async sign(actor: Actor, schoolId: string, complaintId: string, party: Party, doc: DocumentKind = 'avtale'): Promise<StaffComplaintView> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(signOff(l.c, l.me, doc, party, l.now)))).view;
  }

  /**
   * The employee's own «Undertegn …» button (in their chat): it signs only for the employee of this
   * complaint, looked up here; anyone else pressing it (a leader included) is refused in words.
   */
  async signOwn(actor: Actor, schoolId: string, complaintId: string, doc: DocumentKind): Promise<StaffComplaintView> {
    return this.result(
      await this.change(actor, schoolId, complaintId, (l) => {
        if (l.me?.userId !== l.c.employeeId) throw new StaffComplaintError('staffComplaint.NOT_SIGNABLE', { doc, party: 'ansatt' });
        return outcome(signOff(l.c, l.me, doc, 'ansatt', l.now));
      }),
    ).view;
  }

  async close(actor: Actor, schoolId: string, complaintId: string, note: string): Promise<StaffSaved> {
    const again = (l: Loaded) => l.c.status === 'avsluttet' && l.c.closing?.by === actor.userId && l.c.closing.note === note.trim();
    return this.result(await this.change(actor, schoolId, complaintId, (l) => (again(l) ? unchanged(l) : outcome(closeStaffComplaint(l.c, l.me, note, l.now)))));
  }

  // -------------------------------------------------------------------------------------------
  // §12-5: «Meld fra nå» from the complaint, and the case linked back (staff-complaint-case-link.ts)

  /** The complaint's leader or rektor opens a report from it (the form id is remembered on our side). */
  startReport(actor: Actor, schoolId: string, complaintId: string, formId: string): Promise<void> {
    return this.caseLink.startReport(actor, schoolId, complaintId, formId);
  }

  /**
   * A report opened from a complaint was submitted: linked to the complaint its form was opened
   * from, if any. Never fails the report. Only such forms come here (the report handler knows them
   * by their id's prefix, which it gave them); the link itself is the pending row for this user's form.
   */
  linkReport(actor: Actor, formId: string, sak: { tenantId: string; schoolId: string; caseId: string; ref: string }): Promise<void> {
    return this.caseLink.linkReport(actor, formId, sak);
  }

  // -------------------------------------------------------------------------------------------
  // The evaluation meeting: booked, and reminded (staff-complaint-evaluation.ts)

  /** Hourly: books what the calendar did not take, then reminds the leaders, once a school day. */
  sweep(): Promise<{ sent: number; booked: number }> {
    return this.evaluationMeeting.sweep();
  }
}

export { isStaffComplaintError };
