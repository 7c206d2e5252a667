/**
 * Graceful shutdown of the real process (src/main.ts) on Azurite: SIGTERM while a message is
 * being answered and a reminder is being sent. The answer still arrives, the reminder's send
 * finishes, its claim is given back so another instance carries on at once (not after the
 * lease), and the process exits with 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FakeConnector } from '../support/connector';
import { startTestApp } from '../support/app';
import { BotClient, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { connectionString, testTables, uniquePrefix } from '../support/tables';
import { ReminderRepository } from '../../src/adapters/tables/reminder-repository';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { DEMO_TENANT } from '../../src/seed';

jest.setTimeout(180_000);

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const PUPIL = 'Sigrun Signalsen';

/**
 * A door in front of the connector: open, it passes requests through; closed, it holds them
 * (the bot's sends are then in flight) until it is opened again.
 */
class Gate {
  url = '';
  readonly held: { url: string; body: string }[] = [];
  private waiting: (() => void)[] = [];
  private closed = false;
  private server?: Server;

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/`;
    return this;
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    for (const go of this.waiting.splice(0)) go();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    if (this.closed) {
      this.held.push({ url: req.url ?? '', body });
      await new Promise<void>((r) => this.waiting.push(r));
    }
    const out = await fetch(new URL((req.url ?? '/').replace(/^\//, ''), this.target), {
      method: req.method,
      headers: { 'content-type': 'application/json' },
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    res.writeHead(out.status, { 'content-type': out.headers.get('content-type') ?? 'application/json' });
    res.end(await out.text());
  }
}

async function until<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`waited in vain for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const reminderIdsIn = (s: string) => [...s.matchAll(/"reminderId":"([^"]+)"/g)].map((m) => m[1]);

/** src/main.ts as its own process, as production runs it, with its JSON log lines collected. */
function spawnService(prefix: string, connectorUrl: string, env: Record<string, string>) {
  const tsx = join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, join(__dirname, '..', '..', 'src', 'main.ts')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      TABLES_CONNECTION_STRING: connectionString(),
      TABLE_PREFIX: prefix,
      SEED_DEMO: 'true',
      DEFAULT_TENANT_ID: DEMO_TENANT,
      CONNECTOR_SERVICE_URL: connectorUrl,
      LOG_LEVEL: 'debug',
      NOTICE_SWEEP_SECONDS: '3600',
      REMINDER_SWEEP_SECONDS: '1',
      INSTANCE_ID: 'stopping-instance',
      SHUTDOWN_TIMEOUT_SECONDS: '60',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let buf = '';
  child.stdout!.on('data', (b: Buffer) => {
    buf += b.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    out.push(...lines);
  });
  child.stderr!.on('data', (b: Buffer) => out.push(b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const logged = (msg: string) =>
    out
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return {};
        }
      })
      .find((l) => l.msg === msg);
  return { child, out, exited, logged };
}

/**
 * Through the service at url: Kari reports, rektor forwards to Lars; then, with the gate closed,
 * a reminder to Lars and rektor falls due, and the service's own sweep starts sending it.
 */
