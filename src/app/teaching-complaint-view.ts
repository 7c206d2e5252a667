/**
 * What one member of staff sees of a teaching complaint, and the buttons they may press now: each
 * button is there only when the domain (domain/complaint.ts) allows this viewer to take that step,
 * found by asking it, never by guessing.
 */
import type { FollowUpBooking, StoredComplaint } from '../ports';
import {
  approveMinutes,
  ComplaintError,
  complaintRoles,
  completeStage,
  confirmPupilSignature,
  escalateToLeader,
  followUpAwaited,
  handToRektor,
  informTeacher,
  latestMinutes,
  MINUTES_KINDS,
  MINUTES_STAGE,
  moveFollowUp,
  recordFollowUp,
  recordMinutes,
  resolve,
  unsigned,
  type ComplaintRoles,
  type MinutesDraft,
  type MinutesKind,
  type TeachingComplaint,
} from '../domain/complaint';
import { stageDeadline, type StageDeadline } from '../domain/complaint-deadlines';
import { hasRole, isStaff, type Membership } from '../domain/people';
import type { School } from '../domain/school';
import type { SchoolCalendar } from '../domain/school-calendar';
import { calendarFor, localDateOf, schoolDate } from './school-time';

/** What a person is told in their personal chat. */
export type ComplaintNotice =
  /** The stage-2 minutes to approve ("Godkjenn referat"). */
  | 'godkjenn'
  /** The follow-up found no improvement: the written complaint comes to the leader. */
  | 'til_leder'
  /** The leader has told the teacher the complaint is received (stage 4 begins). */
  | 'orientert'
  /** Rektor takes it over (stage 5). */
  | 'til_rektor'
  | 'avsluttet'
  /** The follow-up meeting is near (or passed and not recorded). */
  | 'oppfolging'
  /** Another stage's deadline is near (the view's `deadline` says which). */
  | 'frist'
  /** The follow-up meeting was moved (the calendar has the new time). */
  | 'mote_flyttet'
  /** The follow-up meeting was taken out of the calendar. */
  | 'mote_avlyst';

/** The buttons this viewer may press now, worked out by asking the domain, never by guessing. */
export interface ComplaintButtons {
  minutes: MinutesKind[];
  /** The minutes this viewer may approve, '' when none. */
  approve: string;
  pupils: boolean;
  followUp: boolean;
  /** «Flytt oppfølgingsmøtet»: the follow-up is still to be held and this viewer acts at stage 2. */
  move: boolean;
  /** Stage 1 done: on to the tillitselev meeting. */
  next: boolean;
  /** Stage 3: the leader tells the teacher (stage 4 begins). */
  inform: boolean;
  /** The leader records the written complaint (also shown when the stage is not done, to say why). */
  escalate: boolean;
  toRektor: boolean;
  resolve: boolean;
}

export interface ComplaintView {
  complaint: StoredComplaint;
  school: School | undefined;
  viewer: Membership | undefined;
  roles: ComplaintRoles;
  names: Record<string, string>;
  buttons: ComplaintButtons;
  /** Staff who get their own view of the card when they open it (refresh.userIds). */
  involved: string[];
  /** Staff who may be chosen as participants in a meeting: those the complaint concerns. */
  participants: { userId: string; name: string }[];
  /** The school's date today, for what is due. */
  today: string;
  /** The follow-up meeting as booked in the calendar (or still waiting for it), when there is one. */
  booking?: FollowUpBooking;
  /** The deadline of the stage the complaint is at, while its work is not done. */
  deadline?: StageDeadline;
}

/** The school's date of an instant, for the domain (which has no time zone). */
export const dateOf = (iso: string): string => localDateOf(new Date(iso));

type Probe = 'yes' | 'notYet' | 'no';
/** Asks the domain: allowed ('yes', form errors included), refused for now ('notYet'), or not this person's to do. */
function probe(f: () => unknown): Probe {
  try {
    f();
    return 'yes';
  } catch (e) {
    return e instanceof ComplaintError ? 'notYet' : 'no';
  }
}

