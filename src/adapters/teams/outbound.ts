/**
 * One outbound queue for every proactive message, kept inside Teams' limits so Teams never has
 * to throttle us: per conversation at most 7 per second and 60 per 30 seconds, per tenant about
 * 50 per second. 429 and 503 are retried after Retry-After, 502 and 504 with back-off; 403 and
 * 404 (app removed, user gone) become a PermanentDeliveryError at once.
 */
import { PermanentDeliveryError } from '../../ports';
import { instruments } from '../telemetry/otel';

export interface OutboundLimits {
  perConversationPerSecond: number;
  perConversationPer30s: number;
  perTenantPerSecond: number;
  /** 1 in production; tests shrink the windows (0.1 = 100 ms and 3 s) to run quickly. */
  windowScale: number;
  maxRetries: number;
}

export const TEAMS_LIMITS: OutboundLimits = {
  perConversationPerSecond: 7,
  perConversationPer30s: 60,
  perTenantPerSecond: 50,
  windowScale: 1,
  maxRetries: 5,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface HttpishError {
  statusCode?: number;
  status?: number;
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string> };
}

const statusOf = (e: unknown): number | undefined => {
  const o = e as HttpishError | undefined;
  return o?.statusCode ?? o?.status;
};

/** Retry-After in ms (seconds or an HTTP date), when the error carries one. */
export function retryAfterMs(e: unknown, now = Date.now()): number | undefined {
  const h = (e as HttpishError | undefined)?.response?.headers;
  const raw = h ? (typeof (h as { get?: unknown }).get === 'function' ? (h as { get(n: string): string | undefined }).get('retry-after') : (h as Record<string, string>)['retry-after']) : undefined;
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export interface OutboundStats {
  sent: number;
  throttled: number;
  retried: number;
  waitedMs: number;
}

export class OutboundQueue {
  private readonly byConversation = new Map<string, Booking[]>();
  private readonly byTenant = new Map<string, Booking[]>();
  readonly stats: OutboundStats = { sent: 0, throttled: 0, retried: 0, waitedMs: 0 };

  constructor(private readonly limits: OutboundLimits = TEAMS_LIMITS) {}

  /** Sends in progress or waiting, per conversation: one at a time, in order. */
  private readonly chains = new Map<string, Promise<unknown>>();

  /**
   * Runs one send when the limits allow it, and retries what Teams asks us to retry. Sends to
   * one conversation go one after another, so a chat shows them in the order they were made.
   */
  run<T>(conversationId: string, tenantId: string, send: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(conversationId) ?? Promise.resolve();
    const mine = prev.catch(() => undefined).then(() => this.attempt(conversationId, tenantId, send));
    const tail = mine.catch(() => undefined);
    this.chains.set(conversationId, tail);
    void tail.then(() => {
      if (this.chains.get(conversationId) === tail) this.chains.delete(conversationId);
    });
    return mine;
  }

  private async attempt<T>(conversationId: string, tenantId: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const booking = await this.slot(conversationId, tenantId);
      try {
        const out = await send();
        // Teams counts when a message arrives, somewhere between our start and the answer:
        // counting it from the answer keeps us on the safe side whatever the latency.
        booking.t = Date.now();
        this.stats.sent++;
        return out;
      } catch (e) {
        booking.t = Date.now();
        const status = statusOf(e);
        if (status === 403 || status === 404) throw new PermanentDeliveryError(status);
        const retryable = status === 429 || status === 503 || status === 502 || status === 504;
        if (!retryable || attempt >= this.limits.maxRetries) throw e;
        if (status === 429) {
          this.stats.throttled++;
          instruments().outboundThrottled.add(1);
        }
        this.stats.retried++;
        const wait = retryAfterMs(e) ?? Math.min(30_000, 500 * 2 ** attempt);
        this.stats.waitedMs += wait;
        await sleep(wait);
      }
    }
  }

  /** Waits until a send fits every window, then books it (synchronously, so no two take one slot). */
  private async slot(conversationId: string, tenantId: string): Promise<Booking> {
    // Slack on each window (10 %, at least 50 ms at full scale) for clock and timer jitter.
    const slack = (w: number) => w + Math.max(w * 0.1, 50 * this.limits.windowScale);
    const sec = slack(1000 * this.limits.windowScale);
    const half = slack(30_000 * this.limits.windowScale);
    for (;;) {
      const now = Date.now();
      const conv = recent(this.byConversation, conversationId, now - half);
      const ten = recent(this.byTenant, tenantId, now - sec);
      const inLastSecond = conv.filter((t) => t > now - sec);
      const waits = [
        inLastSecond.length >= this.limits.perConversationPerSecond ? inLastSecond[inLastSecond.length - this.limits.perConversationPerSecond] + sec - now : 0,
        conv.length >= this.limits.perConversationPer30s ? conv[conv.length - this.limits.perConversationPer30s] + half - now : 0,
        ten.length >= this.limits.perTenantPerSecond ? ten[ten.length - this.limits.perTenantPerSecond] + sec - now : 0,
      ];
      const wait = Math.max(...waits);
      if (wait <= 0) {
        const booking = { t: now };
        this.byConversation.set(conversationId, [...(this.byConversation.get(conversationId) ?? []), booking]);
        this.byTenant.set(tenantId, [...(this.byTenant.get(tenantId) ?? []), booking]);
        return booking;
      }
      this.stats.waitedMs += wait;
      await sleep(wait + 1);
    }
  }
}

/** One send's place in the windows: when it started, then when it was answered. */
interface Booking {
  t: number;
}

/**
 * The send times still inside the window, oldest first; a key with none left is forgotten (no
 * growth). Bookings outside the window are dropped for good.
 */
function recent(map: Map<string, Booking[]>, key: string, after: number): number[] {
  const kept = (map.get(key) ?? []).filter((b) => b.t > after);
  if (kept.length === 0) map.delete(key);
  else map.set(key, kept);
  return kept.map((b) => b.t).sort((a, b) => a - b);
}
