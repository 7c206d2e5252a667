/**
 * Every refusal a user can cause, in one catalogue. A code is namespaced by the routine that
 * raises it (`common.` for what any routine may refuse); what is logged and what the Teams adapter
 * turns into the user's words (src/i18n, `refusals`) is that code. Nothing here carries pupil data.
 */

/**
 * What a detail field is, so the refusal mapper knows how to show it: `log` is for logs only (ids,
 * codes, limits not in the text), `number` is shown as it is, `date` is a calendar day (ISO),
 * `minutesKind` a complaint's minutes kind, and `ask` whom to ask (appended to the text).
 */
export type DetailKind = 'log' | 'number' | 'date' | 'minutesKind' | 'ask';

/** Who refused whom: the action refused, and whom to ask (access refusals). */
const ACCESS = { action: 'log', ask: 'ask' } as const;

/** The catalogue: per namespace, per code, the detail fields the refusal may carry. */
export const REFUSALS = {
  common: {
    /** The person is not staff at any school. */
    NOT_STAFF: ACCESS,
    /** The person is not staff at the school named. */
    SCHOOL_UNKNOWN: {},
    /** The person's role does not allow it. */
    NO_ROLE: ACCESS,
    /** The one «not found»: for a record that does not exist and for one the person may not know of. */
    NOT_FOUND: ACCESS,
    /** The record (case, complaint) is closed. */
    CLOSED: ACCESS,
    /** The leader chosen is not a leader at the school. */
    LEADER_INVALID: {},
    /** Something a card sent is not valid (a verb may name `field` on its own form). */
    INVALID_INPUT: { field: 'log', problem: 'log', index: 'log', limit: 'log' },
    /** A form's payload is larger than the bot takes. */
    PAYLOAD_TOO_LARGE: { limit: 'number' },
    /** A text is larger than storage takes. */
    TEXT_TOO_LARGE: { size: 'log' },
    /** Someone else changed the record at the same time. */
    CONFLICT: { caseId: 'log', complaintId: 'log', leaveId: 'log', className: 'log', field: 'log' },
    /** A card's button names no verb the bot knows. */
    UNKNOWN_ACTION: {},
  },
  case: {
    ALREADY_FORWARDED: {},
    /** The school owner is already told (§ 12-5). */
    ALREADY_DECIDED: {},
    NOT_ESCALATION_CASE: {},
    /** The person chosen is not in the environment team or a pupil counsellor. */
    MEMBER_INVALID: {},
    ALREADY_CONNECTED: {},
    INVESTIGATION_FIRST: {},
    PLAN_NOT_DUE: {},
    PLAN_FIRST: {},
    ALREADY_EVALUATED: {},
    EVALUATE_FIRST: { blocker: 'log' },
    NOT_FORWARDED: {},
    /** That the pupil is informed is already recorded. */
    ALREADY_RECORDED: {},
  },
  leave: {
    /** The request is already granted or refused. */
    DECIDED: {},
  },
  complaint: {
    /** Moving past the next stage without a recorded reason. */
    STAGE_SKIPPED: { from: 'log', to: 'log' },
    /** Moving to a stage the complaint is already at or past. */
    STAGE_PASSED: { stage: 'log', to: 'log' },
    /** The action belongs to another stage than the one the complaint is at. */
    NOT_AT_STAGE: { stage: 'number', kind: 'log' },
    /** The stage's minutes are not recorded. */
    MINUTES_MISSING: { kind: 'minutesKind' },
    /** Signed minutes are not yet approved by every participant. */
    MINUTES_NOT_APPROVED: { kind: 'minutesKind', referat: 'log' },
    /** The stage-2 follow-up meeting (on `oppfolging`) has not been held (or not for the latest minutes). */
    FOLLOW_UP_NOT_HELD: { oppfolging: 'date' },
    /** The follow-up found things better: nothing to take to the leader. */
    CONDITIONS_IMPROVED: {},
    /** Stage 3 is entered only with the written complaint (escalateToLeader). */
    WRITTEN_COMPLAINT_REQUIRED: {},
    /** The joint meeting comes after both separate conversations. */
    SEPARATE_TALKS_FIRST: {},
    /** Stage 5 is the last: rektor resolves it. */
    FINAL_STAGE: {},
    /** The follow-up meeting is already held: it is not moved any more. */
    FOLLOW_UP_HELD: {},
    /** The leader chosen already follows the complaint up. */
    SAME_LEADER: {},
  },
  staffComplaint: {
    /** Step 4 first: the employee is informed before anything else happens. */
    EMPLOYEE_NOT_INFORMED: {},
    /** The employee is informed once. */
    EMPLOYEE_ALREADY_INFORMED: {},
    /** The conversation with the employee comes first. */
    EMPLOYEE_TALK_FIRST: {},
    /** Telling the complainant "grunnløs" needs the employee to have said so. */
    NOT_GROUNDLESS: {},
    /** The employee found it groundless: the complainant is told before the joint meeting. */
    COMPLAINANT_NOT_NOTIFIED: {},
    /** Measures follow a joint meeting without agreement. */
    JOINT_MEETING_FIRST: {},
    /** The joint meeting reached an agreement: no measures needed. */
    AGREEMENT_REACHED: {},
    /** The step is already recorded. */
    ALREADY_RECORDED: { step: 'log' },
    /** There are no measures (or no mentoring) to follow up. */
    NO_MEASURES: {},
    /** The measures set no mentor, so there is no mentoring to agree on or to reject. */
    NO_MENTORING: {},
    /** The evaluation is held after the set period. */
    EVALUATION_NOT_DUE: { evaluering: 'log' },
    /** The møtebok belongs to a rejection of the complaint or the mentoring. */
    NOT_REJECTED: {},
    /** A rejection is recorded: the møtebok is required before closing. */
    MOTEBOK_MISSING: {},
    /** No such document to sign, or the party does not sign it. */
    NOT_SIGNABLE: { doc: 'log', party: 'log' },
    /** The complaint is not about offending a pupil. */
    NOT_PUPIL_OFFENCE: {},
  },
  overview: {
    /** «Oversikt» is for rektor and the school owner. */
    NOT_ALLOWED: {},
  },
} as const satisfies Record<string, Record<string, Readonly<Record<string, DetailKind>>>>;

