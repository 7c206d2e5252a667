/**
 * The fault harness's parts: Azurite and the service as child processes that can be killed and
 * started again on the same port (and, for Azurite, the same data), a Teams-like client that signs
 * its activities, a clock that can be moved on, and the seeding of due reminders. Every child
 * process is registered, killed when the harness exits, and watches the harness itself
 * (parent-watch.cjs), so none is left behind.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort } from '../azurite';
import { azuriteConnectionString, loadConfig } from '../../src/config';
import { startApp, type AppOptions, type RunningApp } from '../../src/server';
import { DEMO_TENANT } from '../../src/seed';
import type { Clock } from '../../src/ports';
import { OutboundQueue, TEAMS_LIMITS } from '../../src/adapters/teams/outbound';
import { Tables } from '../../src/adapters/tables/table-client';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { ConversationRepository } from '../../src/adapters/tables/conversation-repository';
import { DirectoryRepository } from '../../src/adapters/tables/directory-repository';
import { ReminderRepository } from '../../src/adapters/tables/reminder-repository';
import { openCase } from '../../src/domain/case';
import type { Report } from '../../src/domain/report';
import type { Reminder } from '../../src/domain/reminders';

export const ROOT = join(__dirname, '..', '..');
const WATCH = join(__dirname, 'parent-watch.cjs');

/** One scenario's outcome: its figures (printed, never asserted) and the invariants that broke. */
export interface ScenarioResult {
  name: string;
  pass: boolean;
  figures: Record<string, number | string>;
  /** Each broken invariant in a sentence; empty when the scenario passed. */
  failures: string[];
  seconds: number;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Runs f over items with at most n at a time. */
export async function pool<T>(n: number, items: T[], f: (x: T, i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await f(items[i], i);
      }
    }),
  );
}

/** Things to undo at the end of a scenario, last first; errors are collected, not thrown over each other. */
export class Cleanup {
  private readonly steps: (() => Promise<unknown> | unknown)[] = [];
  add(step: () => Promise<unknown> | unknown): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    while (this.steps.length) {
      const step = this.steps.pop()!;
      try {
        await step();
      } catch (e) {
        console.error('cleanup:', (e as Error).message);
      }
    }
  }
}

// ---- child processes ------------------------------------------------------------------------

const children = new Set<ChildProcess>();
let exitHook = false;
function track(p: ChildProcess): ChildProcess {
  children.add(p);
  p.once('exit', () => children.delete(p));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const c of children) c.kill('SIGKILL');
    });
  }
  return p;
}

const exited = (p: ChildProcess) => (p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => p.once('exit', () => r())));

async function killHard(p: ChildProcess | undefined): Promise<void> {
  if (!p) return;
  if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await exited(p);
}

/** Keeps the last lines a child wrote, to show when it fails (the service logs no pupil data). */
function tail(p: ChildProcess, lines: string[], max = 40): void {
  const keep = (b: Buffer) => {
    lines.push(...b.toString().split('\n').filter(Boolean));
    if (lines.length > max) lines.splice(0, lines.length - max);
  };
  p.stdout?.on('data', keep);
  p.stderr?.on('data', keep);
}

/**
 * Azurite's table service as a child process on a fixed port. With a data location it keeps its
 * tables on disk, so it can be stopped and started again with everything acknowledged still there.
 */
export class LocalAzurite {
  private proc?: ChildProcess;
  readonly lines: string[] = [];
  private ownLocation = false;

  private constructor(
    readonly port: number,
    readonly location?: string,
  ) {}

  /** persistent: on disk in a temporary directory (removed by stop()), else in memory. */
  static async start(o: { persistent?: boolean } = {}): Promise<LocalAzurite> {
    const location = o.persistent ? mkdtempSync(join(tmpdir(), 'meld-fra-faults-')) : undefined;
    const az = new LocalAzurite(await freePort(), location);
    az.ownLocation = !!location;
    await az.up();
    return az;
  }

  get connectionString(): string {
    return azuriteConnectionString(this.port);
  }

