/**
 * One correlation id per unit of work (an incoming activity, an HTTP request, a sweep run),
 * carried through every await by AsyncLocalStorage so each log line written for it can say
 * which one it belongs to, without passing an id through every call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

export interface Correlation {
  correlationId: string;
  /** The Bot Framework activity being handled, when there is one. */
  activityId?: string;
  /** A sweep's name, when the work is a sweep. */
  sweep?: string;
}

const storage = new AsyncLocalStorage<Correlation>();

export const currentCorrelation = (): Correlation | undefined => storage.getStore();

export function withCorrelation<T>(c: Correlation, fn: () => T): T {
  return storage.run(c, fn);
}

/** 32 hex digits, the shape of a W3C trace id, so generated and propagated ids look alike. */
export const newCorrelationId = (): string => randomBytes(16).toString('hex');

/** Ids come from callers: only short, plain ones are taken, so a header cannot smuggle text into logs. */
const SAFE_ID = /^[A-Za-z0-9._:@|-]{1,128}$/;
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;
const ZERO_TRACE = '0'.repeat(32);

export const safeId = (v: unknown): string | undefined => (typeof v === 'string' && SAFE_ID.test(v) ? v : undefined);

/** The trace id of a W3C traceparent header, if it is a valid one. */
export function traceIdOf(traceparent: unknown): string | undefined {
  const m = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim()) : null;
  return m && m[1] !== ZERO_TRACE ? m[1] : undefined;
}

/**
 * The id for an incoming request: the caller's x-ms-correlation-id, else the trace id of its
 * traceparent, else the activity id, else a new one.
 */
export function correlationFor(headers: Record<string, string | string[] | undefined>, activityId?: unknown): Correlation {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const activity = safeId(activityId);
  const correlationId = safeId(header('x-ms-correlation-id')) ?? traceIdOf(header('traceparent')) ?? activity ?? newCorrelationId();
  return activity ? { correlationId, activityId: activity } : { correlationId };
}
