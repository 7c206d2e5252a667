/**
 * "klage" → "En ansatt" (seed 001, SPEC §3.3): a complaint from pupils or parents about a member
 * of staff, registered by the receiving avdelingsleder or rektor and followed step by step. The
 * domain (domain/staff-complaint.ts) decides who may do what; this use case looks roles up on
 * the server, stores the complaint with its log, and tells the employee in their chat once they
 * are informed (their own view only). Logs hold ids and codes, never names or free text.
 */
import { DomainError } from '../domain/errors';
import { isStaff, type Membership } from '../domain/people';
import type { School } from '../domain/school';
import {
  closeStaffComplaint,
  employeeProjection,
  formatStaffComplaintRef,
  informEmployee,
  isStaffComplaintError,
  isStaffComplaintFormErrors,
  mayRegisterStaffComplaint,
  missingSignOffs,
  nextStep,
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
  staffComplaintView,
  type EmployeeTalkDraft,
  type DocumentKind,
  type JointMeetingDraft,
  type MeasuresDraft,
  type MeetingRecordDraft,
  type Party,
  type RejectedWhat,
  type StaffComplaint,
  type StaffComplaintDraft,
  type StaffComplaintFormError,
  type StaffComplaintLogEntry,
  type StaffComplaintStep,
} from '../domain/staff-complaint';
import type { Clock, Directory, RefCounter, Submissions } from '../ports';
import type { StaffComplaintRepository } from '../adapters/tables/staff-complaint-repository';
import type { Actor } from './actor';
import type { Logger } from './logger';
import { safeError } from './deliver-notices';
import { schoolDate } from './school-time';

export interface StaffComplaintNotifier {
  staffComplaintNotice(v: StaffComplaintView, recipientId: string): Promise<void>;
}

/** The steps the card offers, each only when the domain allows this viewer to take it now. */
export interface StaffComplaintButtons {
  inform: boolean;
  talk: boolean;
  notify: boolean;
  meeting: boolean;
  close: boolean;
  /** The parties of the joint meeting's agreement this viewer may sign (or confirm) now. */
  sign: Party[];
  measures: boolean;
  mentoring: boolean;
  evaluation: boolean;
  /** What this viewer may record the employee as rejecting now (empty: no rejection button). */
  reject: RejectedWhat[];
  motebok: boolean;
  /** The parties of the mentoring agreement and of the møtebok this viewer may sign (or confirm) now. */
  signMentoring: Party[];
  signMotebok: Party[];
}

/** The møtebok as typed: participants one per line. */
export interface MeetingRecordForm {
  date: string;
  participants: string;
  unionRepPresent: boolean;
  agreed: boolean;
  agreementText: string;
  employeeView: string;
  leadershipView: string;
}

export interface EvaluationDraft {
  date: string;
  achieved: boolean;
  note: string;
}

export interface StaffComplaintView {
  /** For the employee: their projection, with the complainant's name, the §12-5 flag and the pupil's case blanked. */
  complaint: StaffComplaint;
  kind: 'full' | 'employee';
  school: School | undefined;
  names: Record<string, string>;
  buttons: StaffComplaintButtons;
  next: StaffComplaintStep;
  today: string;
}

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

export type StaffStepName = 'talk' | 'notify' | 'meeting' | 'measures' | 'mentoring' | 'evaluation' | 'reject' | 'motebok' | 'close';

const CONFLICT_RETRIES = 3;

interface Loaded {
  c: StaffComplaint;
  me: Membership | undefined;
  staff: Membership[];
  school: School | undefined;
  today: string;
  now: string;
}

type Outcome = { errors: StaffComplaintFormError[] } | { complaint: StaffComplaint; logs: StaffComplaintLogEntry[] };

const outcome = (r: { complaint: StaffComplaint; log: StaffComplaintLogEntry | undefined } | StaffComplaintFormError[]): Outcome =>
  isStaffComplaintFormErrors(r) ? { errors: r } : { complaint: r.complaint, logs: r.log ? [r.log] : [] };

