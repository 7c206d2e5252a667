/**
 * The interfaces the use cases need. Adapters implement them (Azure Tables, Teams, Graph, …);
 * tests use the real adapters against Azurite and local servers.
 */
import type { ActivityPlan } from '../domain/casework';
import type { LogEntry, SkolemiljoCase } from '../domain/case';
import type { CaseForViewer } from '../domain/case-view';
import type { Membership } from '../domain/people';
import type { Reminder } from '../domain/reminders';
import type { NeededRole, NoticeKind } from '../domain/routing';
import type { School, SchoolClass } from '../domain/school';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** Sortable by creation time, unique across instances. */
  next(): string;
}

export interface Directory {
  getSchool(tenantId: string, schoolId: string): Promise<School | undefined>;
  listClasses(tenantId: string, schoolId: string): Promise<SchoolClass[]>;
  /** All schools where this user has a role. */
  membershipsOf(tenantId: string, userId: string): Promise<Membership[]>;
  staffOf(tenantId: string, schoolId: string): Promise<Membership[]>;
}

export interface CaseStore {
  /**
   * Creates the case with its first reminders, in one step; creating the same case id again
   * changes nothing and returns the stored one.
   */
  create(c: SkolemiljoCase, reminders?: Reminder[]): Promise<{ case: SkolemiljoCase; created: boolean }>;
  get(tenantId: string, schoolId: string, caseId: string): Promise<SkolemiljoCase | undefined>;
  /** Saves a changed case if nobody changed it since it was read (ETag); else throws CONFLICT. */
  update(c: SkolemiljoCase, reminders?: Reminder[]): Promise<SkolemiljoCase>;
  listBySchool(tenantId: string, schoolId: string): Promise<SkolemiljoCase[]>;
  byRef(tenantId: string, schoolId: string, ref: string): Promise<SkolemiljoCase | undefined>;
  /** Saves the case with a new plan version in one step; an existing version is never overwritten. */
  savePlan(c: SkolemiljoCase, plan: ActivityPlan, reminders?: Reminder[]): Promise<SkolemiljoCase>;
  /** Every plan version of a case, oldest first. */
  plans(tenantId: string, schoolId: string, caseId: string): Promise<ActivityPlan[]>;
}

export interface CaseLog {
  append(tenantId: string, schoolId: string, caseId: string, entry: LogEntry): Promise<void>;
  list(tenantId: string, schoolId: string, caseId: string): Promise<LogEntry[]>;
}

export interface RefCounter {
  /** The next number for this school and year, unique even when called concurrently. */
  next(tenantId: string, schoolId: string, year: number, series?: string): Promise<number>;
}

export interface Submission {
  caseId: string;
}

export interface Submissions {
  /** Records that a form was submitted; returns the earlier record when it already was. */
  claim(key: string, value: Submission): Promise<{ first: boolean; value: Submission }>;
}

export interface ProcessedActivities {
  /** True the first time an activity id is seen. */
  firstTime(key: string): Promise<boolean>;
}

/** resolved: a notice to a role, replaced by notices to the people who hold it. */
export type NoticeStatus = 'pending' | 'sent' | 'failed' | 'resolved';

export interface NoticeRecord {
  tenantId: string;
  schoolId: string;
  caseId: string;
  kind: NoticeKind;
  recipientId: string;
  status: NoticeStatus;
  attempts: number;
  nextAttemptAt: string;
  conversationId: string;
  activityId: string;
  lastError: string;
  etag?: string;
}

export interface NoticeOutbox {
  /** Idempotent: a notice already queued for the same case, kind and recipient stays as it is. */
  enqueue(notices: NoticeRecord[]): Promise<void>;
  forCase(tenantId: string, schoolId: string, caseId: string): Promise<NoticeRecord[]>;
  due(nowIso: string, max: number): Promise<NoticeRecord[]>;
  /** Saves with the record's ETag; false when another instance got there first. */
  save(n: NoticeRecord): Promise<boolean>;
}

