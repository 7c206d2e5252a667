/**
 * Klage fra foresatte og elever rettet mot personale (seed 001, SPEC §3.3): "Rutiner ved klager
 * fra foresatte og elever rettet mot personale". The routine, step by step:
 *
 *  1.  "Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kollegaer": other staff
 *      do not register; they redirect (staffComplaintIntake), first to the person concerned.
 *  2.  "Hvis direkte kontakt ... ikke fører fram eller saken oppleves som særlig alvorlig, skal
 *      klage rettes til avdelingsleder": the registration records which of the two it was.
 *  3.  The avdelingsleder (or rektor) who received it registers it: the conversation with the
 *      complainant, the written complaint (received, or asked for), the complainant told the
 *      procedure ("informerer klageren om videre saksgang").
 *  4.  "Nærmeste leder informerer umiddelbart den ansatte om mottatt klage": nothing else happens
 *      before the employee is informed.
 *  5.  The conversation with the employee; "Det anbefales at vedkommende har med seg sin
 *      tillitsvalgte" — recorded, not required.
 *  6.  "Dersom den ansatte mener at klagen er grunnløs, underretter skolens ledelse klageren om
 *      dette" — recorded before the joint meeting.
 *  7.  The joint meeting (employee, union representative, complainant); an agreement is written
 *      down "og undertegnes av partene" (each party's sign-off).
 *  8–9. No agreement: measures ("vurdere hvilke andre tiltak som kan / må iverksettes"). A mentor
 *      within an agreed area is the seed's «Eksempel på tiltak», not a requirement: at least one
 *      measure, a mentor or another. Further meetings need the union representative ("Dersom det
 *      er nødvendig med flere møter skal tillitsvalgte være til stede"): the meeting that sets the
 *      measures and the evaluation meeting are such meetings, so both record it as required. With a
 *      mentor, when the mentoring ends, a written agreement signed by the parties; an evaluation
 *      "etter en angitt periode" — its
 *      meeting booked with the measures (evaluationMeeting) and the leader reminded from the
 *      school day before until it is recorded (evaluationReminderDue).
 *  10. The employee rejects the complaint and/or the mentoring: a meeting with the union
 *      representative present, and a møtebok — signed when they agree; when they do not, it
 *      states the date, who took part and each side's view.
 *
 * Only the receiving leader and rektor see the complaint; the employee sees what concerns them
 * once informed. A complaint that a member of staff offends a pupil falls under opplæringsloven
 * §12-5 (isPupilOffence): the integrator offers a skolemiljø report and links its ref here.
 *
 * Pure functions, as complaint.ts: each checks who may act, returns form errors for what the user
 * can fix, throws DomainError / StaffComplaintError for refusals, and returns the new complaint
 * plus a log entry whose detail holds ids, dates and codes only — never names or free text. The
 * records are in staff-complaint-records.ts, where the complaint stands (next step, missing
 * signatures, the evaluation) in staff-complaint-progress.ts; both are exported here too.
 */
import { DomainError } from './errors';
import { hasRole, isStaff, type Membership } from './people';
import { isCalendarDate } from './report';
import type { LocalDate } from './school-calendar';
import {
  COMPLAINANT_KINDS,
  type ComplainantKind,
  type DocumentKind,
  type EmployeeTalk,
  type JointMeeting,
  type Measures,
  type MeetingRecord,
  type Party,
  REJECTED_WHAT,
  type RejectedWhat,
  type Route,
  ROUTES,
  type SignOff,
  type SignOffResult,
  STAFF_COMPLAINT_LIMITS,
  type StaffComplaint,
  StaffComplaintError,
  type StaffComplaintFormError,
  type StaffComplaintResult,
  WRITTEN_STATES,
  type WrittenState,
} from './staff-complaint-records';
import { documentOf, nextStep } from './staff-complaint-progress';

export * from './staff-complaint-records';
export * from './staff-complaint-progress';

// ---------------------------------------------------------------------------------------------
// Who may do what

const isLeader = (m: Membership): boolean => hasRole(m, 'avdelingsleder') || hasRole(m, 'rektor');

const atSchool = (c: { tenantId: string; schoolId: string }, m: Membership | undefined): m is Membership =>
  !!m && m.tenantId === c.tenantId && m.schoolId === c.schoolId;