  /** Starts (again) on the same port and location. */
  async up(): Promise<void> {
    const bin = join(ROOT, 'node_modules', 'azurite', 'dist', 'src', 'table', 'main.js');
    const args = ['--require', WATCH, bin, '--tableHost', '127.0.0.1', '--tablePort', String(this.port), '--skipApiVersionCheck', '--disableProductStyleUrl', '--disableTelemetry'];
    args.push(...(this.location ? ['--location', this.location] : ['--inMemoryPersistence']));
    for (let attempt = 1; ; attempt++) {
      const proc = track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
      tail(proc, this.lines);
      try {
        // 60 s: on a machine at load 17 (a full run beside other work) five starts in a row took over 20 s.
        await waitForLine(proc, 'successfully started', 60_000);
        this.proc = proc;
        return;
      } catch (e) {
        await killHard(proc);
        // The port of a stopped Azurite can take a moment to be free again.
        if (attempt >= 5) throw new Error(`Azurite did not start: ${(e as Error).message}\n${this.lines.slice(-5).join('\n')}`);
        await sleep(500);
      }
    }
  }

  /** Stops the way a storage service goes down for maintenance: it closes (and saves), then is gone. */
  async down(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null) return;
    const closed = waitForLine(proc, 'successfully closed', 10_000).catch(() => undefined);
    proc.kill('SIGINT');
    await closed;
    await killHard(proc);
  }

  async stop(): Promise<void> {
    await killHard(this.proc);
    this.proc = undefined;
    if (this.ownLocation && this.location) rmSync(this.location, { recursive: true, force: true });
  }
}

function waitForLine(p: ChildProcess, text: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no "${text}" in ${ms} ms`)), ms);
    const onData = (b: Buffer) => {
      if (b.toString().includes(text)) done();
    };
    const onExit = (code: number | null) => done(new Error(`exited (${code}) before "${text}"`));
    const done = (e?: Error) => {
      clearTimeout(timer);
      p.stdout?.off('data', onData);
      p.off('exit', onExit);
      if (e) reject(e);
      else resolve();
    };
    p.stdout?.on('data', onData);
    p.once('exit', onExit);
  });
}

let entry: Promise<string[]> | undefined;
let bundleDir: string | undefined;

/** Removes the bundle (the last step of a scenario that started the service as a process). */
export function removeServiceBundle(): void {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  bundleDir = undefined;
  entry = undefined;
}

/**
 * How to run src/main.ts: bundled once per harness run with esbuild (what tsx does file by file
 * at every start), so a restart costs a third of the CPU on a busy machine; through tsx when
 * esbuild is not there or FAULTS_TSX=1. The bundle sits under node_modules/.cache, inside the
 * repository, so the service finds its packages and cards/ as it does from src/.
 */
function serviceEntry(): Promise<string[]> {
  entry ??= (async () => {
    const tsx = ['--import', 'tsx', join('src', 'main.ts')];
    if (process.env.FAULTS_TSX === '1') return tsx;
    try {
      const esbuild = await import('esbuild');
      mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
      const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'meld-fra-faults-'));
      bundleDir = dir;
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const outfile = join(dir, 'main.js');
      await esbuild.build({ entryPoints: [join(ROOT, 'src', 'main.ts')], bundle: true, platform: 'node', packages: 'external', format: 'cjs', keepNames: true, outfile, logLevel: 'silent' });
      return [outfile];
    } catch {
      return tsx;
    }
  })();
  return entry;
}

/**
 * The real service (src/main.ts, see serviceEntry) as a child process on a fixed port, so it can
 * be killed with SIGKILL and started again where Teams expects it.
 */
export class ServiceProcess {
  private proc?: ChildProcess;
  readonly lines: string[] = [];
  starts = 0;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Starts it and waits until /readyz answers 200 (storage reachable); returns how long that took (ms). */
  async start(timeoutMs = 60_000): Promise<number> {
    const t0 = Date.now();
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...this.env, PORT: String(this.port), HOST: '127.0.0.1' };
    const proc = track(spawn(process.execPath, ['--require', WATCH, ...(await serviceEntry())], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    this.proc = proc;
    this.starts++;
    tail(proc, this.lines);
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the service exited (${proc.exitCode ?? proc.signalCode}) while starting:\n${this.lines.slice(-10).join('\n')}`);
      if (Date.now() - t0 > timeoutMs) throw new Error(`the service did not answer /readyz in ${timeoutMs} ms:\n${this.lines.slice(-10).join('\n')}`);
      const ok = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return Date.now() - t0;
      await sleep(100);
    }
  }

  /** SIGKILL: no shutdown code runs, in-flight requests are cut off. */
  async kill(): Promise<void> {
    await killHard(this.proc);
    this.proc = undefined;
  }
}

// ---- the service in this process ------------------------------------------------------------

