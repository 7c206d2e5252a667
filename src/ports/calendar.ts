/** Calendars: Outlook through Microsoft Graph in a tenant, our own store (and .ics files) without one. */

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
