/**
 * Steps 7–10 of a complaint about a member of staff (seed 001) and its end: the joint meeting and
 * its agreement, measures and mentoring with their evaluation, a rejection and its møtebok, the
 * parties' signatures, and closing. Exported from staff-complaint.ts with the rest of the routine.
 */
import { DomainError } from './errors';
import { isStaff, type Membership } from './people';
import { isCalendarDate } from './report';
import type { LocalDate } from './school-calendar';
import {
  type DocumentKind,
  type JointMeeting,
  type Measures,
  type MeetingRecord,
  type Party,
  REJECTED_WHAT,
  type RejectedWhat,
  type SignOff,
  type SignOffResult,
  STAFF_COMPLAINT_LIMITS,
  type StaffComplaint,
  StaffComplaintError,
  type StaffComplaintFormError,
  type StaffComplaintResult,
} from './staff-complaint-records';
import { documentOf, nextStep } from './staff-complaint-progress';
import { atSchool, dateError, type Errors, lastDate, requireInformed, requireLeader, staffComplaintView, textError } from './staff-complaint-access';
import type { StepClock } from './step';

export interface JointMeetingDraft {
  date: string;
  unionRepPresent: boolean;
  complainantPresent: boolean;
  agreed: boolean;
  agreementText: string;
}

