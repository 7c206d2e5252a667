/**
 * Klage på opplæring (seed 000, SPEC §3.2): "Det er et mål at alle klager løses på lavest mulig
 * nivå, dvs. i dialog mellom lærer/elev." The complaint moves through the routine's five stages,
 * and each stage keeps the minutes (referater) the routine asks for:
 *
 *  1. samtale_faglaerer  "Samtale med faglærer": the pupil(s) describe "så konkret som mulig hva
 *                        som oppleves som vanskelig".
 *  2. mote_tillitselev   "Samtale med faglærer og elevtillitsvalgt": tillitselev(er) and faglærer;
 *                        what the pupils want to raise, what they agree on, "en periode (frist)
 *                        for forandringer"; "Nytt møte settes opp etter tre uker"; "Referatet
 *                        skrives under av møtedeltakere". The follow-up meeting decides whether
 *                        "forholdene ikke bedrer seg etter avtalt periode".
 *  3. skriftlig_klage    The written complaint to "leder med elevoppfølgingsansvar", with the
 *                        minutes attached and the reason it goes to the leader.
 *  4. oppfolging_leder   The leader "orienterer lærer om at klage er mottatt" (entering stage 4),
 *                        holds separate conversations with tillitselev and lærer ("Det skrives
 *                        referater"), then a joint meeting ("Forslag til løsninger drøftes og
 *                        velges. Leder skriver referat").
 *  5. rektor             "behandles den av rektor med utgangspunkt i referater og foreslåtte
 *                        løsninger".
 *
 * The complaint can be resolved (closed with a note) at any stage. A stage is never skipped
 * silently: moving past the next stage needs a recorded reason, and only a leader may do it.
 *
 * Pure functions, as in casework.ts: each checks who may act (with memberships looked up on the
 * server), validates what was typed (returning form errors, never throwing for what the user can
 * fix), and returns the new complaint plus the log entry to append. Pupils have no membership:
 * they appear by name only, and their signatures on the paper minutes are confirmed by a member of
 * staff who took part in the meeting. Log details hold ids and codes, never minutes text or pupil
 * names; the only free text in a log entry is a leader's reason for skipping a stage (the routine's
 * case record, as rektor's note in case.ts). The records are in complaint-records.ts (exported here
 * too); the stages' deadlines in complaint-deadlines.ts.
 */
import { DomainError } from './errors';
import { hasRole, isStaff, type Membership } from './people';
import { isCalendarDate } from './report';
import { addDays, isSchoolDay, type LocalDate, type SchoolCalendar } from './school-calendar';
import {
  type Approval,
  type ApprovalResult,
  COMPLAINT_LIMITS,
  ComplaintError,
  type ComplaintFormError,
  type ComplaintLogAction,
  type ComplaintLogEntry,
  type ComplaintResult,
  type ComplaintStage,
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_WEEKS,
  type FollowUp,
  type FollowUpOutcome,
  type Minutes,
  MINUTES_KINDS,
  MINUTES_STAGE,
  type MinutesKind,
  SIGNED_MINUTES,
  type Signer,
  type TeachingComplaint,
  type WrittenComplaint,
} from './complaint-records';

export * from './complaint-records';

// ---------------------------------------------------------------------------------------------
// Who may act

const isLeader = (m: Membership): boolean => hasRole(m, 'avdelingsleder') || hasRole(m, 'rektor');

const atSchool = (c: TeachingComplaint, m: Membership | undefined): m is Membership =>
  !!m && m.tenantId === c.tenantId && m.schoolId === c.schoolId;

/** The parts a member of staff has in a complaint; none at all when they are at another school. */
export interface ComplaintRoles {
  teacher: boolean;
  registrar: boolean;
  leader: boolean;
  rektor: boolean;
  participant: boolean;
  sees: boolean;
}

export function complaintRoles(c: TeachingComplaint, m: Membership | undefined): ComplaintRoles {
  if (!atSchool(c, m)) return { teacher: false, registrar: false, leader: false, rektor: false, participant: false, sees: false };
  const teacher = m.userId === c.teacherId;
  const registrar = m.userId === c.registeredBy;
  const leader = m.userId === c.leaderId && isLeader(m);
  const rektor = hasRole(m, 'rektor');
  const participant = c.minutes.some((x) => x.participants.staffIds.includes(m.userId));
  // Someone who has acted on it (e.g. the leader who received it and handed it on) knows it exists.
  const involved = c.writtenComplaint?.receivedBy === m.userId || c.skips.some((x) => x.by === m.userId) || c.toRektor?.by === m.userId;
  return { teacher, registrar, leader, rektor, participant, sees: teacher || registrar || leader || rektor || participant || involved };
}