/** Allowed now (form errors included), or not. */
function allowed(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

export const emptyTalk = (date = ''): EmployeeTalkDraft => ({ date, unionRepPresent: false, employeeVersion: '', groundless: false });
export const emptyMeeting = (date = ''): JointMeetingDraft => ({ date, unionRepPresent: false, complainantPresent: false, agreed: false, agreementText: '' });

export const emptyMeasures = (): MeasuresDraft => ({ mentorArea: '', other: '', evaluationOn: '', unionRepPresent: false });
export const emptyEvaluation = (date = ''): EvaluationDraft => ({ date, achieved: false, note: '' });
export const emptyRecord = (date = ''): MeetingRecordForm => ({ date, participants: '', unionRepPresent: false, agreed: false, agreementText: '', employeeView: '', leadershipView: '' });
export const toRecordDraft = (f: MeetingRecordForm): MeetingRecordDraft => ({ ...f, participants: f.participants.split(/\r?\n/) });

export class StaffComplaints {
  constructor(
    private readonly d: {
      directory: Directory;
      complaints: StaffComplaintRepository;
      refs: RefCounter;
      submissions: Submissions;
      clock: Clock;
      ids: { next(): string };
      notifier: StaffComplaintNotifier;
      logger: Logger;
    },
  ) {}

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
    return this.viewOf(l.c, l.me, l.staff, l.school);
  }

  /** "sak PK-2026-0001": looked for at every school the user belongs to. */
  async openByRef(actor: Actor, ref: string): Promise<StaffComplaintView> {
    const ms = (await this.d.directory.membershipsOf(actor.tenantId, actor.userId)).filter(isStaff);
    for (const m of ms) {
      const c = await this.d.complaints.byRef(m.tenantId, m.schoolId, ref);
      if (c && staffComplaintView(c, m) !== 'none') return this.view(actor, c);
    }
    throw new DomainError('CASE_NOT_FOUND');
  }

  private async load(actor: Actor, schoolId: string, complaintId: string): Promise<Loaded> {
    const c = await this.d.complaints.get(actor.tenantId, schoolId, complaintId);
    if (!c) throw new DomainError('CASE_NOT_FOUND');
    const [staff, school] = await Promise.all([this.d.directory.staffOf(c.tenantId, c.schoolId), this.d.directory.getSchool(c.tenantId, c.schoolId)]);
    const me = staff.find((m) => m.userId === actor.userId);
    if (staffComplaintView(c, me) === 'none') throw new DomainError('CASE_NOT_FOUND');
    const now = this.d.clock.now();
    return { c, me, staff, school, today: schoolDate(now).today, now: now.toISOString() };
  }

  private async view(actor: Actor, c: StaffComplaint): Promise<StaffComplaintView> {
    const [staff, school] = await Promise.all([this.d.directory.staffOf(c.tenantId, c.schoolId), this.d.directory.getSchool(c.tenantId, c.schoolId)]);
    return this.viewOf(c, staff.find((m) => m.userId === actor.userId), staff, school);
  }

  private viewOf(c: StaffComplaint, me: Membership | undefined, staff: Membership[], school: School | undefined): StaffComplaintView {
    const kind = staffComplaintView(c, me);
    if (kind === 'none') throw new DomainError('CASE_NOT_FOUND');
    const now = this.d.clock.now();
    const today = schoolDate(now).today;
    const ctx = { now: now.toISOString(), today };
    const open = c.status === 'apen';
    const step = nextStep(c);
    const buttons: StaffComplaintButtons = {
      inform: open && step === 'informer_ansatt' && allowed(() => informEmployee(c, me, ctx.now)),
      talk: open && step === 'samtale_ansatt' && allowed(() => recordEmployeeTalk(c, me, emptyTalk(), ctx)),
      notify: open && step === 'underrett_klager' && allowed(() => notifyComplainantGroundless(c, me, '', ctx)),
      meeting: open && step === 'fellesmote' && allowed(() => recordJointMeeting(c, me, emptyMeeting(), ctx)),
      close: open && allowed(() => closeStaffComplaint(c, me, '', ctx.now)),
      sign: open ? missingSignOffs(c, 'avtale').filter((p) => allowed(() => signOff(c, me, 'avtale', p, ctx.now))) : [],
      measures: open && step === 'tiltak' && allowed(() => recordMeasures(c, me, emptyMeasures(), ctx)),
      mentoring: open && allowed(() => recordMentoringAgreement(c, me, '', ctx.now)),
      evaluation: open && allowed(() => recordEvaluation(c, me, emptyEvaluation(), ctx)),
      reject: open ? REJECTED_WHAT.filter((w) => allowed(() => recordRejection(c, me, w, ctx.now))) : [],
      motebok: open && allowed(() => recordMeetingRecord(c, me, toRecordDraft(emptyRecord()), ctx)),
      signMentoring: open ? missingSignOffs(c, 'veiledningsavtale').filter((p) => allowed(() => signOff(c, me, 'veiledningsavtale', p, ctx.now))) : [],
      signMotebok: open ? missingSignOffs(c, 'motebok').filter((p) => allowed(() => signOff(c, me, 'motebok', p, ctx.now))) : [],
    };
    const shown: StaffComplaint = kind === 'full' ? c : { ...employeeProjection(c), complainantName: '', skolemiljoRef: '', pupilOffence: false };
    return { complaint: shown, kind, school, names: Object.fromEntries(staff.map((m) => [m.userId, m.name])), buttons, next: step, today };
  }

  /** Applies a domain step and saves it with its log entries; on a conflict, applies it again to the newer version. */
  private async change(actor: Actor, schoolId: string, complaintId: string, step: (l: Loaded) => Outcome): Promise<{ l: Loaded; errors?: StaffComplaintFormError[]; saved?: StaffComplaint }> {
    for (let attempt = 1; ; attempt++) {
      const l = await this.load(actor, schoolId, complaintId);
      const o = step(l);
      if ('errors' in o) return { l, errors: o.errors };
      if (o.logs.length === 0) return { l };
      try {
        const saved = await this.d.complaints.update({ ...o.complaint, etag: l.c.etag }, o.logs);
        for (const log of o.logs) this.d.logger.info({ complaintId, schoolId, action: log.action }, 'staff complaint changed');
        return { l, saved };
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'CONFLICT') || attempt >= CONFLICT_RETRIES) throw e;
      }
    }
  }

  private result(r: { l: Loaded; errors?: StaffComplaintFormError[]; saved?: StaffComplaint }): StaffSaved {
    const view = this.viewOf(r.saved ?? r.l.c, r.l.me, r.l.staff, r.l.school);
    return r.errors ? { view, errors: r.errors } : { view };
  }

  /** Step 4: the employee is informed, and gets their own view in their chat. A second click changes nothing. */
  async inform(actor: Actor, schoolId: string, complaintId: string): Promise<StaffComplaintView> {
    const r = await this.change(actor, schoolId, complaintId, (l) => (l.c.employeeInformedAt ? { complaint: l.c, logs: [] } : outcome(informEmployee(l.c, l.me, l.now))));
    if (r.saved) {
      const employee = r.l.staff.find((m) => m.userId === r.saved!.employeeId);
      if (employee) {
        const v = this.viewOf(r.saved, employee, r.l.staff, r.l.school);
        await this.d.notifier.staffComplaintNotice(v, employee.userId).catch((e) => this.d.logger.warn({ complaintId, err: safeError(e) }, 'staff complaint notice not delivered'));
      }
    }
    return this.result(r).view;
  }

  /** Checks that this step's form may be opened now (the domain's refusal, if not). */
  async stepForm(actor: Actor, schoolId: string, complaintId: string, step: StaffStepName): Promise<StaffComplaintView> {
    const l = await this.load(actor, schoolId, complaintId);
    const ctx = { now: l.now, today: l.today };
    if (step === 'talk') recordEmployeeTalk(l.c, l.me, emptyTalk(), ctx);
    else if (step === 'notify') notifyComplainantGroundless(l.c, l.me, '', ctx);
    else if (step === 'meeting') recordJointMeeting(l.c, l.me, emptyMeeting(), ctx);
    else if (step === 'measures') recordMeasures(l.c, l.me, emptyMeasures(), ctx);
    else if (step === 'mentoring') recordMentoringAgreement(l.c, l.me, '', l.now);
    else if (step === 'evaluation') recordEvaluation(l.c, l.me, emptyEvaluation(), ctx);
    else if (step === 'reject') {
      if (!REJECTED_WHAT.some((w) => allowed(() => recordRejection(l.c, l.me, w, l.now)))) recordRejection(l.c, l.me, 'klagen', l.now);
    } else if (step === 'motebok') recordMeetingRecord(l.c, l.me, toRecordDraft(emptyRecord()), ctx);
    else closeStaffComplaint(l.c, l.me, '', l.now);
    return this.viewOf(l.c, l.me, l.staff, l.school);
  }

  async talk(actor: Actor, schoolId: string, complaintId: string, d: EmployeeTalkDraft): Promise<StaffSaved> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(recordEmployeeTalk(l.c, l.me, d, { now: l.now, today: l.today }))));
  }

  async notifyGroundless(actor: Actor, schoolId: string, complaintId: string, date: string): Promise<StaffSaved> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(notifyComplainantGroundless(l.c, l.me, date, { now: l.now, today: l.today }))));
  }

  async meeting(actor: Actor, schoolId: string, complaintId: string, d: JointMeetingDraft): Promise<StaffSaved> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(recordJointMeeting(l.c, l.me, d, { now: l.now, today: l.today }))));
  }

  /** Step 8–9: measures (mentor within an agreed area, evaluation date); the union representative must be there. */
  async measures(actor: Actor, schoolId: string, complaintId: string, d: MeasuresDraft): Promise<StaffSaved> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(recordMeasures(l.c, l.me, d, { now: l.now, today: l.today }))));
  }

  /** Step 9.2: the written mentoring agreement. */
  async mentoring(actor: Actor, schoolId: string, complaintId: string, text: string): Promise<StaffSaved> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(recordMentoringAgreement(l.c, l.me, text, l.now))));
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
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(recordMeetingRecord(l.c, l.me, toRecordDraft(f), { now: l.now, today: l.today }))));
  }

  /** The employee signs their own part; the leader confirms the paper signatures. Once per party. */
  async sign(actor: Actor, schoolId: string, complaintId: string, party: Party, doc: DocumentKind = 'avtale'): Promise<StaffComplaintView> {
    return this.result(await this.change(actor, schoolId, complaintId, (l) => outcome(signOff(l.c, l.me, doc, party, l.now)))).view;
  }

  async close(actor: Actor, schoolId: string, complaintId: string, note: string): Promise<StaffSaved> {
    const again = (l: Loaded) => l.c.status === 'avsluttet' && l.c.closing?.by === actor.userId && l.c.closing.note === note.trim();
    return this.result(await this.change(actor, schoolId, complaintId, (l) => (again(l) ? { complaint: l.c, logs: [] } : outcome(closeStaffComplaint(l.c, l.me, note, l.now)))));
  }
}

export { isStaffComplaintError };
