/**
 * What the two outboxes share (case cards: deliver-notices.ts; other messages: message-outbox.ts):
 * a row is sent only under a lease written with its ETag, so two instances never send it twice; a
 * failed try is retried with back-off by the sweep, a permanent failure (the bot removed, the user
 * gone) is recorded and not retried; a send that reached Teams is recorded even through a storage
 * outage, or it would go again when the lease ends.
 */
import { recordWithinLease } from './claims';
import type { Logger } from './logger';
import { safeError } from './safe-error';
import { PermanentDeliveryError, type Clock, type NoticeOutbox, type NoticeRecord } from '../ports';

export const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 15 * 60_000;
export const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** (attempts - 1));

export abstract class OutboxSender {
  private readonly inFlight = new Set<Promise<unknown>>();

  protected constructor(
    protected readonly outbox: NoticeOutbox,
    protected readonly clock: Clock,
    protected readonly logger: Logger,
    /** What a row is called in logs ("notice", "message"). */
    private readonly noun: string,
  ) {}

  /** One try of a row; does nothing when it is not due or another instance holds it. */
  protected abstract attempt(n: NoticeRecord): Promise<unknown>;

  /** Sends whatever is due: rows whose first try failed, or that a stopped instance left. */
  async sweep(max = 100): Promise<number> {
    const due = await this.outbox.due(this.clock.now().toISOString(), max);
    for (const n of due) await this.attempt(n);
    return due.length;
  }

  /** Resolves when every send started in the background has finished (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  protected track(p: Promise<unknown>): void {
    const q: Promise<unknown> = p.catch((e) => this.logger.error({ err: safeError(e) }, `${this.noun} delivery failed`)).finally(() => this.inFlight.delete(q));
    this.inFlight.add(q);
  }

  /** Leases a pending row that is due for one try; undefined when it is not, or another instance holds it. */
  protected async take(n: NoticeRecord, now: Date): Promise<NoticeRecord | undefined> {
    if (n.status !== 'pending' || n.nextAttemptAt > now.toISOString()) return undefined;
    const lease = { ...n, nextAttemptAt: new Date(now.getTime() + LEASE_MS).toISOString() };
    return (await this.outbox.save(lease)) ? lease : undefined;
  }

  /** Marks a failed try on `done`: retried later with back-off, or failed for good. True when permanent. */
  protected failedTry(done: NoticeRecord, e: unknown, now: Date): boolean {
    const permanent = e instanceof PermanentDeliveryError;
    done.status = permanent ? 'failed' : 'pending';
    done.lastError = permanent ? `HTTP ${e.status}` : safeError(e);
    done.nextAttemptAt = new Date(now.getTime() + backoffMs(done.attempts)).toISOString();
    return permanent;
  }

  /** Saves the try's outcome; a delivered row is saved even through a storage outage (within the lease), or it goes twice. */
  protected async record(done: NoticeRecord, now: Date, what: Record<string, unknown>): Promise<void> {
    if (done.status === 'sent') await recordWithinLease(() => this.outbox.save(done), { until: now.getTime() + LEASE_MS - 15_000, logger: this.logger, what });
    else await this.outbox.save(done);
  }
}
