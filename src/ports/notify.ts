/**
 * Putting things in front of people: the case cards, each routine's messages, reminders and channel
 * posts. One Teams adapter (src/adapters/teams/notifier.ts) implements them all; the use cases see
 * only the part they need. The routines hand the notifier their own view models (ComplaintView,
 * StaffComplaintView), so those few types come from src/app, as types only: rendering stays in the adapter.
 */
import type { SkolemiljoCase } from '../domain/case';
import type { CaseForViewer } from '../domain/case-view';
import type { LeaveRequest } from '../domain/leave';
import type { CaseMeeting } from '../domain/meetings';
import type { ChannelReminder, ClassRoster, PersonalReminder } from '../domain/pupil-talks';
import type { AnnualTask } from '../domain/annual';
import type { Reminder } from '../domain/reminders';
import type { NeededRole, NoticeKind } from '../domain/routing';
import type { School, SchoolChannel } from '../domain/school';
import type { ComplaintNotice } from '../app/teaching-complaint';
import type { ComplaintView } from '../app/teaching-complaint-view';
import type { StaffComplaintView } from '../app/staff-complaint-view';

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


/** The skolemiljø case's deadline reminders and meeting invitations. */
export interface ReminderSender {
  remind(recipientId: string, c: SkolemiljoCase, r: Reminder): Promise<void>;
  /** The same reminder in the class's, trinn's or school's channel: the case reference only. */
  remindChannel(channel: SchoolChannel, c: SkolemiljoCase, r: Reminder): Promise<void>;
  /** The invitation to a meeting on the case (time, place, calendar file or join link). */
  invite(recipientId: string, c: SkolemiljoCase, m: CaseMeeting): Promise<void>;
}

/** Complaints about teaching: one card per notice, to one person. */
export interface ComplaintNotifier {
  complaintNotice(v: ComplaintView, recipientId: string, notice: ComplaintNotice): Promise<void>;
}

/** Complaints about staff: the complaint's card, to one person. */
export interface StaffComplaintNotifier {
  staffComplaintNotice(v: StaffComplaintView, recipientId: string): Promise<void>;
}

/** Leave requests. */
export interface LeaveNotifier {
  /** The approval card to the avdelingsleder. */
  askLeader(l: LeaveRequest, leaderId: string): Promise<void>;
  /** The outcome, to one person. */
  outcome(l: LeaveRequest, recipientId: string): Promise<void>;
}

/** Elevsamtaler. */
export interface TalksNotifier {
  /** To the kontaktlærer alone, with the pupils' names. */
  talksReminder(school: School, userId: string, roster: ClassRoster, due: PersonalReminder[]): Promise<void>;
  /** In the class's channel: counts only. */
  talksChannel(school: School, channel: SchoolChannel, className: string, due: ChannelReminder[]): Promise<void>;
}

/** The årshjul. */
export interface AnnualPoster {
  /** Posts the task in the channel, in the school's language form. */
  postTask(school: School, channel: SchoolChannel, task: AnnualTask): Promise<void>;
}
