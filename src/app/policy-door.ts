/**
 * The use cases' one door to the policy (src/domain/policy): a record is handed to a person only
 * after `decide` allowed it, and every refusal is thrown the same way. «Not found» carries nobody
 * to ask, so a refused id and an id that was never stored get the same answer (issue 13, L1).
 */
import { DomainError } from '../domain/errors';
import type { Membership } from '../domain/people';
import { decide, type Actions, type Decision, type RecordType, type Records, type Subject } from '../domain/policy';
import type { Actor } from './actor';

/** The person as the policy sees them: their membership stored at the record's school, if any. */
export const subjectOf = (actor: Actor, staff: readonly Membership[], at?: { tenantId: string; schoolId: string }): Subject => ({
  tenantId: actor.tenantId,
  userId: actor.userId,
  membership: staff.find((m) => m.userId === actor.userId && (!at || (m.tenantId === at.tenantId && m.schoolId === at.schoolId))),
});

/** What is thrown for a refused decision. */
export function refusal(d: Exclude<Decision, { allowed: true }>, action: string): DomainError {
  if (d.code === 'common.NOT_FOUND') return notFoundError();
  return new DomainError(d.code, d.ask === 'ingen' ? { action } : { action, ask: d.ask });
}

/** The one «not found»: for a record that does not exist and for one the person may not know of. */
export const notFoundError = (): DomainError => new DomainError('common.NOT_FOUND');

/** Throws the refusal unless the policy allows `action` on the record for this person. */
export function enforce<T extends RecordType>(subject: Subject, action: Actions[T], record: { type: T; value: Records[T] }): void {
  const d = decide(subject, action, record);
  if (!d.allowed) throw refusal(d, String(action));
}

/** Whether the policy allows it (for lists: what a person is shown at all). */
export const allows = <T extends RecordType>(subject: Subject, action: Actions[T], record: { type: T; value: Records[T] }): boolean => decide(subject, action, record).allowed;
