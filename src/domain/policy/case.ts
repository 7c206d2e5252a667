/**
 * The skolemiljø case's rule of the policy: policy/index.ts asks it for a `skolemiljosak`, and the case's own code asks it directly.
 * Who may see and do what with a skolemiljø case (SPEC §4, taushetsplikt). One rule for every
 * role and every action; every handler asks it with the membership stored on the server for the
 * case's school (undefined when the user has none there), never with anything a card sent.
 *
 * - Nobody sees another school's cases.
 * - A case where someone in the school's leadership is suspected: the school owner only (and the
 *   reporter, status only). No school leader sees it, not even rektor.
 * - Rektor sees every other case at the school and may do everything on it.
 * - The nærmeste leder the case was forwarded to does the casework.
 * - Connected miljøteam/elevrådgiver members see the case; they do not decide.
 * - The school owner sees a case once notified (§12-5, especially serious) and may export it.
 * - The reporter sees the status of their own report, never the investigation or the plan.
 */
import type { SkolemiljoCase } from '../case';
import { hasRole, type Membership } from '../people';
import { no, yes, type Ask, type Decision } from './types';

export const CASE_ACTIONS = [
  'se_status',
  'se_sak',
  'videresende',
  'markere_alvorlig',
  'omklassifisere',
  'informere_elev',
  'kalle_inn',
  'koble_til',
  'registrere_undersokelse',
  'lage_plan',
  'evaluere',
  'avslutte',
  'eksportere',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

const CASEWORK: CaseAction[] = ['kalle_inn', 'koble_til', 'registrere_undersokelse', 'lage_plan', 'evaluere', 'avslutte'];
const RECTOR_ONLY: CaseAction[] = ['videresende', 'markere_alvorlig', 'omklassifisere'];

export function decideCase(action: CaseAction, c: SkolemiljoCase, m: Membership | undefined, userId: string): Decision {
  const here = m && m.schoolId === c.schoolId && m.tenantId === c.tenantId ? m : undefined;
  const isReporter = c.reporterId === userId && !!userId;
  // The reporter's own report, status only.
  if (action === 'se_status' && isReporter) return yes;
  if (!here) return no(isReporter ? 'common.NO_ROLE' : 'common.NOT_FOUND', 'ingen');

  const owner = hasRole(here, 'skoleeier');
  // A refusal that would reveal that a case exists names nobody to ask: for that user, it does not.
  const notFound = no('common.NOT_FOUND', 'ingen');
  if (c.route === 'ledelse') {
    if (owner && (action === 'se_status' || action === 'se_sak' || action === 'eksportere')) return yes;
    if (owner || isReporter) return no('common.NO_ROLE', 'skoleeier');
    // Nothing about it to anyone else at the school: the case does not exist for them.
    return notFound;
  }

  const rektor = hasRole(here, 'rektor');
  const forwarded = c.status === 'videresendt' || c.status === 'avsluttet';
  const leader = forwarded && c.leaderId === userId && hasRole(here, 'avdelingsleder');
  // Connected, and still in the miljøteam or an elevrådgiver: access ends with the role.
  const member = (c.work?.members ?? []).some((x) => x.userId === userId) && (hasRole(here, 'miljoteam') || hasRole(here, 'elevradgiver'));
  // Told of the case (§12-5, especially serious), the owner keeps it, also after a reclassification.
  const ownerNotified = owner && c.escalation.state !== 'ikke_aktuell';
  const sees = rektor || leader || member || ownerNotified;
  const hidden = (ask: Ask): Decision => (sees || isReporter ? no('common.NO_ROLE', ask) : notFound);

  if (action === 'se_status') return sees ? yes : notFound;
  if (action === 'se_sak') return sees ? yes : hidden('rektor');
  if (action === 'eksportere') return rektor || leader || ownerNotified ? yes : hidden('leder');
  if (RECTOR_ONLY.includes(action)) {
    if (!rektor) return hidden('rektor');
    return c.status === 'avsluttet' ? no('common.CLOSED', 'ingen') : yes;
  }
  // The pupil told that the school is acting (004 §8.3): rektor, or the leader once forwarded.
  if (action === 'informere_elev') {
    if (!rektor && !leader) return hidden('leder');
    return c.status === 'avsluttet' ? no('common.CLOSED', 'ingen') : yes;
  }
  if (CASEWORK.includes(action)) {
    if (!sees) return hidden('rektor');
    if (c.status === 'avsluttet') return no('common.CLOSED', 'ingen');
    if (!forwarded) return no('case.NOT_FORWARDED', rektor ? 'ingen' : 'rektor');
    // Calling the reporter in is the nærmeste leder's own step (004 §8.3).
    if (action === 'kalle_inn') return leader ? yes : no('common.NO_ROLE', 'leder');
    return leader || rektor ? yes : no('common.NO_ROLE', 'leder');
  }
  return no('common.NO_ROLE', 'rektor');
}

export const mayOnCase = (action: CaseAction, c: SkolemiljoCase, m: Membership | undefined, userId: string): boolean => decideCase(action, c, m, userId).allowed;
