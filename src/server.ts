/**
 * The service, started from a Config: composed (composition.ts), its tables created while storage
 * answers (lifecycle.ts), served (http.ts), its sweeps scheduled (sweeps.ts). main.ts runs it;
 * tests, scripts and benchmarks start it in-process on a free port with their own configuration.
 */
import type { Server } from 'node:http';
import type { Config } from './config';
import { compose, type AppOptions } from './composition';
import { httpApp } from './http';
import { lifecycle, newDrain, waitForStorage } from './lifecycle';
import { scheduleSweeps } from './sweeps';
import { createLogger } from './adapters/telemetry/logging';
import type { NoticeDispatcher } from './app/deliver-notices';
import type { MessageOutbox } from './app/message-outbox';
import type { ReminderSweeper } from './app/reminder-sweeper';
import type { Retention } from './app/retention';
import type { AnnualWheel } from './app/annual';
import type { LeaveActions } from './app/leave';
import type { CaseRefNumbers } from './adapters/tables/case-refs';
import type { PupilTalks } from './app/pupil-talks';
import type { TeachingComplaints } from './app/teaching-complaint';
import type { StaffComplaints } from './app/staff-complaint';
import type { CaseLogRepository } from './adapters/tables/case-log-repository';
import type { CaseRepository } from './adapters/tables/case-repository';
import type { DirectoryRepository } from './adapters/tables/directory-repository';
import type { NoticeRepository } from './adapters/tables/notice-repository';
import type { ReminderRepository } from './adapters/tables/reminder-repository';
import type { ArchiveJobRepository } from './adapters/tables/archive-job-repository';
import type { ArchiveSender } from './app/archive-sender';
import { seedDemo } from './seed';

export type { AppOptions } from './composition';
export { StorageUnavailableError } from './lifecycle';

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
  /** Sends the case folders and journal posts to the archive (ARCHIVE≠none; its sweep every ARCHIVE_SWEEP_SECONDS). */
  archive?: ArchiveSender;
  archiveJobs: ArchiveJobRepository;
  /** The case references' numbers; idle() once the Counters rows raised after an answer are written. */
  caseRefs: CaseRefNumbers;
  /** Graceful stop (SIGTERM): no new work, everything under way finished; see README, Operations. */
  close(): Promise<void>;
  /**
   * For a stop that ran out of time: gives back the reminder claims still held and says what was
   * still under way, for the log line before the process exits.
   */
  abandon(): Promise<{ requests: number; sweeps: number; stage: string; reminderClaims: number }>;
}

/** How long an idle keep-alive connection stays open (see startApp). */
export const KEEP_ALIVE_MS = 65_000;

export async function startApp(cfg: Config, opts: AppOptions = {}): Promise<RunningApp> {
  const logger = createLogger(cfg.LOG_LEVEL, opts.logStream);
  let port = 0;
  const publicUrl = () => cfg.PUBLIC_URL || `http://localhost:${port}`;
  const c = compose(cfg, opts, logger, publicUrl);
  await waitForStorage(c.init, cfg.STARTUP_STORAGE_WAIT_SECONDS, logger);
  if (cfg.SEED_DEMO) await seedDemo(c.directory, cfg.DEFAULT_TENANT_ID);
  const drain = newDrain();
  const app = httpApp(cfg, c, drain, publicUrl);
  const sweeps = scheduleSweeps(cfg, c, drain);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(cfg.PORT, cfg.HOST, () => resolve(s));
  });
  // Idle connections stay open longer than the clients that reuse them wait (Node's 5 s default is
  // shorter than most proxies' and undici's own): otherwise a client can send on a socket the
  // server is closing at that moment, and the request fails with ECONNRESET before it is read.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  drain.server = server;
  port = (server.address() as { port: number }).port;
  logger.info({ port }, 'Meld fra is listening');
  const { close, abandon } = lifecycle(cfg, c, drain, server, sweeps);
  const { dispatcher, directory, cases, caseLog, notices, reminders, reminderSweeper, retention, annual, teachingComplaints, staffComplaints, outbox, leave, talks, archive, archiveJobs, caseRefs } = c;
  return { url: `http://${cfg.HOST}:${port}`, port, dispatcher, directory, cases, caseLog, notices, reminders, reminderSweeper, retention, annual, teachingComplaints, staffComplaints, outbox, leave, talks, archive, archiveJobs, caseRefs, close, abandon };
}