/**
 * Who acts at each stage. Stages 1–2 are the dialogue between teacher and pupils: the faglærer,
 * whoever registered the complaint (the kontaktlærer), the responsible leader and rektor may
 * record them. Stages 3–4 are the responsible leader's ("Leder med elevoppfølgingsansvar").
 * Stage 5 is rektor's.
 */
function mayActAt(stage: ComplaintStage, r: ComplaintRoles): boolean {
  if (stage <= 2) return r.teacher || r.registrar || r.leader || r.rektor;
  if (stage <= 4) return r.leader;
  return r.rektor;
}

/** A refusal that would reveal the complaint to someone who does not see it says "not found". */
function refuse(r: ComplaintRoles, ask: 'leder' | 'rektor'): never {
  if (!r.sees) throw new DomainError('CASE_NOT_FOUND');
  throw new DomainError('NO_ROLE', { ask });
}

function requireActor(c: TeachingComplaint, actor: Membership | undefined, stage: ComplaintStage): Membership {
  const r = complaintRoles(c, actor);
  if (!mayActAt(stage, r)) refuse(r, stage === 5 ? 'rektor' : 'leder');
  if (c.status === 'avsluttet') throw new DomainError('CASE_CLOSED');
  return actor!;
}

/**
 * Who registers a complaint at the school: the subject teacher about their own teaching (the
 * pupils first ask the teacher for a conversation), the kontaktlærer of the class, an
 * avdelingsleder or rektor. Never a colleague about someone else's teaching (SPEC §3.3: staff do
 * not take complaints about colleagues).
 */
export function mayRegisterComplaint(actor: Membership | undefined, schoolId: string, teacherId: string, klass: string): boolean {
  if (!actor || actor.schoolId !== schoolId || !isStaff(actor) || hasRole(actor, 'skoleeier')) return false;
  return actor.userId === teacherId || (hasRole(actor, 'kontaktlaerer') && actor.classes.includes(klass)) || isLeader(actor);
}

// ---------------------------------------------------------------------------------------------
// Dates

/**
 * The follow-up meeting: "Nytt møte settes opp etter tre uker." Three calendar weeks (21 days)
 * after the meeting, on the same weekday the pupils will expect; when that day is not a school
 * day (a public holiday or a break), the next school day. The seed counts weeks, not school days,
 * so a break inside the period does not lengthen it.
 */
export function followUpDate(meetingDate: LocalDate, calendar: SchoolCalendar): LocalDate {
  let d = addDays(meetingDate, FOLLOW_UP_WEEKS * 7);
  for (let guard = 0; !isSchoolDay(d, calendar); guard++) {
    if (guard > 3660) throw new Error('the school calendar has no school days');
    d = addDays(d, 1);
  }
  return d;
}

export const formatComplaintRef = (year: number, n: number): string => `KL-${year}-${String(n).padStart(4, '0')}`;

// ---------------------------------------------------------------------------------------------
// Registration

export interface ComplaintDraft {
  class: string;
  subject: string;
  teacherId: string;
  /** The tillitselev(er) when already known; usually chosen for the stage-2 meeting. */
  representatives: string[];
}

const pupilErrors = (field: string, pupils: string[], required: boolean): ComplaintFormError[] => {
  const errors: ComplaintFormError[] = [];
  const names = pupils.map((p) => p.trim());
  if (required && names.filter((p) => p !== '').length === 0) errors.push({ field, problem: 'required', role: 'tillitselev' });
  if (names.length > COMPLAINT_LIMITS.pupils) errors.push({ field, problem: 'tooMany', limit: COMPLAINT_LIMITS.pupils });
  if (names.some((p) => p.length > COMPLAINT_LIMITS.pupilName)) errors.push({ field, problem: 'tooLong', limit: COMPLAINT_LIMITS.pupilName });
  const given = names.filter((p) => p !== '');
  if (new Set(given.map((p) => p.toLowerCase())).size < given.length) errors.push({ field, problem: 'duplicate' });
  return errors;
};

const cleanPupils = (pupils: string[]): string[] => pupils.map((p) => p.trim()).filter((p) => p !== '');

const textError = (errors: ComplaintFormError[], field: string, v: string, required: boolean, limit: number): void => {
  if (required && v.trim() === '') errors.push({ field, problem: 'required' });
  else if (v.length > limit) errors.push({ field, problem: 'tooLong', limit });
};

export function validateComplaint(d: ComplaintDraft, ctx: { classes: string[]; staff: Membership[]; schoolId: string }): ComplaintFormError[] {
  const errors: ComplaintFormError[] = [];
  if (d.class === '') errors.push({ field: 'class', problem: 'required' });
  else if (!ctx.classes.includes(d.class)) errors.push({ field: 'class', problem: 'invalid' });
  textError(errors, 'subject', d.subject, true, COMPLAINT_LIMITS.subject);
  if (d.teacherId === '') errors.push({ field: 'teacherId', problem: 'required' });
  else if (!ctx.staff.some((s) => s.userId === d.teacherId && s.schoolId === ctx.schoolId && isStaff(s) && !hasRole(s, 'skoleeier')))
    errors.push({ field: 'teacherId', problem: 'notStaff' });
  errors.push(...pupilErrors('representatives', d.representatives, false));
  return errors;
}

