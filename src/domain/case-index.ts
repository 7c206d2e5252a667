/**
 * Who a skolemiljø case may concern, as index keys: «mine saker» reads the index rows of the
 * user's own key and of their roles instead of every case of the school. The index only narrows
 * the candidates; whether the user sees a case, and how much, is decided by the access rule on
 * the case itself (a stale row, e.g. of someone who lost a role, shows nothing).
 */
import type { SkolemiljoCase } from './case';
import { caseworkOf } from './casework-records';
import type { Membership, Role } from './people';

/** `u.<userId>` for the people named on the case; a role name for those who see by their role. */
export type Audience = string;

const ROLE_AUDIENCES = ['rektor', 'skoleeier'] as const satisfies readonly Role[];

export function audiencesOf(c: SkolemiljoCase): Audience[] {
  const people = [c.reporterId, c.leaderId, ...caseworkOf(c).members.map((m) => m.userId)].filter(Boolean).map((id) => `u.${id}`);
  // A case about the leadership is the school owner's alone; others reach the owner once notified.
  const roles = c.route === 'ledelse' ? ['skoleeier'] : c.escalation.state === 'varslet' ? ['rektor', 'skoleeier'] : ['rektor'];
  return [...new Set([...people, ...roles])];
}

/** The index keys a member of staff reads: their own, and their roles' at that school. */
export function audiencesFor(m: Pick<Membership, 'userId' | 'roles'>): Audience[] {
  return [`u.${m.userId}`, ...ROLE_AUDIENCES.filter((r) => m.roles.includes(r))];
}

/** The earliest deadline the case's follow-up has open ('' when none): overdue cases come first. */
export function openDeadline(c: SkolemiljoCase): string {
  if (c.route === 'ledelse' || c.status === 'avsluttet') return '';
  const dates = [!c.investigationRecordedAt ? c.investigationDue : '', caseworkOf(c).evaluationDue].filter(Boolean).sort();
  return dates[0] ?? '';
}
