/**
 * Meetings on a case. The first is the nærmeste leder's conversation with the staff member who
 * reported, "snarest" (004 §8.3, SPEC §3.1.2): the concern is elaborated and the investigation
 * planned. A meeting is stored on the case before any calendar hears of it, so a calendar outage
 * delays the invitation but never loses it.
 */
import type { LogEntry, SkolemiljoCase } from './case';
import { DomainError } from './errors';
import { hasRole, type Membership } from './people';

/** samtale_melder: the leader and the reporter (004 §8.3); evaluering: the plan's evaluation with the kontaktlærer (004 §8.7). */
export type MeetingPurpose = 'samtale_melder' | 'evaluering';
/** venter: stored, not yet in the calendar; booket: in the calendar; avlyst: cancelled. */
export type MeetingStatus = 'venter' | 'booket' | 'avlyst';

export interface CaseMeeting {
  meetingId: string;
  purpose: MeetingPurpose;
  organizerId: string;
  attendeeIds: string[];
  /** Instants (ISO, UTC). */
  start: string;
  end: string;
  location: string;
  online: boolean;
  status: MeetingStatus;
  /** Grows with each change of time or place; the calendar is brought up to date with it. */
  version: number;
  /** The version the calendar has; less than version while a change waits for the calendar. */
  bookedVersion: number;
  eventId: string;
  joinUrl: string;
  webLink: string;
  requestedAt: string;
  requestedBy: string;
  /** The leader chose to keep this meeting when the evaluation came before it: later steps leave it alone. */
  kept?: boolean;
  /** Why it was called off, when the invitees should hear more than that it was: 'evaluert' = the evaluation was made before it. */
  cancelReason?: 'evaluert';
}

export const MEETING_MINUTES = { min: 15, max: 180, default: 30 } as const;
export const LOCATION_LIMIT = 200;

