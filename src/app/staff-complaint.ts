/**
 * "klage" → "En ansatt" (seed 001, SPEC §3.3): a complaint from pupils or parents about a member
 * of staff, registered by the receiving avdelingsleder or rektor and followed step by step. The
 * domain (domain/staff-complaint.ts) decides who may do what; this use case looks roles up on
 * the server, stores the complaint with its log, and tells the employee in their chat once they
 * are informed (their own view only) and when a document waits for their signature. The measures
 * book the evaluation meeting through the Calendar port (a job saved with them, retried by the
 * hourly sweep), and the sweep reminds the leader of the evaluation from the school day before
 * until it is recorded. Logs hold ids and codes, never names or free text.
 */
import { fill, strings } from '../i18n';
import { decide } from '../domain/access';
import { DomainError } from '../domain/errors';
import { isStaff, type Membership } from '../domain/people';
import type { School } from '../domain/school';
import {
  awaitingEmployeeSignature,
  closeStaffComplaint,
  evaluationMeeting,
  evaluationReminderDue,
  linkSkolemiljoCase,
  receiveWrittenComplaint,
  formatStaffComplaintRef,
  informEmployee,
  employeeInformed,
  informReminderDue,
  isStaffComplaintError,
  isStaffComplaintFormErrors,
  mayRegisterStaffComplaint,
  notifyComplainantGroundless,
  recordEmployeeTalk,
  recordEvaluation,
  recordJointMeeting,
  recordMeasures,
  recordMeetingRecord,
  recordMentoringAgreement,
  recordRejection,
  REJECTED_WHAT,
  registerStaffComplaint,
  signOff,
  StaffComplaintError,
  staffComplaintView,
  type EmployeeTalkDraft,
  type DocumentKind,
  type JointMeetingDraft,
  type MeasuresDraft,
  type Party,
  type StaffComplaint,
  type StaffComplaintDraft,
  type StaffComplaintFormError,
  type StaffComplaintLogEntry,
} from '../domain/staff-complaint';
import { addSchoolDays, isSchoolDay } from '../domain/school-calendar';
import type { Calendar, CaseStore, Clock, Directory, EvaluationBooking, RefCounter, StaffComplaintNotifier, StaffComplaintStore, Submissions } from '../ports';
import type { Actor } from './actor';
import { allows, enforce, notFoundError, subjectOf } from './policy-door';
import type { Logger } from './logger';
import { ComplaintMeetings } from './complaint-meetings';
import {
  allowed,
  emptyEvaluation,
  emptyMeasures,
  emptyMeeting,
  emptyRecord,
  emptyTalk,
  staffComplaintViewOf,
  toRecordDraft,
  type EvaluationDraft,
  type MeetingRecordForm,
  type StaffComplaintNotice,
  type StaffComplaintView,
} from './staff-complaint-view';
import { safeError } from './safe-error';
import { sendOnce } from './claims';
import type { MessageOutbox, OutboxMessage } from './message-outbox';
import { calendarFor, instantAt, schoolDate } from './school-time';

export type { EvaluationDraft, MeetingRecordForm, StaffComplaintButtons, StaffComplaintNotice, StaffComplaintView } from './staff-complaint-view';
export { emptyEvaluation, emptyMeasures, emptyMeeting, emptyRecord, emptyTalk, toRecordDraft } from './staff-complaint-view';

export interface StaffRegistrationDraft {
  employeeId: string;
  complainantKind: string;
  complainantName: string;
  route: string;
  summary: string;
  talkedOn: string;
  written: string;
  procedureExplained: boolean;
  pupilOffence: boolean;
}

export interface StaffRegistrationForm {
  kind: 'form';
  school: School;
  staff: { userId: string; name: string }[];
  draft: StaffRegistrationDraft;
  errors: StaffComplaintFormError[];
}

export type StaffSaved = { view: StaffComplaintView; errors?: StaffComplaintFormError[] };

export type StaffStepName = 'talk' | 'notify' | 'meeting' | 'measures' | 'mentoring' | 'evaluation' | 'reject' | 'motebok' | 'close' | 'written';

const CONFLICT_RETRIES = 3;
/** Reminders of the evaluation go out from this time of day (Oslo). */
const REMIND_FROM = '07:00';
/** How long a reminder claim is held before another instance may take it over (the sender stopped). */
const REMINDER_LEASE_MS = 2 * 60_000;
/** The evaluation meeting is booked at this time of day (Oslo) on the evaluation date … */
export const EVALUATION_TIME = '14:00';
/** … for this long. */
export const EVALUATION_MINUTES = 45;