/** A complaint starts at stage 1, the pupils' conversation with the subject teacher. */
export function registerComplaint(
  actor: Membership | undefined,
  d: ComplaintDraft,
  o: { complaintId: string; ref: string; now: string; classes: string[]; staff: Membership[]; leader: Membership | undefined },
): ComplaintResult | ComplaintFormError[] {
  if (!actor || !mayRegisterComplaint(actor, actor.schoolId, d.teacherId, d.class)) throw new DomainError('NO_ROLE', { action: 'klage', ask: 'leder' });
  const { leader } = o;
  if (!leader || leader.schoolId !== actor.schoolId || leader.tenantId !== actor.tenantId || !isLeader(leader)) throw new DomainError('LEADER_INVALID');
  const errors = validateComplaint(d, { classes: o.classes, staff: o.staff, schoolId: actor.schoolId });
  if (errors.length) return errors;
  const complaint: TeachingComplaint = {
    tenantId: actor.tenantId,
    schoolId: actor.schoolId,
    complaintId: o.complaintId,
    ref: o.ref,
    class: d.class,
    subject: d.subject.trim(),
    teacherId: d.teacherId,
    representatives: cleanPupils(d.representatives),
    registeredBy: actor.userId,
    registeredAt: o.now,
    leaderId: leader.userId,
    stage: 1,
    stageSince: o.now,
    status: 'apen',
    minutes: [],
    teacherInformedAt: '',
    skips: [],
  };
  return { complaint, log: { at: o.now, actorId: actor.userId, action: 'klage_registrert', detail: `ref=${o.ref};faglaerer=${d.teacherId};leder=${leader.userId}` } };
}

/** The responsible leader (or rektor) hands the follow-up to another leader, e.g. the one with personalansvar. */
export function assignLeader(c: TeachingComplaint, actor: Membership | undefined, leader: Membership | undefined, now: string): ComplaintResult {
  const r = complaintRoles(c, actor);
  if (!r.leader && !r.rektor) refuse(r, 'leder');
  if (c.status === 'avsluttet') throw new DomainError('CASE_CLOSED');
  if (c.stage === 5) throw new ComplaintError('NOT_AT_STAGE', { stage: c.stage });
  if (!leader || !atSchool(c, leader) || !isLeader(leader)) throw new DomainError('LEADER_INVALID');
  if (leader.userId === c.leaderId) throw new DomainError('ALREADY_DECIDED');
  return { complaint: { ...c, leaderId: leader.userId }, log: { at: now, actorId: actor!.userId, action: 'leder_endret', detail: `leder=${leader.userId}` } };
}

// ---------------------------------------------------------------------------------------------
// Minutes

/** The minutes of a kind that count: the latest recorded. */
export const latestMinutes = (c: TeachingComplaint, kind: MinutesKind): Minutes | undefined => c.minutes.filter((x) => x.kind === kind).at(-1);

const signerKey = (s: Signer): string => (s.kind === 'ansatt' ? `a:${s.userId}` : `e:${s.name.toLowerCase()}`);

/** Every participant, staff and pupils, has signed. */
export function allSigned(m: Minutes): boolean {
  const signed = new Set(m.approvals.map((a) => signerKey(a.signer)));
  return m.participants.staffIds.every((id) => signed.has(`a:${id}`)) && m.participants.pupils.every((p) => signed.has(`e:${p.toLowerCase()}`));
}

/** Who has not signed yet, for the card (pupil names are shown to staff in the card, never logged). */
export function unsigned(m: Minutes): { staffIds: string[]; pupils: string[] } {
  const signed = new Set(m.approvals.map((a) => signerKey(a.signer)));
  return {
    staffIds: m.participants.staffIds.filter((id) => !signed.has(`a:${id}`)),
    pupils: m.participants.pupils.filter((p) => !signed.has(`e:${p.toLowerCase()}`)),
  };
}

export interface MinutesDraft {
  kind: string;
  date: string;
  staffIds: string[];
  pupils: string[];
  notes: string;
  agreed: string;
  proposals: string;
  periodEnd: string;
}

/** Who must be at each meeting, and who must not (the leader's conversations are separate). */
const REQUIRED_STAFF: Record<MinutesKind, ('faglaerer' | 'leder')[]> = {
  samtale_faglaerer: ['faglaerer'],
  mote_tillitselev: ['faglaerer'],
  samtale_tillitselev: ['leder'],
  samtale_faglaerer_leder: ['leder', 'faglaerer'],
  felles_mote: ['leder', 'faglaerer'],
};

