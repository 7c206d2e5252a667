/**
 * What one member of staff sees of a staff complaint (the employee: their own projection), and
 * the steps they may take now: each only when the domain (domain/staff-complaint.ts) allows this
 * viewer to take it, found by asking it with an empty form.
 */
import type { EvaluationBooking } from '../ports';
import { DomainError } from '../domain/errors';
import type { Membership } from '../domain/people';
import type { School } from '../domain/school';
import {
  informDeadline,
  closeStaffComplaint,
  employeeProjection,
  informEmployee,
  missingSignOffs,
  nextStep,
  notifyComplainantGroundless,
  receiveWrittenComplaint,
  recordEmployeeTalk,
  recordEvaluation,
  recordJointMeeting,
  recordMeasures,
  recordMeetingRecord,
  recordMentoringAgreement,
  recordRejection,
  REJECTED_WHAT,
  signOff,
  staffComplaintView,
  type DocumentKind,
  type EmployeeTalkDraft,
  type JointMeetingDraft,
  type MeasuresDraft,
  type MeetingRecordDraft,
  type Party,
  type RejectedWhat,
  type StaffComplaint,
  type StaffComplaintStep,
} from '../domain/staff-complaint';
import { calendarFor, schoolDate } from './school-time';

/** The steps the card offers, each only when the domain allows this viewer to take it now. */
export interface StaffComplaintButtons {
  inform: boolean;
  /** "Skriftlig klage mottatt": the written complaint asked for has come. */
  written: boolean;
  talk: boolean;
  notify: boolean;
  meeting: boolean;
  close: boolean;
  /** The parties of the joint meeting's agreement this viewer may sign (or confirm) now. */
  sign: Party[];
  measures: boolean;
  mentoring: boolean;
  evaluation: boolean;
  /** What this viewer may record the employee as rejecting now (empty: no rejection button). */
  reject: RejectedWhat[];
  motebok: boolean;
  /** The parties of the mentoring agreement and of the møtebok this viewer may sign (or confirm) now. */
  signMentoring: Party[];
  signMotebok: Party[];
}

/** The møtebok as typed: participants one per line. */
export interface MeetingRecordForm {
  date: string;
  participants: string;
  unionRepPresent: boolean;
  agreed: boolean;
  agreementText: string;
  employeeView: string;
  leadershipView: string;
}

export interface EvaluationDraft {
  date: string;
  achieved: boolean;
  note: string;
  unionRepPresent: boolean;
}

export interface StaffComplaintView {
  /** For the employee: their projection, with the complainant's name, the §12-5 flag and the pupil's case blanked. */
  complaint: StaffComplaint;
  kind: 'full' | 'employee';
  school: School | undefined;
  names: Record<string, string>;
  buttons: StaffComplaintButtons;
  next: StaffComplaintStep;
  today: string;
  /** The linked skolemiljø case's reference, for a viewer the case rule lets see it ('' otherwise). */
  skolemiljoRef: string;
  /** The evaluation meeting as booked (or still waiting for the calendar). */
  booking?: EvaluationBooking;
  /** Why this card came to the recipient's chat unasked. */
  notice?: StaffComplaintNotice;
  /** Step 4 «umiddelbart»: the day by which the employee is to be informed, while they are not (leaders only). */
  informDue?: string;
}

/** A card sent unasked: a document waits for the employee's signature; the leader's evaluation is near. */
export type StaffComplaintNotice = 'signer' | 'evaluering' | 'informer';

