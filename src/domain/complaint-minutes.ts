/**
 * The minutes (referater) of a teaching complaint: recorded per meeting, with the participants
 * the routine asks for, and signed ("Referatet skrives under av møtedeltakere") by staff pressing
 * «Godkjenn referat» and by pupils on paper, confirmed by a staff participant. The stage-2 meeting
 * sets the follow-up meeting three weeks on.
 */
import { DomainError } from './errors';
import { hasRole, isStaff, type Membership } from './people';
import { isCalendarDate } from './report';
import { addDays, isSchoolDay, type LocalDate, type SchoolCalendar } from './school-calendar';
import { atSchool, cleanPupils, complaintRoles, pupilErrors, requireActor, textError } from './complaint-access';
import {
  type Approval,
  type ApprovalResult,
  COMPLAINT_LIMITS,
  ComplaintError,
  type ComplaintFormError,
  type ComplaintResult,
  FOLLOW_UP_WEEKS,
  type Minutes,
  MINUTES_KINDS,
  MINUTES_STAGE,
  type MinutesKind,
  SIGNED_MINUTES,
  type Signer,
  type TeachingComplaint,
} from './complaint-records';

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
  if (!(MINUTES_KINDS as readonly string[]).includes(d.kind)) throw new DomainError('common.INVALID_INPUT', { field: 'kind' });
  const kind = d.kind as MinutesKind;
  const stage = MINUTES_STAGE[kind];
  const by = requireActor(c, actor, stage);
  if (c.stage !== stage) throw new ComplaintError('complaint.NOT_AT_STAGE', { stage: c.stage, kind });
  if (kind === 'felles_mote' && (!latestMinutes(c, 'samtale_tillitselev') || !latestMinutes(c, 'samtale_faglaerer_leder')))
    throw new ComplaintError('complaint.SEPARATE_TALKS_FIRST');
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
  if (!r.sees) throw new DomainError('common.NOT_FOUND');
  const minutes = c.minutes.find((x) => x.minutesId === minutesId);
  if (!minutes) throw new DomainError('common.INVALID_INPUT', { field: 'minutesId' });
  // Only someone listed as taking part signs: "Referatet skrives under av møtedeltakere".
  if (!minutes.participants.staffIds.includes(actor!.userId)) throw new DomainError('common.NO_ROLE', { action: 'godkjenn_referat' });
  if (c.status === 'avsluttet') throw new DomainError('common.CLOSED');
  // A changed version replaced these minutes: that one is signed instead.
  if (latestMinutes(c, minutes.kind)?.minutesId !== minutesId) throw new DomainError('common.CONFLICT', { field: 'minutesId' });
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
  if (index < 0) throw new DomainError('common.INVALID_INPUT', { field: 'pupil' });
  const signer: Signer = { kind: 'elev', name: minutes.participants.pupils[index] };
  if (minutes.approvals.some((a) => signerKey(a.signer) === signerKey(signer))) return { complaint: c, log: undefined };
  return {
    complaint: withApproval(c, minutesId, { signer, at: now, by: by.userId }),
    log: { at: now, actorId: by.userId, action: 'elevsignatur_bekreftet', detail: `referat=${minutesId};elev=${index + 1}` },
  };
}
