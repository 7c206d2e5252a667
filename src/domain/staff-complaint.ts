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
 * signatures, the evaluation) in staff-complaint-progress.ts, steps 7–10 and closing in
 * staff-complaint-resolution.ts; all exported here too. Who may act is in staff-complaint-access.ts.
 */
import { DomainError } from './errors';
import { hasRole, isStaff, type Membership } from './people';
import type { LocalDate } from './school-calendar';
import {
  COMPLAINANT_KINDS,
  type ComplainantKind,
  type EmployeeTalk,
  type Route,
  ROUTES,
  STAFF_COMPLAINT_LIMITS,
  type StaffComplaint,
  StaffComplaintError,
  type StaffComplaintFormError,
  type StaffComplaintResult,
  WRITTEN_STATES,
  type WrittenState,
} from './staff-complaint-records';
import { dateError, type Errors, mayRegisterStaffComplaint, oneOf, requireInformed, requireLeader, textError } from './staff-complaint-access';

export * from './staff-complaint-records';
export * from './staff-complaint-progress';
export * from './staff-complaint-resolution';
export {
  employeeProjection,
  type EmployeeProjection,
  mayRegisterStaffComplaint,
  REDIRECT_STEPS,
  staffComplaintIntake,
  type StaffComplaintIntake,
  staffComplaintView,
  type StaffComplaintView,
} from './staff-complaint-access';
import type { StepClock } from './step';

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
  if (!actor || !mayRegisterStaffComplaint(actor, actor.schoolId)) throw new DomainError('common.NO_ROLE', { action: 'personalklage', ask: 'avdelingsleder' });
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
export function receiveWrittenComplaint(c: StaffComplaint, actor: Membership | undefined, date: string, ctx: StepClock): StaffComplaintResult | Errors {
  const by = requireLeader(c, actor);
  if (c.reception.writtenReceivedAt) throw new StaffComplaintError('staffComplaint.ALREADY_RECORDED', { step: 'skriftlig' });
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
  if (!isPupilOffence(c)) throw new StaffComplaintError('staffComplaint.NOT_PUPIL_OFFENCE');
  if (c.skolemiljoRef) throw new DomainError('case.ALREADY_CONNECTED');
  if (!/^SM-\d{4}-\d{4,}$/.test(caseRef)) throw new DomainError('common.INVALID_INPUT', { field: 'caseRef' });
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
  if (c.employeeInformedAt) throw new StaffComplaintError('staffComplaint.EMPLOYEE_ALREADY_INFORMED');
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
export function recordEmployeeTalk(c: StaffComplaint, actor: Membership | undefined, d: EmployeeTalkDraft, ctx: StepClock): StaffComplaintResult | Errors {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (c.employeeTalk) throw new StaffComplaintError('staffComplaint.ALREADY_RECORDED', { step: 'samtale_ansatt' });
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
export function notifyComplainantGroundless(c: StaffComplaint, actor: Membership | undefined, date: string, ctx: StepClock): StaffComplaintResult | Errors {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (!c.employeeTalk) throw new StaffComplaintError('staffComplaint.EMPLOYEE_TALK_FIRST');
  if (!c.employeeTalk.groundless) throw new StaffComplaintError('staffComplaint.NOT_GROUNDLESS');
  if (c.complainantNotified) throw new StaffComplaintError('staffComplaint.ALREADY_RECORDED', { step: 'klager_underrettet' });
  const errors: Errors = [];
  dateError(errors, 'date', date, ctx.today, c.employeeTalk.date);
  if (errors.length) return errors;
  return {
    complaint: { ...c, complainantNotified: { date, at: ctx.now, by: by.userId } },
    log: { at: ctx.now, actorId: by.userId, action: 'klager_underrettet', detail: `ref=${c.ref};dato=${date}` },
  };
}
