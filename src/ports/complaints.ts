/**
 * Complaints about teaching (klage på opplæring, seed 000), and what both complaint routines share:
 * the ETag'd save with its log entries, the meeting's booking job, the reminder claims.
 * Implemented by src/adapters/tables/complaint-repository.ts (on complaint-table.ts).
 */
import type { ComplaintLogEntry, TeachingComplaint } from '../domain/complaint';
import type { Claims, ReminderClaimKey } from './claims';

/** The complaint with what the pupils say it is about, as registered (the domain keeps neither text nor pupils in logs). */
export type StoredComplaint = TeachingComplaint & { description: string };

/** What identifies a complaint in its school. */
export interface ComplaintKey {
  tenantId: string;
  schoolId: string;
  complaintId: string;
}

/**
 * A meeting's booking job (the follow-up meeting, the evaluation meeting): saved with the
 * complaint, booked at once, retried by the sweep while `bookedVersion < version`. One
 * `meetingId` per complaint, so a retried create makes no second event (the Graph
 * transactionId; the local calendar's key).
 */
export interface MeetingJob {
  complaintId: string;
  meetingId: string;
  date: string;
  start: string;
  end: string;
  organizerId: string;
  attendeeIds: string[];
  version: number;
  bookedVersion: number;
  eventId: string;
  joinUrl: string;
  webLink: string;
  attempts: number;
  lastError: string;
  /** The last version takes the meeting out of the calendar (only the follow-up meeting is). */
  cancelled?: boolean;
  etag?: string;
}

/**
 * The follow-up meeting's booking job: saved with the complaint when the stage-2 minutes are
 * saved, booked at once, and retried by the hourly sweep while `bookedVersion < version`. Its
 * `meetingId` stays the same for the complaint, so the calendar makes one event (the Graph
 * transactionId); a new version of the minutes, or a moved date, moves that event. When the
 * follow-up is no longer awaited (the complaint closed at stage 2, or the follow-up recorded
 * before the booked time), a last version with `cancelled` takes it out of the calendar.
 */
export interface FollowUpBooking extends MeetingJob {
  /** The stage-2 minutes the meeting follows up. */
  minutesId: string;
  /** The start the calendar had at `bookedVersion`: a different start is a move the invitees are told of. */
  bookedStart?: string;
  /** Who made the latest version (moved or cancelled it): everyone else invited is told. */
  by?: string;
}

/** Where a complaint and its meeting's job are kept (app/complaint-meetings.ts books through it). */
export interface MeetingStore<C, B> {
  get(tenantId: string, schoolId: string, complaintId: string): Promise<C | undefined>;
  getBooking(tenantId: string, schoolId: string, complaintId: string): Promise<B | undefined>;
  /** Bookings the calendar has not yet taken (it was down, or the instance stopped). */
  pendingBookings(tenantId: string, schoolId: string): Promise<B[]>;
  /** Records what the calendar answered, if nobody changed the job since it was read (else CONFLICT). */
  saveBooking(tenantId: string, schoolId: string, b: B): Promise<B>;
}

/** What both complaint stores promise: C the complaint, L a log entry, B its meeting's job. */
export interface ComplaintRecords<C extends ComplaintKey & { etag?: string }, L, B extends MeetingJob> extends MeetingStore<C, B> {
  /** Creates the complaint with its first log entry; the same complaint again returns the stored one. */
  create(c: C, log: L): Promise<{ complaint: C; created: boolean }>;
  byRef(tenantId: string, schoolId: string, ref: string): Promise<C | undefined>;
  /**
   * Saves the complaint if nobody changed it since it was read (its ETag), with its log entries
   * and a booking job in one step; else throws DomainError CONFLICT.
   */
  update(c: C, logs: L[], booking?: B): Promise<C>;
  log(tenantId: string, schoolId: string, complaintId: string): Promise<L[]>;
  /** One claim per complaint, deadline (or day) and recipient: each reminder is sent once (ports/claims). */
  readonly reminders: Claims<ReminderClaimKey>;
  /** Retention: the school's closed complaints. */
  closed(tenantId: string, schoolId: string): Promise<C[]>;
  /** Retention: the complaint and everything kept beside it, for good (safe to repeat). */
  remove(tenantId: string, schoolId: string, complaintId: string): Promise<void>;
}

export interface ComplaintStore extends ComplaintRecords<StoredComplaint, ComplaintLogEntry, FollowUpBooking> {
  /** The school's open complaints, oldest first. */
  listOpen(tenantId: string, schoolId: string): Promise<StoredComplaint[]>;
  /** Open complaints whose follow-up meeting falls on or before `until` and is not yet held. */
  followUpsDue(tenantId: string, schoolId: string, until: string): Promise<StoredComplaint[]>;
}
