/**
 * The teaching complaint's records (klage på opplæring, seed 000): its stages, the minutes the
 * routine asks for, what each stage leaves on the complaint, the log, and the complaint's own
 * refusals and form errors. The rules that make and change these are in complaint.ts (which
 * exports everything here too); the stages' deadlines in complaint-deadlines.ts.
 */
import { CodedError, inNamespace, type CodeIn, type FieldError } from './errors';
import type { LocalDate } from './school-calendar';

// ---------------------------------------------------------------------------------------------
// Stages and records

export const COMPLAINT_STAGES = [1, 2, 3, 4, 5] as const;
export type ComplaintStage = (typeof COMPLAINT_STAGES)[number];

/** The seed's name for each stage, as a stable code for cards and logs. */
export const STAGE_NAMES: Record<ComplaintStage, string> = {
  1: 'samtale_faglaerer',
  2: 'mote_tillitselev',
  3: 'skriftlig_klage',
  4: 'oppfolging_leder',
  5: 'rektor',
};

/** The minutes the routine asks for, and the stage each belongs to. */
export const MINUTES_KINDS = ['samtale_faglaerer', 'mote_tillitselev', 'samtale_tillitselev', 'samtale_faglaerer_leder', 'felles_mote'] as const;
export type MinutesKind = (typeof MINUTES_KINDS)[number];

export const MINUTES_STAGE: Record<MinutesKind, ComplaintStage> = {
  samtale_faglaerer: 1,
  mote_tillitselev: 2,
  samtale_tillitselev: 4,
  samtale_faglaerer_leder: 4,
  felles_mote: 4,
};

/** "Referatet skrives under av møtedeltakere": the routine asks for signatures on these minutes only. */
export const SIGNED_MINUTES: readonly MinutesKind[] = ['mote_tillitselev'];

/** "Nytt møte settes opp etter tre uker." */
export const FOLLOW_UP_WEEKS = 3;

export const COMPLAINT_LIMITS = {
  subject: 100,
  pupilName: 100,
  pupils: 10,
  staff: 10,
  text: 3000,
  reason: 1000,
  note: 1000,
} as const;

export type ComplaintStatus = 'apen' | 'avsluttet';

/** Someone who signs minutes: staff by pressing "Godkjenn referat", a pupil on paper. */
export type Signer = { kind: 'ansatt'; userId: string } | { kind: 'elev'; name: string };

export interface Approval {
  signer: Signer;
  at: string;
  /** Who pressed the button: the staff member themselves, or the staff participant who confirms a pupil's signature. */
  by: string;
}

export interface Minutes {
  minutesId: string;
  kind: MinutesKind;
  stage: ComplaintStage;
  /** When the meeting was held (Oslo date). */
  date: LocalDate;
  participants: { staffIds: string[]; pupils: string[] };
  /**
   * What was said. Stage 1: what the pupils find difficult. Stage 2: what the pupils wrote down
   * that they want to raise. Stage 4: the separate conversation; optional for the joint meeting.
   */
  notes: string;
  /** Stage 2: what they agreed on. Joint meeting: the solutions chosen. */
  agreed: string;
  /** Joint meeting: the proposed solutions discussed (rektor starts from them at stage 5). */
  proposals: string;
  /** Stage 2: the end of the agreed period (frist) for changes. */
  periodEnd: LocalDate;
  /** Stage 2: the follow-up meeting, three weeks after the meeting, set at once. */
  followUpOn: LocalDate;
  requiresSignatures: boolean;
  approvals: Approval[];
  recordedAt: string;
  recordedBy: string;
}

