/**
 * Export to Application Insights, only when a connection string is configured. main.ts loads this
 * file (and with it the OpenTelemetry SDK) only then, and before the HTTP server's modules, so the
 * HTTP and Azure SDK instrumentations see every request, table call and Bot Framework call.
 * Locally nothing here runs: the API calls in the code stay no-ops and nothing is slowed.
 */
import type { IncomingMessage } from 'node:http';
import { shutdownAzureMonitor, useAzureMonitor } from '@azure/monitor-opentelemetry';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** URL attributes whose query strings could carry signed links' secrets (sig=, u=). */
const URL_KEYS = ['url.full', 'url.query', 'http.url', 'http.target'];

/** Drops query strings from the HTTP spans' URLs before they are exported. */
export class RedactQueries implements SpanProcessor {
  onStart(span: Span, _parent: Context): void {
    const attrs = (span as unknown as ReadableSpan).attributes ?? {};
    for (const k of URL_KEYS) {
      const v = attrs[k];
      if (typeof v !== 'string') continue;
      if (k === 'url.query') span.setAttribute(k, 'redacted');
      else if (v.includes('?')) span.setAttribute(k, `${v.slice(0, v.indexOf('?'))}?redacted`);
    }
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const PROBES = new Set(['/healthz', '/readyz']);

export interface TelemetryHandle {
  shutdown(): Promise<void>;
}

export function startAzureMonitor(connectionString: string): TelemetryHandle {
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    spanProcessors: [new RedactQueries()],
    instrumentationOptions: {
      // Health probes every few seconds would drown the requests that matter.
      http: { enabled: true, ignoreIncomingRequestHook: (req: IncomingMessage) => PROBES.has((req.url ?? '').split('?')[0]) } as { enabled: boolean },
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  });
  return { shutdown: () => shutdownAzureMonitor() };
}