type Catalogue = typeof REFUSALS;
export type Namespace = keyof Catalogue;
/** A code as logged and as i18n keys on: `namespace.CODE`. */
export type ErrorCode = { [N in Namespace]: `${N}.${keyof Catalogue[N] & string}` }[Namespace];
/** The codes of one namespace. */
export type CodeIn<N extends Namespace> = Extract<ErrorCode, `${N}.${string}`>;

type Fields<C extends ErrorCode> = C extends `${infer N extends Namespace}.${infer K}` ? (K extends keyof Catalogue[N] ? keyof Catalogue[N][K] & string : never) : never;
/** The detail a code may carry: safe, non-personal (ids, limits, stage numbers, dates), never shown raw. */
export type DetailOf<C extends ErrorCode> = [Fields<C>] extends [never] ? Readonly<Record<string, never>> : { readonly [F in Fields<C>]?: string | number };
export type Detail = Readonly<Record<string, string | number>>;

export const NAMESPACES = Object.keys(REFUSALS) as Namespace[];

/** Every code in the catalogue. */
export const ERROR_CODES: readonly ErrorCode[] = NAMESPACES.flatMap((n) => Object.keys(REFUSALS[n]).map((k) => `${n}.${k}` as ErrorCode));

/** A code's namespace and its name within it. */
export const splitCode = <C extends ErrorCode>(code: C): [Namespace, string] => {
  const dot = code.indexOf('.');
  return [code.slice(0, dot) as Namespace, code.slice(dot + 1)];
};

/** The detail fields a code declares, and what each is. */
export const detailFields = (code: ErrorCode): Readonly<Record<string, DetailKind>> => {
  const [n, k] = splitCode(code);
  return (REFUSALS[n] as Record<string, Readonly<Record<string, DetailKind>>>)[k] ?? {};
};

/**
 * The one shape of every refusal a user can cause: a code from the catalogue, and detail safe to
 * log. The routine-specific classes below only narrow which codes they take.
 */
export class CodedError<C extends ErrorCode = ErrorCode> extends Error {
  /** Safe, non-personal detail for logs (ids, limits, stage numbers), never shown raw to users. */
  readonly detail?: Detail;

  constructor(
    readonly code: C,
    detail?: DetailOf<C>,
  ) {
    super(code);
    this.detail = detail as Detail | undefined;
    // 'DomainError', 'ComplaintError', …: what logs and stack traces call it.
    this.name = new.target.name;
  }
}

/** A refusal of any routine's, or a common one. */
export class DomainError<C extends ErrorCode = ErrorCode> extends CodedError<C> {}

/** Any refusal from the catalogue: what the one refusal mapper turns into the user's words. */
export const isCodedError = (e: unknown): e is CodedError => e instanceof CodedError;

/** The name callers used before the catalogue was one: any refusal. */
export const isDomainError = isCodedError;

/** Whether `e` is the refusal `code`. */
export const isRefusal = <C extends ErrorCode>(e: unknown, code: C): e is CodedError<C> => e instanceof CodedError && e.code === code;

/** Whether `e` is a refusal of namespace `n`. */
export const inNamespace = <N extends Namespace>(e: unknown, n: N): e is CodedError<CodeIn<N>> => e instanceof CodedError && e.code.startsWith(`${n}.`);

/** A form's problem with one field, for the card to show beside it (the form itself is kept). */
export interface FieldError<P extends string> {
  field: string;
  problem: P;
  limit?: number;
}