/**
 * Step 1–3: only an avdelingsleder or rektor of the school takes a complaint about a member of
 * staff; nobody registers one about themselves.
 */
export function mayRegisterStaffComplaint(actor: Membership | undefined, schoolId: string, employeeId?: string): boolean {
  if (!actor || actor.schoolId !== schoolId || !isStaff(actor) || hasRole(actor, 'skoleeier')) return false;
  return isLeader(actor) && actor.userId !== employeeId;
}

/** The redirect the bot gives other staff, in the routine's order (step 1, then step 2). */
export const REDIRECT_STEPS = ['den_det_gjelder', 'avdelingsleder'] as const;

export type StaffComplaintIntake =
  | { kind: 'registrer' }
  | { kind: 'henvis'; rule: 'ingen_ansatte_tar_imot_klage_paa_kollegaer'; steps: readonly (typeof REDIRECT_STEPS)[number][] };

/** What the bot offers a member of staff who says they were told of a complaint about a colleague. */
export function staffComplaintIntake(actor: Membership | undefined, schoolId: string): StaffComplaintIntake {
  if (mayRegisterStaffComplaint(actor, schoolId)) return { kind: 'registrer' };
  return { kind: 'henvis', rule: 'ingen_ansatte_tar_imot_klage_paa_kollegaer', steps: REDIRECT_STEPS };
}

export type StaffComplaintView = 'full' | 'employee' | 'none';

/** The receiving leader and rektor see it all; the employee, once informed, what concerns them; nobody else anything. */
export function staffComplaintView(c: StaffComplaint, m: Membership | undefined): StaffComplaintView {
  if (!atSchool(c, m)) return 'none';
  if (m.userId === c.employeeId) return c.employeeInformedAt ? 'employee' : 'none';
  if (hasRole(m, 'rektor') || (m.userId === c.leaderId && isLeader(m))) return 'full';
  return 'none';
}

/** What the employee sees: their own complaint and its records, without the complainant's name or the pupil's skolemiljø case. */
export type EmployeeProjection = Omit<StaffComplaint, 'complainantName' | 'skolemiljoRef' | 'skolemiljoCaseId' | 'pupilOffence' | 'etag'>;

export function employeeProjection(c: StaffComplaint): EmployeeProjection {
  const { complainantName: _n, skolemiljoRef: _r, skolemiljoCaseId: _i, pupilOffence: _p, etag: _e, ...rest } = c;
  return rest;
}

function requireLeader(c: StaffComplaint, actor: Membership | undefined): Membership {
  const view = staffComplaintView(c, actor);
  if (view === 'none') throw new DomainError('CASE_NOT_FOUND');
  if (view !== 'full') throw new DomainError('NO_ROLE', { ask: 'leder' });
  if (c.status === 'avsluttet') throw new DomainError('CASE_CLOSED');
  return actor!;
}

function requireInformed(c: StaffComplaint): void {
  if (!c.employeeInformedAt) throw new StaffComplaintError('EMPLOYEE_NOT_INFORMED');
}

// ---------------------------------------------------------------------------------------------
// Validation helpers

type Errors = StaffComplaintFormError[];

const textError = (errors: Errors, field: string, v: string, required: boolean, limit: number): void => {
  if (required && v.trim() === '') errors.push({ field, problem: 'required' });
  else if (v.length > limit) errors.push({ field, problem: 'tooLong', limit });
};

/** A past-or-today date, not before `after` when given. Returns whether it is usable. */
const dateError = (errors: Errors, field: string, v: string, today: LocalDate, after?: LocalDate): boolean => {
  if (v === '') errors.push({ field, problem: 'required' });
  else if (!isCalendarDate(v)) errors.push({ field, problem: 'invalid' });
  else if (v > today) errors.push({ field, problem: 'future' });
  else if (after && v < after) errors.push({ field, problem: 'order' });
  else return true;
  return false;
};

const oneOf = <T extends string>(errors: Errors, field: string, v: string, allowed: readonly T[]): v is T => {
  if ((allowed as readonly string[]).includes(v)) return true;
  errors.push({ field, problem: v === '' ? 'required' : 'invalid' });
  return false;
};

