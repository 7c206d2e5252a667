/**
 * The rules of records that belong to a school or a class rather than to one pupil's matter: the
 * class roster with its conversations (seed 002/003), the årshjul (004 §3–7) and the roles
 * overview. A refusal here tells nothing about any record (it depends only on the person's own
 * roles), so it may name whom to ask.
 *
 * - Klasseliste og elevsamtaler: only the class's own kontaktlærer sees or changes them.
 * - Årshjul: every member of staff at the school sees it; rektor and the school's admin change it.
 * - Roller: rektor and the school's admin see who holds which role.
 * - Oversikt (issue 17): the school's figures, counts only, for rektor and the school owner.
 */
import { hasRole, isStaff } from '../people';
import { at, no, yes, type Decision, type Subject } from './types';

export interface SchoolRef {
  tenantId: string;
  schoolId: string;
}
export interface RosterRef extends SchoolRef {
  className: string;
}

export const ROSTER_ACTIONS = ['se', 'endre'] as const;
export type RosterAction = (typeof ROSTER_ACTIONS)[number];
export const ANNUAL_ACTIONS = ['se', 'endre'] as const;
export type AnnualAction = (typeof ANNUAL_ACTIONS)[number];
export const ROLES_ACTIONS = ['se'] as const;
export const OVERVIEW_ACTIONS = ['se'] as const;
export type OverviewAction = (typeof OVERVIEW_ACTIONS)[number];
export type RolesAction = (typeof ROLES_ACTIONS)[number];

export function decideRoster(_action: RosterAction, r: RosterRef, s: Subject): Decision {
  const m = at(s, r);
  return m && hasRole(m, 'kontaktlaerer') && m.classes.includes(r.className) ? yes : no('common.NO_ROLE', 'rektor');
}

export function decideAnnual(action: AnnualAction, r: SchoolRef, s: Subject): Decision {
  const m = at(s, r);
  if (!m || !isStaff(m)) return no('common.NOT_STAFF', 'ingen');
  if (action === 'se') return yes;
  return hasRole(m, 'rektor') || hasRole(m, 'admin') ? yes : no('common.NO_ROLE', 'ingen');
}

export function decideRoles(_action: RolesAction, r: SchoolRef, s: Subject): Decision {
  const m = at(s, r);
  return m && (hasRole(m, 'rektor') || hasRole(m, 'admin')) ? yes : no('common.NO_ROLE', 'ingen');
}

/** The figures of the school (counts only): rektor of the school, and the school owner where they hold the role there. */
export function decideOverview(_action: OverviewAction, r: SchoolRef, s: Subject): Decision {
  const m = at(s, r);
  return m && (hasRole(m, 'rektor') || hasRole(m, 'skoleeier')) ? yes : no('overview.NOT_ALLOWED', 'ingen');
}
