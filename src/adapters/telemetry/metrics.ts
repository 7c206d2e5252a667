/**
 * The service's own metrics, through the OpenTelemetry API: no-ops until a meter provider is
 * registered (Application Insights in production, an in-memory reader in tests). The instruments
 * are made from whichever provider is registered when first used after a change, since the API
 * has no proxy for meters made before registration.
 */
import { metrics, type Attributes, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';

export interface Instruments {
  reportsCreated: Counter<Attributes>;
  remindersSent: Counter<Attributes>;
  noticesFailed: Counter<Attributes>;
  outboundThrottled: Counter<Attributes>;
  /** Handling time of one incoming activity, in milliseconds. */
  activityDuration: Histogram<Attributes>;
}

let cached: { provider: MeterProvider; instruments: Instruments } | undefined;

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
