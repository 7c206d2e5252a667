/**
 * The claims kit every sweep uses (the port: src/ports/claims.ts). A reminder or a post goes out
 * once however many instances sweep: it is claimed first, sent, and recorded as done; a send that
 * may work later gives its claim back for the next sweep; one Teams refuses for good (403/404) is
 * recorded as done (nobody could send it) and logged; an instance that stops half-way leaves a
 * lease that a later sweep takes over.
 */
import { PermanentDeliveryError } from '../ports';
import type { Claims } from '../ports/claims';
import type { Logger } from './logger';
import { safeError } from './safe-error';

/**
 * A message that reached Teams must be recorded as sent, or it is sent again when its lease ends.
 * While storage does not answer, the record is retried here, with back-off, until shortly before
 * the lease ends (then no other instance can have claimed it yet). A 412 means the row changed
 * (an earlier try of this very write landed, or the lease was lost): retrying cannot help.
 */
export async function recordWithinLease<T>(write: () => Promise<T>, o: { until: number; logger: Logger; what: Record<string, unknown> }): Promise<T> {
  for (let wait = 500; ; wait = Math.min(wait * 2, 8000)) {
    try {
      return await write();
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 412 || Date.now() + wait > o.until) throw e;
      o.logger.warn({ ...o.what, err: safeError(e), retryInMs: wait }, 'sent but not recorded yet; retrying');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

export type Once = 'sent' | 'not_mine' | 'failed';

/**
 * Claims `key`, runs `send` and records it done. `what` names the work in logs (ids and codes
 * only); `label` says what it is ("complaint reminder").
 */
export async function sendOnce<K>(
  claims: Claims<K>,
  key: K,
  o: { now: Date; leaseMs: number; logger: Logger; label: string; what: Record<string, unknown> },
  send: () => Promise<void>,
): Promise<Once> {
  const now = o.now.toISOString();
  if (!(await claims.take(key, { now, until: new Date(o.now.getTime() + o.leaseMs).toISOString() }))) return 'not_mine';
  try {
    await send();
  } catch (e) {
    if (e instanceof PermanentDeliveryError) {
      o.logger.warn({ ...o.what, err: safeError(e) }, `${o.label} could not be delivered, not retried`);
      await claims.done(key, now).catch(() => undefined);
      return 'failed';
    }
    o.logger.warn({ ...o.what, err: safeError(e) }, `${o.label} not sent, will retry`);
    await claims.release(key);
    return 'failed';
  }
  // Sent: recorded even through a storage outage (within the claim's lease), or it goes twice.
  await recordWithinLease(() => claims.done(key, now), { until: Date.now() + o.leaseMs - Math.min(60_000, o.leaseMs / 4), logger: o.logger, what: o.what });
  return 'sent';
}
