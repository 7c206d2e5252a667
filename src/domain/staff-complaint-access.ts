/**
 * Who may act on a complaint about a member of staff (seed 001), what each of them sees, and the
 * checks every step's form shares. The public part is exported from staff-complaint.ts.
 */
import { DomainError } from './errors';
import { hasRole, isStaff, type Membership } from './people';
import { isCalendarDate } from './report';
import type { LocalDate } from './school-calendar';
import { type StaffComplaint, StaffComplaintError, type StaffComplaintFormError } from './staff-complaint-records';

export const isLeader = (m: Membership): boolean => hasRole(m, 'avdelingsleder') || hasRole(m, 'rektor');

export const atSchool = (c: { tenantId: string; schoolId: string }, m: Membership | undefined): m is Membership =>
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

export function requireLeader(c: StaffComplaint, actor: Membership | undefined): Membership {
  const view = staffComplaintView(c, actor);
  if (view === 'none') throw new DomainError('common.NOT_FOUND');
  if (view !== 'full') throw new DomainError('common.NO_ROLE', { ask: 'leder' });
  if (c.status === 'avsluttet') throw new DomainError('common.CLOSED');
  return actor!;
}

export function requireInformed(c: StaffComplaint): void {
  if (!c.employeeInformedAt) throw new StaffComplaintError('staffComplaint.EMPLOYEE_NOT_INFORMED');
}

// ---------------------------------------------------------------------------------------------
// Validation helpers

export type Errors = StaffComplaintFormError[];

export const textError = (errors: Errors, field: string, v: string, required: boolean, limit: number): void => {
  if (required && v.trim() === '') errors.push({ field, problem: 'required' });
  else if (v.length > limit) errors.push({ field, problem: 'tooLong', limit });
};

/** A past-or-today date, not before `after` when given. Returns whether it is usable. */
export const dateError = (errors: Errors, field: string, v: string, today: LocalDate, after?: LocalDate): boolean => {
  if (v === '') errors.push({ field, problem: 'required' });
  else if (!isCalendarDate(v)) errors.push({ field, problem: 'invalid' });
  else if (v > today) errors.push({ field, problem: 'future' });
  else if (after && v < after) errors.push({ field, problem: 'order' });
  else return true;
  return false;
};

export const oneOf = <T extends string>(errors: Errors, field: string, v: string, allowed: readonly T[]): v is T => {
  if ((allowed as readonly string[]).includes(v)) return true;
  errors.push({ field, problem: v === '' ? 'required' : 'invalid' });
  return false;
};

/** The latest step's date, so a later step cannot be dated before it. */
export const lastDate = (c: StaffComplaint): LocalDate =>
  [c.reception.talkedOn, c.employeeTalk?.date, c.complainantNotified?.date, c.jointMeeting?.date].filter((d): d is string => !!d).sort().at(-1)!;
