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

/**
 * The one shape of every refusal a user can cause: a stable code from a catalogue, and detail safe
 * to log. The shared catalogue is DomainError's; a routine with refusals of its own (the two
 * complaint routines) has its own catalogue on the same base, so one refusal mapper serves them all.
 */
export class CodedError<C extends string> extends Error {
  constructor(
    readonly code: C,
    /** Safe, non-personal detail for logs (ids, limits, stage numbers), never shown raw to users. */
    readonly detail?: Record<string, string | number>,
  ) {
    super(code);
    // 'DomainError', 'ComplaintError', …: what logs and stack traces call it.
    this.name = new.target.name;
  }
}

export class DomainError extends CodedError<ErrorCode> {}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** Any refusal from any catalogue: what one refusal mapper turns into the user's words. */
export const isCodedError = (e: unknown): e is CodedError<string> => e instanceof CodedError;

/** A form's problem with one field, for the card to show beside it (the form itself is kept). */
export interface FieldError<P extends string> {
  field: string;
  problem: P;
  limit?: number;
}
