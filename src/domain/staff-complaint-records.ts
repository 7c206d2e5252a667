/**
 * The staff complaint's records (seed 001): what the complainant, the employee and the leaders
 * each leave on the complaint step by step, the documents the parties sign, the log, and the
 * complaint's own refusals and form errors. The routine's rules are in staff-complaint.ts (which
 * exports everything here too).
 */
import { CodedError, inNamespace, type CodeIn, type FieldError } from './errors';
import type { LocalDate } from './school-calendar';

// ---------------------------------------------------------------------------------------------
// Records

export const STAFF_COMPLAINT_LIMITS = { name: 100, summary: 3000, text: 3000, note: 1000, participants: 12 } as const;

export const COMPLAINANT_KINDS = ['foresatt', 'elev'] as const;
export type ComplainantKind = (typeof COMPLAINANT_KINDS)[number];

/** Why the complaint came to the leader (step 2). */
export const ROUTES = ['direkte_kontakt_uten_resultat', 'saerlig_alvorlig'] as const;
export type Route = (typeof ROUTES)[number];

/** Step 3: the written complaint came with it, or the leader asked for it. */
export const WRITTEN_STATES = ['mottatt', 'bedt_om'] as const;
export type WrittenState = (typeof WRITTEN_STATES)[number];

/** Who signs a written agreement or møtebok. Staff sign by pressing; others on paper, confirmed by the leader. */
export const PARTIES = ['ansatt', 'tillitsvalgt', 'klager', 'ledelse'] as const;
export type Party = (typeof PARTIES)[number];

export const DOCUMENTS = ['avtale', 'veiledningsavtale', 'motebok'] as const;
export type DocumentKind = (typeof DOCUMENTS)[number];

export interface SignOff {
  party: Party;
  at: string;
  /** Who pressed the button: the employee themselves, else the leader confirming a paper signature. */
  by: string;
}

export interface Reception {
  /** The leader's conversation with the complainant. */
  talkedOn: LocalDate;
  written: WrittenState;
  /** When the written complaint was recorded as received ('' while asked for). */
  writtenReceivedAt: string;
  /** The day it arrived, when the leader recorded it later ("Skriftlig klage mottatt"). */
  writtenReceivedOn?: LocalDate;
  /** "informerer klageren om videre saksgang". */
  procedureExplained: true;
}

export interface EmployeeTalk {
  date: LocalDate;
  /** Recommended, not required: "Det anbefales at vedkommende har med seg sin tillitsvalgte". */
  unionRepPresent: boolean;
  /** The employee's version of the matter. */
  employeeVersion: string;
  /** The employee finds the complaint groundless (step 6). */
  groundless: boolean;
  at: string;
  by: string;
}

export interface ComplainantNotice {
  /** When the complainant was told the employee finds the complaint groundless. */
  date: LocalDate;
  at: string;
  by: string;
}

export interface JointMeeting {
  date: LocalDate;
  unionRepPresent: boolean;
  complainantPresent: boolean;
  agreed: boolean;
  /** What they agreed on ('' when they did not agree). */
  agreementText: string;
  /** The parties who must sign: the employee, the complainant, and the union representative when present. */
  parties: Party[];
  signOffs: SignOff[];
  at: string;
  by: string;
}

export interface Measures {
  /** "Veileder settes inn innenfor avtalt område". */
  mentorArea: string;
  /** Other measures the leadership decided (free text, optional). */
  other: string;
  /** "Etter en angitt periode er det nødvendig med en evaluering". */
  evaluationOn: LocalDate;
  /** The employee's union representative, when a member of staff here ('' otherwise): invited to the evaluation. */
  unionRepId?: string;
  at: string;
  by: string;
  /** "Når veiledningen er avsluttet skal det man har kommet frem til ... skrives ned og undertegnes." */
  agreement?: { text: string; parties: Party[]; signOffs: SignOff[]; at: string; by: string };
  evaluation?: { date: LocalDate; achieved: boolean; note: string; at: string; by: string };
}