export interface Delivered {
  conversationId: string;
  activityId: string;
}

/** Puts case cards in front of people. Rendering and Teams specifics stay in the adapter. */
export interface Notifier {
  /** `view`: the case as the recipient may see it, for the kinds that show it (domain/case-view). */
  send(kind: NoticeKind, recipientId: string, c: SkolemiljoCase, view?: CaseForViewer): Promise<Delivered>;
  update(kind: NoticeKind, recipientId: string, c: SkolemiljoCase, where: Delivered, view?: CaseForViewer): Promise<void>;
}

/**
 * Tells the school's admin channel that something could not be delivered (bot removed, user
 * gone): the case reference and the recipient's role, never a name.
 */
export interface DeliveryAlerts {
  deliveryFailed(c: SkolemiljoCase, what: 'reminder' | 'notice', recipientId: string): Promise<void>;
  /** Nobody at the school holds a role a case must reach; false when the school has no admin channel. */
  nobodyToReceive(c: SkolemiljoCase, role: NeededRole): Promise<boolean>;
}

/** A delivery failure that will not get better by retrying (bot removed, user gone). */
export class PermanentDeliveryError extends Error {
  constructor(readonly status: number) {
    super(`permanent delivery failure ${status}`);
    this.name = 'PermanentDeliveryError';
  }
}

/** A reminder as stored: with its claim, and the recipients already sent to. */
export interface StoredReminder extends Reminder {
  sentTo: string[];
  leaseOwner: string;
  leaseUntil: string;
  rowKey: string;
  etag: string;
}

export interface ReminderStore {
  schedule(reminders: Reminder[]): Promise<void>;
  /** Due reminders of one school, read by key range. */
  due(tenantId: string, schoolId: string, nowIso: string, max: number): Promise<StoredReminder[]>;
  /** An ETag-checked lease; undefined when another instance has it. */
  claim(r: StoredReminder, owner: string, untilIso: string): Promise<StoredReminder | undefined>;
  progress(r: StoredReminder): Promise<StoredReminder>;
  complete(r: StoredReminder, next?: Reminder): Promise<void>;
  retry(r: StoredReminder, atIso: string, error: string): Promise<void>;
  fail(r: StoredReminder, error: string): Promise<void>;
  setAside(r: StoredReminder, recipientId: string, error: string): Promise<void>;
  release(r: StoredReminder): Promise<void>;
}

/** Someone in a meeting: the directory id, and the address calendars know them by. */
export interface Participant {
  userId: string;
  email: string;
  name: string;
}

/** A busy time in someone's calendar (ISO instants, UTC). */
export interface BusyInterval {
  start: string;
  end: string;
}

export interface MeetingRequest {
  /** Our id for the meeting: a retried create with the same id must not make a second event. */
  meetingId: string;
  tenantId: string;
  organizer: Participant;
  attendees: Participant[];
  /** Never a pupil's name: calendars are seen by assistants, on phones, in shared rooms. */
  subject: string;
  body: string;
  start: string;
  end: string;
  location: string;
  /** A Teams meeting (with a join link) rather than only a room. */
  online: boolean;
}

export interface BookedEvent {
  /** The calendar's own id for the event (Graph event id; ours for the local calendar). */
  eventId: string;
  joinUrl: string;
  webLink: string;
}

/**
 * Calendars: Outlook through Microsoft Graph in a tenant, our own store without one. The choice
 * of a slot inside school hours is the app's; the calendar only tells who is busy when.
 */
export interface Calendar {
  readonly kind: 'graph' | 'local';
  /** Busy times per participant's userId between two instants. */
  busy(tenantId: string, organizer: Participant, participants: Participant[], from: string, until: string): Promise<Record<string, BusyInterval[]>>;
  create(m: MeetingRequest): Promise<BookedEvent>;
  update(eventId: string, m: MeetingRequest): Promise<void>;
  cancel(tenantId: string, organizer: Participant, eventId: string, comment: string): Promise<void>;
}