export function validateMinutes(
  c: TeachingComplaint,
  kind: MinutesKind,
  d: MinutesDraft,
  ctx: { staff: Membership[]; today: LocalDate; calendar: SchoolCalendar },
): ComplaintFormError[] {
  const errors: ComplaintFormError[] = [];
  let dateOk = false;
  if (d.date === '') errors.push({ field: 'date', problem: 'required' });
  else if (!isCalendarDate(d.date)) errors.push({ field: 'date', problem: 'invalid' });
  else if (d.date > ctx.today) errors.push({ field: 'date', problem: 'future' });
  else dateOk = true;

  // Staff participants, looked up on the server: a pupil is never in the staff list.
  const staffIds = [...new Set(d.staffIds.filter((id) => id !== ''))];
  if (staffIds.length > COMPLAINT_LIMITS.staff) errors.push({ field: 'staffIds', problem: 'tooMany', limit: COMPLAINT_LIMITS.staff });
  if (staffIds.some((id) => !ctx.staff.some((s) => s.userId === id && atSchool(c, s) && isStaff(s) && !hasRole(s, 'skoleeier'))))
    errors.push({ field: 'staffIds', problem: 'notStaff' });
  for (const role of REQUIRED_STAFF[kind]) {
    const id = role === 'faglaerer' ? c.teacherId : c.leaderId;
    if (!staffIds.includes(id)) errors.push({ field: 'staffIds', problem: 'missingParticipant', role });
  }
  // "Leder gjennomfører separate samtaler med tillitselev og lærer."
  if (kind === 'samtale_tillitselev' && staffIds.includes(c.teacherId)) errors.push({ field: 'staffIds', problem: 'notSeparate' });
  if (kind === 'samtale_faglaerer_leder') {
    if (cleanPupils(d.pupils).length > 0) errors.push({ field: 'pupils', problem: 'notSeparate' });
  } else errors.push(...pupilErrors('pupils', d.pupils, true));

  textError(errors, 'notes', d.notes, kind !== 'felles_mote', COMPLAINT_LIMITS.text);
  if (kind === 'mote_tillitselev' || kind === 'felles_mote') textError(errors, 'agreed', d.agreed, true, COMPLAINT_LIMITS.text);
  if (kind === 'felles_mote') textError(errors, 'proposals', d.proposals, true, COMPLAINT_LIMITS.text);
  if (kind === 'mote_tillitselev') {
    if (d.periodEnd === '') errors.push({ field: 'periodEnd', problem: 'required' });
    else if (!isCalendarDate(d.periodEnd)) errors.push({ field: 'periodEnd', problem: 'invalid' });
    else if (dateOk && d.periodEnd <= d.date) errors.push({ field: 'periodEnd', problem: 'order' });
    // The follow-up meeting looks at whether things got better "etter avtalt periode".
    else if (dateOk && d.periodEnd > followUpDate(d.date, ctx.calendar)) errors.push({ field: 'periodEnd', problem: 'afterFollowUp' });
  }
  return errors;
}

/**
 * Records the minutes of a meeting of the complaint's current stage. Recording a kind again makes
 * a new version (with a new id) that must be signed again; the earlier one stays in the record.
 * The stage-2 minutes carry the follow-up date, set at once, three weeks on.
 */
export function recordMinutes(
  c: TeachingComplaint,
  actor: Membership | undefined,
  d: MinutesDraft,
  ctx: { minutesId: string; staff: Membership[]; today: LocalDate; now: string; calendar: SchoolCalendar },
): ComplaintResult | ComplaintFormError[] {
  if (!(MINUTES_KINDS as readonly string[]).includes(d.kind)) throw new DomainError('INVALID_INPUT', { field: 'kind' });
  const kind = d.kind as MinutesKind;
  const stage = MINUTES_STAGE[kind];
  const by = requireActor(c, actor, stage);
  if (c.stage !== stage) throw new ComplaintError('NOT_AT_STAGE', { stage: c.stage, kind });
  if (kind === 'felles_mote' && (!latestMinutes(c, 'samtale_tillitselev') || !latestMinutes(c, 'samtale_faglaerer_leder')))
    throw new ComplaintError('SEPARATE_TALKS_FIRST');
  const errors = validateMinutes(c, kind, d, ctx);
  if (errors.length) return errors;
  const pupils = kind === 'samtale_faglaerer_leder' ? [] : cleanPupils(d.pupils);
  const minutes: Minutes = {
    minutesId: ctx.minutesId,
    kind,
    stage,
    date: d.date,
    participants: { staffIds: [...new Set(d.staffIds.filter((id) => id !== ''))], pupils },
    notes: d.notes.trim(),
    agreed: kind === 'mote_tillitselev' || kind === 'felles_mote' ? d.agreed.trim() : '',
    proposals: kind === 'felles_mote' ? d.proposals.trim() : '',
    periodEnd: kind === 'mote_tillitselev' ? d.periodEnd : '',
    followUpOn: kind === 'mote_tillitselev' ? followUpDate(d.date, ctx.calendar) : '',
    requiresSignatures: SIGNED_MINUTES.includes(kind),
    approvals: [],
    recordedAt: ctx.now,
    recordedBy: by.userId,
  };
  const again = !!latestMinutes(c, kind);
  return {
    complaint: {
      ...c,
      minutes: [...c.minutes, minutes],
      // "I dette møtet deltar tillitselev(er) og faglærer": those who met are the tillitselever.
      representatives: kind === 'mote_tillitselev' ? pupils : c.representatives,
    },
    log: {
      at: ctx.now,
      actorId: by.userId,
      action: again ? 'referat_endret' : 'referat_registrert',
      detail: `referat=${minutes.minutesId};type=${kind};ansatte=${minutes.participants.staffIds.length};elever=${pupils.length}${minutes.followUpOn ? `;oppfolging=${minutes.followUpOn}` : ''}`,
    },
  };
}