export const REJECTED_WHAT = ['klagen', 'veiledning', 'begge'] as const;
export type RejectedWhat = (typeof REJECTED_WHAT)[number];

export interface Rejection {
  what: RejectedWhat;
  at: string;
  by: string;
}

/** Step 10's record of the meeting with the employee and the union representative. */
export interface MeetingRecord {
  date: LocalDate;
  participants: string[];
  unionRepPresent: true;
  agreed: boolean;
  /** When they agree: what was agreed, to be signed by the parties. */
  agreementText: string;
  /** When they do not: "partenes ulike syn på saken". */
  employeeView: string;
  leadershipView: string;
  parties: Party[];
  signOffs: SignOff[];
  at: string;
  by: string;
}

export type StaffComplaintStatus = 'apen' | 'avsluttet';

export interface StaffComplaint {
  tenantId: string;
  schoolId: string;
  complaintId: string;
  ref: string;
  /** The member of staff the complaint is about. */
  employeeId: string;
  /** The avdelingsleder or rektor who received and registered it, and follows it up. */
  leaderId: string;
  registeredAt: string;
  complainantKind: ComplainantKind;
  /** Shown in the full view only, never logged. */
  complainantName: string;
  route: Route;
  summary: string;
  reception: Reception;
  /** The complaint says a member of staff offends a pupil: §12-5 applies. */
  pupilOffence: boolean;
  /** The skolemiljø case started for it ('' when none). */
  skolemiljoRef: string;
  /** Its case id, to ask the case rule (policy/case.ts) whether a viewer may see it. */
  skolemiljoCaseId?: string;
  /** When Teams delivered the notice that informs the employee (step 4); '' until then. */
  employeeInformedAt: string;
  /** When the leader pressed «Informer den ansatte»: the notice is queued, and retried until delivered. */
  employeeInformSentAt?: string;
  employeeTalk?: EmployeeTalk;
  complainantNotified?: ComplainantNotice;
  jointMeeting?: JointMeeting;
  measures?: Measures;
  rejection?: Rejection;
  meetingRecord?: MeetingRecord;
  status: StaffComplaintStatus;
  closing?: { note: string; at: string; by: string };
  etag?: string;
}

export type StaffComplaintLogAction =
  | 'personalklage_registrert'
  | 'skriftlig_klage_mottatt'
  | 'ansatt_informeres'
  | 'ansatt_informert'
  | 'samtale_ansatt'
  | 'klager_underrettet'
  | 'fellesmote'
  | 'signert'
  | 'tiltak'
  | 'veiledningsavtale'
  | 'evaluering'
  | 'avvist'
  | 'motebok'
  | 'skolemiljosak_koblet'
  | 'personalklage_avsluttet';

export interface StaffComplaintLogEntry {
  at: string;
  actorId: string;
  action: StaffComplaintLogAction;
  /** Ids, dates and codes only. */
  detail: string;
}

export interface StaffComplaintResult {
  complaint: StaffComplaint;
  log: StaffComplaintLogEntry;
}

/** A sign-off that was already there changes nothing: no new version, no log entry. */
export interface SignOffResult {
  complaint: StaffComplaint;
  log: StaffComplaintLogEntry | undefined;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** The routine's refusals: the `staffComplaint.` codes of the one catalogue (./errors). Detail: codes, dates. */
export type StaffComplaintErrorCode = CodeIn<'staffComplaint'>;

export class StaffComplaintError<C extends StaffComplaintErrorCode = StaffComplaintErrorCode> extends CodedError<C> {}

export const isStaffComplaintError = (e: unknown): e is StaffComplaintError => inNamespace(e, 'staffComplaint');

export type StaffComplaintFormError = FieldError<
  'required' | 'tooLong' | 'tooMany' | 'invalid' | 'future' | 'order' | 'notStaff' | 'self' | 'notHandledHere' | 'unionRepRequired' | 'notDue' | 'measureRequired'
>;

export const isStaffComplaintFormErrors = (x: unknown): x is StaffComplaintFormError[] => Array.isArray(x);
