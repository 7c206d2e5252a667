/**
 * The composition root: builds storage, use cases, the bot and the HTTP server from a Config.
 * main.ts runs it; tests start it in-process on a free port with their own configuration.
 */
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import express from 'express';
import type pino from 'pino';
import { CaseActions, type CaseForViewer } from './app/case-actions';
import { NoticeDispatcher } from './app/deliver-notices';
import { MessageOutbox } from './app/message-outbox';
import { ReportConcern } from './app/report-concern';
import { allowedTenants, signInKind, type Config } from './config';
import { systemClock, TimeIds } from './adapters/local/ids';
import { CaseLogRepository } from './adapters/tables/case-log-repository';
import { CaseRepository } from './adapters/tables/case-repository';
import { ConversationRepository } from './adapters/tables/conversation-repository';
import { PreferenceRepository } from './adapters/tables/preference-repository';
import { ReminderRepository } from './adapters/tables/reminder-repository';
import { SchoolChannels } from './app/school-channels';
import { SchoolRoles } from './app/school-roles';
import { CaseWork } from './app/case-work';
import { Retention } from './app/retention';
import { LeaveActions } from './app/leave';
import { LeaveRepository } from './adapters/tables/leave-repository';
import { AnnualRepository } from './adapters/tables/annual-repository';
import { AnnualWheel } from './app/annual';
import { PupilTalks } from './app/pupil-talks';
import { PupilTalksRepository } from './adapters/tables/pupil-talks-repository';
import { ComplaintRepository } from './adapters/tables/complaint-repository';
import { StaffComplaintRepository } from './adapters/tables/staff-complaint-repository';
import { StaffComplaints } from './app/staff-complaint';
import { TeachingComplaints } from './app/teaching-complaint';
import { ExportLinks } from './adapters/export/export-links';
import { meetingFile } from './adapters/http/file-routes';
import { exportRoutes } from './adapters/http/export-routes';
import { localSignIn } from './adapters/http/local-signin';
import { browserSignIn, type BrowserSignIn } from './adapters/http/signin';
import { acceptActivity } from './adapters/teams/activity-info';
import { ReminderSweeper } from './app/reminder-sweeper';
import { DailyBackup } from './app/daily-backup';
import { BackupClaims } from './adapters/tables/backup-claims';
import { APP_TABLES, TableDump } from './adapters/tables/table-dump';
import { backupContainerOf, BackupStore } from './adapters/blob/backup-store';
import { CounterRepository } from './adapters/tables/counter-repository';
import { DirectoryRepository } from './adapters/tables/directory-repository';
import { IdempotencyRepository } from './adapters/tables/idempotency-repository';
import { NoticeRepository } from './adapters/tables/notice-repository';
import { Tables } from './adapters/tables/table-client';
import { createAdapter } from './adapters/teams/adapter';
import { OutboundQueue } from './adapters/teams/outbound';
import { MeldFraBot } from './adapters/teams/bot';
import { TeamsNotifier } from './adapters/teams/notifier';
import type { Calendar, Clock } from './ports';
import type { TokenCredential } from '@azure/identity';
import { ClientSecretCredential } from '@azure/identity';
import { azureCredential } from './adapters/tables/table-client';
import { GraphStaffGroups, syncEntraStaff } from './app/entra-sync';
import { createLogger } from './adapters/telemetry/logging';
import { correlationFor, withCorrelation } from './adapters/telemetry/correlation';
import { otelMetrics } from './adapters/telemetry/otel-metrics';
import { runSweep, traceActivity, tracedCalendar } from './adapters/telemetry/tracing';
import { safeError } from './app/deliver-notices';
import { VERBS } from './adapters/teams/handlers';
import { GraphCalendar, graphClient, type GraphRetry } from './adapters/graph/graph-calendar';
import { IcsLinks, LocalCalendar } from './adapters/local/local-calendar';
import { MeetingActions } from './app/meetings';
import { schoolDate } from './app/school-time';
import { seedDemo } from './seed';

