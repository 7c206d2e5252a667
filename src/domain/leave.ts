/**
 * Leave (permisjon) for a pupil (seed 003, SPEC §3.4): "Kontaktlærer kan gi elever permisjon i
 * inntil 1 dag. Ved permisjon utover dette skal kontaktlærer sende søknaden videre til
 * avdelingsleder." The decision is recorded, and the kontaktlærer, the elevrådgiver and the
 * administration are told the outcome.
 */
import { DomainError } from './errors';
import { hasRole, type Membership } from './people';
import { isCalendarDate } from './report';
import { addDays, isSchoolDay, type LocalDate, type SchoolCalendar } from './school-calendar';

/** The kontaktlærer may grant leave of up to this many school days. */
export const CONTACT_TEACHER_MAX_DAYS = 1;
export const LEAVE_LIMITS = { pupilName: 100, reason: 1000, note: 1000, maxDays: 200 } as const;

export type LeaveStatus = 'til_avdelingsleder' | 'innvilget' | 'avslatt';

export interface LeaveRequest {
  tenantId: string;
  schoolId: string;
  leaveId: string;
  ref: string;
  pupilName: string;
  pupilClass: string;
  from: LocalDate;
  to: LocalDate;
  /** School days the leave covers (weekends, holidays and breaks do not count). */
  schoolDays: number;
  reason: string;
  /** The kontaktlærer who registered the request. */
  registeredBy: string;
  registeredAt: string;
  /** Who decides: the kontaktlærer for one day, else the trinn's avdelingsleder. */
  deciderId: string;
  status: LeaveStatus;
  decidedBy: string;
  decidedAt: string;
  note: string;
  etag?: string;
}

export interface LeaveDraft {
  pupilName: string;
  pupilClass: string;
  from: string;
  to: string;
  reason: string;
}

export interface LeaveError {
  field: keyof LeaveDraft;
  problem: 'required' | 'tooLong' | 'invalid' | 'order' | 'noSchoolDays' | 'tooMany';
  limit?: number;
}

/** School days from `from` to `to`, both included. */
export function leaveSchoolDays(from: LocalDate, to: LocalDate, cal: SchoolCalendar): number {
  let n = 0;
  for (let d = from; d <= to && n <= LEAVE_LIMITS.maxDays; d = addDays(d, 1)) if (isSchoolDay(d, cal)) n++;
  return n;
}

export function validateLeave(d: LeaveDraft, ctx: { classes: string[]; calendar: SchoolCalendar }): LeaveError[] {
  const errors: LeaveError[] = [];
  if (d.pupilName.trim() === '') errors.push({ field: 'pupilName', problem: 'required' });
  else if (d.pupilName.length > LEAVE_LIMITS.pupilName) errors.push({ field: 'pupilName', problem: 'tooLong', limit: LEAVE_LIMITS.pupilName });
  if (d.pupilClass === '') errors.push({ field: 'pupilClass', problem: 'required' });
  else if (!ctx.classes.includes(d.pupilClass)) errors.push({ field: 'pupilClass', problem: 'invalid' });
  for (const f of ['from', 'to'] as const) {
    if (d[f] === '') errors.push({ field: f, problem: 'required' });
    else if (!isCalendarDate(d[f])) errors.push({ field: f, problem: 'invalid' });
  }
  if (d.reason.trim() === '') errors.push({ field: 'reason', problem: 'required' });
  else if (d.reason.length > LEAVE_LIMITS.reason) errors.push({ field: 'reason', problem: 'tooLong', limit: LEAVE_LIMITS.reason });
  if (!errors.some((e) => e.field === 'from' || e.field === 'to')) {
    if (d.to < d.from) errors.push({ field: 'to', problem: 'order' });
    else {
      const days = leaveSchoolDays(d.from, d.to, ctx.calendar);
      if (days === 0) errors.push({ field: 'from', problem: 'noSchoolDays' });
      else if (days > LEAVE_LIMITS.maxDays) errors.push({ field: 'to', problem: 'tooMany', limit: LEAVE_LIMITS.maxDays });
    }
  }
  return errors;
}

