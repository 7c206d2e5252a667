/**
 * `npm run bench:reminders`: the reminder sweep at scale, on the real parts.
 *   1. Sweep reads: 100,000 scheduled reminders in 10 schools, 1,000 of them due. How long one
 *      pass of ReminderRepository.due() over every school takes, and how many entities the table
 *      service actually sent back (counted from the HTTP responses by a proxy in front of Azurite,
 *      not from what our code returns). Goal: reads ≤ 1.1 × due.
 *   2. Outbound: the real service (startApp) sweeps those 1,000 due reminders, one per case, to
 *      1,000 leaders each in their own conversation, through the real OutboundQueue with Teams'
 *      limits against a local connector that throttles like Teams (per conversation 7/s and
 *      60/30 s, per tenant 50/s). Goal: no 429, a rate close to the 50/s allowed.
 *   BENCH_REMINDERS=20000 BENCH_DUE=300 npm run bench:reminders     a smaller run
 * Prints one JSON object on stdout and a summary on stderr. Figures, not assertions.
 */
import { readFileSync } from 'node:fs';
import { Agent, createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { cpus } from 'node:os';
import { freePort, startAzurite } from '../scripts/azurite';
import { startCountingProxy } from './counting-proxy';
import { azuriteConnectionString, loadConfig } from '../src/config';
import { startApp } from '../src/server';
import { OutboundQueue, TEAMS_LIMITS } from '../src/adapters/teams/outbound';
import { Tables } from '../src/adapters/tables/table-client';
import { CaseRepository } from '../src/adapters/tables/case-repository';
import { ConversationRepository } from '../src/adapters/tables/conversation-repository';
import { DirectoryRepository } from '../src/adapters/tables/directory-repository';
import { ReminderRepository } from '../src/adapters/tables/reminder-repository';
import { openCase } from '../src/domain/case';
import type { Reminder } from '../src/domain/reminders';
import type { Report } from '../src/domain/report';
import { FakeConnector } from '../test/support/connector';

const TOTAL = Number(process.env.BENCH_REMINDERS ?? 100_000);
const DUE = Number(process.env.BENCH_DUE ?? 1_000);
const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 10);
/** Writers loading the reminders at once, each sending transactions of 100 (the most one may hold). */
const LOAD_CONCURRENCY = 8;
const CHUNK = 1000;
const TENANT = 'bench-tenant-0000-4000-8000-000000000001';
/** The sweep runs at this instant; the due reminders fell due in the five minutes before it. */
const NOW = '2026-12-01T07:05:00.000Z';
const DAY = 86_400_000;
const TENANT_PER_SECOND = TEAMS_LIMITS.perTenantPerSecond;
/** Stops a run that hangs, so the bench always ends by itself. */
const DEADLINE_MS = 15 * 60_000;

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = process.hrtime.bigint();
  const v = await f();
  return [v, Number(process.hrtime.bigint() - t) / 1e6];
};
/** Runs f over items with at most n at a time. */
async function pool<T>(n: number, items: T[], f: (x: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await f(items[next++]);
  }));
}
/** A small seeded generator, so every run schedules the same reminders. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const listen = async (server: Server): Promise<string> => {
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${port}`;
};
const close = (server: Server) =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
const bodyOf = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

/**
 * The per-tenant limit in front of the FakeConnector (which throttles per conversation): more
 * than `perSecond` calls of one tenant within a second are answered 429 with Retry-After: 1, as
 * Teams does for about 50 requests per second per app per tenant. Records when each call passed.
 */
async function startTenantGate(connectorUrl: string, perSecond: number) {
  const target = new URL(connectorUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const recent = new Map<string, number[]>();
  const passed: number[] = [];
  let throttled = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void bodyOf(req).then((body) => {
      let tenant = 'unknown';
      try {
        const a = JSON.parse(body.toString() || '{}') as { conversation?: { tenantId?: string }; channelData?: { tenant?: { id?: string } }; tenantId?: string };
        tenant = a.conversation?.tenantId ?? a.channelData?.tenant?.id ?? a.tenantId ?? tenant;
      } catch {
        // Not JSON: counted under "unknown", still one call.
      }
      const now = Date.now();
      const times = (recent.get(tenant) ?? []).filter((t) => t > now - 1000);
      if (times.length >= perSecond) {
        throttled++;
        recent.set(tenant, times);
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'too many requests for this tenant' } }));
        return;
      }
      recent.set(tenant, [...times, now]);
      const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (ur) => {
        if ((ur.statusCode ?? 500) < 300) passed.push(now);
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      up.end(body);
    });
  });
  const url = `${await listen(server)}/`;
  return {
    url,
    get throttled() {
      return throttled;
    },
    passed,
    close: async () => {
      await close(server);
      agent.destroy();
    },
  };
}