/** The latest step's date, so a later step cannot be dated before it. */
const lastDate = (c: StaffComplaint): LocalDate =>
  [c.reception.talkedOn, c.employeeTalk?.date, c.complainantNotified?.date, c.jointMeeting?.date].filter((d): d is string => !!d).sort().at(-1)!;

export const formatStaffComplaintRef = (year: number, n: number): string => `PK-${year}-${String(n).padStart(4, '0')}`;

// ---------------------------------------------------------------------------------------------
// Step 1–3: registration

export interface StaffComplaintDraft {
  employeeId: string;
  complainantKind: string;
  complainantName: string;
  route: string;
  summary: string;
  /** The leader's conversation with the complainant. */
  talkedOn: string;
  written: string;
  procedureExplained: boolean;
  /** The complaint says a member of staff offends a pupil. */
  pupilOffence: boolean;
}

export function validateStaffComplaint(d: StaffComplaintDraft, ctx: { actor: Membership; staff: Membership[]; today: LocalDate }): Errors {
  const errors: Errors = [];
  const employee = ctx.staff.find((s) => s.userId === d.employeeId && s.schoolId === ctx.actor.schoolId && s.tenantId === ctx.actor.tenantId);
  if (d.employeeId === '') errors.push({ field: 'employeeId', problem: 'required' });
  else if (!employee || !isStaff(employee) || hasRole(employee, 'skoleeier')) errors.push({ field: 'employeeId', problem: 'notStaff' });
  else if (employee.userId === ctx.actor.userId) errors.push({ field: 'employeeId', problem: 'self' });
  // A complaint about rektor goes to the school owner, not through the school's leadership.
  else if (hasRole(employee, 'rektor')) errors.push({ field: 'employeeId', problem: 'notHandledHere' });
  oneOf(errors, 'complainantKind', d.complainantKind, COMPLAINANT_KINDS);
  textError(errors, 'complainantName', d.complainantName, true, STAFF_COMPLAINT_LIMITS.name);
  oneOf(errors, 'route', d.route, ROUTES);
  textError(errors, 'summary', d.summary, true, STAFF_COMPLAINT_LIMITS.summary);
  dateError(errors, 'talkedOn', d.talkedOn, ctx.today);
  oneOf(errors, 'written', d.written, WRITTEN_STATES);
  if (d.procedureExplained !== true) errors.push({ field: 'procedureExplained', problem: 'required' });
  return errors;
}

/** The receiving avdelingsleder or rektor registers the complaint; anyone else is refused (and redirected). */
export function registerStaffComplaint(
  actor: Membership | undefined,
  d: StaffComplaintDraft,
  o: { complaintId: string; ref: string; now: string; today: LocalDate; staff: Membership[] },
): StaffComplaintResult | StaffComplaintFormError[] {
  if (!actor || !mayRegisterStaffComplaint(actor, actor.schoolId)) throw new DomainError('NO_ROLE', { action: 'personalklage', ask: 'avdelingsleder' });
  const errors = validateStaffComplaint(d, { actor, staff: o.staff, today: o.today });
  if (errors.length) return errors;
  const written = d.written as WrittenState;
  const complaint: StaffComplaint = {
    tenantId: actor.tenantId,
    schoolId: actor.schoolId,
    complaintId: o.complaintId,
    ref: o.ref,
    employeeId: d.employeeId,
    leaderId: actor.userId,
    registeredAt: o.now,
    complainantKind: d.complainantKind as ComplainantKind,
    complainantName: d.complainantName.trim(),
    route: d.route as Route,
    summary: d.summary.trim(),
    reception: { talkedOn: d.talkedOn, written, writtenReceivedAt: written === 'mottatt' ? o.now : '', procedureExplained: true },
    pupilOffence: d.pupilOffence === true,
    skolemiljoRef: '',
    employeeInformedAt: '',
    status: 'apen',
  };
  return {
    complaint,
    log: {
      at: o.now,
      actorId: actor.userId,
      action: 'personalklage_registrert',
      detail: `ref=${o.ref};ansatt=${d.employeeId};klager=${complaint.complainantKind};vei=${complaint.route};skriftlig=${written}${complaint.pupilOffence ? ';krenkelse=ja' : ''}`,
    },
  };
}