/** Allowed now (form errors included), or not. */
export function allowed(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

export const emptyTalk = (date = ''): EmployeeTalkDraft => ({ date, unionRepPresent: false, employeeVersion: '', groundless: false });
export const emptyMeeting = (date = ''): JointMeetingDraft => ({ date, unionRepPresent: false, complainantPresent: false, agreed: false, agreementText: '' });

export const emptyMeasures = (): MeasuresDraft => ({ mentorArea: '', other: '', evaluationOn: '', unionRepPresent: false, unionRepId: '' });
export const emptyEvaluation = (date = ''): EvaluationDraft => ({ date, achieved: false, note: '', unionRepPresent: false });
export const emptyRecord = (date = ''): MeetingRecordForm => ({ date, participants: '', unionRepPresent: false, agreed: false, agreementText: '', employeeView: '', leadershipView: '' });
export const toRecordDraft = (f: MeetingRecordForm): MeetingRecordDraft => ({ ...f, participants: f.participants.split(/\r?\n/) });

/** The steps with a form of their own (the card's button opens it). */
export type StaffStepName = 'talk' | 'notify' | 'meeting' | 'measures' | 'mentoring' | 'evaluation' | 'reject' | 'motebok' | 'close' | 'written';

type Probe = (c: StaffComplaint, me: Membership | undefined, ctx: { now: string; today: string }) => unknown;

/**
 * Each step's form, asked of the domain with nothing typed: it throws the refusal when this viewer
 * may not take the step now (form errors mean it may). The card's buttons and the forms ask the same.
 */
export const STEP_PROBES: Record<StaffStepName, Probe> = {
  written: (c, me, ctx) => receiveWrittenComplaint(c, me, '', ctx),
  talk: (c, me, ctx) => recordEmployeeTalk(c, me, emptyTalk(), ctx),
  notify: (c, me, ctx) => notifyComplainantGroundless(c, me, '', ctx),
  meeting: (c, me, ctx) => recordJointMeeting(c, me, emptyMeeting(), ctx),
  measures: (c, me, ctx) => recordMeasures(c, me, emptyMeasures(), ctx),
  mentoring: (c, me, ctx) => recordMentoringAgreement(c, me, '', ctx.now),
  evaluation: (c, me, ctx) => recordEvaluation(c, me, emptyEvaluation(), ctx),
  // Allowed when something may be rejected; else the refusal of rejecting the complaint.
  reject: (c, me, ctx) => REJECTED_WHAT.some((w) => allowed(() => recordRejection(c, me, w, ctx.now))) || recordRejection(c, me, 'klagen', ctx.now),
  motebok: (c, me, ctx) => recordMeetingRecord(c, me, toRecordDraft(emptyRecord()), ctx),
  close: (c, me, ctx) => closeStaffComplaint(c, me, '', ctx.now),
};

/** The complaint as `me` sees it at `now`: the employee their own projection; the steps each viewer may take now. */
export function staffComplaintViewOf(c: StaffComplaint, me: Membership | undefined, staff: Membership[], school: School | undefined, now: Date, extra: { skolemiljoRef?: string; booking?: EvaluationBooking; notice?: StaffComplaintNotice } = {}): StaffComplaintView {
  const kind = staffComplaintView(c, me);
  if (kind === 'none') throw new DomainError('common.NOT_FOUND');
  const today = schoolDate(now).today;
  const ctx = { now: now.toISOString(), today };
  const open = c.status === 'apen';
  const step = nextStep(c);
  const may = (step: StaffStepName) => open && allowed(() => STEP_PROBES[step](c, me, ctx));
  // The parties of a document this viewer may sign (or confirm) now.
  const signable = (doc: DocumentKind) => (open ? missingSignOffs(c, doc).filter((p) => allowed(() => signOff(c, me, doc, p, ctx.now))) : []);
  const buttons: StaffComplaintButtons = {
    inform: open && step === 'informer_ansatt' && allowed(() => informEmployee(c, me, ctx.now)),
    written: may('written'),
    talk: step === 'samtale_ansatt' && may('talk'),
    notify: step === 'underrett_klager' && may('notify'),
    meeting: step === 'fellesmote' && may('meeting'),
    close: may('close'),
    sign: signable('avtale'),
    measures: step === 'tiltak' && may('measures'),
    mentoring: may('mentoring'),
    evaluation: may('evaluation'),
    reject: open ? REJECTED_WHAT.filter((w) => allowed(() => recordRejection(c, me, w, ctx.now))) : [],
    motebok: may('motebok'),
    signMentoring: signable('veiledningsavtale'),
    signMotebok: signable('motebok'),
  };
  const shown: StaffComplaint = kind === 'full' ? c : { ...employeeProjection(c), complainantName: '', skolemiljoRef: '', pupilOffence: false };
  return {
    complaint: shown,
    kind,
    school,
    names: Object.fromEntries(staff.map((m) => [m.userId, m.name])),
    buttons,
    next: step,
    today,
    skolemiljoRef: kind === 'full' ? (extra.skolemiljoRef ?? '') : '',
    // The employee is invited too: both see when it is (and the .ics file or Teams link).
    ...(extra.booking ? { booking: extra.booking } : {}),
    ...(extra.notice ? { notice: extra.notice } : {}),
    ...(kind === 'full' && open && !c.employeeInformedAt ? { informDue: informDueOf(c, school) } : {}),
  };
}

/** «Umiddelbart»: the next school day after the day the complaint was registered (school-local). */
export function informDueOf(c: StaffComplaint, school: School | undefined): string {
  const registeredOn = schoolDate(new Date(c.registeredAt)).today;
  return informDeadline(registeredOn, calendarFor(school ?? {}, registeredOn));
}