/** Step 7: employee (with union representative) and complainant meet; an agreement is written down to be signed by the parties. */
export function recordJointMeeting(c: StaffComplaint, actor: Membership | undefined, d: JointMeetingDraft, ctx: StepClock): StaffComplaintResult | Errors {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (!c.employeeTalk) throw new StaffComplaintError('staffComplaint.EMPLOYEE_TALK_FIRST');
  if (c.employeeTalk.groundless && !c.complainantNotified) throw new StaffComplaintError('staffComplaint.COMPLAINANT_NOT_NOTIFIED');
  if (c.jointMeeting) throw new StaffComplaintError('staffComplaint.ALREADY_RECORDED', { step: 'fellesmote' });
  const errors: Errors = [];
  dateError(errors, 'date', d.date, ctx.today, lastDate(c));
  if (d.complainantPresent !== true) errors.push({ field: 'complainantPresent', problem: 'required' });
  if (d.agreed) textError(errors, 'agreementText', d.agreementText, true, STAFF_COMPLAINT_LIMITS.text);
  if (errors.length) return errors;
  const unionRepPresent = d.unionRepPresent === true;
  const parties: Party[] = d.agreed ? ['ansatt', ...(unionRepPresent ? (['tillitsvalgt'] as const) : []), 'klager'] : [];
  const meeting: JointMeeting = {
    date: d.date,
    unionRepPresent,
    complainantPresent: true,
    agreed: d.agreed === true,
    agreementText: d.agreed ? d.agreementText.trim() : '',
    parties,
    signOffs: [],
    at: ctx.now,
    by: by.userId,
  };
  return {
    complaint: { ...c, jointMeeting: meeting },
    log: { at: ctx.now, actorId: by.userId, action: 'fellesmote', detail: `ref=${c.ref};dato=${d.date};enighet=${meeting.agreed ? 'ja' : 'nei'};tillitsvalgt=${unionRepPresent ? 'ja' : 'nei'}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Step 8–9: measures

export interface MeasuresDraft {
  /** 9.1 «Veileder settes inn innenfor avtalt område» — an example of a measure: may be empty when `other` is not. */
  mentorArea: string;
  other: string;
  evaluationOn: string;
  /** "Dersom det er nødvendig med flere møter skal tillitsvalgte være til stede": the meeting that set the measures. */
  unionRepPresent: boolean;
  /** The union representative, when a member of staff here: invited to the evaluation meeting (optional). */
  unionRepId?: string;
}

/** Step 8–9: no agreement, so the leadership sets measures (a mentor within an agreed area, or others) and an evaluation date. */
export function recordMeasures(
  c: StaffComplaint,
  actor: Membership | undefined,
  d: MeasuresDraft,
  ctx: { now: string; today: LocalDate; staff?: Membership[] },
): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (!c.jointMeeting) throw new StaffComplaintError('staffComplaint.JOINT_MEETING_FIRST');
  if (c.jointMeeting.agreed) throw new StaffComplaintError('staffComplaint.AGREEMENT_REACHED');
  if (c.measures) throw new StaffComplaintError('staffComplaint.ALREADY_RECORDED', { step: 'tiltak' });
  const errors: Errors = [];
  textError(errors, 'mentorArea', d.mentorArea, false, STAFF_COMPLAINT_LIMITS.text);
  textError(errors, 'other', d.other, false, STAFF_COMPLAINT_LIMITS.text);
  // «Eksempel på tiltak»: a mentor is one measure among others, but some measure must be set.
  if (d.mentorArea.trim() === '' && d.other.trim() === '') errors.push({ field: 'mentorArea', problem: 'measureRequired' });
  if (d.evaluationOn === '') errors.push({ field: 'evaluationOn', problem: 'required' });
  else if (!isCalendarDate(d.evaluationOn)) errors.push({ field: 'evaluationOn', problem: 'invalid' });
  else if (d.evaluationOn <= ctx.today) errors.push({ field: 'evaluationOn', problem: 'order' });
  if (d.unionRepPresent !== true) errors.push({ field: 'unionRepPresent', problem: 'unionRepRequired' });
  const unionRepId = d.unionRepId ?? '';
  if (unionRepId) {
    const rep = (ctx.staff ?? []).find((s) => s.userId === unionRepId && atSchool(c, s));
    if (!rep || !isStaff(rep)) errors.push({ field: 'unionRepId', problem: 'notStaff' });
    else if (unionRepId === c.employeeId || unionRepId === c.leaderId) errors.push({ field: 'unionRepId', problem: 'invalid' });
  }
  if (errors.length) return errors;
  const measures: Measures = { mentorArea: d.mentorArea.trim(), other: d.other.trim(), evaluationOn: d.evaluationOn, unionRepId, at: ctx.now, by: by.userId };
  return {
    complaint: { ...c, measures },
    log: { at: ctx.now, actorId: by.userId, action: 'tiltak', detail: `ref=${c.ref};evaluering=${d.evaluationOn};veileder=${measures.mentorArea ? 'ja' : 'nei'};tillitsvalgt_invitert=${unionRepId ? 'ja' : 'nei'}` },
  };
}

/** Step 9.2: the mentoring is over; what they arrived at and agree on is written down, to be signed by the employee and the leadership. */
export function recordMentoringAgreement(c: StaffComplaint, actor: Membership | undefined, text: string, now: string): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  if (!c.measures) throw new StaffComplaintError('staffComplaint.NO_MEASURES');
  if (!c.measures.mentorArea) throw new StaffComplaintError('staffComplaint.NO_MENTORING');
  if (c.measures.agreement) throw new StaffComplaintError('staffComplaint.ALREADY_RECORDED', { step: 'veiledningsavtale' });
  const errors: Errors = [];
  textError(errors, 'text', text, true, STAFF_COMPLAINT_LIMITS.text);
  if (errors.length) return errors;
  const agreement = { text: text.trim(), parties: ['ansatt', 'ledelse'] as Party[], signOffs: [], at: now, by: by.userId };
  return {
    complaint: { ...c, measures: { ...c.measures, agreement } },
    log: { at: now, actorId: by.userId, action: 'veiledningsavtale', detail: `ref=${c.ref}` },
  };
}

/**
 * Step 9.3: the evaluation, on or after the date set, of whether the wanted result is reached. It is
 * one of the further meetings, so «skal tillitsvalgte være til stede» (step 8) is recorded as required.
 */
export function recordEvaluation(c: StaffComplaint, actor: Membership | undefined, d: { date: string; achieved: boolean; note: string; unionRepPresent?: boolean }, ctx: StepClock): StaffComplaintResult | Errors {
  const by = requireLeader(c, actor);
  if (!c.measures) throw new StaffComplaintError('staffComplaint.NO_MEASURES');
  if (c.measures.evaluation) throw new StaffComplaintError('staffComplaint.ALREADY_RECORDED', { step: 'evaluering' });
  if (ctx.today < c.measures.evaluationOn) throw new StaffComplaintError('staffComplaint.EVALUATION_NOT_DUE', { evaluering: c.measures.evaluationOn });
  const errors: Errors = [];
  if (dateError(errors, 'date', d.date, ctx.today) && d.date < c.measures.evaluationOn) errors.push({ field: 'date', problem: 'notDue' });
  textError(errors, 'note', d.note, false, STAFF_COMPLAINT_LIMITS.note);
  if (d.unionRepPresent !== true) errors.push({ field: 'unionRepPresent', problem: 'unionRepRequired' });
  if (errors.length) return errors;
  const evaluation = { date: d.date, achieved: d.achieved === true, note: d.note.trim(), at: ctx.now, by: by.userId };
  return {
    complaint: { ...c, measures: { ...c.measures, evaluation } },
    log: { at: ctx.now, actorId: by.userId, action: 'evaluering', detail: `ref=${c.ref};dato=${d.date};oppnadd=${evaluation.achieved ? 'ja' : 'nei'}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Step 10: rejection and møtebok

/** The employee rejects the complaint and/or the mentoring; the leadership must call them in. */
export function recordRejection(c: StaffComplaint, actor: Membership | undefined, what: string, now: string): StaffComplaintResult {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (!c.employeeTalk) throw new StaffComplaintError('staffComplaint.EMPLOYEE_TALK_FIRST');
  if (!(REJECTED_WHAT as readonly string[]).includes(what)) throw new DomainError('common.INVALID_INPUT', { field: 'what' });
  if ((what === 'veiledning' || what === 'begge') && !c.measures) throw new StaffComplaintError('staffComplaint.NO_MEASURES');
  if ((what === 'veiledning' || what === 'begge') && !c.measures!.mentorArea) throw new StaffComplaintError('staffComplaint.NO_MENTORING');
  if (c.rejection) throw new StaffComplaintError('staffComplaint.ALREADY_RECORDED', { step: 'avvist' });
  return {
    complaint: { ...c, rejection: { what: what as RejectedWhat, at: now, by: by.userId } },
    log: { at: now, actorId: by.userId, action: 'avvist', detail: `ref=${c.ref};avvist=${what}` },
  };
}

export interface MeetingRecordDraft {
  date: string;
  participants: string[];
  unionRepPresent: boolean;
  agreed: boolean;
  agreementText: string;
  employeeView: string;
  leadershipView: string;
}

/**
 * Step 10's møtebok. The union representative must be there. Agreement: what was agreed, to be
 * signed by the parties. Disagreement: the date, who took part and each side's view.
 */
export function recordMeetingRecord(c: StaffComplaint, actor: Membership | undefined, d: MeetingRecordDraft, ctx: StepClock): StaffComplaintResult | Errors {
  const by = requireLeader(c, actor);
  if (!c.rejection) throw new StaffComplaintError('staffComplaint.NOT_REJECTED');
  if (c.meetingRecord) throw new StaffComplaintError('staffComplaint.ALREADY_RECORDED', { step: 'motebok' });
  const errors: Errors = [];
  dateError(errors, 'date', d.date, ctx.today, lastDate(c));
  const participants = d.participants.map((p) => p.trim()).filter((p) => p !== '');
  if (participants.length < 2) errors.push({ field: 'participants', problem: 'required' });
  else if (participants.length > STAFF_COMPLAINT_LIMITS.participants) errors.push({ field: 'participants', problem: 'tooMany', limit: STAFF_COMPLAINT_LIMITS.participants });
  else if (participants.some((p) => p.length > STAFF_COMPLAINT_LIMITS.name)) errors.push({ field: 'participants', problem: 'tooLong', limit: STAFF_COMPLAINT_LIMITS.name });
  if (d.unionRepPresent !== true) errors.push({ field: 'unionRepPresent', problem: 'unionRepRequired' });
  if (d.agreed) textError(errors, 'agreementText', d.agreementText, true, STAFF_COMPLAINT_LIMITS.text);
  else {
    textError(errors, 'employeeView', d.employeeView, true, STAFF_COMPLAINT_LIMITS.text);
    textError(errors, 'leadershipView', d.leadershipView, true, STAFF_COMPLAINT_LIMITS.text);
  }
  if (errors.length) return errors;
  const record: MeetingRecord = {
    date: d.date,
    participants,
    unionRepPresent: true,
    agreed: d.agreed === true,
    agreementText: d.agreed ? d.agreementText.trim() : '',
    employeeView: d.employeeView.trim(),
    leadershipView: d.leadershipView.trim(),
    parties: d.agreed ? ['ansatt', 'tillitsvalgt', 'ledelse'] : [],
    signOffs: [],
    at: ctx.now,
    by: by.userId,
  };
  return {
    complaint: { ...c, meetingRecord: record },
    log: { at: ctx.now, actorId: by.userId, action: 'motebok', detail: `ref=${c.ref};dato=${d.date};deltakere=${participants.length};enighet=${record.agreed ? 'ja' : 'nei'}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Signatures

const withSignOff = (c: StaffComplaint, doc: DocumentKind, s: SignOff): StaffComplaint => {
  if (doc === 'avtale') return { ...c, jointMeeting: { ...c.jointMeeting!, signOffs: [...c.jointMeeting!.signOffs, s] } };
  if (doc === 'veiledningsavtale') return { ...c, measures: { ...c.measures!, agreement: { ...c.measures!.agreement!, signOffs: [...c.measures!.agreement!.signOffs, s] } } };
  return { ...c, meetingRecord: { ...c.meetingRecord!, signOffs: [...c.meetingRecord!.signOffs, s] } };
};

/**
 * A party signs a written agreement or møtebok. The employee signs their own part by pressing the
 * button; the leader signs for the leadership and confirms the paper signatures of the union
 * representative and the complainant (and the employee's, if they signed on paper). Once per party.
 */
export function signOff(c: StaffComplaint, actor: Membership | undefined, doc: DocumentKind, party: Party, now: string): SignOffResult {
  const view = staffComplaintView(c, actor);
  if (view === 'none') throw new DomainError('common.NOT_FOUND');
  if (view === 'employee' && party !== 'ansatt') throw new DomainError('common.NO_ROLE', { ask: 'leder' });
  if (c.status === 'avsluttet') throw new DomainError('common.CLOSED');
  const d = documentOf(c, doc);
  if (!d || !d.parties.includes(party)) throw new StaffComplaintError('staffComplaint.NOT_SIGNABLE', { doc, party });
  if (d.signOffs.some((s) => s.party === party)) return { complaint: c, log: undefined };
  return {
    complaint: withSignOff(c, doc, { party, at: now, by: actor!.userId }),
    log: { at: now, actorId: actor!.userId, action: 'signert', detail: `ref=${c.ref};dokument=${doc};part=${party}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Closing

/**
 * Closes the complaint with a note. The employee must have been informed; after a rejection the
 * møtebok is required. Otherwise the leader judges when it is resolved (as the teaching complaint).
 */
export function closeStaffComplaint(c: StaffComplaint, actor: Membership | undefined, note: string, now: string): StaffComplaintResult | StaffComplaintFormError[] {
  const by = requireLeader(c, actor);
  requireInformed(c);
  if (c.rejection && !c.meetingRecord) throw new StaffComplaintError('staffComplaint.MOTEBOK_MISSING');
  const errors: Errors = [];
  textError(errors, 'note', note, true, STAFF_COMPLAINT_LIMITS.note);
  if (errors.length) return errors;
  return {
    complaint: { ...c, status: 'avsluttet', closing: { note: note.trim(), at: now, by: by.userId } },
    log: { at: now, actorId: by.userId, action: 'personalklage_avsluttet', detail: `ref=${c.ref};steg=${nextStep(c)}` },
  };
}
