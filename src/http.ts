/**
 * The HTTP face: /api/messages (refused with JSON before any work when it is not an accepted Teams
 * activity), the signed meeting files and case exports, and the health probes.
 */
import express from 'express';
import { allowedTenants, signInKind, type Config } from './config';
import { meetingFile } from './adapters/http/file-routes';
import { exportRoutes } from './adapters/http/export-routes';
import { localSignIn } from './adapters/http/local-signin';
import { whileAnswering } from './adapters/http/answered';
import { acceptActivity } from './adapters/teams/activity-info';
import { correlationFor, withCorrelation } from './adapters/telemetry/correlation';
import { traceActivity } from './adapters/telemetry/otel';
import { VERBS } from './adapters/teams/handlers';
import { LOCAL_SIGNIN_CLIENT, localSignInTenant, type Composed } from './composition';
import type { Drain } from './lifecycle';
import { overviewFile } from './app/overview-csv';

/** The activity types the Bot Framework defines; anything else is refused with 400 before any work. */
const ACTIVITY_TYPES = new Set(['message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'messageUpdate', 'messageDelete', 'event', 'typing', 'endOfConversation', 'trace', 'handoff', 'command', 'commandResult', 'contactRelationUpdate', 'deleteUserData', 'suggestion']);

/**
 * botbuilder answers refusals (401 for a bad token, 4xx/5xx) with bare text, and a 500 with the
 * error's own message: send JSON with a short sentence instead, and never an internal message.
 */
function jsonRefusals(res: express.Response): express.Response {
  const send = res.send.bind(res);
  const end = res.end.bind(res);
  const refusal = (status: number, text: string) => JSON.stringify({ error: status >= 500 && status !== 501 ? 'Internal error.' : text || 'Request refused.' });
  res.send = ((b?: unknown) => {
    if (res.statusCode < 400 || (b !== undefined && typeof b !== 'string')) return send(b);
    res.type('application/json');
    return send(refusal(res.statusCode, String(b ?? '')));
  }) as express.Response['send'];
  // An empty refusal (botbuilder's res.end() with no body) gets a sentence too; express's own send ends with data.
  res.end = ((...args: unknown[]) => {
    if (args.length === 0 && res.statusCode >= 400 && !res.headersSent) return res.send(res.statusCode === 501 ? 'This bot does not handle this invoke.' : '');
    return (end as (...a: unknown[]) => express.Response)(...args);
  }) as express.Response['end'];
  return res;
}

/** The express app; `drain` says when a stop has begun (lifecycle.ts). */
export function httpApp(cfg: Config, c: Composed, drain: Drain, publicUrl: () => string): express.Express {
  const { logger, adapter, bot, directory, cases, caseLog, clock, links, exportLinks, signIn, calendar, linkSecret, talksStore, overview } = c;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  // Once a stop has begun, /readyz answers 503 and each answer closes its connection.
  const inFlight = drain.inFlight;
  // After the body is read (the parser's callbacks would lose the context): every log line from
  // here on carries this request's correlation id (the activity's id on /api/messages).
  app.use((req, res, next) => {
    const c = correlationFor(req.headers, req.path === '/api/messages' ? (req.body as { id?: unknown } | undefined)?.id : undefined);
    const started = performance.now();
    res.setHeader('x-correlation-id', c.correlationId);
    if (drain.draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.on('close', () => {
      inFlight.delete(res);
      if (drain.draining) drain.server?.closeIdleConnections();
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      withCorrelation(c, () => logger.debug({ method: req.method, route, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'));
    });
    // Work started for the request that may wait for its answer (answered.ts) waits for this response.
    withCorrelation(c, () => whileAnswering(res, next));
  });
  const knownVerb = (verb: string) => Object.prototype.hasOwnProperty.call(VERBS, verb);
  const activityPolicy = { production: cfg.NODE_ENV === 'production', tenants: allowedTenants(cfg), defaultTenantId: cfg.DEFAULT_TENANT_ID };
  app.post('/api/messages', async (req, res) => {
    const body = req.body as { type?: unknown } | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.type !== 'string' || !ACTIVITY_TYPES.has(body.type)) {
      res.status(400).json({ error: 'The body is not a Bot Framework activity of a known type.' });
      return;
    }
    // Only Teams, only the tenants this service is for, only users Entra ID names (M6).
    const refused = acceptActivity(body as Parameters<typeof acceptActivity>[0], activityPolicy);
    if (refused) {
      logger.warn({ reason: refused }, 'activity refused');
      res.status(403).json({ error: 'This activity is not accepted by this service.' });
      return;
    }
    try {
      await adapter.process(req, jsonRefusals(res), (ctx) => traceActivity(ctx.activity, knownVerb, () => bot.run(ctx)));
    } catch (e) {
      // botbuilder throws before the token check on a body that is not an activity; left
      // unhandled, that rejection stopped the whole process (scripts/faults/bad-inputs.ts).
      const notActivity = e instanceof Error && e.message.startsWith('validateAndFixActivity');
      logger.warn({ err: e instanceof Error ? e.name : 'unknown', notActivity }, 'request refused');
      if (!res.headersSent) res.status(notActivity ? 400 : 500).json({ error: notActivity ? 'The body is not a Bot Framework activity.' : 'Internal error.' });
    }
  });
  // The meeting as a calendar file (local calendar) behind an expiring signed link.
  app.get('/meetings/:tenantId/:file', meetingFile({ calendar: c.localCalendar, links, clock, logger }));
  // The case as a PDF: a single-use link, opened only after the browser signs in as its user.
  if (signIn) app.use('/exports', exportRoutes({ exportLinks, signIn, cases, caseLog, directory, talks: talksStore, clock, logger, publicUrl, secret: `${linkSecret}|signin`, overviewCsv: (who) => overviewFile(overview, who) }));
  else logger.warn({}, 'case export is off: set SIGNIN_CLIENT_ID (the Entra app registration browsers sign in to)');
  if (signIn && signInKind(cfg) === 'local') {
    // The development stand-in for Entra (config.ts refuses it in production).
    const people = async () => {
      const seen = new Map<string, string>();
      for (const s of await directory.listSchools()) for (const m of await directory.staffOf(s.tenantId, s.schoolId)) seen.set(m.userId, m.name);
      return [...seen].map(([userId, name]) => ({ userId, name }));
    };
    app.use('/local-signin', localSignIn({ clientId: LOCAL_SIGNIN_CLIENT, tenantId: localSignInTenant(cfg), baseUrl: publicUrl, people }));
  }
  // Liveness: the process answers. No dependency is asked, so an outage elsewhere never gets it restarted.
  app.get('/healthz', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json({ status: 'ok' });
  });
  // Readiness: the tables are created (the server listens only after that) and storage answered
  // within the last few seconds; 503 while stopping. The calendar is not asked: meetings wait and
  // are retried, so a Graph outage must not take every instance out of rotation. One probe serves
  // every call for READY_CACHE_MS, so polling /readyz cannot become load on storage.
  let probe: { at: number; result: Promise<'ok' | 'unavailable'> } | undefined;
  app.get('/readyz', async (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    if (drain.draining) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    if (!probe || performance.now() - probe.at > READY_CACHE_MS) {
      probe = {
        at: performance.now(),
        result: withTimeout(directory.ping(), READY_TIMEOUT_MS).then(
          () => 'ok' as const,
          () => 'unavailable' as const,
        ),
      };
    }
    const storage = await probe.result;
    res.status(storage === 'ok' ? 200 : 503).json({ status: storage === 'ok' ? 'ready' : 'not ready', storage, calendar: calendar.kind });
  });
  app.use((err: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status ?? 500;
    const message = err.type === 'entity.too.large' ? 'Request body is larger than 256 KB.' : status === 400 ? 'Malformed request body.' : 'Internal error.';
    if (status >= 500) logger.error({ err: err.name }, 'http error');
    res.status(status).json({ error: message });
  });
  return app;
}

const READY_TIMEOUT_MS = 3000;
const READY_CACHE_MS = 5000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
