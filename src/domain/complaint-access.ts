/**
 * Who may act on a teaching complaint (klage på opplæring), and the form checks every step
 * shares: used by the rules in complaint.ts and complaint-minutes.ts.
 */
import { DomainError } from './errors';
import { hasRole, isStaff, type Membership } from './people';
import { COMPLAINT_LIMITS, type ComplaintFormError, type ComplaintStage, type TeachingComplaint } from './complaint-records';

export const isLeader = (m: Membership): boolean => hasRole(m, 'avdelingsleder') || hasRole(m, 'rektor');

export const atSchool = (c: TeachingComplaint, m: Membership | undefined): m is Membership =>
  !!m && m.tenantId === c.tenantId && m.schoolId === c.schoolId;

/** The parts a member of staff has in a complaint; none at all when they are at another school. */
export interface ComplaintRoles {
  teacher: boolean;
  registrar: boolean;
  leader: boolean;
  rektor: boolean;
  participant: boolean;
  sees: boolean;
}

export function complaintRoles(c: TeachingComplaint, m: Membership | undefined): ComplaintRoles {
  if (!atSchool(c, m)) return { teacher: false, registrar: false, leader: false, rektor: false, participant: false, sees: false };
  const teacher = m.userId === c.teacherId;
  const registrar = m.userId === c.registeredBy;
  const leader = m.userId === c.leaderId && isLeader(m);
  const rektor = hasRole(m, 'rektor');
  const participant = c.minutes.some((x) => x.participants.staffIds.includes(m.userId));
  // Someone who has acted on it (e.g. the leader who received it and handed it on) knows it exists.
  const involved = c.writtenComplaint?.receivedBy === m.userId || c.skips.some((x) => x.by === m.userId) || c.toRektor?.by === m.userId;
  return { teacher, registrar, leader, rektor, participant, sees: teacher || registrar || leader || rektor || participant || involved };
}

/**
 * Who acts at each stage. Stages 1–2 are the dialogue between teacher and pupils: the faglærer,
 * whoever registered the complaint (the kontaktlærer), the responsible leader and rektor may
 * record them. Stages 3–4 are the responsible leader's ("Leder med elevoppfølgingsansvar").
 * Stage 5 is rektor's.
 */
export function mayActAt(stage: ComplaintStage, r: ComplaintRoles): boolean {
  if (stage <= 2) return r.teacher || r.registrar || r.leader || r.rektor;
  if (stage <= 4) return r.leader;
  return r.rektor;
}

/** A refusal that would reveal the complaint to someone who does not see it says "not found". */
export function refuse(r: ComplaintRoles, ask: 'leder' | 'rektor'): never {
  if (!r.sees) throw new DomainError('common.NOT_FOUND');
  throw new DomainError('common.NO_ROLE', { ask });
}

export function requireActor(c: TeachingComplaint, actor: Membership | undefined, stage: ComplaintStage): Membership {
  const r = complaintRoles(c, actor);
  if (!mayActAt(stage, r)) refuse(r, stage === 5 ? 'rektor' : 'leder');
  if (c.status === 'avsluttet') throw new DomainError('common.CLOSED');
  return actor!;
}

/**
 * Who registers a complaint at the school: the subject teacher about their own teaching, an
 * avdelingsleder or rektor. Seed 001 §1: «Ingen ansatte skal ta imot klage fra elever eller foreldre
 * på andre kollegaer»; seed 000 has the pupils first «be om en samtale med læreren som har faget»,
 * then the written complaint goes to «leder med elevoppfølgingsansvar». The two agree once read
 * together: the teacher the complaint is about takes it (it is not about a colleague), and
 * otherwise only the leadership does. The kontaktlærer of the class has no part in either routine,
 * so a complaint about another teacher's teaching is redirected like any other complaint about a
 * colleague. `klass` stays in the signature: the class is checked against the school by the caller.
 */
export function mayRegisterComplaint(actor: Membership | undefined, schoolId: string, teacherId: string, _klass: string): boolean {
  if (!actor || actor.schoolId !== schoolId || !isStaff(actor) || hasRole(actor, 'skoleeier')) return false;
  return actor.userId === teacherId || isLeader(actor);
}

// ---------------------------------------------------------------------------------------------
// Form checks

export const pupilErrors = (field: string, pupils: string[], required: boolean): ComplaintFormError[] => {
  const errors: ComplaintFormError[] = [];
  const names = pupils.map((p) => p.trim());
  if (required && names.filter((p) => p !== '').length === 0) errors.push({ field, problem: 'required', role: 'tillitselev' });
  if (names.length > COMPLAINT_LIMITS.pupils) errors.push({ field, problem: 'tooMany', limit: COMPLAINT_LIMITS.pupils });
  if (names.some((p) => p.length > COMPLAINT_LIMITS.pupilName)) errors.push({ field, problem: 'tooLong', limit: COMPLAINT_LIMITS.pupilName });
  const given = names.filter((p) => p !== '');
  if (new Set(given.map((p) => p.toLowerCase())).size < given.length) errors.push({ field, problem: 'duplicate' });
  return errors;
};

export const cleanPupils = (pupils: string[]): string[] => pupils.map((p) => p.trim()).filter((p) => p !== '');

export const textError = (errors: ComplaintFormError[], field: string, v: string, required: boolean, limit: number): void => {
  if (required && v.trim() === '') errors.push({ field, problem: 'required' });
  else if (v.length > limit) errors.push({ field, problem: 'tooLong', limit });
};
