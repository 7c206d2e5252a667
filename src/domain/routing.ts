/**
 * Who is told what when a report is made (004 §8.3, SPEC §3.1.2), and who may see a case (§4).
 */
import { decideCase } from './policy/case';
import { SkolemiljoCase } from './case';
import { hasRole, Membership } from './people';
import { SchoolClass } from './school';

export type NoticeKind = 'rektor' | 'postfordeler' | 'skoleeier' | 'leder' | 'kvittering' | 'status' | 'miljoteam' | 'avsluttet' | 'omklassifisert';

export interface Notice {
  recipientId: string;
  kind: NoticeKind;
}

const withRole = (staff: Membership[], role: Parameters<typeof hasRole>[1]) =>
  staff.filter((m) => hasRole(m, role));

/** The roles a case must reach; a school can lose its rektor or school-owner contact at runtime. */
export type NeededRole = 'rektor' | 'skoleeier';

/**
 * A notice to whoever holds a role when it is sent: stored in the outbox like any notice, and
 * resolved to people by the sweep as soon as the school has someone in that role (deliver-notices).
 */
export const roleRecipient = (role: NeededRole): string => `role:${role}`;
export const neededRoleOf = (recipientId: string): NeededRole | undefined =>
  recipientId === 'role:rektor' ? 'rektor' : recipientId === 'role:skoleeier' ? 'skoleeier' : undefined;

/** Who must have a new case: the school owner for a §12-5 or leadership case, rektor unless leadership. */
const neededFor = (c: SkolemiljoCase): NeededRole[] =>
  c.route === 'ledelse' ? ['skoleeier'] : c.route === 'skjerpet' ? ['rektor', 'skoleeier'] : ['rektor'];

/** The roles a new case must reach that nobody at the school holds now (the receipt says so). */
export function unreachable(c: SkolemiljoCase, staff: Membership[]): NeededRole[] {
  const at = staff.filter((m) => m.schoolId === c.schoolId);
  return neededFor(c).filter((role) => withRole(at, role).length === 0);
}

/** Notices to every holder of a role, or one that waits for someone to hold it. */
function toRole(staff: Membership[], role: NeededRole, kind: NoticeKind): Notice[] {
  const holders = withRole(staff, role).map((m) => ({ recipientId: m.userId, kind }));
  return holders.length ? holders : [{ recipientId: roleRecipient(role), kind }];
}

/**
 * Notices sent when a report is saved (004 §8.3: «Varselet blir sendt til skolens postfordeler og
 * rektor»). A §12-5 report reaches the school owner at the same moment (opplæringslova § 12-5
 * «Rektor skal varsle skoleeigaren»); a leadership case reaches the school owner only. Nobody to
 * receive it is never an empty list: the notice waits for the role.
 */
export function noticesForNewCase(c: SkolemiljoCase, staff: Membership[]): Notice[] {
  const at = staff.filter((m) => m.schoolId === c.schoolId);
  if (c.route === 'ledelse') return toRole(at, 'skoleeier', 'skoleeier');
  return [
    ...toRole(at, 'rektor', 'rektor'),
    ...withRole(at, 'postfordeler').map((m) => ({ recipientId: m.userId, kind: 'postfordeler' as const })),
    ...(c.route === 'skjerpet' ? toRole(at, 'skoleeier', 'skoleeier') : []),
  ];
}

/** The school owner told later: a case marked especially serious, or a §12-5 report reclassified. */
export function noticesToOwner(c: SkolemiljoCase, staff: Membership[], kind: 'skoleeier' | 'omklassifisert'): Notice[] {
  return toRole(staff.filter((m) => m.schoolId === c.schoolId), 'skoleeier', kind);
}

/** The avdelingsleder for the pupil's trinn; empty when the school has none. */
export function suggestLeader(className: string, classes: SchoolClass[], staff: Membership[]): string {
  const cls = classes.find((k) => k.name === className);
  const leaders = withRole(staff, 'avdelingsleder');
  const forTrinn = cls ? leaders.find((m) => m.trinn.includes(cls.trinn)) : undefined;
  return (forTrinn ?? leaders[0])?.userId ?? '';
}

export type CaseView = 'full' | 'status' | 'none';

/** What a person may see of a case: the access rule decides (src/domain/policy/case.ts). */
export function viewOf(c: SkolemiljoCase, m: Membership | undefined, userId: string): CaseView {
  if (decideCase('se_sak', c, m, userId).allowed) return 'full';
  if (decideCase('se_status', c, m, userId).allowed) return 'status';
  return 'none';
}

/** The people who may press the buttons on the case card right now (for refresh.userIds). */
export function actorsFor(c: SkolemiljoCase, staff: Membership[]): string[] {
  if (c.route === 'ledelse' || c.status === 'avsluttet') return [];
  const rektors = withRole(staff.filter((m) => m.schoolId === c.schoolId), 'rektor').map((m) => m.userId);
  if (c.status === 'meldt') return rektors;
  // Casework: the nærmeste leder, and rektor who may step in.
  return [...new Set([c.leaderId, ...rektors].filter(Boolean))];
}
