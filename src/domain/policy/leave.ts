/**
 * The leave request's rule (seed 003, SPEC §3.4).
 *
 * - It is seen by the one who decides it, the kontaktlærer who registered it, rektor, and those
 *   told the outcome: the elevrådgiver and «administrasjonen» — the school office (postfordeler),
 *   not the IT admin role (SPEC §3.4). Nobody else learns it exists.
 * - Only the one it went to decides it (the kontaktlærer for one day, the avdelingsleder for more),
 *   once, and only while they hold that role: access ends with the role.
 */
import type { LeaveRequest } from '../leave';
import { hasRole } from '../people';
import { at, no, notFound, yes, type Decision, type Subject } from './types';

export const LEAVE_ACTIONS = ['se', 'avgjore'] as const;
export type LeaveAction = (typeof LEAVE_ACTIONS)[number];

export function decideLeave(action: LeaveAction, l: LeaveRequest, s: Subject): Decision {
  const m = at(s, l);
  const decider = !!m && m.userId === l.deciderId && (hasRole(m, 'avdelingsleder') || hasRole(m, 'kontaktlaerer'));
  const registrar = !!m && m.userId === l.registeredBy && hasRole(m, 'kontaktlaerer');
  const told = !!m && (hasRole(m, 'elevradgiver') || hasRole(m, 'postfordeler'));
  if (!m || !(decider || registrar || told || hasRole(m, 'rektor'))) return notFound;
  if (action === 'se') return yes;
  if (!decider) return no('common.NO_ROLE', 'ingen');
  return l.status !== 'til_avdelingsleder' ? no('leave.DECIDED', 'ingen') : yes;
}
