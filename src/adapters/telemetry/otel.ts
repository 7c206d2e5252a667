/**
 * The service's own spans and metrics, through the OpenTelemetry API, and the `Metrics` port over
 * them. Without a registered provider (locally, in most tests) every call here is a no-op;
 * Application Insights in production (azure-monitor.ts), an in-memory reader in tests.
 *
 * Span names and attributes hold kinds, verbs, codes and counts only, never what a user typed: a
 * message's text becomes the name of the command it parses to, and a card's verb is recorded only
 * when it is one of ours.
 */
import { metrics, SpanKind, SpanStatusCode, trace, type Attributes, type Counter, type Histogram, type MeterProvider, type Span } from '@opentelemetry/api';
import type { Activity } from 'botbuilder';
import { parseCommand } from '../../domain/commands';
import type { Calendar } from '../../ports';
import type { Metrics } from '../../ports/metrics';
import { currentCorrelation, newCorrelationId, withCorrelation } from './correlation';

export interface Instruments {
  reportsCreated: Counter<Attributes>;
  remindersSent: Counter<Attributes>;
  noticesFailed: Counter<Attributes>;
  outboundThrottled: Counter<Attributes>;
  /** Handling time of one incoming activity, in milliseconds. */
  activityDuration: Histogram<Attributes>;
}

let cached: { provider: MeterProvider; instruments: Instruments } | undefined;

/**
 * The instruments, made from whichever meter provider is registered when first used after a
 * change, since the API has no proxy for meters made before registration.
 */
export function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (cached?.provider !== provider) {
    const meter = provider.getMeter('meld-fra');
    cached = {
      provider,
      instruments: {
        reportsCreated: meter.createCounter('meldfra.reports.created', { description: 'Reports saved (a re-sent form counts once)' }),
        remindersSent: meter.createCounter('meldfra.reminders.sent', { description: 'Deadline reminders and meeting invitations sent, per recipient' }),
        noticesFailed: meter.createCounter('meldfra.notices.failed', { description: 'Case notices that could not be delivered (will be retried, or set aside when permanent)' }),
        outboundThrottled: meter.createCounter('meldfra.outbound.throttled', { description: 'Messages Teams answered with 429 (retried after Retry-After)' }),
        activityDuration: meter.createHistogram('meldfra.activity.duration', { unit: 'ms', description: 'Time to handle one incoming activity' }),
      },
    };
  }
  return cached.instruments;
}

/** The `Metrics` port: the use cases' counters, and each sweep run in a span of its own. */
export const otelMetrics: Metrics = {
  reportCreated: (f) => instruments().reportsCreated.add(1, { 'meldfra.report.staff_suspected': f.staffSuspected, 'meldfra.report.leadership_suspected': f.leadershipSuspected }),
  reminderSent: (duty) => instruments().remindersSent.add(1, { 'meldfra.reminder.duty': duty }),
  noticeFailed: (kind, permanent) => instruments().noticesFailed.add(1, { 'meldfra.notice.kind': kind, 'meldfra.notice.permanent': permanent }),
  sweep: (name, run) => runSweep(name, run),
};

export const tracer = trace.getTracer('meld-fra');

/** The error's class (and HTTP status) only: messages may quote request bodies. */
const errorName = (e: unknown): string => {
  const o = e as { name?: string; statusCode?: number; status?: number } | undefined;
  return [o?.name ?? 'Error', o?.statusCode ?? o?.status].filter((x) => x !== undefined).join(' ');
};

/** Runs fn in a new active span; a throw marks the span as failed with the error's class only. */
export function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  return tracer.startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await fn(span);
    } catch (e) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorName(e) });
      throw e;
    } finally {
      span.end();
    }
  });
}

const CONVERSATION_TYPES = new Set(['personal', 'channel', 'groupChat']);

/** What an activity is, for span names and metric attributes: kind and command or verb, no text. */
export function describeActivity(a: Partial<Activity>, knownVerb: (verb: string) => boolean): { kind: string; name: string } {
  const kind = typeof a.type === 'string' && /^[a-zA-Z]{1,30}$/.test(a.type) ? a.type : 'unknown';
  if (kind === 'message') {
    const text = typeof a.text === 'string' ? a.text.replace(/<at>[^<]*<\/at>/g, ' ') : '';
    return { kind, name: text.trim() ? parseCommand(text).name : 'empty' };
  }
  if (kind === 'invoke') {
    const verb = (a.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    if (a.name === 'adaptiveCard/action') return { kind, name: typeof verb === 'string' && knownVerb(verb) ? verb : 'unknown-verb' };
    return { kind, name: typeof a.name === 'string' && /^[\w/.-]{1,60}$/.test(a.name) ? a.name : 'other' };
  }
  return { kind, name: kind };
}

/**
 * Handles one incoming activity inside a span named by its kind and command or verb, and records
 * its duration. The correlation id is the request's already (set by the HTTP layer).
 */
export async function traceActivity<T>(a: Partial<Activity>, knownVerb: (verb: string) => boolean, fn: () => Promise<T>): Promise<T> {
  const { kind, name } = describeActivity(a, knownVerb);
  const attributes: Attributes = {
    'meldfra.activity.kind': kind,
    'meldfra.activity.name': name,
    'meldfra.conversation.type': CONVERSATION_TYPES.has(a.conversation?.conversationType ?? '') ? a.conversation!.conversationType : 'other',
  };
  const started = performance.now();
  let outcome = 'ok';
  try {
    // Internal: in Azure the HTTP instrumentation's span for POST /api/messages is the request.
    return await inSpan(`activity ${kind} ${name}`, attributes, () => fn());
  } catch (e) {
    outcome = 'error';
    throw e;
  } finally {
    instruments().activityDuration.record(performance.now() - started, { 'meldfra.activity.kind': kind, 'meldfra.activity.name': name, 'meldfra.outcome': outcome });
  }
}

/** One run of a background sweep: its own correlation id (unless started by a request) and span. */
export function runSweep<T>(sweep: string, fn: () => Promise<T>): Promise<T> {
  const run = () => inSpan(`sweep ${sweep}`, { 'meldfra.sweep': sweep }, () => fn());
  return currentCorrelation() ? run() : withCorrelation({ correlationId: newCorrelationId(), sweep }, run);
}

/** Each calendar call (Microsoft Graph, or the local store) in a span of its own; no subjects, no names. */
export function tracedCalendar(c: Calendar): Calendar {
  const attrs = { 'meldfra.calendar.kind': c.kind };
  const wrap =
    <A extends unknown[], R>(op: string, f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      inSpan(`calendar ${op}`, attrs, () => f.apply(c, args), SpanKind.CLIENT);
  return { kind: c.kind, busy: wrap('busy', c.busy), create: wrap('create', c.create), update: wrap('update', c.update), cancel: wrap('cancel', c.cancel) };
}