/** Start and end as canonical ISO instants (the app converts the leader's local time). */
export interface MeetingInput {
  start: string;
  end: string;
  minutes: number;
  location: string;
  online: boolean;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Only the nærmeste leder who has the case calls the conversation with the reporter. */
export function mayCallMeeting(c: SkolemiljoCase, m: Membership | undefined): boolean {
  return !!m && c.route !== 'ledelse' && c.status === 'videresendt' && c.leaderId === m.userId && m.schoolId === c.schoolId && hasRole(m, 'avdelingsleder');
}

export const activeMeeting = (c: SkolemiljoCase, purpose: MeetingPurpose = 'samtale_melder'): CaseMeeting | undefined =>
  (c.meetings ?? []).find((x) => x.purpose === purpose && x.status !== 'avlyst');

/** A meeting the organizer has just asked for: waiting for the calendar, not booked yet. */
function newMeeting(
  purpose: MeetingPurpose,
  organizerId: string,
  attendeeIds: string[],
  o: { meetingId: string; start: string; end: string; online: boolean; location: string; now: string },
): CaseMeeting {
  return {
    meetingId: o.meetingId,
    purpose,
    organizerId,
    attendeeIds,
    start: o.start,
    end: o.end,
    location: o.location,
    online: o.online,
    status: 'venter',
    version: 1,
    bookedVersion: 0,
    eventId: '',
    joinUrl: '',
    webLink: '',
    requestedAt: o.now,
    requestedBy: organizerId,
  };
}

/**
 * Calls the reporter to a conversation, or moves the one already called. The same time and place
 * again (a second click, a re-sent activity) changes nothing.
 */
export function callReporterMeeting(
  c: SkolemiljoCase,
  actor: Membership | undefined,
  input: MeetingInput,
  o: { now: string; meetingId: string },
): { case: SkolemiljoCase; log?: LogEntry; meeting: CaseMeeting; changed: boolean } {
  if (!mayCallMeeting(c, actor)) throw new DomainError('common.NO_ROLE', { action: 'meeting' });
  const fields: Record<string, string> = {};
  // Canonical ISO instants in UTC sort as text, so no clock is needed here.
  if (!ISO_INSTANT.test(input.start) || !ISO_INSTANT.test(input.end)) fields.start = 'required';
  else if (input.start <= o.now) fields.start = 'past';
  if (!Number.isInteger(input.minutes) || input.minutes < MEETING_MINUTES.min || input.minutes > MEETING_MINUTES.max) fields.minutes = 'range';
  if (input.location.length > LOCATION_LIMIT) fields.location = 'tooLong';
  if (!input.online && input.location.trim() === '') fields.location = 'required';
  const [field, problem] = Object.entries(fields)[0] ?? [];
  if (field) throw new DomainError('common.INVALID_INPUT', { field, problem });

  const { start, end } = input;
  const location = input.location.trim();
  const existing = activeMeeting(c);
  if (existing) {
    if (existing.start === start && existing.end === end && existing.location === location && existing.online === input.online)
      return { case: c, meeting: existing, changed: false };
    const moved: CaseMeeting = { ...existing, start, end, location, online: input.online, version: existing.version + 1 };
    return {
      case: { ...c, meetings: (c.meetings ?? []).map((x) => (x.meetingId === existing.meetingId ? moved : x)) },
      log: { at: o.now, actorId: actor!.userId, action: 'samtale_flyttet', detail: `møte=${existing.meetingId} start=${start}` },
      meeting: moved,
      changed: true,
    };
  }
  const meeting = newMeeting('samtale_melder', actor!.userId, [c.reporterId], { meetingId: o.meetingId, start, end, location, online: input.online, now: o.now });
  return {
    case: { ...c, meetings: [...(c.meetings ?? []), meeting] },
    log: { at: o.now, actorId: actor!.userId, action: 'samtale_innkalt', detail: `møte=${meeting.meetingId} start=${start}` },
    meeting,
    changed: true,
  };
}

/**
 * The evaluation meeting of a plan version (004 §8.7): the leader and the pupil's kontaktlærer,
 * on the evaluation date. A new plan version replaces the meeting of the previous one.
 */
export function evaluationMeeting(
  c: SkolemiljoCase,
  organizerId: string,
  attendeeIds: string[],
  o: { meetingId: string; start: string; end: string; online: boolean; location: string; now: string },
): SkolemiljoCase {
  const meeting = newMeeting('evaluering', organizerId, [...new Set(attendeeIds.filter((id) => id && id !== organizerId))], o);
  // The previous plan's evaluation, if still ahead, is called off (and taken out of the calendar).
  // One the leader chose to keep at the evaluation stays.
  const earlier = (c.meetings ?? []).map((m) => (m.purpose === 'evaluering' && m.status !== 'avlyst' && m.start > o.now && !m.kept ? { ...m, status: 'avlyst' as const, version: m.version + 1 } : m));
  return { ...c, meetings: [...earlier, meeting] };
}

/** Meetings that a change called off, for the jobs that take them out of the calendar. */
export const newlyCancelled = (before: SkolemiljoCase, after: SkolemiljoCase): CaseMeeting[] =>
  (after.meetings ?? []).filter((m) => m.status === 'avlyst' && (before.meetings ?? []).some((b) => b.meetingId === m.meetingId && b.status !== 'avlyst'));

/** The calendar no longer has the cancelled meeting (at this version). */
export function meetingCancelled(c: SkolemiljoCase, meetingId: string, version: number): SkolemiljoCase {
  return { ...c, meetings: (c.meetings ?? []).map((x) => (x.meetingId === meetingId ? { ...x, bookedVersion: Math.max(x.bookedVersion, version) } : x)) };
}

/** The calendar has the meeting at this version. */
export function meetingBooked(c: SkolemiljoCase, meetingId: string, version: number, ev: { eventId: string; joinUrl: string; webLink: string }): SkolemiljoCase {
  return {
    ...c,
    meetings: (c.meetings ?? []).map((x) =>
      x.meetingId === meetingId ? { ...x, status: 'booket' as const, bookedVersion: Math.max(x.bookedVersion, version), eventId: ev.eventId || x.eventId, joinUrl: ev.joinUrl || x.joinUrl, webLink: ev.webLink || x.webLink } : x,
    ),
  };
}

/** Free time for a meeting: the first slot of `minutes` on a school day, inside school hours, when no one is busy. */
export interface Interval {
  start: number;
  end: number;
}

export function firstFreeSlot(candidates: Interval[], busy: Interval[], minutes: number, stepMinutes = 15): Interval | undefined {
  const len = minutes * 60_000;
  const step = stepMinutes * 60_000;
  const sorted = [...busy].sort((a, b) => a.start - b.start);
  for (const day of candidates) {
    for (let s = day.start; s + len <= day.end; s += step) {
      const e = s + len;
      if (!sorted.some((b) => b.start < e && b.end > s)) return { start: s, end: e };
    }
  }
  return undefined;
}