/** A clock that runs with real time and can be moved on (retry back-off and leases without waiting). */
export class ShiftedClock implements Clock {
  private offset: number;
  constructor(startIso?: string) {
    this.offset = startIso ? Date.parse(startIso) - Date.now() : 0;
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
  get shiftedMs(): number {
    return this.offset;
  }
}

/** The real service (startApp) in this process, on a free port, against the given Azurite. */
export async function startInProcess(o: {
  connectionString: string;
  prefix: string;
  connectorUrl: string;
  clock?: Clock;
  env?: Record<string, string>;
  options?: Partial<AppOptions>;
}): Promise<RunningApp> {
  const cfg = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    TABLES_CONNECTION_STRING: o.connectionString,
    TABLE_PREFIX: o.prefix,
    SEED_DEMO: 'true',
    DEFAULT_TENANT_ID: DEMO_TENANT,
    CONNECTOR_SERVICE_URL: o.connectorUrl,
    LOG_LEVEL: process.env.FAULTS_LOG ?? 'silent',
    NOTICE_SWEEP_SECONDS: '3600',
    REMINDER_SWEEP_SECONDS: '0',
    // Many reports from a few personas within the hour: the per-user limit would refuse them.
    REPORTS_PER_HOUR: '1000',
    ...o.env,
  });
  return startApp(cfg, { outbound: new OutboundQueue({ ...TEAMS_LIMITS, windowScale: 0.001 }), ...o.options, clock: o.clock });
}

export const uniquePrefix = (tag: string) => `f${tag}${randomUUID().replace(/-/g, '').slice(0, 8)}`;

// ---- Teams ----------------------------------------------------------------------------------

export interface Person {
  userId: string;
  teamsId: string;
  conversationId?: string;
}

export type InvokeAnswer = { kind: 'card'; card: any } | { kind: 'message'; text: string } | { kind: 'http'; status: number };

/**
 * Sends activities as Teams does: a message with deliveryMode expectReplies, or a card button
 * (adaptiveCard/action). With a signer, every request carries a Bot Framework token, so the
 * service's real authentication runs. Network errors and timeouts throw, as they would for Teams.
 */
export class TeamsClient {
  constructor(
    private readonly botUrl: () => string,
    readonly serviceUrl: string,
    private readonly sign?: (serviceUrl: string) => string,
  ) {}

  private base(as: Person) {
    return {
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      locale: 'nb-NO',
      from: { id: as.teamsId, aadObjectId: as.userId, name: '' },
      recipient: { id: '28:bot', name: 'Meld fra' },
      conversation: { id: as.conversationId ?? `a:conv-${as.userId}`, conversationType: 'personal', tenantId: DEMO_TENANT },
      channelData: { tenant: { id: DEMO_TENANT } },
    };
  }

  /** Activities sent a second time because the first got no answer in time (as Teams does). */
  resent = 0;

  /**
   * Teams gives the bot about 15 s, then sends the same activity (same id) once more; the service
   * must answer the second as if it were the first. So does this client: a machine busy enough to
   * make one answer late then costs a re-send (counted in `resent`), not the whole scenario.
   */
  private async post(body: object, timeoutMs: number): Promise<{ status: number; json: any }> {
    try {
      return await this.postOnce(body, timeoutMs);
    } catch (e) {
      if ((e as Error).name !== 'TimeoutError') throw e;
      this.resent++;
      return this.postOnce(body, timeoutMs);
    }
  }

  private async postOnce(body: object, timeoutMs: number): Promise<{ status: number; json: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.sign) headers.authorization = `Bearer ${this.sign(this.serviceUrl)}`;
    const res = await fetch(`${this.botUrl()}/api/messages`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }

  /** "meld fra" typed in the personal chat: the cards the bot answered with. */
  async say(as: Person, text: string, o: { id?: string; timeoutMs?: number } = {}): Promise<any[]> {
    const r = await this.post({ ...this.base(as), type: 'message', id: o.id ?? randomUUID(), text, deliveryMode: 'expectReplies' }, o.timeoutMs ?? 15_000);
    if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
    return ((r.json?.activities ?? []) as any[]).flatMap((a) => (a.attachments ?? []).map((x: any) => x.content));
  }

  /** A card button: the card that replaces it, or a message (Teams then keeps the card as it is). */
  async act(as: Person, verb: string, data: Record<string, unknown>, timeoutMs = 15_000): Promise<InvokeAnswer> {
    const r = await this.post(
      { ...this.base(as), type: 'invoke', name: 'adaptiveCard/action', id: randomUUID(), replyToId: 'card-1', value: { action: { type: 'Action.Execute', verb, data } } },
      timeoutMs,
    );
    if (r.status !== 200) return { kind: 'http', status: r.status };
    const v = r.json?.value;
    if (r.json?.type === 'application/vnd.microsoft.activity.message' || typeof v === 'string') return { kind: 'message', text: String(v) };
    return { kind: 'card', card: v };
  }
}

