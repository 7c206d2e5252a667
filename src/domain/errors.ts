/**
 * Errors a user can cause. Each has a stable code; the Teams adapter turns the code into a
 * friendly message in the user's language (src/i18n). Nothing here carries pupil data.
 */
export const ERROR_CODES = [
  'NOT_STAFF',
  'SCHOOL_UNKNOWN',
  'NO_ROLE',
  'CASE_NOT_FOUND',
  'ALREADY_FORWARDED',
  'ALREADY_DECIDED',
  'NOT_ESCALATION_CASE',
  'LEADER_INVALID',
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
  'CONFLICT',
  'UNKNOWN_ACTION',
  'MEMBER_INVALID',
  'ALREADY_CONNECTED',
  'INVESTIGATION_FIRST',
  'PLAN_NOT_DUE',
  'PLAN_FIRST',
  'ALREADY_EVALUATED',
  'EVALUATE_FIRST',
  'CASE_CLOSED',
  'NOT_FORWARDED',
  'LEAVE_DECIDED',
  'ALREADY_RECORDED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Safe, non-personal detail for logs (ids, limits), never shown raw to users. */
    readonly detail?: Record<string, string | number>,
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