interface Loaded {
  c: StaffComplaint;
  me: Membership | undefined;
  staff: Membership[];
  school: School | undefined;
  today: string;
  now: string;
  skolemiljoRef: string;
  booking: EvaluationBooking | undefined;
}

type Outcome = { errors: StaffComplaintFormError[] } | { complaint: StaffComplaint; logs: StaffComplaintLogEntry[]; booking?: EvaluationBooking };

const outcome = (r: { complaint: StaffComplaint; log: StaffComplaintLogEntry | undefined } | StaffComplaintFormError[]): Outcome =>
  isStaffComplaintFormErrors(r) ? { errors: r } : { complaint: r.complaint, logs: r.log ? [r.log] : [] };

/** The form id of a report opened with «Meld fra nå» from a complaint starts with this. */
export const COMPLAINT_REPORT_FORM = 'pk-';

export class StaffComplaints {
  /** The evaluation meeting in the calendar. */
  /** Resolves when the calendar bookings its cards started have answered (graceful shutdown). */
  idle(): Promise<void> {
    return this.meetings.idle();
  }

  private readonly meetings: ComplaintMeetings<StaffComplaint, EvaluationBooking>;

  constructor(
    private readonly d: {
      directory: Directory & { listSchools(): Promise<School[]> };
      complaints: StaffComplaintStore;
      /** The evaluation meeting is booked here (Graph, or our own store with .ics files). */
      calendar: Calendar;
      /** The linked skolemiljø case, to ask access.ts who may see its reference. */
      cases: Pick<CaseStore, 'get'>;
      refs: RefCounter;
      submissions: Submissions;
      clock: Clock;
      ids: { next(): string };
      notifier: StaffComplaintNotifier;
      logger: Logger;
      /** Every notice goes through it: stored first, retried until delivered. */
      outbox: MessageOutbox;
    },
  ) {
    d.outbox.route('personalklage', { send: (m) => this.deliver(m), delivered: (m, at) => this.delivered(m, at) });
    this.meetings = new ComplaintMeetings<StaffComplaint, EvaluationBooking>({
      ...d,
      store: d.complaints,
      meeting: 'evaluation meeting',
      // What the calendar is told: the complaint's reference, never the complainant or what it is about.
      text: (c, lang) => {
        const t = strings(lang).staffComplaint;
        return { subject: fill(t.evaluationSubject, { ref: c.ref }), body: fill(t.evaluationBody, { ref: c.ref }) };
      },
    });
  }

  private async registrar(actor: Actor, schoolId = ''): Promise<Membership | undefined> {
    const ms = (await this.d.directory.membershipsOf(actor.tenantId, actor.userId)).filter(isStaff);
    if (!ms.length) throw new DomainError('NOT_STAFF');
    const eligible = ms.filter((m) => mayRegisterStaffComplaint(m, m.schoolId));
    return eligible.find((m) => m.schoolId === schoolId) ?? (schoolId ? undefined : eligible[0]);
  }

  /** The registration form for an avdelingsleder or rektor; others get the redirect (undefined). */
  async start(actor: Actor): Promise<StaffRegistrationForm | undefined> {
    const m = await this.registrar(actor);
    if (!m) return undefined;
    const today = schoolDate(this.d.clock.now()).today;
    return this.form(actor, m, { employeeId: '', complainantKind: '', complainantName: '', route: '', summary: '', talkedOn: today, written: '', procedureExplained: false, pupilOffence: false }, []);
  }

