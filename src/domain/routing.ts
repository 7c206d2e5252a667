/**
 * Who is told what when a report is made (004 §8.3, SPEC §3.1.2), and who may see a case (§4).
 */
import { decide } from './access';
import { SkolemiljoCase } from './case';
import { hasRole, Membership } from './people';
import { SchoolClass } from './school';

export type NoticeKind = 'rektor' | 'postfordeler' | 'skoleeier' | 'leder' | 'kvittering' | 'status' | 'miljoteam' | 'avsluttet';

export interface Notice {
  recipientId: string;
  kind: NoticeKind;
}

const withRole = (staff: Membership[], role: Parameters<typeof hasRole>[1]) =>
  staff.filter((m) => hasRole(m, role));

/** Notices sent when a report is saved. A leadership case reaches the school owner only. */
export function noticesForNewCase(c: SkolemiljoCase, staff: Membership[]): Notice[] {
  const at = staff.filter((m) => m.schoolId === c.schoolId);
  if (c.route === 'ledelse') return withRole(at, 'skoleeier').map((m) => ({ recipientId: m.userId, kind: 'skoleeier' }));
  return [
    ...withRole(at, 'rektor').map((m) => ({ recipientId: m.userId, kind: 'rektor' as const })),
    ...withRole(at, 'postfordeler').map((m) => ({ recipientId: m.userId, kind: 'postfordeler' as const })),
  ];
}

/** The avdelingsleder for the pupil's trinn; empty when the school has none. */
export function suggestLeader(className: string, classes: SchoolClass[], staff: Membership[]): string {
  const cls = classes.find((k) => k.name === className);
  const leaders = withRole(staff, 'avdelingsleder');
  const forTrinn = cls ? leaders.find((m) => m.trinn.includes(cls.trinn)) : undefined;
  return (forTrinn ?? leaders[0])?.userId ?? '';
}

export type CaseView = 'full' | 'status' | 'none';

/** What a person may see of a case: the access rule decides (src/domain/access.ts). */
export function viewOf(c: SkolemiljoCase, m: Membership | undefined, userId: string): CaseView {
  if (decide('se_sak', c, m, userId).allowed) return 'full';
  if (decide('se_status', c, m, userId).allowed) return 'status';
  return 'none';
}

/** The people who may press the buttons on the case card right now (for refresh.userIds). */
export function actorsFor(c: SkolemiljoCase, staff: Membership[]): string[] {
  if (c.route === 'ledelse' || c.status === 'avsluttet') return [];
  const rektors = withRole(staff.filter((m) => m.schoolId === c.schoolId), 'rektor').map((m) => m.userId);
  if (c.status === 'meldt' || c.escalation.state === 'venter') return rektors;
  // Casework: the nærmeste leder, and rektor who may step in.
  return [...new Set([c.leaderId, ...rektors].filter(Boolean))];
}
