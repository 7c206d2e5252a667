/**
 * The composition root: builds storage, use cases, the bot and the HTTP server from a Config.
 * main.ts runs it; tests start it in-process on a free port with their own configuration.
 */
import { strings } from './i18n';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import express from 'express';
import pino from 'pino';
import { CaseActions, type CaseForViewer } from './app/case-actions';
import { NoticeDispatcher } from './app/deliver-notices';
import { ReportConcern } from './app/report-concern';
import type { Config } from './config';
import { systemClock, TimeIds } from './adapters/local/ids';
import { CaseLogRepository } from './adapters/tables/case-log-repository';
import { CaseRepository } from './adapters/tables/case-repository';
import { ConversationRepository } from './adapters/tables/conversation-repository';
import { PreferenceRepository } from './adapters/tables/preference-repository';
import { ReminderRepository } from './adapters/tables/reminder-repository';
import { SchoolChannels } from './app/school-channels';
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
import { buildArchive } from './app/case-archive';
import { ExportLinks } from './adapters/export/export-links';
import { renderArchivePdf } from './adapters/export/archive-pdf';
import { decide } from './domain/access';
import { ReminderSweeper } from './app/reminder-sweeper';
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
import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
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
  close(): Promise<void>;
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
}

/** Graph when configured; otherwise our own store with .ics files, so no tenant is needed locally. */
function buildCalendar(cfg: Config, tables: Tables, links: IcsLinks, opts: AppOptions): Calendar & { init?(): Promise<void> } {
  if (cfg.CALENDAR === 'local') return new LocalCalendar(tables, links);
  const credential =
    opts.graphCredential ??
    (cfg.GRAPH_CLIENT_SECRET
      ? new ClientSecretCredential(cfg.GRAPH_TENANT_ID, cfg.GRAPH_CLIENT_ID, cfg.GRAPH_CLIENT_SECRET)
      : new DefaultAzureCredential(cfg.GRAPH_CLIENT_ID ? { managedIdentityClientId: cfg.GRAPH_CLIENT_ID } : {}));
  return new GraphCalendar({ client: graphClient({ credential, baseUrl: cfg.GRAPH_BASE_URL || undefined, retry: opts.graphRetry }) });
}