  private async form(actor: Actor, m: Membership, draft: StaffRegistrationDraft, errors: StaffComplaintFormError[]): Promise<StaffRegistrationForm> {
    const [school, staff] = await Promise.all([this.d.directory.getSchool(m.tenantId, m.schoolId), this.d.directory.staffOf(m.tenantId, m.schoolId)]);
    if (!school) throw new DomainError('SCHOOL_UNKNOWN');
    const choices = staff
      .filter((s) => isStaff(s) && s.userId !== actor.userId)
      .map((s) => ({ userId: s.userId, name: s.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    return { kind: 'form', school, staff: choices, draft, errors };
  }

  /** Registers once per form: a second click shows the same complaint. */
  async submit(actor: Actor, schoolId: string, draft: StaffRegistrationDraft, formId: string): Promise<StaffRegistrationForm | { kind: 'registered'; view: StaffComplaintView }> {
    const m = await this.registrar(actor, schoolId);
    if (!m) throw new DomainError('NO_ROLE', { action: 'personalklage', ask: 'avdelingsleder' });
    const staff = await this.d.directory.staffOf(m.tenantId, m.schoolId);
    const now = this.d.clock.now();
    const { today, year } = schoolDate(now);
    const d: StaffComplaintDraft = { ...draft };
    const probe = registerStaffComplaint(m, d, { complaintId: 'probe', ref: 'probe', now: now.toISOString(), today, staff });
    if (isStaffComplaintFormErrors(probe)) return this.form(actor, m, draft, probe);
    const claim = await this.d.submissions.claim(`personalklage|${m.tenantId}|${m.schoolId}|${actor.userId}|${formId}`, { caseId: this.d.ids.next() });
    const existing = await this.d.complaints.get(m.tenantId, m.schoolId, claim.value.caseId);
    if (existing) return { kind: 'registered', view: await this.view(actor, existing) };
    const n = await this.d.refs.next(m.tenantId, m.schoolId, year, 'staff-complaint');
    const r = registerStaffComplaint(m, d, { complaintId: claim.value.caseId, ref: formatStaffComplaintRef(year, n), now: now.toISOString(), today, staff });
    if (isStaffComplaintFormErrors(r)) return this.form(actor, m, draft, r);
    const saved = await this.d.complaints.create(r.complaint, r.log);
    if (saved.created) this.d.logger.info({ complaintId: saved.complaint.complaintId, schoolId: m.schoolId, action: r.log.action }, 'staff complaint registered');
    return { kind: 'registered', view: await this.view(actor, saved.complaint) };
  }

  async open(actor: Actor, schoolId: string, complaintId: string): Promise<StaffComplaintView> {
    const l = await this.load(actor, schoolId, complaintId);
    return this.viewOf(l.c, l.me, l.staff, l.school, l);
  }

  /** "sak PK-2026-0001": looked for at every school the user belongs to. */
  async openByRef(actor: Actor, ref: string): Promise<StaffComplaintView> {
    const ms = (await this.d.directory.membershipsOf(actor.tenantId, actor.userId)).filter(isStaff);
    for (const m of ms) {
      const c = await this.d.complaints.byRef(m.tenantId, m.schoolId, ref);
      if (c && allows(subjectOf(actor, [m], c), 'se', { type: 'klage_ansatt', value: c })) return this.view(actor, c);
    }
    throw notFoundError();
  }

  /**
   * The only way a complaint is read for a person: the policy decides before anything of it is
   * used; someone who may not see it gets the same «not found» as for an id never stored. The
   * step rules (domain/staff-complaint.ts) then decide each step and what the employee sees.
   */
  private async load(actor: Actor, schoolId: string, complaintId: string): Promise<Loaded> {
    const c = await this.d.complaints.get(actor.tenantId, schoolId, complaintId);
    if (!c) throw notFoundError();
    const [staff, school] = await Promise.all([this.d.directory.staffOf(c.tenantId, c.schoolId), this.d.directory.getSchool(c.tenantId, c.schoolId)]);
    const subject = subjectOf(actor, staff, c);
    enforce(subject, 'se', { type: 'klage_ansatt', value: c });
    const me = subject.membership;
    const now = this.d.clock.now();
    const [skolemiljoRef, booking] = await Promise.all([this.visibleCaseRef(c, me), this.d.complaints.getBooking(c.tenantId, c.schoolId, c.complaintId)]);
    return { c, me, staff, school, today: schoolDate(now).today, now: now.toISOString(), skolemiljoRef, booking };
  }

  /** The linked case's reference, for those access.ts lets see that case ('' for everyone else). */
  private async visibleCaseRef(c: StaffComplaint, me: Membership | undefined): Promise<string> {
    if (!c.skolemiljoRef || !c.skolemiljoCaseId || !me || staffComplaintView(c, me) !== 'full') return '';
    const sak = await this.d.cases.get(c.tenantId, c.schoolId, c.skolemiljoCaseId);
    return sak && decide('se_status', sak, me, me.userId).allowed ? c.skolemiljoRef : '';
  }

  private async view(actor: Actor, c: StaffComplaint): Promise<StaffComplaintView> {
    const [staff, school, booking] = await Promise.all([
      this.d.directory.staffOf(c.tenantId, c.schoolId),
      this.d.directory.getSchool(c.tenantId, c.schoolId),
      this.d.complaints.getBooking(c.tenantId, c.schoolId, c.complaintId),
    ]);
    const me = staff.find((m) => m.userId === actor.userId);
    return this.viewOf(c, me, staff, school, { skolemiljoRef: await this.visibleCaseRef(c, me), booking });
  }

  private viewOf(c: StaffComplaint, me: Membership | undefined, staff: Membership[], school: School | undefined, extra: { skolemiljoRef?: string; booking?: EvaluationBooking; notice?: StaffComplaintNotice } = {}): StaffComplaintView {
    return staffComplaintViewOf(c, me, staff, school, this.d.clock.now(), extra);
  }

  /** Applies a domain step and saves it with its log entries; on a conflict, applies it again to the newer version. */
  private async change(actor: Actor, schoolId: string, complaintId: string, step: (l: Loaded) => Outcome): Promise<{ l: Loaded; errors?: StaffComplaintFormError[]; saved?: StaffComplaint }> {
    for (let attempt = 1; ; attempt++) {
      const l = await this.load(actor, schoolId, complaintId);
      const o = step(l);
      if ('errors' in o) return { l, errors: o.errors };
      if (o.logs.length === 0) return { l };
      try {
        const saved = await this.d.complaints.update({ ...o.complaint, etag: l.c.etag }, o.logs, o.booking);
        for (const log of o.logs) this.d.logger.info({ complaintId, schoolId, action: log.action }, 'staff complaint changed');
        return { l, saved };
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'CONFLICT') || attempt >= CONFLICT_RETRIES) throw e;
      }
    }
  }

  private result(r: { l: Loaded; errors?: StaffComplaintFormError[]; saved?: StaffComplaint }): StaffSaved {
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
    const r = await this.change(actor, schoolId, complaintId, (l) => (l.c.employeeInformedAt || l.c.employeeInformSentAt ? { complaint: l.c, logs: [] } : outcome(informEmployee(l.c, l.me, l.now))));
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
    const c = await this.d.complaints.get(m.tenantId, m.schoolId, m.subjectId);
    if (!c) return 'gone';
    const [staff, school, booking] = await Promise.all([this.d.directory.staffOf(c.tenantId, c.schoolId), this.d.directory.getSchool(c.tenantId, c.schoolId), this.d.complaints.getBooking(c.tenantId, c.schoolId, c.complaintId)]);
    const to = staff.find((s) => s.userId === m.recipientId);
    if (!to) return 'gone';
    // The informing notice shows the employee their view: they are informed by reading it.
    const shown = m.notice === 'informert' && !c.employeeInformedAt ? { ...c, employeeInformedAt: this.d.clock.now().toISOString() } : c;
    const notice = m.notice === 'signer' ? { notice: 'signer' as const } : {};
    await this.d.notifier.staffComplaintNotice(this.viewOf(shown, to, staff, school, { booking, ...notice }), to.userId);
    return 'sent';
  }

  /** The informing notice reached the employee: now, and only now, they are recorded as informed. */
  private async delivered(m: OutboxMessage, at: string): Promise<void> {
    if (m.notice !== 'informert') return;
    for (let attempt = 1; ; attempt++) {
      const c = await this.d.complaints.get(m.tenantId, m.schoolId, m.subjectId);
      const r = c && employeeInformed(c, at);
      if (!c || !r) return;
      try {
        await this.d.complaints.update({ ...r.complaint, etag: c.etag }, [r.log]);
        this.d.logger.info({ complaintId: c.complaintId, schoolId: c.schoolId, action: r.log.action }, 'staff complaint changed');
        return;
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'CONFLICT') || attempt >= CONFLICT_RETRIES) throw e;
      }
    }
  }

  /** Checks that this step's form may be opened now (the domain's refusal, if not). */
  async stepForm(actor: Actor, schoolId: string, complaintId: string, step: StaffStepName): Promise<StaffComplaintView> {
    const l = await this.load(actor, schoolId, complaintId);
    const ctx = { now: l.now, today: l.today };
    if (step === 'written') receiveWrittenComplaint(l.c, l.me, '', ctx);
    else if (step === 'talk') recordEmployeeTalk(l.c, l.me, emptyTalk(), ctx);
    else if (step === 'notify') notifyComplainantGroundless(l.c, l.me, '', ctx);
    else if (step === 'meeting') recordJointMeeting(l.c, l.me, emptyMeeting(), ctx);
    else if (step === 'measures') recordMeasures(l.c, l.me, emptyMeasures(), ctx);
    else if (step === 'mentoring') recordMentoringAgreement(l.c, l.me, '', l.now);
    else if (step === 'evaluation') recordEvaluation(l.c, l.me, emptyEvaluation(), ctx);
    else if (step === 'reject') {
      if (!REJECTED_WHAT.some((w) => allowed(() => recordRejection(l.c, l.me, w, l.now)))) recordRejection(l.c, l.me, 'klagen', l.now);
    } else if (step === 'motebok') recordMeetingRecord(l.c, l.me, toRecordDraft(emptyRecord()), ctx);
    else closeStaffComplaint(l.c, l.me, '', l.now);
    return this.viewOf(l.c, l.me, l.staff, l.school, l);
  }

  /** Step 3: "Skriftlig klage mottatt", recorded later with the day it came. */
  async receiveWritten(actor: Actor, schoolId: string, complaintId: string, date: string): Promise<StaffSaved> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(receiveWrittenComplaint(l.c, l.me, date, { now: l.now, today: l.today }))));
  }

  /** Staff who may be named as the employee's union representative (invited to the evaluation). */
  async unionRepChoices(actor: Actor, schoolId: string, complaintId: string): Promise<{ userId: string; name: string }[]> {
    const l = await this.load(actor, schoolId, complaintId);
    return l.staff
      .filter((m) => isStaff(m) && m.userId !== l.c.employeeId && m.userId !== l.c.leaderId)
      .map((m) => ({ userId: m.userId, name: m.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
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
    if (r.saved) r.l.booking = await this.meetings.settle(r.saved);
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
        if (l.me?.userId !== l.c.employeeId) throw new StaffComplaintError('NOT_SIGNABLE', { doc, party: 'ansatt' });
        return outcome(signOff(l.c, l.me, doc, 'ansatt', l.now));
      }),
    ).view;
  }

  async close(actor: Actor, schoolId: string, complaintId: string, note: string): Promise<StaffSaved> {
    const again = (l: Loaded) => l.c.status === 'avsluttet' && l.c.closing?.by === actor.userId && l.c.closing.note === note.trim();
    return this.result(await this.change(actor, schoolId, complaintId, (l) => (again(l) ? { complaint: l.c, logs: [] } : outcome(closeStaffComplaint(l.c, l.me, note, l.now)))));
  }

  // -------------------------------------------------------------------------------------------
  // §12-5: «Meld fra nå» from the complaint, and the case linked back

  /**
   * The complaint's leader or rektor opens a report from it: checked here (the complaint must say
   * a pupil is offended and have no case yet), and the report form's id is remembered on our side
   * so the submitted report can be linked back without trusting anything the report card sends.
   */
  async startReport(actor: Actor, schoolId: string, complaintId: string, formId: string): Promise<void> {
    const l = await this.load(actor, schoolId, complaintId);
    linkSkolemiljoCase(l.c, l.me, 'SM-0000-0000', l.now);
    await this.d.complaints.savePendingLink(l.c.tenantId, l.c.schoolId, actor.userId, formId, complaintId);
  }

  /**
   * A report was submitted: if its form was opened from a complaint by this user, the complaint
   * records the case's reference (the domain checks again that they are its leader or rektor).
   * Never fails the report: a refusal is logged with ids only.
   */
  async linkReport(actor: Actor, formId: string, sak: { tenantId: string; schoolId: string; caseId: string; ref: string }): Promise<void> {
    // Only forms opened from a complaint can have a link: every other report skips the lookup.
    // (The prefix only saves the read; the link itself is the pending row for this user's form.)
    if (!formId.startsWith(COMPLAINT_REPORT_FORM)) return;
    try {
      const complaintId = await this.d.complaints.pendingLink(sak.tenantId, sak.schoolId, actor.userId, formId);
      if (!complaintId) return;
      await this.change(actor, sak.schoolId, complaintId, (l) =>
        l.c.skolemiljoCaseId === sak.caseId ? { complaint: l.c, logs: [] } : outcome(linkSkolemiljoCase(l.c, l.me, sak.ref, l.now, sak.caseId)),
      );
    } catch (e) {
      this.d.logger.warn({ caseId: sak.caseId, err: safeError(e) }, 'skolemiljø case not linked to the staff complaint');
    }
  }

  // -------------------------------------------------------------------------------------------
  // The evaluation meeting: booked, and reminded

  /**
   * Hourly. Books what the calendar did not take, then reminds each complaint's leader in their
   * own chat of the evaluation, from the school day before its date until it is recorded: once a
   * school day, however many instances sweep (a claim row per complaint, day and leader). A failed
   * send gives its claim back for the next sweep; a leader who cannot be reached is logged.
   */
  async sweep(): Promise<{ sent: number; booked: number }> {
    const { booked } = await this.meetings.bookPending().catch((e) => {
      this.d.logger.warn({ err: safeError(e) }, 'evaluation booking sweep failed');
      return { booked: 0 };
    });
    let sent = 0;
    const now = this.d.clock.now();
    const today = schoolDate(now).today;
    if (now < instantAt(today, REMIND_FROM)) return { sent, booked };
    for (const school of await this.d.directory.listSchools()) {
      const cal = calendarFor(school, today);
      if (!isSchoolDay(today, cal)) continue;
      const horizon = addSchoolDays(today, 1, cal);
      const evaluations = (await this.d.complaints.evaluationsDue(school.tenantId, school.schoolId, horizon)).filter((c) => evaluationReminderDue(c, horizon));
      // Step 4, «umiddelbart»: from the deadline (the next school day) until the employee is informed.
      const uninformed = (await this.d.complaints.uninformed(school.tenantId, school.schoolId)).filter((c) => informReminderDue(c, schoolDate(new Date(c.registeredAt)).today, today, cal));
      if (!evaluations.length && !uninformed.length) continue;
      const staff = await this.d.directory.staffOf(school.tenantId, school.schoolId);
      const due = [...uninformed.map((c) => ({ c, notice: 'informer' as const, day: `${today}-informer` })), ...evaluations.map((c) => ({ c, notice: 'evaluering' as const, day: today }))];
      for (const { c, notice, day } of due) {
        const leader = staff.find((m) => m.userId === c.leaderId);
        if (!leader || staffComplaintView(c, leader) !== 'full') continue;
        const key = { tenantId: c.tenantId, schoolId: c.schoolId, subjectId: c.complaintId, key: day, recipientId: leader.userId };
        const once = await sendOnce(this.d.complaints.reminders, key, { now, leaseMs: REMINDER_LEASE_MS, logger: this.d.logger, label: 'staff complaint reminder', what: { complaintId: c.complaintId, notice } }, async () => {
          const booking = await this.d.complaints.getBooking(c.tenantId, c.schoolId, c.complaintId);
          await this.d.notifier.staffComplaintNotice(this.viewOf(c, leader, staff, school, { booking, notice }), leader.userId);
        });
        if (once === 'sent') sent++;
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
function evaluationBooking(c: StaffComplaint, prev: EvaluationBooking | undefined): EvaluationBooking | undefined {
  const m = evaluationMeeting(c);
  if (!m) return undefined;
  const start = instantAt(m.date, EVALUATION_TIME);
  const next = { date: m.date, start: start.toISOString(), end: new Date(start.getTime() + EVALUATION_MINUTES * 60_000).toISOString(), organizerId: m.organizerId, attendeeIds: m.attendeeIds };
  if (prev && prev.start === next.start && prev.end === next.end && prev.organizerId === next.organizerId && prev.attendeeIds.join() === next.attendeeIds.join()) return undefined;
  return {
    complaintId: c.complaintId,
    meetingId: prev?.meetingId ?? `personalklage-${c.complaintId}-evaluering`,
    ...next,
    version: (prev?.version ?? 0) + 1,
    bookedVersion: prev?.bookedVersion ?? 0,
    eventId: prev?.eventId ?? '',
    joinUrl: prev?.joinUrl ?? '',
    webLink: prev?.webLink ?? '',
    attempts: 0,
    lastError: '',
    ...(prev?.etag ? { etag: prev.etag } : {}),
  };
}

export { isStaffComplaintError };