/**
 * Step 3: "ber om at klagen fremmes skriftlig (dersom dette ikke allerede er gjort)". The written
 * complaint the leader asked for has arrived: the day it came, not before the conversation with
 * the complainant and not ahead. Once.
 */
export function receiveWrittenComplaint(
  c: StaffComplaint,
  actor: Membership | undefined,
  date: string,
  ctx: { now: string; today: LocalDate },
): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  if (c.reception.writtenReceivedAt) throw new StaffComplaintError('ALREADY_RECORDED', { step: 'skriftlig' });
  const errors: Errors = [];
  dateError(errors, 'date', date, ctx.today, c.reception.talkedOn);
  if (errors.length) return errors;
  return {
    complaint: { ...c, reception: { ...c.reception, written: 'mottatt', writtenReceivedAt: ctx.now, writtenReceivedOn: date } },
    log: { at: ctx.now, actorId: by.userId, action: 'skriftlig_klage_mottatt', detail: `ref=${c.ref};dato=${date}` },
  };
}

// ---------------------------------------------------------------------------------------------
// §12-5: a member of staff offends a pupil

/** The complaint says a member of staff offends a pupil: §12-5 applies and a skolemiljø report is offered. */
export const isPupilOffence = (c: Pick<StaffComplaint, 'pupilOffence'> | Pick<StaffComplaintDraft, 'pupilOffence'>): boolean => c.pupilOffence === true;

/** What the integrator shows: §12-5, and the offer of a report while none is linked. */
export function pupilOffenceNotice(c: StaffComplaint): { section: '12-5'; offerReport: boolean; skolemiljoRef: string } | undefined {
  if (!isPupilOffence(c)) return undefined;
  return { section: '12-5', offerReport: c.skolemiljoRef === '', skolemiljoRef: c.skolemiljoRef };
}

/**
 * Links the skolemiljø case started for it from «Meld fra nå» (once). Only the complaint's leader
 * or rektor: the report's submitter is checked here, whatever the card said.
 */