export const FOLLOW_UP_OUTCOMES = ['bedret', 'ikke_bedret'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** The follow-up meeting of stage 2. "ikke_bedret": the tillitselev has told the teacher the pupils want to go on. */
export interface FollowUp {
  /** The stage-2 minutes it follows up. */
  minutesId: string;
  heldOn: LocalDate;
  outcome: FollowUpOutcome;
  note: string;
  at: string;
  by: string;
}

export interface WrittenComplaint {
  text: string;
  /** "det skal begrunnes hvorfor klagen legges fram for leder". */
  reason: string;
  /** "Referat fra avholdt samtale skal legges ved den skriftlige klagen." */
  minutesIds: string[];
  receivedAt: string;
  receivedBy: string;
}

export interface StageSkip {
  from: ComplaintStage;
  to: ComplaintStage;
  reason: string;
  at: string;
  by: string;
}

export interface ToRektor {
  /** The minutes rektor starts from (the latest of each kind). */
  minutesIds: string[];
  note: string;
  at: string;
  by: string;
}

export interface Resolution {
  stage: ComplaintStage;
  note: string;
  at: string;
  by: string;
}

export interface TeachingComplaint {
  tenantId: string;
  schoolId: string;
  complaintId: string;
  ref: string;
  class: string;
  subject: string;
  /** The subject teacher (faglærer) the complaint is about. */
  teacherId: string;
  /** The tillitselev(er), by name: pupils have no membership. Set from the stage-2 meeting. */
  representatives: string[];
  registeredBy: string;
  registeredAt: string;
  /** Leder med elevoppfølgingsansvar (or the leader they hand it to, e.g. with personalansvar). */
  leaderId: string;
  stage: ComplaintStage;
  stageSince: string;
  status: ComplaintStatus;
  /** Every version of every minutes; the latest of a kind is the one that counts. */
  minutes: Minutes[];
  followUp?: FollowUp;
  writtenComplaint?: WrittenComplaint;
  /** Set when stage 4 begins: the leader has told the teacher the complaint is received. */
  teacherInformedAt: string;
  toRektor?: ToRektor;
  skips: StageSkip[];
  resolution?: Resolution;
  /** The follow-up meeting moved to another day than three weeks on (for these stage-2 minutes). */
  followUpMoved?: FollowUpMove;
  etag?: string;
}

export interface FollowUpMove {
  /** The stage-2 minutes whose follow-up was moved: new minutes set a new date three weeks on. */
  minutesId: string;
  date: LocalDate;
  at: string;
  by: string;
}

export type ComplaintLogAction =
  | 'klage_registrert'
  | 'referat_registrert'
  | 'referat_endret'
  | 'referat_godkjent'
  | 'elevsignatur_bekreftet'
  | 'oppfolging_holdt'
  | 'oppfolging_flyttet'
  | 'trinn_videre'
  | 'trinn_hoppet_over'
  | 'klage_til_leder'
  | 'laerer_orientert'
  /** The notice to the teacher was delivered. */
  | 'laerer_informert'
  | 'til_rektor'
  | 'leder_endret'
  | 'klage_avsluttet';

export interface ComplaintLogEntry {
  at: string;
  actorId: string;
  action: ComplaintLogAction;
  /** Ids and codes only; for a skipped stage, also the leader's reason. */
  detail: string;
}

export interface ComplaintResult {
  complaint: TeachingComplaint;
  log: ComplaintLogEntry;
}

/** An approval that was already there changes nothing: no new complaint version, no log entry. */
export interface ApprovalResult {
  complaint: TeachingComplaint;
  log: ComplaintLogEntry | undefined;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** The routine's refusals: the `complaint.` codes of the one catalogue (./errors). Detail: stage numbers, minutes kinds, dates. */
export type ComplaintErrorCode = CodeIn<'complaint'>;

export class ComplaintError<C extends ComplaintErrorCode = ComplaintErrorCode> extends CodedError<C> {}

export const isComplaintError = (e: unknown): e is ComplaintError => inNamespace(e, 'complaint');

export interface ComplaintFormError
  extends FieldError<
    | 'required'
    | 'tooLong'
    | 'tooMany'
    | 'invalid'
    | 'future'
    | 'order'
    | 'notStaff'
    | 'duplicate'
    | 'missingParticipant'
    | 'notSeparate'
    | 'afterFollowUp'
    | 'beforePeriodEnd'
    | 'past'
    | 'notSchoolDay'
    | 'followUpBeforePeriodEnd'
  > {
  /** For missingParticipant: who is missing. */
  role?: 'faglaerer' | 'leder' | 'tillitselev';
}

export const isComplaintFormErrors = (x: unknown): x is ComplaintFormError[] => Array.isArray(x);