async function reminderInFlight(url: string, gate: Gate, connector: FakeConnector, prefix: string) {
  const bot = new BotClient(url, gate.url);
  const [form] = await bot.say(kari, 'meld fra');
  const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport({ pupilName: PUPIL }) });
  const ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
  const notice = await until("rektor's card", () => connector.cardsFor(rektor.userId).find((c) => cardText(c).includes(ref)));
  await bot.act(rektor, 'case.forward', { ...findVerb(notice, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
  await until("Lars's card", () => connector.cardsFor(lars.userId).find((c) => cardText(c).includes(ref)));

  // The door closes: from now on the bot's sends are held in flight.
  gate.close();
  const tables = testTables(prefix);
  const reminders = new ReminderRepository(tables);
  const c = (await new CaseRepository(tables).listBySchool(DEMO_TENANT, 'ellingsrud')).find((x) => x.ref === ref)!;
  const reminderId = `${c.caseId}-undersokelse-1`;
  const due = new Date(Date.now() - 60_000).toISOString();
  await reminders.schedule([{ tenantId: DEMO_TENANT, schoolId: 'ellingsrud', caseId: c.caseId, reminderId, duty: 'undersokelse', step: 1, dueAt: due, deadline: due.slice(0, 10), attempts: 0, lastError: '' }]);
  // The service's own sweep claims it and starts sending (to Lars first).
  await until('the reminder to be in flight', () => gate.held.some((h) => reminderIdsIn(h.body).includes(reminderId)));
  const row = async () => (await reminders.forCase(DEMO_TENANT, 'ellingsrud', c.caseId)).find((r) => r.reminderId === reminderId);
  return { bot, reminderId, row };
}

const sentTo = (connector: FakeConnector, userId: string, reminderId: string) =>
  connector.sent.filter((s) => connector.conversations.get(s.conversationId) === userId && reminderIdsIn(JSON.stringify(s.activity)).includes(reminderId)).length;

describe('SIGTERM', () => {
  let connector: FakeConnector;
  let gate: Gate;
  let child: ChildProcess | undefined;
  let prefix: string;

  beforeEach(async () => {
    prefix = uniquePrefix();
    connector = await new FakeConnector().start();
    gate = await new Gate(connector.url).start();
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    await gate.stop();
    await connector.stop();
  });

  it('answers what is in flight, finishes the reminder send, gives the claim back and exits 0', async () => {
    const svc = spawnService(prefix, gate.url, {});
    child = svc.child;
    const { exited, logged, out } = svc;
    const listening = await until('the service to listen', () => logged('Meld fra is listening'));
    const url = `http://127.0.0.1:${listening.port as number}`;
    const { bot, reminderId, row } = await reminderInFlight(url, gate, connector, prefix);

    // A message answered through the connector (not in the HTTP response): its answer is in flight too.
    const answered = bot.raw({
      type: 'message', id: randomUUID(), text: 'meld fra', channelId: 'msteams', serviceUrl: gate.url, locale: 'nb-NO',
      from: { id: kari.teamsId, aadObjectId: kari.userId }, recipient: { id: '28:bot' },
      conversation: { id: `a:conv-${kari.userId}`, conversationType: 'personal', tenantId: DEMO_TENANT }, channelData: { tenant: { id: DEMO_TENANT } },
    });
    await until('the answer to be in flight', () => gate.held.some((h) => h.body.includes('Elevens navn')));

    child.kill('SIGTERM');
    await until('the service to say it is stopping', () => logged('stopping'));
    // No new connections while it stops.
    expect(await fetch(`${url}/readyz`).then((r) => r.status, () => 'refused')).not.toBe(200);

    gate.open();
    expect((await answered).status).toBe(200);
    expect(await exited).toBe(0);

    // Kari got her card; Lars got the reminder once; the claim was given back with Lars recorded.
    expect(connector.cardsFor(kari.userId).some((card) => cardText(card).includes('Elevens navn'))).toBe(true);
    expect(sentTo(connector, lars.userId, reminderId)).toBe(1);
    expect(sentTo(connector, rektor.userId, reminderId)).toBe(0);
    expect(await row()).toMatchObject({ leaseOwner: '', leaseUntil: '', sentTo: [lars.userId] });
    expect(logged('reminder claim released (stopping)')).toMatchObject({ reminderId });
    expect(logged('stopped')).toBeDefined();

    // Another instance takes it over now, well inside the two-minute lease, and sends only what is left.
    const other = await startTestApp({ connectorUrl: connector.url, env: { TABLE_PREFIX: prefix, INSTANCE_ID: 'other-instance' } });
    try {
      const r = await other.reminderSweeper.sweep();
      expect(r).toMatchObject({ sent: 1, skipped: 0 });
      expect(sentTo(connector, rektor.userId, reminderId)).toBe(1);
      expect(sentTo(connector, lars.userId, reminderId)).toBe(1);
    } finally {
      await other.close();
    }

    // Nothing the reporter wrote reached the process's logs.
    expect(out.join('\n')).not.toContain(PUPIL);
    expect(out.join('\n')).not.toContain(validReport().observed);
  });

  it('exits anyway at the deadline, gives back its reminder claim and logs what it left', async () => {
    const svc = spawnService(prefix, gate.url, { SHUTDOWN_TIMEOUT_SECONDS: '2' });
    child = svc.child;
    const listening = await until('the service to listen', () => svc.logged('Meld fra is listening'));
    const { reminderId, row } = await reminderInFlight(`http://127.0.0.1:${listening.port as number}`, gate, connector, prefix);

    // The connector never answers: the send cannot finish.
    child.kill('SIGTERM');
    expect(await svc.exited).toBe(1);
    expect(svc.logged('stop ran out of time: exiting with work left')).toMatchObject({ left: { reminderClaims: 1, stage: 'sweeps' } });
    // Given back, not left to run out: another instance may send it now (Lars may get it twice, never no one).
    expect(await row()).toMatchObject({ leaseOwner: '', leaseUntil: '', sentTo: [] });
    expect(sentTo(connector, lars.userId, reminderId)).toBe(0);
  });
});
