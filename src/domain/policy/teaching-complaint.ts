/**
 * The teaching complaint's rule (seed 000, klage på opplæring). Who has a part in it is
 * complaintRoles() in domain/complaint-access.ts, which the stage rules share; here it becomes the
 * one answer to "may this person see it / act at this stage".
 *
 * - Nobody without a part (the faglærer, whoever registered it, the responsible leader, rektor,
 *   a minutes participant, someone who acted on it) learns that it exists.
 * - Stages 1–2 (the dialogue): faglærer, registrar, leader, rektor. Stages 3–4: the leader.
 *   Stage 5: rektor. A closed complaint takes no further step.
 */
import { complaintRoles, mayActAt } from '../complaint-access';
import type { TeachingComplaint } from '../complaint-records';
import { at, no, notFound, yes, type Decision, type Subject } from './types';

export const TEACHING_COMPLAINT_ACTIONS = ['se', 'dialog', 'lederens_trinn', 'rektors_trinn'] as const;
export type TeachingComplaintAction = (typeof TEACHING_COMPLAINT_ACTIONS)[number];

const STAGE = { dialog: 1, lederens_trinn: 3, rektors_trinn: 5 } as const;

export function decideTeachingComplaint(action: TeachingComplaintAction, c: TeachingComplaint, s: Subject): Decision {
  const r = complaintRoles(c, at(s, c));
  if (!r.sees) return notFound;
  if (action === 'se') return yes;
  if (!mayActAt(STAGE[action], r)) return no('common.NO_ROLE', action === 'rektors_trinn' ? 'rektor' : 'leder');
  return c.status === 'avsluttet' ? no('common.CLOSED', 'ingen') : yes;
}
