/**
 * The composition root: builds storage, the use cases and the bot from a Config. The only place
 * (with the other server*, http*, sweeps*, lifecycle* files) where adapters and app meet.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pino from 'pino';
import type { TokenCredential } from '@azure/identity';
import { ClientSecretCredential } from '@azure/identity';
import { CaseActions } from './app/case-actions';
import { NoticeDispatcher } from './app/deliver-notices';
import { MessageOutbox } from './app/message-outbox';
import { ReportConcern } from './app/report-concern';
import { SchoolChannels } from './app/school-channels';
import { SchoolRoles } from './app/school-roles';
import { CaseWork } from './app/case-work';
import { Retention } from './app/retention';
import { LeaveActions } from './app/leave';
import { AnnualWheel } from './app/annual';
import { PupilTalks } from './app/pupil-talks';
import { PartyCopies } from './app/party-copy';
import { StaffComplaints } from './app/staff-complaint';
import { TeachingComplaints } from './app/teaching-complaint';
import { ReminderSweeper } from './app/reminder-sweeper';
import { DailyBackup } from './app/daily-backup';
import { GraphStaffGroups } from './adapters/graph/graph-staff-groups';
import { GraphRoster } from './adapters/graph/graph-roster';
import { RosterFromSchool } from './app/school-roster';
import { MeetingActions } from './app/meetings';
import { schoolDate } from './app/school-time';
import { signInKind, type Config } from './config';
import { systemClock, TimeIds } from './adapters/local/ids';
import { CaseLogRepository } from './adapters/tables/case-log-repository';
import { CaseRepository } from './adapters/tables/case-repository';
import { ConversationRepository } from './adapters/tables/conversation-repository';
import { PreferenceRepository } from './adapters/tables/preference-repository';
import { ReminderRepository } from './adapters/tables/reminder-repository';
import { LeaveRepository } from './adapters/tables/leave-repository';
import { AnnualRepository } from './adapters/tables/annual-repository';
import { PupilTalksRepository } from './adapters/tables/pupil-talks-repository';
import { ComplaintRepository } from './adapters/tables/complaint-repository';
import { StaffComplaintRepository } from './adapters/tables/staff-complaint-repository';
import { BackupClaims } from './adapters/tables/backup-claims';
import { APP_TABLES, TableDump } from './adapters/tables/table-dump';
import { CounterRepository } from './adapters/tables/counter-repository';
import { CaseRefNumbers } from './adapters/tables/case-refs';
import { CachedDirectory } from './adapters/tables/directory-cache';
import { IdempotencyRepository } from './adapters/tables/idempotency-repository';
import { ReportFormsRepository } from './adapters/tables/report-forms-repository';
import { NoticeRepository } from './adapters/tables/notice-repository';
import { azureCredential, Tables } from './adapters/tables/table-client';
import { backupContainerOf, BackupStore } from './adapters/blob/backup-store';
import { ExportLinks } from './adapters/export/export-links';
import { browserSignIn, type BrowserSignIn } from './adapters/http/signin';
import { answered } from './adapters/http/answered';
import { createAdapter } from './adapters/teams/adapter';
import { OutboundQueue } from './adapters/teams/outbound';
import { MeldFraBot } from './adapters/teams/bot';
import { TeamsNotifier } from './adapters/teams/notifier';
import { otelMetrics, tracedCalendar } from './adapters/telemetry/otel';
import { GraphCalendar, graphClient, type GraphRetry } from './adapters/graph/graph-calendar';
import { IcsLinks, LocalCalendar } from './adapters/local/local-calendar';
import type { Calendar, Clock } from './ports';
import { ArchiveSender } from './app/archive-sender';
import { SchoolOverview } from './app/school-overview';
import { pdfDocuments } from './adapters/archive/pdf-documents';
import { ArchiveJobRepository } from './adapters/tables/archive-job-repository';
import { buildArchive, type ArchiveOptions } from './composition-archive';

export interface AppOptions extends ArchiveOptions {
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

/**
 * Everything the service is made of, wired from the configuration. Nothing here talks to storage
 * yet: `init` creates the tables (lifecycle.ts retries it while storage does not answer).
 */