function signable(c: TeachingComplaint, actor: Membership | undefined, minutesId: string): { by: Membership; minutes: Minutes } {
  const r = complaintRoles(c, actor);
  if (!r.sees) throw new DomainError('CASE_NOT_FOUND');
  const minutes = c.minutes.find((x) => x.minutesId === minutesId);
  if (!minutes) throw new DomainError('INVALID_INPUT', { field: 'minutesId' });
  // Only someone listed as taking part signs: "Referatet skrives under av møtedeltakere".
  if (!minutes.participants.staffIds.includes(actor!.userId)) throw new DomainError('NO_ROLE', { action: 'godkjenn_referat' });
  if (c.status === 'avsluttet') throw new DomainError('CASE_CLOSED');
  // A changed version replaced these minutes: that one is signed instead.
  if (latestMinutes(c, minutes.kind)?.minutesId !== minutesId) throw new DomainError('CONFLICT', { field: 'minutesId' });
  return { by: actor!, minutes };
}

const withApproval = (c: TeachingComplaint, minutesId: string, approval: Approval): TeachingComplaint => ({
  ...c,
  minutes: c.minutes.map((x) => (x.minutesId === minutesId ? { ...x, approvals: [...x.approvals, approval] } : x)),
});

/** A staff participant presses "Godkjenn referat". A second press changes nothing. */
export function approveMinutes(c: TeachingComplaint, actor: Membership | undefined, minutesId: string, now: string): ApprovalResult {
  const { by, minutes } = signable(c, actor, minutesId);
  const signer: Signer = { kind: 'ansatt', userId: by.userId };
  if (minutes.approvals.some((a) => signerKey(a.signer) === signerKey(signer))) return { complaint: c, log: undefined };
  return {
    complaint: withApproval(c, minutesId, { signer, at: now, by: by.userId }),
    log: { at: now, actorId: by.userId, action: 'referat_godkjent', detail: `referat=${minutesId}` },
  };
}

/**
 * A pupil signs the paper minutes; a staff participant of the same meeting confirms it in the bot
 * (pupils have no membership and cannot press the button). Once per pupil.
 */
export function confirmPupilSignature(c: TeachingComplaint, actor: Membership | undefined, minutesId: string, pupil: string, now: string): ApprovalResult {
  const { by, minutes } = signable(c, actor, minutesId);
  const index = minutes.participants.pupils.findIndex((p) => p.toLowerCase() === pupil.trim().toLowerCase());
  if (index < 0) throw new DomainError('INVALID_INPUT', { field: 'pupil' });
  const signer: Signer = { kind: 'elev', name: minutes.participants.pupils[index] };
  if (minutes.approvals.some((a) => signerKey(a.signer) === signerKey(signer))) return { complaint: c, log: undefined };
  return {
    complaint: withApproval(c, minutesId, { signer, at: now, by: by.userId }),
    log: { at: now, actorId: by.userId, action: 'elevsignatur_bekreftet', detail: `referat=${minutesId};elev=${index + 1}` },
  };
}

// ---------------------------------------------------------------------------------------------
// The follow-up meeting of stage 2

export interface FollowUpDraft {
  heldOn: string;
  outcome: string;
  note: string;
}

/**
 * The follow-up meeting, three weeks after the tillitselev meeting. "ikke_bedret" means: "Hvis
 * forholdene ikke bedrer seg etter avtalt periode, gir tillitseleven beskjed til lærer om at
 * elevene ønsker å gå videre med saken" — so it can only be said once the agreed period is over.
 * Recording it again (a correction) replaces the earlier record.
 */