export async function startApp(cfg: Config, opts: AppOptions = {}): Promise<RunningApp> {
  const logger = pino({ level: cfg.LOG_LEVEL, base: { service: 'meld-fra' } }, opts.logStream);
  const clock = opts.clock ?? systemClock;
  const tables = new Tables({ connectionString: cfg.TABLES_CONNECTION_STRING || undefined, endpoint: cfg.TABLES_ENDPOINT || undefined, prefix: cfg.TABLE_PREFIX });
  const directory = new DirectoryRepository(tables);
  const cases = new CaseRepository(tables);
  const caseLog = new CaseLogRepository(tables);
  const counters = new CounterRepository(tables);
  const idempotency = new IdempotencyRepository(tables);
  const notices = new NoticeRepository(tables);
  const conversations = new ConversationRepository(tables);
  const preferences = new PreferenceRepository(tables);
  const reminders = new ReminderRepository(tables);
  const leaveRepo = new LeaveRepository(tables);
  const annualRepo = new AnnualRepository(tables);
  const complaintRepo = new ComplaintRepository(tables);
  const staffComplaintRepo = new StaffComplaintRepository(tables);
  const talksRepo = new PupilTalksRepository(tables);
  const publicUrl = () => cfg.PUBLIC_URL || `http://localhost:${port}`;
  const links = new IcsLinks(publicUrl, cfg.LINK_SECRET || 'meld-fra-development-only-link-secret');
  const exportLinks = new ExportLinks(publicUrl, `${cfg.LINK_SECRET || 'meld-fra-development-only-link-secret'}|export`);
  const built = buildCalendar(cfg, tables, links, opts);
  // Tests may put a switch in front of the calendar to take it down for a while.
  const calendar: Calendar & { init?(): Promise<void> } = opts.calendarSwitch ? Object.assign(opts.calendarSwitch(built), { kind: built.kind, init: built.init?.bind(built) }) : built;
  await Promise.all([directory, cases, caseLog, counters, idempotency, notices, conversations, preferences, reminders, leaveRepo, annualRepo, complaintRepo, staffComplaintRepo, talksRepo].map((r) => r.init()));
  await calendar.init?.();
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
  const dispatcher = new NoticeDispatcher(notices, cases, notifier, clock, logger, notifier);
  const caseActions = new CaseActions({
    directory,
    cases,
    log: caseLog,
    clock,
    dispatcher,
    exportLink: (c, userId) => exportLinks.url({ tenantId: c.tenantId, schoolId: c.schoolId, caseId: c.caseId, userId }, clock.now()),
  });
  const ids = new TimeIds(clock);
  const leave = new LeaveActions({ directory, leave: leaveRepo, refs: counters, submissions: idempotency, clock, ids, notifier, logger });
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
  const teachingComplaints = new TeachingComplaints({ directory, complaints: complaintRepo, refs: counters, submissions: idempotency, clock, ids, notifier, logger, calendar });
  const staffComplaints = new StaffComplaints({ directory, complaints: staffComplaintRepo, refs: counters, submissions: idempotency, clock, ids, notifier, logger });
  const report = new ReportConcern({ directory, cases, log: caseLog, refs: counters, submissions: idempotency, ids, clock, dispatcher });
  const bot = new MeldFraBot({
    services: {
      report,
      cases: caseActions,
      dispatcher,
      meetings,
      channels: new SchoolChannels({ directory, clock }),
      annual,
      teachingComplaints,
      staffComplaints,
      leave,
      talks,
      work: new CaseWork({ directory, cases, clock, ids, caseActions, calendarKind: calendar.kind, kick: (): Promise<unknown> => reminderSweeper.soon() }),
      calendarKind: calendar.kind,
      today: () => schoolDate(clock.now()).today,
      newFormId: () => ids.next(),
    },
    processed: idempotency,
    conversations,
    preferences,
    logger,
    defaultTenantId: cfg.DEFAULT_TENANT_ID,
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (ctx) => bot.run(ctx));
  });
  // The meeting as a calendar file, for invitees without Outlook integration (local calendar).
  app.get('/meetings/:tenantId/:file', async (req, res) => {
    const meetingId = req.params.file.replace(/\.ics$/, '');
    const sig = typeof req.query.sig === 'string' ? req.query.sig : '';
    if (!(built instanceof LocalCalendar) || !links.verify(req.params.tenantId, meetingId, sig)) {
      res.status(404).json({ error: 'Not found.' });
      return;
    }
    const ics = await built.ics(req.params.tenantId, meetingId);
    if (!ics) {
      res.status(404).json({ error: 'Not found.' });
      return;
    }
    res.setHeader('content-type', 'text/calendar; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="samtale.ics"');
    res.setHeader('cache-control', 'no-store');
    res.send(ics);
  });
  // The case as a PDF for the archive: a signed link for one user, and that user's roles checked again now.
  app.get('/cases/:tenantId/:schoolId/:file', async (req, res) => {
    const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string) : '');
    const caseId = req.params.file.replace(/\.pdf$/, '');
    const target = exportLinks.verify({ tenantId: req.params.tenantId, schoolId: req.params.schoolId, caseId, u: q('u'), exp: q('exp'), sig: q('sig') }, clock.now());
    const notFound = () => res.status(404).type('text/plain; charset=utf-8').send(strings('nb').calendar.exportLinkInvalid);
    if (!target) return notFound();
    const c = await cases.get(target.tenantId, target.schoolId, target.caseId);
    const staff = c ? await directory.staffOf(c.tenantId, c.schoolId) : [];
    const me = staff.find((m) => m.userId === target.userId);
    if (!c || !decide('eksportere', c, me, target.userId).allowed) return notFound();
    const [plans, log, school] = await Promise.all([cases.plans(c.tenantId, c.schoolId, c.caseId), caseLog.list(c.tenantId, c.schoolId, c.caseId), directory.getSchool(c.tenantId, c.schoolId)]);
    const doc = buildArchive({ case: c, plans, log, school, staffNames: Object.fromEntries(staff.map((m) => [m.userId, m.name])), printedBy: me?.name ?? '', now: clock.now() });
    const pdf = await renderArchivePdf(doc);
    await caseLog.append(c.tenantId, c.schoolId, c.caseId, { at: clock.now().toISOString(), actorId: target.userId, action: 'eksportert', detail: 'pdf' });
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="sak-${c.ref}.pdf"`);
    res.setHeader('cache-control', 'no-store');
    res.send(pdf);
  });
  app.get('/healthz', async (_req, res) => {
    const storage = await directory.getSchool('healthz', 'healthz').then(() => 'ok', () => 'unavailable');
    res.status(storage === 'ok' ? 200 : 503).json({ status: storage === 'ok' ? 'ok' : 'degraded', storage });
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
  const reminderTimer =
    cfg.REMINDER_SWEEP_SECONDS > 0
      ? setInterval(() => {
          reminderSweeper.sweep().catch((e) => logger.warn({ err: (e as Error).name }, 'reminder sweep failed'));
        }, cfg.REMINDER_SWEEP_SECONDS * 1000)
      : undefined;
  reminderTimer?.unref();
  // The årshjul is posted by the same timer as the retention sweep (hourly), and at start.
  const annualTimer =
    cfg.REMINDER_SWEEP_SECONDS > 0
      ? setInterval(() => {
          annual.sweep().catch((e) => logger.warn({ err: (e as Error).name }, 'årshjul sweep failed'));
        }, 60 * 60_000)
      : undefined;
  annualTimer?.unref();
  // The follow-up meetings of complaints about teaching: reminded from the school day before (hourly).
  const complaintTimer =
    cfg.REMINDER_SWEEP_SECONDS > 0
      ? setInterval(() => {
          teachingComplaints.sweep().catch((e) => logger.warn({ err: (e as Error).name }, 'complaint follow-up sweep failed'));
        }, 60 * 60_000)
      : undefined;
  complaintTimer?.unref();
  // Elevsamtaler: the kontaktlærer's reminders and the class channel's counts (hourly).
  const talksTimer =
    cfg.REMINDER_SWEEP_SECONDS > 0
      ? setInterval(() => {
          talks.sweep().catch((e) => logger.warn({ err: (e as Error).name }, 'elevsamtale sweep failed'));
        }, 60 * 60_000)
      : undefined;
  talksTimer?.unref();
  const retention = new Retention({ schools: () => directory.listSchools(), cases, log: caseLog, notices, clock, logger });
  const retentionTimer =
    cfg.REMINDER_SWEEP_SECONDS > 0
      ? setInterval(() => {
          retention.sweep().catch((e) => logger.warn({ err: (e as Error).name }, 'retention sweep failed'));
        }, 60 * 60_000)
      : undefined;
  retentionTimer?.unref();

  // Notices whose first try failed, or that a stopped instance left behind, are sent by the sweep.
  const sweep = setInterval(() => {
    dispatcher.sweep().catch((e) => logger.warn({ err: (e as Error).name }, 'notice sweep failed'));
  }, cfg.NOTICE_SWEEP_SECONDS * 1000);
  sweep.unref();

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(cfg.PORT, cfg.HOST, () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  logger.info({ port }, 'Meld fra is listening');
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
    leave,
    talks,
    close: async () => {
      clearInterval(sweep);
      if (reminderTimer) clearInterval(reminderTimer);
      if (retentionTimer) clearInterval(retentionTimer);
      if (annualTimer) clearInterval(annualTimer);
      if (complaintTimer) clearInterval(complaintTimer);
      if (talksTimer) clearInterval(talksTimer);
      await reminderSweeper.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await dispatcher.idle();
      await leave.idle();
    },
  };
}
