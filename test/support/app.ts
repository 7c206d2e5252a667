import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { startApp, RunningApp, type AppOptions } from '../../src/server';
import { DEMO_TENANT } from '../../src/seed';
import type { Clock } from '../../src/ports';
import { OutboundQueue, TEAMS_LIMITS } from '../../src/adapters/teams/outbound';
import { connectionString, uniquePrefix } from './tables';

export interface TestApp extends RunningApp {
  logs: string[];
}

/**
 * The real service on a free port against the shared Azurite, with the demo schools seeded.
 * Its outbound queue keeps Teams' limits with the windows shrunk a thousandfold (1 ms and 30 ms),
 * so bulk tests run in seconds; test/app/outbound.test.ts checks the limits themselves.
 */
export async function startTestApp(o: { connectorUrl: string; clock?: Clock; env?: Record<string, string>; outbound?: OutboundQueue; options?: Partial<AppOptions> }): Promise<TestApp> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const cfg = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    TABLES_CONNECTION_STRING: connectionString(),
    TABLE_PREFIX: uniquePrefix(),
    SEED_DEMO: 'true',
    DEFAULT_TENANT_ID: DEMO_TENANT,
    CONNECTOR_SERVICE_URL: o.connectorUrl,
    LOG_LEVEL: 'debug',
    NOTICE_SWEEP_SECONDS: '3600',
    REMINDER_SWEEP_SECONDS: '0',
    // Tests file many reports as one persona within one (frozen) hour; the limit has its own test.
    REPORTS_PER_HOUR: '1000',
    ...o.env,
  });
  const app = await startApp(cfg, { ...o.options, clock: o.clock, logStream, outbound: o.outbound ?? new OutboundQueue({ ...TEAMS_LIMITS, windowScale: 0.001 }) });
  return Object.assign(app, { logs });
}
