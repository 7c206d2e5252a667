/**
 * The skolemiljø case's access rule lives in the policy (src/domain/policy/case.ts), beside the
 * rules of every other record type; this name stays for the code that asks it about a case.
 */
export { CASE_ACTIONS as ACTIONS, decideCase as decide, mayOnCase as may, type CaseAction as Action } from './policy/case';
export type { Ask, Decision } from './policy/types';