export const emptyMinutes = (kind: MinutesKind): MinutesDraft => ({ kind, date: '', staffIds: [], pupils: [], notes: '', agreed: '', proposals: '', periodEnd: '' });

/** The complaint as `me` sees it at `now` (the school's date decides what is due), with the buttons they may press. */
export function complaintView(c: StoredComplaint, me: Membership | undefined, staff: Membership[], school: School | undefined, now: Date, booking?: FollowUpBooking): ComplaintView {
  const today = schoolDate(now).today;
  const ctx = { staff, today, now: now.toISOString(), calendar: calendarFor(school ?? {}, today) };
  const roles = complaintRoles(c, me);
  const yes = (f: () => unknown) => probe(f) === 'yes';
  const shown = (f: () => unknown) => probe(f) !== 'no';
  const open = c.status === 'apen';
  const meeting = latestMinutes(c, 'mote_tillitselev');
  const waiting = meeting && c.stage === 2 && meeting.requiresSignatures ? unsigned(meeting) : undefined;
  const rektors = staff.filter((m) => hasRole(m, 'rektor')).map((m) => m.userId);
  const buttons: ComplaintButtons = {
    minutes: open ? MINUTES_KINDS.filter((k) => MINUTES_STAGE[k] === c.stage && yes(() => recordMinutes(c, me, emptyMinutes(k), { ...ctx, minutesId: 'probe' }))) : [],
    approve: meeting && waiting && open && approveMinutesProbe(c, me, meeting.minutesId, ctx.now) ? meeting.minutesId : '',
    pupils: !!(meeting && waiting && open && waiting.pupils.length && yes(() => confirmPupilSignature(c, me, meeting.minutesId, waiting.pupils[0], ctx.now))),
    followUp: open && !!meeting && c.stage === 2 && yes(() => recordFollowUp(c, me, { heldOn: '', outcome: '', note: '' }, ctx)),
    move: open && followUpAwaited(c) && yes(() => moveFollowUp(c, me, '', ctx)),
    next: open && c.stage === 1 && yes(() => completeStage(c, me, ctx.now)),
    inform: open && c.stage === 3 && yes(() => informTeacher(c, me, ctx.now)),
    escalate: open && c.stage <= 2 && shown(() => escalateToLeader(c, me, { text: '', reason: '', skipReason: c.stage === 1 ? '-' : '' }, ctx.now)),
    toRektor: open && c.stage === 4 && shown(() => handToRektor(c, me, { note: '' }, ctx.now)),
    resolve: open && yes(() => resolve(c, me, '', ctx.now)),
  };
  const involved = [c.teacherId, c.registeredBy, c.leaderId, ...c.minutes.flatMap((m) => m.participants.staffIds), ...(c.stage === 5 ? staff.filter((m) => hasRole(m, 'rektor')).map((m) => m.userId) : [])];
  const candidates = [...new Set([c.teacherId, c.registeredBy, c.leaderId, ...c.minutes.flatMap((m) => m.participants.staffIds), ...rektors, ...(me ? [me.userId] : [])])];
  const names = Object.fromEntries(staff.map((m) => [m.userId, m.name]));
  return {
    complaint: c,
    school,
    viewer: me,
    roles,
    names,
    buttons,
    involved: [...new Set(involved)].slice(0, 60),
    participants: candidates.filter((id) => staff.some((m) => m.userId === id && isStaff(m))).map((id) => ({ userId: id, name: names[id] ?? id })),
    today,
    ...(booking ? { booking } : {}),
    ...deadlineOf(c, ctx.calendar, rektors),
  };
}

function deadlineOf(c: TeachingComplaint, calendar: SchoolCalendar, rektorIds: string[]): { deadline?: StageDeadline } {
  const deadline = stageDeadline(c, { calendar, dateOf, rektorIds });
  return deadline ? { deadline } : {};
}

function approveMinutesProbe(c: TeachingComplaint, me: Membership | undefined, minutesId: string, now: string): boolean {
  try {
    return approveMinutes(c, me, minutesId, now).log !== undefined;
  } catch {
    return false;
  }
}
