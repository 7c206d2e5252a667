/** The case's deadline reminders, claimed with an ETag lease so two instances never send one twice. */
import type { Reminder } from '../domain/reminders';

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