export interface RunningApp {
  url: string;
  port: number;
  dispatcher: NoticeDispatcher;
  directory: DirectoryRepository;
  cases: CaseRepository;
  caseLog: CaseLogRepository;
  notices: NoticeRepository;
  reminders: ReminderRepository;
  reminderSweeper: ReminderSweeper;
  /** Deletes closed cases whose retention period is over (hourly). */
  retention: Retention;
  /** Posts the årshjul's tasks on their day (hourly). */
  annual: AnnualWheel;
  leave: LeaveActions;
  /** Elevsamtaler; its sweep reminds the kontaktlærer and the class channel (hourly). */
  talks: PupilTalks;
  /** Complaints about teaching; its sweep reminds of the follow-up meetings (hourly). */
  teachingComplaints: TeachingComplaints;
  /** Complaints about a member of staff; its sweep books the evaluation meetings and reminds the leader (hourly). */
  staffComplaints: StaffComplaints;
  /** Complaint notices and leave requests: stored, then delivered and retried (sweep with the notices). */
  outbox: MessageOutbox;
  /** Graceful stop (SIGTERM): no new work, everything under way finished; see README, Operations. */
  close(): Promise<void>;
  /**
   * For a stop that ran out of time: gives back the reminder claims still held and says what was
   * still under way, for the log line before the process exits.
   */
  abandon(): Promise<{ requests: number; sweeps: number; stage: string; reminderClaims: number }>;
}

export interface AppOptions {
  clock?: Clock;
  /** Teams' limits by default; tests and benchmarks may shrink its windows. */
  outbound?: OutboundQueue;
  logStream?: pino.DestinationStream;
  /** The Graph credential (tests hand in a fake one; production builds it from configuration). */
  graphCredential?: TokenCredential;
  /** Wraps the calendar the service uses (tests: simulate an outage; never set in production). */
  calendarSwitch?: (c: Calendar) => Calendar;
  /** The Graph client's own retries (tests make them short). */
  graphRetry?: GraphRetry;
  /** The managed identity whose token signs in to the Entra app registration (tests hand in a fake one). */
  signInCredential?: TokenCredential;
}

/** Graph when configured; otherwise our own store with .ics files, so no tenant is needed locally. */
function buildCalendar(cfg: Config, tables: Tables, links: IcsLinks, opts: AppOptions): Calendar & { init?(): Promise<void> } {
  if (cfg.CALENDAR === 'local') return new LocalCalendar(tables, links);
  return new GraphCalendar({ client: graphClient({ credential: graphCredential(cfg, opts), baseUrl: cfg.GRAPH_BASE_URL || undefined, retry: opts.graphRetry }) });
}

/** The service's managed identity (as for storage), unless an app registration's secret is configured. */
function graphCredential(cfg: Config, opts: AppOptions): TokenCredential {
  return (
    opts.graphCredential ??
    (cfg.GRAPH_CLIENT_SECRET
      ? new ClientSecretCredential(cfg.GRAPH_TENANT_ID, cfg.GRAPH_CLIENT_ID, cfg.GRAPH_CLIENT_SECRET)
      : azureCredential(cfg.AZURE_CLIENT_ID || cfg.GRAPH_CLIENT_ID))
  );
}

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

/**
 * Creates the tables, retrying while storage does not answer or refuses (after a first deployment
 * the identity's role can take minutes to apply): one clear line per try instead of a crash loop.
 */
async function waitForStorage(init: () => Promise<void>, seconds: number, logger: pino.Logger): Promise<void> {
  const giveUp = Date.now() + seconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await init();
    } catch (e) {
      const err = e as { statusCode?: number; code?: string; name?: string };
      const wait = Math.min(30, 2 ** attempt);
      if (Date.now() + wait * 1000 > giveUp) {
        throw new StorageUnavailableError(`Meld fra cannot start: storage did not answer for ${seconds} s (${err.statusCode ?? err.code ?? err.name}). Check TABLES_ENDPOINT and that the identity has the Storage Table Data Contributor role.`);
      }
      logger.warn({ attempt, status: err.statusCode, code: err.code, retryInSeconds: wait }, err.statusCode === 403 ? 'storage refuses this identity (is the role assigned yet?); retrying' : 'storage not reachable; retrying');
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }
}