/** The retry message Teams shows under the card it keeps (nb). */
export const RETRY_TEXT = 'Det du skrev, er ikke tapt. Prøv igjen om litt.';

// ---- due reminders --------------------------------------------------------------------------

const seedReport: Report = {
  pupilName: 'Elev', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};

/**
 * `count` forwarded cases in `schools` schools of the demo tenant, one leader each with their own
 * 1:1 conversation at `serviceUrl`, and per case one investigation reminder due at dueAt(i) (to
 * that leader alone). Written with the real repositories. Returns each reminder's conversation id.
 */
export async function seedDueReminders(o: { connectionString: string; prefix: string; serviceUrl: string; count: number; schools: number; dueAt: (i: number) => string; tag: string }): Promise<string[]> {
  const tables = new Tables({ connectionString: o.connectionString, prefix: o.prefix });
  const directory = new DirectoryRepository(tables);
  const conversations = new ConversationRepository(tables);
  const cases = new CaseRepository(tables);
  const reminders = new ReminderRepository(tables);
  await Promise.all([directory, conversations, cases, reminders].map((r) => r.init()));
  const schools = Array.from({ length: o.schools }, (_, s) => `${o.tag}-s${String(s).padStart(2, '0')}`);
  await pool(4, schools, (schoolId) => directory.upsertSchool({ tenantId: DEMO_TENANT, schoolId, name: `Feilprøve ${schoolId}`, languageForm: 'nb', investigationDays: 5 }));
  const items = Array.from({ length: o.count }, (_, i) => {
    const schoolId = schools[i % o.schools];
    const leader = `${o.tag}-leder-${String(i).padStart(5, '0')}`;
    return { i, schoolId, leader, caseId: `${o.tag}c${String(i).padStart(5, '0')}`, conversationId: `a:fault-${leader}` };
  });
  await pool(16, items, async (x) => {
    await directory.upsertMembership({ tenantId: DEMO_TENANT, schoolId: x.schoolId, userId: x.leader, name: x.leader, roles: ['ansatt', 'avdelingsleder'], classes: [], trinn: [], teamsId: `29:${x.leader}` });
    await conversations.put(DEMO_TENANT, x.leader, {
      reference: {
        channelId: 'msteams',
        serviceUrl: o.serviceUrl,
        conversation: { id: x.conversationId, conversationType: 'personal', tenantId: DEMO_TENANT, isGroup: false, name: '' },
        user: { id: `29:${x.leader}`, aadObjectId: x.leader, name: x.leader },
        bot: { id: '28:fault-bot', name: 'Meld fra' },
      },
      locale: 'nb-NO',
    });
    const { case: c } = openCase({ tenantId: DEMO_TENANT, schoolId: x.schoolId, caseId: x.caseId, ref: `SM-2026-${String(9000 + x.i).padStart(4, '0')}`, now: '2026-11-24T09:00:00.000Z', reporterId: x.leader, report: seedReport, suggestedLeaderId: x.leader, investigationDue: '2027-06-01' });
    // Forwarded to its leader, so the reminder goes to that leader alone.
    await cases.create({ ...c, status: 'videresendt', leaderId: x.leader, forwardedAt: '2026-11-24T10:00:00.000Z', forwardedBy: x.leader });
  });
  const all: Reminder[] = items.map((x) => ({ tenantId: DEMO_TENANT, schoolId: x.schoolId, caseId: x.caseId, duty: 'undersokelse', attempts: 0, lastError: '', reminderId: `${x.caseId}-undersokelse-0`, step: 0, dueAt: o.dueAt(x.i), deadline: '2027-06-01' }));
  await pool(4, schools, (schoolId) => reminders.schedule(all.filter((r) => r.schoolId === schoolId)));
  return items.map((x) => x.conversationId);
}

/** Reminder cards the connector got, per conversation, among the given conversations. */
export function sendsPer(sent: { conversationId: string }[], conversations: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>([...conversations].map((c) => [c, 0]));
  for (const s of sent) if (out.has(s.conversationId)) out.set(s.conversationId, out.get(s.conversationId)! + 1);
  return out;
}
