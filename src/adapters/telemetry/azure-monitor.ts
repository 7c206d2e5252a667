/**
 * Export to Application Insights, only when a connection string is configured. main.ts loads this
 * file (and with it the OpenTelemetry SDK) only then, and before the HTTP server's modules, so the
 * HTTP and Azure SDK instrumentations see every request, table call and Bot Framework call.
 * Locally nothing here runs: the API calls in the code stay no-ops and nothing is slowed.
 */
import type { IncomingMessage } from 'node:http';
import { shutdownAzureMonitor, useAzureMonitor } from '@azure/monitor-opentelemetry';
import type { TokenCredential } from '@azure/identity';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** URL attributes whose query strings could carry signed links' secrets (sig=, code=, state=). */
const URL_KEYS = ['url.full', 'url.query', 'http.url', 'http.target', 'url.path'];
/** A download link's token is in its path. */
const TOKEN_PATH = /\/exports\/(?!signin\b)[^/?]+/;

/** Drops query strings, and export links' tokens, from the HTTP spans' URLs before they are exported. */
export class RedactQueries implements SpanProcessor {
  onStart(span: Span, _parent: Context): void {
    const attrs = (span as unknown as ReadableSpan).attributes ?? {};
    for (const k of URL_KEYS) {
      const v = attrs[k];
      if (typeof v !== 'string') continue;
      const path = v.replace(TOKEN_PATH, '/exports/redacted');
      if (k === 'url.query') span.setAttribute(k, 'redacted');
      else if (path.includes('?')) span.setAttribute(k, `${path.slice(0, path.indexOf('?'))}?redacted`);
      else if (path !== v) span.setAttribute(k, path);
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

/**
 * @azure/identity is loaded on the first token, not here: loading the Azure SDK before
 * useAzureMonitor has run would leave its calls uninstrumented.
 */
function lazyCredential(managedIdentityClientId: string): TokenCredential {
  let inner: Promise<TokenCredential> | undefined;
  return {
    getToken: async (scopes, options) => {
      inner ??= import('@azure/identity').then(({ DefaultAzureCredential }) => new DefaultAzureCredential({ managedIdentityClientId }));
      return (await inner).getToken(scopes, options);
    },
  };
}

export interface TelemetryHandle {
  shutdown(): Promise<void>;
}

/**
 * `managedIdentityClientId`: the service's identity. The template turns local authentication off
 * on Application Insights (DisableLocalAuth), so telemetry is only accepted with an Entra token.
 */
export function startAzureMonitor(connectionString: string, managedIdentityClientId = ''): TelemetryHandle {
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString, ...(managedIdentityClientId ? { credential: lazyCredential(managedIdentityClientId) } : {}) },
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