/** Only the pupil's own kontaktlærer registers a leave request for the class. */
export const mayRegisterLeave = (m: Membership | undefined, pupilClass: string): boolean =>
  !!m && hasRole(m, 'kontaktlaerer') && m.classes.includes(pupilClass);

/** The avdelingsleder for the class's trinn; undefined when the school has none. */
export function leaveLeaderFor(trinn: number | undefined, staff: Membership[]): Membership | undefined {
  const leaders = staff.filter((m) => hasRole(m, 'avdelingsleder'));
  return (trinn !== undefined ? leaders.find((m) => m.trinn.includes(trinn)) : undefined) ?? leaders[0];
}

export function registerLeave(
  actor: Membership | undefined,
  d: LeaveDraft,
  o: { leaveId: string; ref: string; now: string; schoolDays: number; leader: Membership | undefined },
): LeaveRequest {
  if (!actor || !mayRegisterLeave(actor, d.pupilClass)) throw new DomainError('common.NO_ROLE', { action: 'permisjon', ask: 'rektor' });
  const toLeader = o.schoolDays > CONTACT_TEACHER_MAX_DAYS;
  if (toLeader && !o.leader) throw new DomainError('common.LEADER_INVALID');
  return {
    tenantId: actor.tenantId,
    schoolId: actor.schoolId,
    leaveId: o.leaveId,
    ref: o.ref,
    pupilName: d.pupilName.trim(),
    pupilClass: d.pupilClass,
    from: d.from,
    to: d.to,
    schoolDays: o.schoolDays,
    reason: d.reason.trim(),
    registeredBy: actor.userId,
    registeredAt: o.now,
    deciderId: toLeader ? o.leader!.userId : actor.userId,
    status: 'til_avdelingsleder',
    decidedBy: '',
    decidedAt: '',
    note: '',
  };
}

/** The decision: by the kontaktlærer for one day, by the avdelingsleder for more; a refusal needs a reason. */
export function decideLeave(l: LeaveRequest, actor: Membership | undefined, grant: boolean, note: string, now: string): LeaveRequest {
  if (!actor || actor.userId !== l.deciderId || actor.schoolId !== l.schoolId) throw new DomainError('common.NO_ROLE', { action: 'permisjon' });
  if (l.status !== 'til_avdelingsleder') throw new DomainError('leave.DECIDED');
  if (note.length > LEAVE_LIMITS.note) throw new DomainError('common.INVALID_INPUT', { field: 'note', limit: LEAVE_LIMITS.note });
  if (!grant && note.trim() === '') throw new DomainError('common.INVALID_INPUT', { field: 'note', problem: 'required' });
  return { ...l, status: grant ? 'innvilget' : 'avslatt', decidedBy: actor.userId, decidedAt: now, note: note.trim() };
}

/**
 * Who is told the outcome (003: «leverer original til elev og kopi til elevrådgiver og til
 * administrasjonen»): the kontaktlærer (when someone else decided), the elevrådgivere and the school
 * office (`kontor`). «Administrasjonen» is the office, not the IT `admin` role. A school that has
 * named no office yet sends the copy to its postfordeler, who handles the school's incoming mail,
 * so the copy still reaches the office desk. The one who decided knows.
 */
export function leaveOutcomeRecipients(l: LeaveRequest, staff: Membership[]): string[] {
  const here = staff.filter((m) => m.schoolId === l.schoolId);
  const office = here.some((m) => hasRole(m, 'kontor')) ? here.filter((m) => hasRole(m, 'kontor')) : here.filter((m) => hasRole(m, 'postfordeler'));
  const ids = [l.registeredBy, ...here.filter((m) => hasRole(m, 'elevradgiver')).map((m) => m.userId), ...office.map((m) => m.userId)];
  return [...new Set(ids)].filter((id) => id !== l.decidedBy);
}

export const formatLeaveRef = (year: number, n: number): string => `PE-${year}-${String(n).padStart(4, '0')}`;
