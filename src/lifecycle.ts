/**
 * Start and stop: the tables created with back-off while storage does not answer, and the
 * graceful stop (no new work, the work under way finished) with what is left when it runs out of time.
 */
import type { Server } from 'node:http';
import type express from 'express';
import type pino from 'pino';
import type { Config } from './config';
import type { Composed } from './composition';
import type { Sweeps } from './sweeps';

/** What a stop changes for the HTTP face and the sweeps. */
export interface Drain {
  /** Set once a stop has begun: /readyz answers 503, each answer closes its connection, no sweep starts. */
  draining: boolean;
  /** The answers still to be sent. */
  inFlight: Set<express.Response>;
  server?: Server;
}

export const newDrain = (): Drain => ({ draining: false, inFlight: new Set() });

/**
 * Creates the tables, retrying while storage does not answer or refuses (after a first deployment
 * the identity's role can take minutes to apply): one clear line per try instead of a crash loop.
 */
export async function waitForStorage(init: () => Promise<void>, seconds: number, logger: pino.Logger): Promise<void> {
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

export interface Stopper {
  close(): Promise<void>;
  abandon(): Promise<{ requests: number; sweeps: number; stage: string; reminderClaims: number }>;
}

export function lifecycle(cfg: Config, c: Composed, drain: Drain, server: Server, sweepRuns: Sweeps): Stopper {
  const { logger, reminderSweeper, dispatcher, leave, teachingComplaints, staffComplaints, outbox } = c;
  const inFlight = drain.inFlight;
  const sweeps = sweepRuns.running;
  /**
   * Graceful stop: no new work (readiness 503, no new connections, no new sweeps), then the
   * requests under way are answered, a reminder being sent finishes its send and gives its claim
   * back, the sweeps under way end, and the notices and messages they started are delivered.
   */
  let stage = 'running';
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      drain.draining = true;
      stage = 'requests';
      logger.info({ requests: inFlight.size, sweeps: sweeps.size }, 'stopping');
      sweepRuns.stop();
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
      // No more replies taken from the archive's queue: what is not acked the next instance gets.
      await c.stopArchive();
      stage = 'notices';
      await dispatcher.idle();
      await Promise.all([leave.idle(), teachingComplaints.idle(), staffComplaints.idle(), outbox.idle(), c.caseRefs.idle()]);
      stage = 'stopped';
      logger.info({}, 'stopped');
    })());
  return {
    close,
    abandon: async () => {
      const left = { requests: inFlight.size, sweeps: sweeps.size, stage, reminderClaims: reminderSweeper.claimed().length };
      await reminderSweeper.releaseAll();
      return left;
    },
  };
}