export function compose(cfg: Config, opts: AppOptions, logger: pino.Logger, publicUrl: () => string) {
  const clock = opts.clock ?? systemClock;
  const tables = new Tables({
    connectionString: cfg.TABLES_CONNECTION_STRING || undefined,
    endpoint: cfg.TABLES_ENDPOINT || undefined,
    // With an endpoint, storage is reached as the service's managed identity: no keys.
    credential: cfg.TABLES_CONNECTION_STRING ? undefined : azureCredential(cfg.AZURE_CLIENT_ID),
    prefix: cfg.TABLE_PREFIX,
  });
  // Held for up to 30 s (directory-cache.ts): read on every request, changed a few times a term.
  const directory = new CachedDirectory(tables);
  const cases = new CaseRepository(tables);
  const caseLog = new CaseLogRepository(tables);
  const counters = new CounterRepository(tables);
  // The case references' numbers: chosen here, made unique by the case's transaction (case-refs.ts).
  const caseRefs = new CaseRefNumbers(tables, answered);
  const idempotency = new IdempotencyRepository(tables, clock);
  // The report forms, their claims and the hourly limit: one partition per user (in Idempotency).
  const reportForms = new ReportFormsRepository(tables, clock);
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
  const archiveJobs = new ArchiveJobRepository(tables);
  // The archive transport ARCHIVE names (composition-archive.ts); none: no jobs are written at all.
  const archiveBuilt = buildArchive(cfg, tables, clock, logger, opts);
  const transport = archiveBuilt?.transport;
  // Those who see a case in full see where it is archived: «Arkivert i Websak: 2026/1234-3».
  const archiveView = transport ? { jobs: archiveJobs, systemNameOf: async (t: string, s: string) => (await directory.getSchool(t, s))?.archive?.systemName ?? '' } : undefined;
  const repositories = [...(archiveBuilt?.repositories ?? []), backupClaims, archiveJobs, exportLinks, directory, cases, caseLog, counters, caseRefs, idempotency, reportForms, notices, messages, conversations, preferences, reminders, leaveRepo, annualRepo, complaintRepo, staffComplaintRepo, talksRepo];

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
    { appId: cfg.MicrosoftAppId, serviceUrl: cfg.CONNECTOR_SERVICE_URL, outbound: opts.outbound ?? new OutboundQueue() },
  );
  const dispatcher = new NoticeDispatcher(notices, cases, notifier, clock, logger, notifier, directory, otelMetrics, { cases, exportOn: !!signIn, ...(archiveView ? { archive: archiveView } : {}) }, answered);
  const caseActions = new CaseActions({
    directory,
    cases,
    log: caseLog,
    clock,
    dispatcher,
    ...(archiveView ? { archive: archiveView } : {}),
    ...(signIn ? { issueExport: (t: { tenantId: string; schoolId: string; caseId: string; userId: string }) => exportLinks.issue(t, clock.now()) } : {}),
  });
  const overview = new SchoolOverview({
    directory,
    overview: cases,
    clock,
    ...(signIn ? { issueCsv: (t: { tenantId: string; userId: string }) => exportLinks.issue({ ...t, schoolId: '', caseId: '', overview: 'csv' }, clock.now()) } : {}),
  });
  const ids = new TimeIds(clock);
  const outbox = new MessageOutbox(messages, clock, logger);
  const leave = new LeaveActions({ directory, leave: leaveRepo, refs: counters, submissions: idempotency, clock, ids, notifier, logger, outbox });
  // ROSTER=graph: classes and pupils from School Data Sync (EduRoster.Read.All); typed stays the fallback.
  const schoolRoster = cfg.ROSTER === 'graph' ? new GraphRoster((tenantId) => graphClient({ credential: graphCredential(cfg, opts), baseUrl: cfg.GRAPH_BASE_URL || undefined, tenantId, retry: opts.graphRetry }), cfg.ROSTER_CACHE_SECONDS * 1000) : undefined;
  const talks = new PupilTalks({ directory, talks: talksRepo, clock, ids, notifier, logger, ...(schoolRoster ? { roster: new RosterFromSchool({ roster: schoolRoster, directory }) } : {}) });
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
  const report = new ReportConcern({ directory, cases, log: caseLog, refs: caseRefs, forms: reportForms, reportsPerHour: cfg.REPORTS_PER_HOUR, ids, clock, dispatcher, metrics: otelMetrics });
  const bot = new MeldFraBot({
    services: {
      report,
      cases: caseActions,
      dispatcher,
      meetings,
      channels: new SchoolChannels({ directory, clock }),
      roles: new SchoolRoles({ directory }),
      overview,
      annual,
      teachingComplaints,
      staffComplaints,
      leave,
      talks,
      partyCopies: new PartyCopies({
        caseActions, cases, log: caseLog, directory, talks: talksRepo, clock,
        ...(signIn ? { issueCopy: (t: { tenantId: string; schoolId: string; caseId: string; userId: string; copy: string }) => exportLinks.issue(t, clock.now()) } : {}),
      }),
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

  const reminderSweeper = new ReminderSweeper({
    reminders,
    cases,
    directory,
    sender: notifier,
    alerts: notifier,
    meetings,
    clock,
    logger,
    metrics: otelMetrics,
    instanceId: cfg.INSTANCE_ID || `${hostname()}:${process.pid}`,
  });
  // Background sweeps: each run gets its own correlation id and span, none starts once a stop has
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
  // Azure Table Storage has no point-in-time restore: every table to the WORM container each night.
  const daily = cfg.BACKUP_DAILY
    ? new DailyBackup({
      tables: APP_TABLES,
      source: new TableDump(tables),
      target: new BackupStore(backupContainerOf(cfg)),
      claims: backupClaims,
      clock,
      logger,
      instanceId: cfg.INSTANCE_ID || `${hostname()}:${process.pid}`,
      tablePrefix: cfg.TABLE_PREFIX,
    })
    : undefined;
  // Staff from each school's Entra ID security group, when the municipality turns it on.
  const groups = cfg.ENTRA_SYNC ? new GraphStaffGroups((tenantId) => graphClient({ credential: graphCredential(cfg, opts), baseUrl: cfg.GRAPH_BASE_URL || undefined, tenantId, retry: opts.graphRetry })) : undefined;
  const archive = transport ? new ArchiveSender({ jobs: archiveJobs, transport, documents: pdfDocuments, cases, log: caseLog, directory, clock, logger }) : undefined;
  const init = async () => {
    // Every table's try settles before the next attempt (or the give-up): no request left running.
    const failed = (await Promise.allSettled(repositories.map((r) => r.init()))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    await calendar.init?.();
    // The archive's replies (ARCHIVE=fiks): listened for once the tables are there.
    archiveBuilt?.start();
  };
  return {
    logger, clock, init, adapter, bot, notifier, dispatcher, caseRefs, caseActions, report, meetings, leave, talks, annual, teachingComplaints, staffComplaints, outbox,
    reminderSweeper, retention, daily, groups, directory, cases, caseLog, notices, reminders, exportLinks, links, signIn, calendar, talksStore: talksRepo,
    localCalendar: built instanceof LocalCalendar ? built : undefined, linkSecret, archive, archiveJobs, overview, stopArchive: () => archiveBuilt?.stop() ?? Promise.resolve(),
  };
}

export type Composed = ReturnType<typeof compose>;

/** The development stand-in's app registration and tenant: any values do, they only have to agree. */
export const LOCAL_SIGNIN_CLIENT = '00000000-0000-4000-8000-00000000516e';
export const localSignInTenant = (cfg: Config) => cfg.SIGNIN_TENANT_ID || cfg.MicrosoftAppTenantId || cfg.DEFAULT_TENANT_ID || 'local';

/** Entra with an app registration (production), the stand-in in local-signin.ts elsewhere; undefined = no export. */
export function buildSignIn(cfg: Config, publicUrl: () => string, opts: AppOptions): BrowserSignIn | undefined {
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
