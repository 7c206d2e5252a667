/**
 * A message that reached Teams must be recorded as sent, or it is sent again when its lease ends.
 * While storage does not answer, the record is retried here, with back-off, until shortly before
 * the lease ends (then no other instance can have claimed it yet). A 412 means the row changed
 * (an earlier try of this very write landed, or the lease was lost): retrying cannot help.
 */
import type { Logger } from './logger';
import { safeError } from './deliver-notices';

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
