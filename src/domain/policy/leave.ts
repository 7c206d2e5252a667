/**
 * The leave request's rule (seed 003, SPEC §3.4).
 *
 * - It is seen by the one who decides it, the kontaktlærer who registered it, rektor, and those
 *   told the outcome (elevrådgiver, the school office: postfordeler, admin). Nobody else learns it exists.
 * - Only the one it went to decides it (the kontaktlærer for one day, the avdelingsleder for more),
 *   once.
 */
import { leaveOutcomeRecipients, type LeaveRequest } from '../leave';
import { hasRole } from '../people';
import { at, no, notFound, yes, type Decision, type Subject } from './types';

export const LEAVE_ACTIONS = ['se', 'avgjore'] as const;
export type LeaveAction = (typeof LEAVE_ACTIONS)[number];

export function decideLeave(action: LeaveAction, l: LeaveRequest, s: Subject): Decision {
  const m = at(s, l);
  const sees = !!m && (m.userId === l.deciderId || m.userId === l.registeredBy || hasRole(m, 'rektor') || leaveOutcomeRecipients(l, [m]).includes(m.userId));
  if (!sees) return notFound;
  if (action === 'se') return yes;
  if (m.userId !== l.deciderId) return no('NO_ROLE', 'ingen');
  return l.status !== 'til_avdelingsleder' ? no('LEAVE_DECIDED', 'ingen') : yes;
}