export function linkSkolemiljoCase(c: StaffComplaint, actor: Membership | undefined, caseRef: string, now: string, caseId = ''): StaffComplaintResult {
  const by = requireLeader(c, actor);
  if (!isPupilOffence(c)) throw new StaffComplaintError('NOT_PUPIL_OFFENCE');
  if (c.skolemiljoRef) throw new DomainError('ALREADY_CONNECTED');
  if (!/^SM-\d{4}-\d{4,}$/.test(caseRef)) throw new DomainError('INVALID_INPUT', { field: 'caseRef' });
  return {
    complaint: { ...c, skolemiljoRef: caseRef, ...(caseId ? { skolemiljoCaseId: caseId } : {}) },
    log: { at: now, actorId: by.userId, action: 'skolemiljosak_koblet', detail: `ref=${c.ref};sak=${caseRef}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Step 4–6

/**
 * Step 4: "Nærmeste leder informerer umiddelbart den ansatte om mottatt klage." The leader sends the
 * employee the notice; the employee counts as informed only when it is delivered
 * (employeeInformed). Pressing again while it waits changes nothing (the outbox keeps retrying).
 */
export function informEmployee(c: StaffComplaint, actor: Membership | undefined, now: string): StaffComplaintResult {
  const by = requireLeader(c, actor);
  if (c.employeeInformedAt) throw new StaffComplaintError('EMPLOYEE_ALREADY_INFORMED');
  return {
    complaint: { ...c, employeeInformSentAt: c.employeeInformSentAt || now },
    log: { at: now, actorId: by.userId, action: 'ansatt_informeres', detail: `ref=${c.ref};ansatt=${c.employeeId}` },
  };
}

/** The notice reached the employee: now they are informed (once; a second delivery changes nothing). */
export function employeeInformed(c: StaffComplaint, deliveredAt: string): StaffComplaintResult | undefined {
  if (c.employeeInformedAt) return undefined;
  return {
    complaint: { ...c, employeeInformedAt: deliveredAt, employeeInformSentAt: c.employeeInformSentAt || deliveredAt },
    log: { at: deliveredAt, actorId: c.leaderId, action: 'ansatt_informert', detail: `ref=${c.ref};ansatt=${c.employeeId};levert=ja` },
  };
}

export interface EmployeeTalkDraft {
  date: string;
  unionRepPresent: boolean;
  employeeVersion: string;
  groundless: boolean;
}

/** Step 5: the conversation where the employee gives their version (union representative recommended, recorded). */
export function recordEmployeeTalk(
  c: StaffComplaint,
  actor: Membership | undefined,
  d: EmployeeTalkDraft,
  ctx: { now: string; today: LocalDate },
): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (c.employeeTalk) throw new StaffComplaintError('ALREADY_RECORDED', { step: 'samtale_ansatt' });
  const errors: Errors = [];
  dateError(errors, 'date', d.date, ctx.today, c.reception.talkedOn);
  textError(errors, 'employeeVersion', d.employeeVersion, true, STAFF_COMPLAINT_LIMITS.text);
  if (errors.length) return errors;
  const talk: EmployeeTalk = { date: d.date, unionRepPresent: d.unionRepPresent === true, employeeVersion: d.employeeVersion.trim(), groundless: d.groundless === true, at: ctx.now, by: by.userId };
  return {
    complaint: { ...c, employeeTalk: talk },
    log: { at: ctx.now, actorId: by.userId, action: 'samtale_ansatt', detail: `ref=${c.ref};dato=${d.date};tillitsvalgt=${talk.unionRepPresent ? 'ja' : 'nei'};grunnlos=${talk.groundless ? 'ja' : 'nei'}` },
  };
}

/** Step 6: the leadership tells the complainant the employee finds the complaint groundless. */
export function notifyComplainantGroundless(c: StaffComplaint, actor: Membership | undefined, date: string, ctx: { now: string; today: LocalDate }): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (!c.employeeTalk) throw new StaffComplaintError('EMPLOYEE_TALK_FIRST');
  if (!c.employeeTalk.groundless) throw new StaffComplaintError('NOT_GROUNDLESS');
  if (c.complainantNotified) throw new StaffComplaintError('ALREADY_RECORDED', { step: 'klager_underrettet' });
  const errors: Errors = [];
  dateError(errors, 'date', date, ctx.today, c.employeeTalk.date);
  if (errors.length) return errors;
  return {
    complaint: { ...c, complainantNotified: { date, at: ctx.now, by: by.userId } },
    log: { at: ctx.now, actorId: by.userId, action: 'klager_underrettet', detail: `ref=${c.ref};dato=${date}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Step 7: the joint meeting

export interface JointMeetingDraft {
  date: string;
  unionRepPresent: boolean;
  complainantPresent: boolean;
  agreed: boolean;
  agreementText: string;
}

/** Step 7: employee (with union representative) and complainant meet; an agreement is written down to be signed by the parties. */
export function recordJointMeeting(
  c: StaffComplaint,
  actor: Membership | undefined,
  d: JointMeetingDraft,
  ctx: { now: string; today: LocalDate },
): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (!c.employeeTalk) throw new StaffComplaintError('EMPLOYEE_TALK_FIRST');
  if (c.employeeTalk.groundless && !c.complainantNotified) throw new StaffComplaintError('COMPLAINANT_NOT_NOTIFIED');
  if (c.jointMeeting) throw new StaffComplaintError('ALREADY_RECORDED', { step: 'fellesmote' });
  const errors: Errors = [];
  dateError(errors, 'date', d.date, ctx.today, lastDate(c));
  if (d.complainantPresent !== true) errors.push({ field: 'complainantPresent', problem: 'required' });
  if (d.agreed) textError(errors, 'agreementText', d.agreementText, true, STAFF_COMPLAINT_LIMITS.text);
  if (errors.length) return errors;
  const unionRepPresent = d.unionRepPresent === true;
  const parties: Party[] = d.agreed ? ['ansatt', ...(unionRepPresent ? (['tillitsvalgt'] as const) : []), 'klager'] : [];
  const meeting: JointMeeting = {
    date: d.date,
    unionRepPresent,
    complainantPresent: true,
    agreed: d.agreed === true,
    agreementText: d.agreed ? d.agreementText.trim() : '',
    parties,
    signOffs: [],
    at: ctx.now,
    by: by.userId,
  };
  return {
    complaint: { ...c, jointMeeting: meeting },
    log: { at: ctx.now, actorId: by.userId, action: 'fellesmote', detail: `ref=${c.ref};dato=${d.date};enighet=${meeting.agreed ? 'ja' : 'nei'};tillitsvalgt=${unionRepPresent ? 'ja' : 'nei'}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Step 8–9: measures

export interface MeasuresDraft {
  /** 9.1 «Veileder settes inn innenfor avtalt område» — an example of a measure: may be empty when `other` is not. */
  mentorArea: string;
  other: string;
  evaluationOn: string;
  /** "Dersom det er nødvendig med flere møter skal tillitsvalgte være til stede": the meeting that set the measures. */
  unionRepPresent: boolean;
  /** The union representative, when a member of staff here: invited to the evaluation meeting (optional). */
  unionRepId?: string;
}

/** Step 8–9: no agreement, so the leadership sets measures (a mentor within an agreed area, or others) and an evaluation date. */
export function recordMeasures(
  c: StaffComplaint,
  actor: Membership | undefined,
  d: MeasuresDraft,
  ctx: { now: string; today: LocalDate; staff?: Membership[] },
): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (!c.jointMeeting) throw new StaffComplaintError('JOINT_MEETING_FIRST');
  if (c.jointMeeting.agreed) throw new StaffComplaintError('AGREEMENT_REACHED');
  if (c.measures) throw new StaffComplaintError('ALREADY_RECORDED', { step: 'tiltak' });
  const errors: Errors = [];
  textError(errors, 'mentorArea', d.mentorArea, false, STAFF_COMPLAINT_LIMITS.text);
  textError(errors, 'other', d.other, false, STAFF_COMPLAINT_LIMITS.text);
  // «Eksempel på tiltak»: a mentor is one measure among others, but some measure must be set.
  if (d.mentorArea.trim() === '' && d.other.trim() === '') errors.push({ field: 'mentorArea', problem: 'measureRequired' });
  if (d.evaluationOn === '') errors.push({ field: 'evaluationOn', problem: 'required' });
  else if (!isCalendarDate(d.evaluationOn)) errors.push({ field: 'evaluationOn', problem: 'invalid' });
  else if (d.evaluationOn <= ctx.today) errors.push({ field: 'evaluationOn', problem: 'order' });
  if (d.unionRepPresent !== true) errors.push({ field: 'unionRepPresent', problem: 'unionRepRequired' });
  const unionRepId = d.unionRepId ?? '';
  if (unionRepId) {
    const rep = (ctx.staff ?? []).find((s) => s.userId === unionRepId && atSchool(c, s));
    if (!rep || !isStaff(rep)) errors.push({ field: 'unionRepId', problem: 'notStaff' });
    else if (unionRepId === c.employeeId || unionRepId === c.leaderId) errors.push({ field: 'unionRepId', problem: 'invalid' });
  }
  if (errors.length) return errors;
  const measures: Measures = { mentorArea: d.mentorArea.trim(), other: d.other.trim(), evaluationOn: d.evaluationOn, unionRepId, at: ctx.now, by: by.userId };
  return {
    complaint: { ...c, measures },
    log: { at: ctx.now, actorId: by.userId, action: 'tiltak', detail: `ref=${c.ref};evaluering=${d.evaluationOn};veileder=${measures.mentorArea ? 'ja' : 'nei'};tillitsvalgt_invitert=${unionRepId ? 'ja' : 'nei'}` },
  };
}

/** Step 9.2: the mentoring is over; what they arrived at and agree on is written down, to be signed by the employee and the leadership. */
export function recordMentoringAgreement(c: StaffComplaint, actor: Membership | undefined, text: string, now: string): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  if (!c.measures) throw new StaffComplaintError('NO_MEASURES');
  if (!c.measures.mentorArea) throw new StaffComplaintError('NO_MENTORING');
  if (c.measures.agreement) throw new StaffComplaintError('ALREADY_RECORDED', { step: 'veiledningsavtale' });
  const errors: Errors = [];
  textError(errors, 'text', text, true, STAFF_COMPLAINT_LIMITS.text);
  if (errors.length) return errors;
  const agreement = { text: text.trim(), parties: ['ansatt', 'ledelse'] as Party[], signOffs: [], at: now, by: by.userId };
  return {
    complaint: { ...c, measures: { ...c.measures, agreement } },
    log: { at: now, actorId: by.userId, action: 'veiledningsavtale', detail: `ref=${c.ref}` },
  };
}

/**
 * Step 9.3: the evaluation, on or after the date set, of whether the wanted result is reached. It is
 * one of the further meetings, so «skal tillitsvalgte være til stede» (step 8) is recorded as required.
 */
export function recordEvaluation(
  c: StaffComplaint,
  actor: Membership | undefined,
  d: { date: string; achieved: boolean; note: string; unionRepPresent?: boolean },
  ctx: { now: string; today: LocalDate },
): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  if (!c.measures) throw new StaffComplaintError('NO_MEASURES');
  if (c.measures.evaluation) throw new StaffComplaintError('ALREADY_RECORDED', { step: 'evaluering' });
  if (ctx.today < c.measures.evaluationOn) throw new StaffComplaintError('EVALUATION_NOT_DUE', { evaluering: c.measures.evaluationOn });
  const errors: Errors = [];
  if (dateError(errors, 'date', d.date, ctx.today) && d.date < c.measures.evaluationOn) errors.push({ field: 'date', problem: 'notDue' });
  textError(errors, 'note', d.note, false, STAFF_COMPLAINT_LIMITS.note);
  if (d.unionRepPresent !== true) errors.push({ field: 'unionRepPresent', problem: 'unionRepRequired' });
  if (errors.length) return errors;
  const evaluation = { date: d.date, achieved: d.achieved === true, note: d.note.trim(), at: ctx.now, by: by.userId };
  return {
    complaint: { ...c, measures: { ...c.measures, evaluation } },
    log: { at: ctx.now, actorId: by.userId, action: 'evaluering', detail: `ref=${c.ref};dato=${d.date};oppnadd=${evaluation.achieved ? 'ja' : 'nei'}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Step 10: rejection and møtebok

/** The employee rejects the complaint and/or the mentoring; the leadership must call them in. */
export function recordRejection(c: StaffComplaint, actor: Membership | undefined, what: string, now: string): StaffComplaintResult {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (!c.employeeTalk) throw new StaffComplaintError('EMPLOYEE_TALK_FIRST');
  if (!(REJECTED_WHAT as readonly string[]).includes(what)) throw new DomainError('INVALID_INPUT', { field: 'what' });
  if ((what === 'veiledning' || what === 'begge') && !c.measures) throw new StaffComplaintError('NO_MEASURES');
  if ((what === 'veiledning' || what === 'begge') && !c.measures!.mentorArea) throw new StaffComplaintError('NO_MENTORING');
  if (c.rejection) throw new StaffComplaintError('ALREADY_RECORDED', { step: 'avvist' });
  return {
    complaint: { ...c, rejection: { what: what as RejectedWhat, at: now, by: by.userId } },
    log: { at: now, actorId: by.userId, action: 'avvist', detail: `ref=${c.ref};avvist=${what}` },
  };
}

export interface MeetingRecordDraft {
  date: string;
  participants: string[];
  unionRepPresent: boolean;
  agreed: boolean;
  agreementText: string;
  employeeView: string;
  leadershipView: string;
}

/**
 * Step 10's møtebok. The union representative must be there. Agreement: what was agreed, to be
 * signed by the parties. Disagreement: the date, who took part and each side's view.
 */
export function recordMeetingRecord(
  c: StaffComplaint,
  actor: Membership | undefined,
  d: MeetingRecordDraft,
  ctx: { now: string; today: LocalDate },
): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  if (!c.rejection) throw new StaffComplaintError('NOT_REJECTED');
  if (c.meetingRecord) throw new StaffComplaintError('ALREADY_RECORDED', { step: 'motebok' });
  const errors: Errors = [];
  dateError(errors, 'date', d.date, ctx.today, lastDate(c));
  const participants = d.participants.map((p) => p.trim()).filter((p) => p !== '');
  if (participants.length < 2) errors.push({ field: 'participants', problem: 'required' });
  else if (participants.length > STAFF_COMPLAINT_LIMITS.participants) errors.push({ field: 'participants', problem: 'tooMany', limit: STAFF_COMPLAINT_LIMITS.participants });
  else if (participants.some((p) => p.length > STAFF_COMPLAINT_LIMITS.name)) errors.push({ field: 'participants', problem: 'tooLong', limit: STAFF_COMPLAINT_LIMITS.name });
  if (d.unionRepPresent !== true) errors.push({ field: 'unionRepPresent', problem: 'unionRepRequired' });
  if (d.agreed) textError(errors, 'agreementText', d.agreementText, true, STAFF_COMPLAINT_LIMITS.text);
  else {
    textError(errors, 'employeeView', d.employeeView, true, STAFF_COMPLAINT_LIMITS.text);
    textError(errors, 'leadershipView', d.leadershipView, true, STAFF_COMPLAINT_LIMITS.text);
  }
  if (errors.length) return errors;
  const record: MeetingRecord = {
    date: d.date,
    participants,
    unionRepPresent: true,
    agreed: d.agreed === true,
    agreementText: d.agreed ? d.agreementText.trim() : '',
    employeeView: d.employeeView.trim(),
    leadershipView: d.leadershipView.trim(),
    parties: d.agreed ? ['ansatt', 'tillitsvalgt', 'ledelse'] : [],
    signOffs: [],
    at: ctx.now,
    by: by.userId,
  };
  return {
    complaint: { ...c, meetingRecord: record },
    log: { at: ctx.now, actorId: by.userId, action: 'motebok', detail: `ref=${c.ref};dato=${d.date};deltakere=${participants.length};enighet=${record.agreed ? 'ja' : 'nei'}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Signatures

const withSignOff = (c: StaffComplaint, doc: DocumentKind, s: SignOff): StaffComplaint => {
  if (doc === 'avtale') return { ...c, jointMeeting: { ...c.jointMeeting!, signOffs: [...c.jointMeeting!.signOffs, s] } };
  if (doc === 'veiledningsavtale') return { ...c, measures: { ...c.measures!, agreement: { ...c.measures!.agreement!, signOffs: [...c.measures!.agreement!.signOffs, s] } } };
  return { ...c, meetingRecord: { ...c.meetingRecord!, signOffs: [...c.meetingRecord!.signOffs, s] } };
};

/**
 * A party signs a written agreement or møtebok. The employee signs their own part by pressing the
 * button; the leader signs for the leadership and confirms the paper signatures of the union
 * representative and the complainant (and the employee's, if they signed on paper). Once per party.
 */
export function signOff(c: StaffComplaint, actor: Membership | undefined, doc: DocumentKind, party: Party, now: string): SignOffResult {
  const view = staffComplaintView(c, actor);
  if (view === 'none') throw new DomainError('CASE_NOT_FOUND');
  if (view === 'employee' && party !== 'ansatt') throw new DomainError('NO_ROLE', { ask: 'leder' });
  if (c.status === 'avsluttet') throw new DomainError('CASE_CLOSED');
  const d = documentOf(c, doc);
  if (!d || !d.parties.includes(party)) throw new StaffComplaintError('NOT_SIGNABLE', { doc, party });
  if (d.signOffs.some((s) => s.party === party)) return { complaint: c, log: undefined };
  return {
    complaint: withSignOff(c, doc, { party, at: now, by: actor!.userId }),
    log: { at: now, actorId: actor!.userId, action: 'signert', detail: `ref=${c.ref};dokument=${doc};part=${party}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Closing

/**
 * Closes the complaint with a note. The employee must have been informed; after a rejection the
 * møtebok is required. Otherwise the leader judges when it is resolved (as the teaching complaint).
 */
export function closeStaffComplaint(c: StaffComplaint, actor: Membership | undefined, note: string, now: string): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (c.rejection && !c.meetingRecord) throw new StaffComplaintError('MOTEBOK_MISSING');
  const errors: Errors = [];
  textError(errors, 'note', note, true, STAFF_COMPLAINT_LIMITS.note);
  if (errors.length) return errors;
  return {
    complaint: { ...c, status: 'avsluttet', closing: { note: note.trim(), at: now, by: by.userId } },
    log: { at: now, actorId: by.userId, action: 'personalklage_avsluttet', detail: `ref=${c.ref};steg=${nextStep(c)}` },
  };
}
