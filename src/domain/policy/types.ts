/**
 * The words every rule of the policy shares: who asks (Subject), what they are told (Decision),
 * and the two refusals that must look the same whether a record exists or not.
 */
import type { ErrorCode } from '../errors';
import type { Membership } from '../people';

/**
 * The person asking. `membership` is what the directory has stored for them at the record's school
 * (undefined: none there — a pupil, an unknown user, someone from another tenant or school, or
 * someone whose membership was removed). Never anything a card sent.
 */
export interface Subject {
  tenantId: string;
  userId: string;
  membership: Membership | undefined;
}

/** Whom a refused user should ask instead. */
export type Ask = 'rektor' | 'leder' | 'skoleeier' | 'ingen';

export type Decision = { allowed: true } | { allowed: false; code: ErrorCode; ask: Ask };

export const yes: Decision = { allowed: true };
export const no = (code: ErrorCode, ask: Ask): Decision => ({ allowed: false, code, ask });

/**
 * The refusal of someone who may not know the record exists. It names nobody to ask: the same
 * answer as for an id that was never stored, so it tells nothing (issue 13, L1).
 */
export const notFound: Decision = no('common.NOT_FOUND', 'ingen');

/** The subject's membership when it is theirs, at the record's own tenant and school; else none. */
export const at = (s: Subject, r: { tenantId: string; schoolId: string }): Membership | undefined => {
  const m = s.membership;
  return m && s.tenantId === r.tenantId && m.tenantId === r.tenantId && m.schoolId === r.schoolId && m.userId === s.userId ? m : undefined;
};
