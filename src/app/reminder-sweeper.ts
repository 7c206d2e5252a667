/**
 * Sends due reminders, any number of instances at once: each reminder is claimed with an ETag
 * lease before it is sent, each recipient is recorded as sent before the next one, and a
 * reminder is deleted only after it is done. A failed send is retried with back-off; a send
 * that cannot succeed (bot removed, user gone) is kept aside, logged, never silently dropped.
 */
import { recordWithinLease } from './claims';
import { CHANNEL_DUTIES, dutyState, nextReminder, recipientsOf } from '../domain/reminders';
import { hasRole } from '../domain/people';
import { PermanentDeliveryError, type CaseStore, type Clock, type DeliveryAlerts, type Directory, type Metrics, type ReminderSender, type ReminderStore, type StoredReminder } from '../ports';
import { reminderChannelFor, type SchoolChannel } from '../domain/school';
import type { SkolemiljoCase } from '../domain/case';
import type { CaseMeeting } from '../domain/meetings';
import type { Logger } from './logger';
import { safeError } from './safe-error';
import { calendarFor, instantAt, localDateOf } from './school-time';

const LEASE_MS = 2 * 60_000;
/** Stop retrying a record this long before the lease ends, so no other instance has claimed it yet. */
const RECORD_MARGIN_MS = 20_000;
/** How a channel is written among a reminder's recipients (it is never a user id). */
export const channelKey = (ch: SchoolChannel): string => `channel:${ch.scope}:${ch.target}`;
const MAX_BACKOFF_MS = 60 * 60_000;
const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** attempts);

/** Puts a meeting in the calendar; undefined when there is nothing left to book. */
export interface MeetingBooker {
  book(c: SkolemiljoCase, meetingId: string): Promise<{ case: SkolemiljoCase; meeting: CaseMeeting } | undefined>;
}

export interface SweepResult {
  read: number;
  sent: number;
  stopped: number;
  retried: number;
  failed: number;
  skipped: number;
  /** Claims given back unfinished because this instance is stopping. */
  released: number;
}

const EMPTY: SweepResult = { read: 0, sent: 0, stopped: 0, retried: 0, failed: 0, skipped: 0, released: 0 };

export class ReminderSweeper {
  private stopping = false;
  private running?: Promise<SweepResult>;
  /** The claims this instance holds right now, at their latest ETag (for a stop). */
  private readonly held = new Map<string, StoredReminder>();

  constructor(
    private readonly d: {
      reminders: ReminderStore;
      cases: CaseStore;
      directory: Directory & {
        listSchools(): Promise<{ tenantId: string; schoolId: string }[]>;
        listChannels(tenantId: string, schoolId: string): Promise<SchoolChannel[]>;
      };
      sender: ReminderSender;
      /** Where a reminder that cannot be delivered is reported (the school's admin channel). */
      alerts?: DeliveryAlerts;
      meetings?: MeetingBooker;
      clock: Clock;
      logger: Logger;
      metrics: Metrics;
      /** Names this instance in its leases. */
      instanceId: string;
      /** How many reminders are sent at once. */
      concurrency?: number;
    },
  ) {}

  /** One pass over every school; a second call while one runs joins it. */
  sweep(max = 1000): Promise<SweepResult> {
    if (this.stopping) return Promise.resolve({ ...EMPTY });
    this.running ??= this.d.metrics.sweep('reminders', () => this.pass(max)).finally(() => (this.running = undefined));
    return this.running;
  }

  /** A pass that starts after the one running now, so it sees work saved just now. */
  soon(): Promise<SweepResult> {
    const before = this.running ?? Promise.resolve(undefined);
    return before.catch(() => undefined).then(() => this.sweep());
  }

  /**
   * Graceful stop: no new claims; a send under way finishes and is recorded, then the claim is
   * given back, so another instance carries on with the remaining recipients at once instead of
   * waiting for the lease to run out.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  /** The reminders claimed now (what a stop that runs out of time would leave behind). */
  claimed(): string[] {
    return [...this.held.keys()];
  }

  /**
   * Gives back every claim still held, even with a send under way: only for a stop that ran out
   * of time, when the process exits next. That send may then be repeated by another instance,
   * as it would after the lease ran out; a lost reminder would be worse.
   */
  async releaseAll(): Promise<number> {
    this.stopping = true;
    const held = [...this.held.values()];
    this.held.clear();
    await Promise.allSettled(held.map((r) => this.d.reminders.release(r)));
    return held.length;
  }