/** The most calls that passed within any one second. */
const peakInOneSecond = (times: number[]): number => {
  const s = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i] - s[j] >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
};

const rssOf = (pid?: number): number | undefined => {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
};

const report: Report = {
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};

async function main() {
  const started = Date.now();
  const rssStart = process.memoryUsage().rss;
  const az = await startAzurite();
  const cleanup: (() => Promise<unknown>)[] = [async () => az.proc.kill()];
  const watchdog = setTimeout(() => {
    console.error(`bench:reminders did not finish in ${DEADLINE_MS / 60_000} min; stopping`);
    az.proc.kill();
    process.exit(2);
  }, DEADLINE_MS);
  watchdog.unref();
  try {
    const proxy = await startCountingProxy(az.port);
    cleanup.unshift(proxy.close);
    const connector = await new FakeConnector().start();
    connector.enforceLimits(1, TEAMS_LIMITS.perConversationPerSecond, TEAMS_LIMITS.perConversationPer30s);
    cleanup.unshift(() => connector.stop());
    const gate = await startTenantGate(connector.url, TENANT_PER_SECOND);
    cleanup.unshift(gate.close);

    const prefix = `rb${Date.now().toString(36)}`;
    const clock = { now: () => new Date(NOW) };
    const outbound = new OutboundQueue(TEAMS_LIMITS);
    // The service reads and writes through the counting proxy; the bench loads data directly.
    const app = await startApp(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        TABLES_CONNECTION_STRING: azuriteConnectionString(proxy.port),
        TABLE_PREFIX: prefix,
        SEED_DEMO: 'false',
        DEFAULT_TENANT_ID: TENANT,
        CONNECTOR_SERVICE_URL: gate.url,
        LOG_LEVEL: 'silent',
        NOTICE_SWEEP_SECONDS: '3600',
        REMINDER_SWEEP_SECONDS: '0',
        INSTANCE_ID: 'bench',
      }),
      { clock, outbound },
    );
    cleanup.unshift(() => app.close());

    const direct = new Tables({ connectionString: azuriteConnectionString(az.port), prefix });
    const directory = new DirectoryRepository(direct);
    const cases = new CaseRepository(direct);
    const conversations = new ConversationRepository(direct);
    const reminders = new ReminderRepository(direct);

    // The schools, a rektor and one leader per due case, each with their own 1:1 conversation.
    const schools = Array.from({ length: SCHOOLS }, (_, s) => `bench-s${String(s).padStart(2, '0')}`);
    const casesPerSchool = Math.ceil(DUE / SCHOOLS);
    const perCase = Math.round(TOTAL / DUE);
    const [, setupMs] = await timed(async () => {
      await pool(8, schools, (schoolId) => directory.upsertSchool({ tenantId: TENANT, schoolId, name: `Benkmark skole ${schoolId}`, languageForm: 'nb', investigationDays: 5 }));
      const people = schools.flatMap((schoolId) => [
        { schoolId, userId: `${schoolId}-rektor`, roles: ['ansatt', 'rektor'] as const },
        ...Array.from({ length: casesPerSchool }, (_, k) => ({ schoolId, userId: `${schoolId}-leder-${String(k).padStart(4, '0')}`, roles: ['ansatt', 'avdelingsleder'] as const })),
      ]);
      await pool(16, people, async (p) => {
        await directory.upsertMembership({ tenantId: TENANT, schoolId: p.schoolId, userId: p.userId, name: p.userId, roles: [...p.roles], classes: [], trinn: [], teamsId: `29:${p.userId}` });
        await conversations.put(TENANT, p.userId, {
          reference: {
            channelId: 'msteams',
            serviceUrl: gate.url,
            conversation: { id: `a:bench-${p.userId}`, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
            user: { id: `29:${p.userId}`, aadObjectId: p.userId, name: p.userId },
            bot: { id: '28:bench-bot', name: 'Meld fra' },
          },
          locale: 'nb-NO',
        });
      });
      const caseList = Array.from({ length: DUE }, (_, i) => ({ schoolId: schools[i % SCHOOLS], k: Math.floor(i / SCHOOLS) }));
      await pool(16, caseList, async ({ schoolId, k }) => {
        const caseId = `bench${String(k).padStart(5, '0')}`;
        const leader = `${schoolId}-leder-${String(k).padStart(4, '0')}`;
        const { case: c } = openCase({ tenantId: TENANT, schoolId, caseId, ref: `SM-2026-${String(k).padStart(4, '0')}`, now: '2026-11-24T09:00:00.000Z', reporterId: `${schoolId}-rektor`, report, suggestedLeaderId: leader, investigationDue: '2026-12-01' });
        // Forwarded to its leader, so step 0 reminds that leader alone.
        await cases.create({ ...c, status: 'videresendt', leaderId: leader, forwardedAt: '2026-11-24T10:00:00.000Z', forwardedBy: `${schoolId}-rektor` });
      });
    });

    // The reminders: per case one due now and the rest due days or weeks ahead.
    const rand = prng(42);
    const all: Reminder[] = [];
    for (let i = 0; i < DUE; i++) {
      const schoolId = schools[i % SCHOOLS];
      const caseId = `bench${String(Math.floor(i / SCHOOLS)).padStart(5, '0')}`;
      const base = { tenantId: TENANT, schoolId, caseId, duty: 'undersokelse' as const, attempts: 0, lastError: '' };
      all.push({ ...base, reminderId: `${caseId}-undersokelse-0`, step: 0, dueAt: new Date(Date.parse(NOW) - 300_000 + (i % 300) * 1000).toISOString(), deadline: '2026-12-01' });
      for (let k = 1; k < perCase && all.length < TOTAL; k++) {
        const at = new Date(Date.parse(NOW) + DAY + Math.floor(rand() * 59 * DAY));
        all.push({ ...base, reminderId: `${caseId}-undersokelse-f${k}`, step: k, dueAt: at.toISOString(), deadline: at.toISOString().slice(0, 10) });
      }
    }
    // Chunks of one school each, so every schedule() call is ten transactions of 100 in one partition.
    const bySchool = new Map<string, Reminder[]>(schools.map((s) => [s, []]));
    for (const r of all) bySchool.get(r.schoolId)!.push(r);
    const chunks = [...bySchool.values()].flatMap((list) => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK)));
    const [, loadMs] = await timed(() => pool(LOAD_CONCURRENCY, chunks, (c) => reminders.schedule(c)));
    const dueCount = all.filter((r) => r.dueAt <= NOW).length;
    console.error(`loaded ${all.length} reminders (${dueCount} due) in ${round(loadMs / 1000)} s; setup ${round(setupMs / 1000)} s`);

    // 1. The read side: due() of every school, as one sweep pass calls it, through the proxy.
    proxy.reset();
    const readBefore = app.reminders.entitiesRead;
    const perSchool: number[] = [];
    let returned = 0;
    const [, readMs] = await timed(async () => {
      for (const schoolId of schools) {
        const [due, ms] = await timed(() => app.reminders.due(TENANT, schoolId, NOW, 1000));
        returned += due.length;
        perSchool.push(round(ms));
      }
    });
    const readTables = proxy.snapshot(prefix);
    const entitiesRead = Object.values(readTables).reduce((a, t) => a + t.entities, 0);
    const sweepReads = {
      path: 'ReminderRepository.due(tenant, school, now, 1000) for each school, through an HTTP proxy that counts the entities Azurite sent',
      ms: round(readMs),
      perSchoolMs: { min: Math.min(...perSchool), max: Math.max(...perSchool) },
      scheduled: all.length,
      due: dueCount,
      returned,
      entitiesRead,
      queries: Object.values(readTables).reduce((a, t) => a + t.requests, 0),
      countedByRepository: app.reminders.entitiesRead - readBefore,
      ratio: round(entitiesRead / dueCount, 3),
      goal: 'reads ≤ 1.1 × due',
      goalMet: entitiesRead <= 1.1 * dueCount,
    };
    console.error(`due(): ${entitiesRead} entities read for ${dueCount} due in ${round(readMs)} ms`);

    // 2. The whole sweep in the real service: claims, cases, staff, one card per leader.
    proxy.reset();
    const sentBefore = connector.sent.length;
    const passedBefore = gate.passed.length;
    const statsBefore = { ...outbound.stats };
    const [result, sweepMs] = await timed(() => app.reminderSweeper.sweep(1000));
    const sweepTables = proxy.snapshot(prefix);
    const reminderRowsRead = proxy.reminderRows();
    const passed = gate.passed.slice(passedBefore);
    const sends = connector.sent.length - sentBefore;
    const spanS = passed.length > 1 ? (Math.max(...passed) - Math.min(...passed)) / 1000 : 0;
    // The mean rate between the first and the last send that got through.
    const rate = spanS > 0 ? (passed.length - 1) / spanS : 0;
    const throttled = connector.throttled + gate.throttled;
    const sweep = {
      path: 'startApp (the real service) with a clock at the due time: ReminderSweeper.sweep(1000) → ReminderRepository, CaseRepository, Directory → TeamsNotifier → OutboundQueue → botbuilder → local connector',
      ms: round(sweepMs),
      result,
      reminderRowsRead,
      ratio: round(reminderRowsRead / dueCount, 3),
      goal: 'reads ≤ 1.1 × due',
      goalMet: reminderRowsRead <= 1.1 * dueCount,
      entitiesReadByTable: Object.fromEntries(Object.entries(sweepTables).map(([k, v]) => [k, { requests: v.requests, entities: v.entities }])),
    };
    const outboundResult = {
      path: `real service: the sweep above, one card to each of ${SCHOOLS * casesPerSchool} leaders in their own conversation, OutboundQueue(TEAMS_LIMITS, windowScale 1), botbuilder CloudAdapter, FakeConnector with enforceLimits() behind a ${TENANT_PER_SECOND}/s per-tenant gate`,
      sends,
      conversations: new Set(connector.sent.slice(sentBefore).map((s) => s.conversationId)).size,
      seconds: round(spanS, 2),
      sendsPerSecond: round(rate, 1),
      allowedPerSecond: TENANT_PER_SECOND,
      ratioToAllowed: round(rate / TENANT_PER_SECOND, 2),
      idealSeconds: round(sends / TENANT_PER_SECOND, 1),
      peakInAnySecond: peakInOneSecond(passed),
      throttled429: { total: throttled, perConversation: connector.throttled, perTenant: gate.throttled },
      goal: 'no 429',
      goalMet: throttled === 0,
      queue: {
        sent: outbound.stats.sent - statsBefore.sent,
        throttled: outbound.stats.throttled - statsBefore.throttled,
        retried: outbound.stats.retried - statsBefore.retried,
        waitedMs: outbound.stats.waitedMs - statsBefore.waitedMs,
      },
    };
    console.error(`sweep: ${result.sent} sent in ${round(sweepMs / 1000, 1)} s, ${round(rate, 1)} sends/s, ${throttled} × 429, ${reminderRowsRead} reminder rows read`);

    const rssEnd = process.memoryUsage().rss;
    const out = {
      setup: { schools: SCHOOLS, cases: DUE, leaders: SCHOOLS * casesPerSchool, ms: round(setupMs) },
      load: { reminders: all.length, due: dueCount, ms: round(loadMs), perSecond: Math.round(all.length / (loadMs / 1000)), concurrency: LOAD_CONCURRENCY, transaction: 100, via: 'ReminderRepository.schedule(), 1,000 reminders of one school per call, straight to Azurite' },
      sweepReads,
      sweep,
      outbound: outboundResult,
      rssMb: { start: mib(rssStart), end: mib(rssEnd), azurite: rssOf(az.proc.pid) },
      totalSeconds: round((Date.now() - started) / 1000),
      node: process.version,
      cpus: cpus().length,
      note: 'Azurite (in memory) scans a whole table for every query, so its query times grow with the table; Azure Table Storage reads a PartitionKey + RowKey range. Entity counts are what the service sent over HTTP.',
    };
    console.log(JSON.stringify(out, null, 2));
  } finally {
    for (const f of cleanup) await f().catch((e) => console.error('cleanup:', e));
    clearTimeout(watchdog);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