export function recordFollowUp(
  c: TeachingComplaint,
  actor: Membership | undefined,
  d: FollowUpDraft,
  ctx: { today: LocalDate; now: string },
): ComplaintResult | ComplaintFormError[] {
  const by = requireActor(c, actor, 2);
  if (c.stage !== 2) throw new ComplaintError('NOT_AT_STAGE', { stage: c.stage });
  const meeting = latestMinutes(c, 'mote_tillitselev');
  if (!meeting) throw new ComplaintError('MINUTES_MISSING', { kind: 'mote_tillitselev' });
  const errors: ComplaintFormError[] = [];
  if (!(FOLLOW_UP_OUTCOMES as readonly string[]).includes(d.outcome)) errors.push({ field: 'outcome', problem: d.outcome === '' ? 'required' : 'invalid' });
  if (d.heldOn === '') errors.push({ field: 'heldOn', problem: 'required' });
  else if (!isCalendarDate(d.heldOn)) errors.push({ field: 'heldOn', problem: 'invalid' });
  else if (d.heldOn > ctx.today) errors.push({ field: 'heldOn', problem: 'future' });
  else if (d.heldOn <= meeting.date) errors.push({ field: 'heldOn', problem: 'order' });
  else if (d.outcome === 'ikke_bedret' && d.heldOn < meeting.periodEnd) errors.push({ field: 'heldOn', problem: 'beforePeriodEnd' });
  textError(errors, 'note', d.note, false, COMPLAINT_LIMITS.note);
  if (errors.length) return errors;
  const followUp: FollowUp = { minutesId: meeting.minutesId, heldOn: d.heldOn, outcome: d.outcome as FollowUpOutcome, note: d.note.trim(), at: ctx.now, by: by.userId };
  return {
    complaint: { ...c, followUp },
    log: { at: ctx.now, actorId: by.userId, action: 'oppfolging_holdt', detail: `referat=${meeting.minutesId};utfall=${followUp.outcome}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Moving between stages

/** What still keeps the complaint at its stage, first problem first (empty: the stage is done). */
export function missingForStage(c: TeachingComplaint): ComplaintError[] {
  const missing: ComplaintError[] = [];
  const need = (kind: MinutesKind): Minutes | undefined => {
    const m = latestMinutes(c, kind);
    if (!m) missing.push(new ComplaintError('MINUTES_MISSING', { kind }));
    else if (m.requiresSignatures && !allSigned(m)) missing.push(new ComplaintError('MINUTES_NOT_APPROVED', { kind, referat: m.minutesId }));
    return m;
  };
  switch (c.stage) {
    case 1:
      need('samtale_faglaerer');
      break;
    case 2: {
      const m = need('mote_tillitselev');
      if (m && (!c.followUp || c.followUp.minutesId !== m.minutesId)) missing.push(new ComplaintError('FOLLOW_UP_NOT_HELD', { oppfolging: followUpOn(c) }));
      else if (m && c.followUp?.outcome === 'bedret') missing.push(new ComplaintError('CONDITIONS_IMPROVED'));
      break;
    }
    case 3:
      // Received: the leader begins stage 4 by telling the teacher.
      break;
    case 4:
      need('samtale_tillitselev');
      need('samtale_faglaerer_leder');
      need('felles_mote');
      break;
    case 5:
      missing.push(new ComplaintError('FINAL_STAGE'));
      break;
  }
  return missing;
}

const latestIds = (c: TeachingComplaint, kinds: readonly MinutesKind[]): string[] =>
  kinds.map((k) => latestMinutes(c, k)?.minutesId).filter((id): id is string => !!id);

/**
 * Checks a move from the current stage to `to` and returns who makes it. The next stage needs the
 * current one done; a later stage is a skip, which only the responsible leader or rektor may make,
 * and only with a reason.
 */
function checkMove(c: TeachingComplaint, actor: Membership | undefined, to: number, reason: string): { by: Membership; skip: boolean } {
  const r = complaintRoles(c, actor);
  if (!r.sees) throw new DomainError('CASE_NOT_FOUND');
  if (c.status === 'avsluttet') throw new DomainError('CASE_CLOSED');
  if (c.stage === 5) throw new ComplaintError('FINAL_STAGE');
  if (!Number.isInteger(to) || to < 1 || to > 5) throw new DomainError('INVALID_INPUT', { field: 'to' });
  if (to <= c.stage) throw new ComplaintError('STAGE_PASSED', { stage: c.stage, to });
  const skip = to > c.stage + 1;
  if (skip) {
    if (!r.leader && !r.rektor) throw new DomainError('NO_ROLE', { ask: 'leder' });
    if (reason.trim() === '') throw new ComplaintError('STAGE_SKIPPED', { from: c.stage, to });
    if (reason.length > COMPLAINT_LIMITS.reason) throw new DomainError('INVALID_INPUT', { field: 'reason', limit: COMPLAINT_LIMITS.reason });
  } else {
    if (!mayActAt(c.stage, r)) refuse(r, 'leder');
    const missing = missingForStage(c);
    if (missing.length) throw missing[0];
  }
  return { by: actor!, skip };
}

function move(c: TeachingComplaint, by: Membership, to: ComplaintStage, skip: boolean, reason: string, now: string): TeachingComplaint {
  return {
    ...c,
    stage: to,
    stageSince: now,
    // Stage 4 begins with "Leder ... orienterer lærer om at klage er mottatt".
    teacherInformedAt: to >= 4 && !c.teacherInformedAt ? now : c.teacherInformedAt,
    skips: skip ? [...c.skips, { from: c.stage, to, reason: reason.trim(), at: now, by: by.userId }] : c.skips,
  };
}

const moveLog = (c: TeachingComplaint, by: Membership, to: ComplaintStage, skip: boolean, reason: string, now: string, action: ComplaintLogAction, extra = ''): ComplaintLogEntry => ({
  at: now,
  actorId: by.userId,
  action: skip ? 'trinn_hoppet_over' : action,
  detail: `fra=${c.stage};til=${to}${extra}${skip ? `;grunn=${reason.trim()}` : ''}`,
});

/**
 * Moves the complaint to stage `to`. The next stage needs the current stage done (its minutes,
 * signatures and follow-up); any later stage is a skip and needs `reason`, which is kept and
 * logged. Stage 3 is entered only with the written complaint (escalateToLeader); entering stage 4
 * records that the leader has told the teacher the complaint is received.
 */
export function advance(c: TeachingComplaint, actor: Membership | undefined, o: { to: number; reason?: string; now: string }): ComplaintResult {
  const reason = o.reason ?? '';
  const { by, skip } = checkMove(c, actor, o.to, reason);
  const to = o.to as ComplaintStage;
  if (to === 3) throw new ComplaintError('WRITTEN_COMPLAINT_REQUIRED');
  if (to === 4 && !mayActAt(4, complaintRoles(c, actor))) throw new DomainError('NO_ROLE', { ask: 'leder' });
  const action: ComplaintLogAction = to === 4 ? 'laerer_orientert' : to === 5 ? 'til_rektor' : 'trinn_videre';
  const next = move(c, by, to, skip, reason, o.now);
  const withRektor = to === 5 ? { ...next, toRektor: { minutesIds: latestIds(c, MINUTES_KINDS), note: '', at: o.now, by: by.userId } } : next;
  return { complaint: withRektor, log: moveLog(c, by, to, skip, reason, o.now, action) };
}

/** The current stage is done: on to the next one. */
export const completeStage = (c: TeachingComplaint, actor: Membership | undefined, now: string): ComplaintResult => advance(c, actor, { to: c.stage + 1, now });

/** Stage 3 → 4: the leader tells the teacher the complaint is received and that a conversation follows. */
export const informTeacher = (c: TeachingComplaint, actor: Membership | undefined, now: string): ComplaintResult => advance(c, actor, { to: 4, now });

export interface WrittenComplaintDraft {
  text: string;
  /** Why the complaint is put to the leader. */
  reason: string;
}

/**
 * Stage 3: "Elev/tillitselev utformer skriftlig klage på opplæringen og leverer dette til leder
 * med elevoppfølgingsansvar". The responsible leader records it as received; the minutes of the
 * conversations held are attached, and the reason it goes to the leader is required. From stage 1
 * (the tillitselev meeting not held) it is a skip and needs `skipReason`.
 */
export function escalateToLeader(
  c: TeachingComplaint,
  actor: Membership | undefined,
  d: WrittenComplaintDraft & { skipReason?: string },
  now: string,
): ComplaintResult | ComplaintFormError[] {
  const r = complaintRoles(c, actor);
  if (!r.leader) refuse(r, 'leder');
  const skipReason = d.skipReason ?? '';
  const { by, skip } = checkMove(c, actor, 3, skipReason);
  const errors: ComplaintFormError[] = [];
  textError(errors, 'text', d.text, true, COMPLAINT_LIMITS.text);
  textError(errors, 'reason', d.reason, true, COMPLAINT_LIMITS.reason);
  if (errors.length) return errors;
  const minutesIds = latestIds(c, ['samtale_faglaerer', 'mote_tillitselev']);
  const writtenComplaint: WrittenComplaint = { text: d.text.trim(), reason: d.reason.trim(), minutesIds, receivedAt: now, receivedBy: by.userId };
  return {
    complaint: { ...move(c, by, 3, skip, skipReason, now), writtenComplaint },
    log: moveLog(c, by, 3, skip, skipReason, now, 'klage_til_leder', `;referater=${minutesIds.join(',')}`),
  };
}

/**
 * Stage 5: "Dersom saken ikke løses etter dette, behandles den av rektor med utgangspunkt i
 * referater og foreslåtte løsninger." The responsible leader hands it over with every latest
 * minutes (the joint meeting's carries the proposed solutions) and an optional note. From stage 3
 * it is a skip and needs `skipReason`.
 */
export function handToRektor(c: TeachingComplaint, actor: Membership | undefined, d: { note: string; skipReason?: string }, now: string): ComplaintResult | ComplaintFormError[] {
  const r = complaintRoles(c, actor);
  if (!r.leader) refuse(r, 'leder');
  const skipReason = d.skipReason ?? '';
  const { by, skip } = checkMove(c, actor, 5, skipReason);
  const errors: ComplaintFormError[] = [];
  textError(errors, 'note', d.note, false, COMPLAINT_LIMITS.note);
  if (errors.length) return errors;
  const minutesIds = latestIds(c, MINUTES_KINDS);
  return {
    complaint: { ...move(c, by, 5, skip, skipReason, now), toRektor: { minutesIds, note: d.note.trim(), at: now, by: by.userId } },
    log: moveLog(c, by, 5, skip, skipReason, now, 'til_rektor', `;referater=${minutesIds.join(',')}`),
  };
}

/**
 * Closes the complaint as resolved at its current stage, with a note: at stages 1–2 by the
 * teacher, the registrar, the leader or rektor; at 3–4 by the responsible leader; at 5 by rektor
 * only (rektor's handling ends the routine).
 */
export function resolve(c: TeachingComplaint, actor: Membership | undefined, note: string, now: string): ComplaintResult | ComplaintFormError[] {
  const by = requireActor(c, actor, c.stage);
  const errors: ComplaintFormError[] = [];
  textError(errors, 'note', note, true, COMPLAINT_LIMITS.note);
  if (errors.length) return errors;
  return {
    complaint: { ...c, status: 'avsluttet', resolution: { stage: c.stage, note: note.trim(), at: now, by: by.userId } },
    log: { at: now, actorId: by.userId, action: 'klage_avsluttet', detail: `trinn=${c.stage}` },
  };
}

// ---------------------------------------------------------------------------------------------
// The follow-up meeting's day, and moving it

/** The follow-up of the latest stage-2 minutes is still to be held (the complaint open, at stage 2). */
export function followUpAwaited(c: TeachingComplaint): boolean {
  if (c.status === 'avsluttet' || c.stage !== 2) return false;
  const m = latestMinutes(c, 'mote_tillitselev');
  return !!m && !!m.followUpOn && c.followUp?.minutesId !== m.minutesId;
}

/** The day of the follow-up meeting: three weeks after the meeting, unless it was moved. '' when there is none. */
export function followUpOn(c: TeachingComplaint): LocalDate {
  const m = latestMinutes(c, 'mote_tillitselev');
  if (!m) return '';
  return c.followUpMoved?.minutesId === m.minutesId ? c.followUpMoved.date : m.followUpOn;
}

/**
 * Moves the follow-up meeting to another school day (a sick teacher, a trip): those who act at
 * stage 2 may do it until it is held. It stays after the meeting and, since it looks at whether
 * things got better "etter avtalt periode", not before the agreed period ends. The same day again
 * changes nothing.
 */
export function moveFollowUp(
  c: TeachingComplaint,
  actor: Membership | undefined,
  date: string,
  ctx: { today: LocalDate; now: string; calendar: SchoolCalendar },
): ApprovalResult | ComplaintFormError[] {
  const by = requireActor(c, actor, 2);
  if (c.stage !== 2) throw new ComplaintError('NOT_AT_STAGE', { stage: c.stage });
  const m = latestMinutes(c, 'mote_tillitselev');
  if (!m) throw new ComplaintError('MINUTES_MISSING', { kind: 'mote_tillitselev' });
  if (!followUpAwaited(c)) throw new ComplaintError('FOLLOW_UP_HELD');
  const errors: ComplaintFormError[] = [];
  if (date === '') errors.push({ field: 'date', problem: 'required' });
  else if (!isCalendarDate(date)) errors.push({ field: 'date', problem: 'invalid' });
  else if (date < ctx.today) errors.push({ field: 'date', problem: 'past' });
  else if (date <= m.date) errors.push({ field: 'date', problem: 'order' });
  else if (!isSchoolDay(date, ctx.calendar)) errors.push({ field: 'date', problem: 'notSchoolDay' });
  else if (m.periodEnd && date < m.periodEnd) errors.push({ field: 'date', problem: 'followUpBeforePeriodEnd' });
  if (errors.length) return errors;
  const from = followUpOn(c);
  if (date === from) return { complaint: c, log: undefined };
  return {
    complaint: { ...c, followUpMoved: { minutesId: m.minutesId, date, at: ctx.now, by: by.userId } },
    log: { at: ctx.now, actorId: by.userId, action: 'oppfolging_flyttet', detail: `referat=${m.minutesId};fra=${from};til=${date}` },
  };
}