  /** Staff and school settings are read once per pass, not once per reminder. */
  private cache = new Map<string, Promise<unknown>>();
  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.cache.set(key, p);
    }
    return p;
  }

  private async channelFor(c: SkolemiljoCase): Promise<SchoolChannel | undefined> {
    const { tenantId, schoolId } = c;
    const [channels, classes] = await Promise.all([
      this.cached(`channels|${tenantId}|${schoolId}`, () => this.d.directory.listChannels(tenantId, schoolId)),
      this.cached(`classes|${tenantId}|${schoolId}`, () => this.d.directory.listClasses(tenantId, schoolId)),
    ]);
    return reminderChannelFor(channels, c.report.pupilClass, classes);
  }

  private async pass(max: number): Promise<SweepResult> {
    this.cache.clear();
    const res: SweepResult = { ...EMPTY };
    const nowIso = this.d.clock.now().toISOString();
    const queue: StoredReminder[] = [];
    for (const s of await this.d.directory.listSchools()) {
      const due = await this.d.reminders.due(s.tenantId, s.schoolId, nowIso, max);
      res.read += due.length;
      const free = due.filter((r) => !r.leaseUntil || r.leaseUntil <= nowIso);
      queue.push(...free);
      res.skipped += due.length - free.length;
    }
    const workers = Array.from({ length: this.d.concurrency ?? 8 }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        if (this.stopping) return;
        await this.handle(r, res).catch((e) => this.d.logger.error({ err: safeError(e), reminderId: r!.reminderId }, 'reminder failed'));
      }
    });
    await Promise.all(workers);
    if (res.read > 0) this.d.logger.info({ ...res }, 'reminders swept');
    return res;
  }

  private async handle(due: StoredReminder, res: SweepResult): Promise<void> {
    const now = this.d.clock.now();
    const claimed = await this.d.reminders.claim(due, this.d.instanceId, new Date(now.getTime() + LEASE_MS).toISOString());
    if (!claimed) {
      res.skipped++;
      return;
    }
    this.held.set(claimed.reminderId, claimed);
    try {
      await this.work(claimed, now, res);
    } finally {
      this.held.delete(claimed.reminderId);
    }
  }

  private async work(claimed: StoredReminder, now: Date, res: SweepResult): Promise<void> {
    let r = claimed;
    // A send that reached Teams must be recorded, or the reminder is sent again when the lease
    // ends: while storage does not answer, the record is retried here, within the lease.
    const holdUntil = Date.now() + LEASE_MS - RECORD_MARGIN_MS;
    const record = async (next: StoredReminder) => {
      r = await recordWithinLease(() => this.d.reminders.progress(next), { until: holdUntil, logger: this.d.logger, what: { reminderId: next.reminderId } });
      if (this.held.has(r.reminderId)) this.held.set(r.reminderId, r);
    };
    let c = await this.d.cases.get(r.tenantId, r.schoolId, r.caseId);
    if (!c || dutyState(r.duty, c, r.deadline) === 'done') {
      await this.d.reminders.complete(r);
      res.stopped++;
      return;
    }
    let recipients: string[];
    let send: (to: string) => Promise<void>;
    if (r.duty === 'innkalling') {
      // Book first: the invitation says where and when, so it waits for the calendar.
      let booked: Awaited<ReturnType<MeetingBooker['book']>>;
      try {
        booked = this.d.meetings && r.meetingId ? await this.d.meetings.book(c, r.meetingId) : undefined;
      } catch (e) {
        this.d.logger.warn({ reminderId: r.reminderId, err: safeError(e) }, 'calendar not available, will retry');
        await this.d.reminders.retry(r, new Date(now.getTime() + backoffMs(r.attempts)).toISOString(), safeError(e));
        res.retried++;
        return;
      }
      if (!booked) {
        await this.d.reminders.complete(r);
        res.stopped++;
        return;
      }
      c = booked.case;
      const { meeting } = booked;
      recipients = meeting.attendeeIds;
      send = (to) => this.d.sender.invite(to, booked.case, meeting);
    } else {
      const { tenantId, schoolId } = c;
      const staff = await this.cached(`staff|${tenantId}|${schoolId}`, () => this.d.directory.staffOf(tenantId, schoolId));
      const rektors = staff.filter((m) => hasRole(m, 'rektor')).map((m) => m.userId);
      const owners = staff.filter((m) => hasRole(m, 'skoleeier')).map((m) => m.userId);
      recipients = recipientsOf(r, c, rektors, owners);
      // The channel for the pupil's class (or trinn, or school) gets the reference too; not when a
      // staff member is suspected, since that colleague may be in the channel, and not for the
      // leader's own steps (calling in the reporter, telling the pupil).
      const channel = c.report.staffSuspected || !CHANNEL_DUTIES.includes(r.duty) ? undefined : await this.channelFor(c);
      if (channel) recipients = [...recipients, channelKey(channel)];
      const [theCase, reminder] = [c, r];
      send = (to) => (channel && to === channelKey(channel) ? this.d.sender.remindChannel(channel, theCase, reminder) : this.d.sender.remind(to, theCase, reminder));
    }
    for (const to of recipients) {
      if (r.sentTo.includes(to)) continue;
      if (this.stopping) {
        // Stopping: what is sent is recorded; the rest is another instance's, starting now.
        await this.d.reminders.release(r);
        this.held.delete(r.reminderId);
        res.released++;
        this.d.logger.info({ reminderId: r.reminderId, left: recipients.filter((x) => !r.sentTo.includes(x)).length }, 'reminder claim released (stopping)');
        return;
      }
      try {
        await send(to);
      } catch (e) {
        if (e instanceof PermanentDeliveryError) {
          // The others still get theirs; this one is set aside for the admin to see.
          this.d.logger.warn({ reminderId: r.reminderId, recipientId: to, err: safeError(e) }, 'reminder could not be delivered');
          res.failed++;
          await this.d.reminders.setAside(r, to, safeError(e));
          await record({ ...r, sentTo: [...r.sentTo, to] });
          const reminderId = r.reminderId;
          await this.d.alerts?.deliveryFailed(c, 'reminder', to).catch((err) => this.d.logger.warn({ reminderId, err: safeError(err) }, 'admin channel not told'));
          continue;
        }
        await this.d.reminders.retry(r, new Date(now.getTime() + backoffMs(r.attempts)).toISOString(), safeError(e));
        res.retried++;
        return;
      }
      await record({ ...r, sentTo: [...r.sentTo, to] });
      res.sent++;
      this.d.metrics.reminderSent(r.duty);
    }
    if (r.duty === 'innkalling') {
      await this.d.reminders.complete(r);
      return;
    }
    const today = localDateOf(now);
    const school = await this.cached(`school|${c.tenantId}|${c.schoolId}`, () => this.d.directory.getSchool(c.tenantId, c.schoolId));
    const next = nextReminder(r, today, calendarFor(school ?? {}, today), (d) => instantAt(d, '08:00').toISOString());
    await this.d.reminders.complete(r, next);
  }
}
