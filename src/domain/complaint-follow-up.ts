/**
 * The follow-up meeting of stage 2 in a complaint about teaching (seed 000): three weeks after the
 * tillitselev meeting, whether things got better; its day, and moving that day. Exported from
 * complaint.ts with the rest of the routine.
 */
import { isCalendarDate } from './report';
import { isSchoolDay, type LocalDate, type SchoolCalendar } from './school-calendar';
import { requireActor, textError } from './complaint-access';
import { latestMinutes } from './complaint-minutes';
import {
  type ApprovalResult,
  COMPLAINT_LIMITS,
  ComplaintError,
  type ComplaintFormError,
  type ComplaintResult,
  FOLLOW_UP_OUTCOMES,
  type FollowUp,
  type FollowUpOutcome,
  type TeachingComplaint,
} from './complaint-records';
import type { Membership } from './people';
import type { StepClock } from './step';

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
export function recordFollowUp(c: TeachingComplaint, actor: Membership | undefined, d: FollowUpDraft, ctx: StepClock): ComplaintResult | ComplaintFormError[] {
  const by = requireActor(c, actor, 2);
  if (c.stage !== 2) throw new ComplaintError('complaint.NOT_AT_STAGE', { stage: c.stage });
  const meeting = latestMinutes(c, 'mote_tillitselev');
  if (!meeting) throw new ComplaintError('complaint.MINUTES_MISSING', { kind: 'mote_tillitselev' });
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
  if (c.stage !== 2) throw new ComplaintError('complaint.NOT_AT_STAGE', { stage: c.stage });
  const m = latestMinutes(c, 'mote_tillitselev');
  if (!m) throw new ComplaintError('complaint.MINUTES_MISSING', { kind: 'mote_tillitselev' });
  if (!followUpAwaited(c)) throw new ComplaintError('complaint.FOLLOW_UP_HELD');
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