/** Storage stayed unreachable through the start-up wait: said in one line, without a stack trace. */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
}

export async function startApp(cfg: Config, opts: AppOptions = {}): Promise<RunningApp> {
  const logger = createLogger(cfg.LOG_LEVEL, opts.logStream);
  const clock = opts.clock ?? systemClock;
  const tables = new Tables({
    connectionString: cfg.TABLES_CONNECTION_STRING || undefined,
    endpoint: cfg.TABLES_ENDPOINT || undefined,
    // With an endpoint, storage is reached as the service's managed identity: no keys.
    credential: cfg.TABLES_CONNECTION_STRING ? undefined : azureCredential(cfg.AZURE_CLIENT_ID),
    prefix: cfg.TABLE_PREFIX,
  });
  const directory = new DirectoryRepository(tables);
  const cases = new CaseRepository(tables);
  const caseLog = new CaseLogRepository(tables);
  const counters = new CounterRepository(tables);
  const idempotency = new IdempotencyRepository(tables, clock);
  const notices = new NoticeRepository(tables);
  // Complaint notices and leave requests: their own outbox table, the same delivery rules.
  const messages = new NoticeRepository(tables, 'Messages');
  const conversations = new ConversationRepository(tables);
  const preferences = new PreferenceRepository(tables);
  const reminders = new ReminderRepository(tables);
  const leaveRepo = new LeaveRepository(tables);
  const annualRepo = new AnnualRepository(tables);
  const complaintRepo = new ComplaintRepository(tables);
  const staffComplaintRepo = new StaffComplaintRepository(tables);
  const talksRepo = new PupilTalksRepository(tables);
  const publicUrl = () => cfg.PUBLIC_URL || `http://localhost:${port}`;
  // Production requires LINK_SECRET (config.ts); elsewhere a random one per start, never a known constant.
  const linkSecret = cfg.LINK_SECRET || randomBytes(32).toString('base64url');
  const links = new IcsLinks(publicUrl, `${linkSecret}|ics`, cfg.ICS_LINK_DAYS);
  const exportLinks = new ExportLinks(tables, publicUrl, `${linkSecret}|export`);
  const signIn = buildSignIn(cfg, publicUrl, opts);
  const built = buildCalendar(cfg, tables, links, opts);
  // Tests may put a switch in front of the calendar to take it down for a while.
  const switched = opts.calendarSwitch ? opts.calendarSwitch(built) : built;
  const calendar: Calendar & { init?(): Promise<void> } = Object.assign(tracedCalendar(switched), { init: built.init?.bind(built) });
  const backupClaims = new BackupClaims(tables);
  const repositories = [backupClaims, exportLinks, directory, cases, caseLog, counters, idempotency, notices, messages, conversations, preferences, reminders, leaveRepo, annualRepo, complaintRepo, staffComplaintRepo, talksRepo];
  await waitForStorage(async () => {
    // Every table's try settles before the next attempt (or the give-up): no request left running.
    const failed = (await Promise.allSettled(repositories.map((r) => r.init()))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    await calendar.init?.();
  }, cfg.STARTUP_STORAGE_WAIT_SECONDS, logger);
  if (cfg.SEED_DEMO) await seedDemo(directory, cfg.DEFAULT_TENANT_ID);

  const adapter = createAdapter(
    {
      appId: cfg.MicrosoftAppId,
      password: cfg.MicrosoftAppPassword,
      tenantId: cfg.MicrosoftAppTenantId,
      appType: cfg.MicrosoftAppType,
      openIdMetadataUrl: cfg.BOT_OPENID_METADATA_URL,
    },
    logger,
  );

  const notifier = new TeamsNotifier(
    adapter,
    conversations,
    directory,
    preferences,
    (tenantId, userId, c): Promise<CaseForViewer> => caseActions.forViewer({ tenantId, userId }, c),
    { appId: cfg.MicrosoftAppId, serviceUrl: cfg.CONNECTOR_SERVICE_URL, outbound: opts.outbound ?? new OutboundQueue() },
  );
  const dispatcher = new NoticeDispatcher(notices, cases, notifier, clock, logger, notifier, directory);
  const caseActions = new CaseActions({
    directory,
    cases,
    log: caseLog,
    clock,
    dispatcher,
    ...(signIn ? { issueExport: (t: { tenantId: string; schoolId: string; caseId: string; userId: string }) => exportLinks.issue(t, clock.now()) } : {}),
  });
  const ids = new TimeIds(clock);
  const outbox = new MessageOutbox(messages, clock, logger);
  const leave = new LeaveActions({ directory, leave: leaveRepo, refs: counters, submissions: idempotency, clock, ids, notifier, logger, outbox });
  const talks = new PupilTalks({ directory, talks: talksRepo, clock, ids, notifier, logger });
  const annual = new AnnualWheel({ directory, annual: annualRepo, clock, poster: notifier, logger });
  const meetings = new MeetingActions({
    directory,
    cases,
    log: caseLog,
    clock,
    ids,
    calendar,
    caseActions,
    logger,
    // The invitation goes out at once; the sweep is the safety net when this instance stops.
    kick: (): Promise<unknown> => reminderSweeper.soon(),
  });
  const teachingComplaints = new TeachingComplaints({ directory, complaints: complaintRepo, refs: counters, submissions: idempotency, clock, ids, notifier, logger, calendar, outbox });
  const staffComplaints = new StaffComplaints({ directory, complaints: staffComplaintRepo, calendar, cases, refs: counters, submissions: idempotency, clock, ids, notifier, logger, outbox });
  const report = new ReportConcern({ directory, cases, log: caseLog, refs: counters, submissions: idempotency, forms: idempotency, reportsPerHour: cfg.REPORTS_PER_HOUR, ids, clock, dispatcher, metrics: otelMetrics });
  const bot = new MeldFraBot({
    services: {
      report,
      cases: caseActions,
      dispatcher,
      meetings,
      channels: new SchoolChannels({ directory, clock }),
      roles: new SchoolRoles({ directory }),
      annual,
      teachingComplaints,
      staffComplaints,
      leave,
      talks,
      work: new CaseWork({ directory, cases, clock, ids, caseActions, calendarKind: calendar.kind, kick: (): Promise<unknown> => reminderSweeper.soon() }),
      calendarKind: calendar.kind,
      wasDeleted: (tenantId, schoolId, recordId) => caseLog.wasDeleted(tenantId, schoolId, recordId),
      today: () => schoolDate(clock.now()).today,
      newFormId: () => ids.next(),
    },
    processed: idempotency,
    conversations,
    preferences,
    logger,
    defaultTenantId: cfg.DEFAULT_TENANT_ID,
    isMember: async (tenantId, userId) => (await directory.membershipsOf(tenantId, userId)).length > 0,
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  // Set once a stop has begun: /readyz answers 503 and each answer closes its connection.
  let draining = false;
  const inFlight = new Set<express.Response>();
  // After the body is read (the parser's callbacks would lose the context): every log line from
  // here on carries this request's correlation id (the activity's id on /api/messages).
  app.use((req, res, next) => {
    const c = correlationFor(req.headers, req.path === '/api/messages' ? (req.body as { id?: unknown } | undefined)?.id : undefined);
    const started = performance.now();
    res.setHeader('x-correlation-id', c.correlationId);
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.on('close', () => {
      inFlight.delete(res);
      if (draining) server.closeIdleConnections();
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      withCorrelation(c, () => logger.debug({ method: req.method, route, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'));
    });
    withCorrelation(c, next);
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
  app.get('/meetings/:tenantId/:file', meetingFile({ calendar: built instanceof LocalCalendar ? built : undefined, links, clock, logger }));
  // The case as a PDF: a single-use link, opened only after the browser signs in as its user.
  if (signIn) app.use('/exports', exportRoutes({ exportLinks, signIn, cases, caseLog, directory, clock, logger, publicUrl, secret: `${linkSecret}|signin` }));
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
    if (draining) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    if (!probe || performance.now() - probe.at > READY_CACHE_MS) {
      probe = {
        at: performance.now(),
        result: withTimeout(directory.getSchool('readyz', 'readyz'), READY_TIMEOUT_MS).then(
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

  const reminderSweeper = new ReminderSweeper({
    reminders,
    cases,
    directory,
    sender: notifier,
    alerts: notifier,
    meetings,
    clock,
    logger,
    instanceId: cfg.INSTANCE_ID || `${hostname()}:${process.pid}`,
  });
  // Background sweeps: each run gets its own correlation id and span, none starts once a stop has
  // begun, and a stop waits for the runs under way.
  const sweeps = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  const every = (name: string, seconds: number, run: () => Promise<unknown>) => {
    if (seconds <= 0) return;
    let running = false;
    const t = setInterval(() => {
      // A run that takes longer than its interval is not joined by a second one of the same kind.
      if (draining || running) return;
      running = true;
      const p: Promise<unknown> = runSweep(name, run)
        .catch((e) => logger.warn({ sweep: name, err: safeError(e) }, 'sweep failed'))
        .finally(() => {
          running = false;
          sweeps.delete(p);
        });
      sweeps.add(p);
    }, seconds * 1000);
    t.unref();
    timers.push(t);
  };
  // REMINDER_SWEEP_SECONDS=0 (tests) turns the hourly sweeps off too: tests drive them.
  const hourly = cfg.REMINDER_SWEEP_SECONDS > 0 ? 60 * 60 : 0;
  every('reminders', cfg.REMINDER_SWEEP_SECONDS, () => reminderSweeper.sweep());
  // The årshjul's tasks, posted in the school's channel on their day.
  every('annual', hourly, () => annual.sweep());
  // The follow-up meetings of complaints about teaching: reminded from the school day before.
  every('teaching-complaints', hourly, () => teachingComplaints.sweep());
  // Complaints about a member of staff: evaluation meetings the calendar did not take, and the leader's evaluation reminders.
  every('staff-complaints', hourly, () => staffComplaints.sweep());
  // Elevsamtaler: the kontaktlærer's reminders and the class channel's counts.
  every('pupil-talks', hourly, () => talks.sweep());
  const retention = new Retention({
    schools: () => directory.listSchools(),
    cases,
    log: caseLog,
    notices,
    messages,
    teachingComplaints: complaintRepo,
    staffComplaints: staffComplaintRepo,
    leave: leaveRepo,
    talks: talksRepo,
    ...(built instanceof LocalCalendar ? { meetings: built } : {}),
    idempotency,
    cards: notifier,
    clock,
    logger,
  });
  every('retention', hourly, () => retention.sweep());
  // Download links nobody opened (they live minutes).
  every('export-links', hourly, () => exportLinks.prune(clock.now()));
  // Azure Table Storage has no point-in-time restore: every table to the WORM container each night.
  if (cfg.BACKUP_DAILY) {
    const daily = new DailyBackup({
      tables: APP_TABLES,
      source: new TableDump(tables),
      target: new BackupStore(backupContainerOf(cfg)),
      claims: backupClaims,
      clock,
      logger,
      instanceId: cfg.INSTANCE_ID || `${hostname()}:${process.pid}`,
      tablePrefix: cfg.TABLE_PREFIX,
    });
    every('backup', hourly, () => daily.sweep());
  }
  // Staff from each school's Entra ID security group, when the municipality turns it on.
  if (cfg.ENTRA_SYNC) {
    const groups = new GraphStaffGroups((tenantId) => graphClient({ credential: graphCredential(cfg, opts), baseUrl: cfg.GRAPH_BASE_URL || undefined, tenantId, retry: opts.graphRetry }));
    every('entra-sync', cfg.ENTRA_SYNC_MINUTES * 60, () => syncEntraStaff({ directory, groups, logger }));
  }
  // Notices whose first try failed, or that a stopped instance left behind.
  every('notices', cfg.NOTICE_SWEEP_SECONDS, () => dispatcher.sweep());
  every('messages', cfg.NOTICE_SWEEP_SECONDS, () => outbox.sweep());

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(cfg.PORT, cfg.HOST, () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  logger.info({ port }, 'Meld fra is listening');

  /**
   * Graceful stop: no new work (readiness 503, no new connections, no new sweeps), then the
   * requests under way are answered, a reminder being sent finishes its send and gives its claim
   * back, the sweeps under way end, and the notices and messages they started are delivered.
   */
  let stage = 'running';
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      draining = true;
      stage = 'requests';
      logger.info({ requests: inFlight.size, sweeps: sweeps.size }, 'stopping');
      timers.forEach(clearInterval);
      const sweeperStopped = reminderSweeper.stop();
      if (cfg.SHUTDOWN_DRAIN_SECONDS > 0) await new Promise((r) => setTimeout(r, cfg.SHUTDOWN_DRAIN_SECONDS * 1000));
      // Answers still to come close their connections, so keep-alive clients go elsewhere.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await closed;
      stage = 'sweeps';
      await sweeperStopped;
      await Promise.allSettled([...sweeps]);
      stage = 'notices';
      await dispatcher.idle();
      await Promise.all([leave.idle(), teachingComplaints.idle(), staffComplaints.idle(), outbox.idle()]);
      stage = 'stopped';
      logger.info({}, 'stopped');
    })());
  return {
    url: `http://${cfg.HOST}:${port}`,
    port,
    dispatcher,
    directory,
    cases,
    caseLog,
    notices,
    reminders,
    reminderSweeper,
    retention,
    annual,
    teachingComplaints,
    staffComplaints,
    outbox,
    leave,
    talks,
    close,
    abandon: async () => {
      const left = { requests: inFlight.size, sweeps: sweeps.size, stage, reminderClaims: reminderSweeper.claimed().length };
      await reminderSweeper.releaseAll();
      return left;
    },
  };
}

const READY_TIMEOUT_MS = 3000;
const READY_CACHE_MS = 5000;

/** The development stand-in's app registration and tenant: any values do, they only have to agree. */
const LOCAL_SIGNIN_CLIENT = '00000000-0000-4000-8000-00000000516e';
const localSignInTenant = (cfg: Config) => cfg.SIGNIN_TENANT_ID || cfg.MicrosoftAppTenantId || cfg.DEFAULT_TENANT_ID || 'local';

/** Entra with an app registration (production), the stand-in in local-signin.ts elsewhere; undefined = no export. */
function buildSignIn(cfg: Config, publicUrl: () => string, opts: AppOptions): BrowserSignIn | undefined {
  if (signInKind(cfg) === 'local') return browserSignIn({ kind: 'local', baseUrl: publicUrl, clientId: LOCAL_SIGNIN_CLIENT, tenantId: localSignInTenant(cfg) });
  if (!cfg.SIGNIN_CLIENT_ID) return undefined;
  return browserSignIn({
    kind: 'entra',
    authorityHost: cfg.SIGNIN_AUTHORITY_HOST,
    tenantId: cfg.SIGNIN_TENANT_ID || cfg.MicrosoftAppTenantId,
    clientId: cfg.SIGNIN_CLIENT_ID,
    ...(cfg.SIGNIN_CLIENT_SECRET ? { clientSecret: cfg.SIGNIN_CLIENT_SECRET } : { managedIdentity: opts.signInCredential ?? azureCredential(cfg.AZURE_CLIENT_ID) }),
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
