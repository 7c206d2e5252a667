/**
 * Structured logs through the real endpoint: every line written while one activity is handled
 * (including the notices it sends afterwards) carries that activity's correlation id; another
 * activity has another; nothing a reporter typed reaches the logs.
 */
import { randomUUID } from 'node:crypto';
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, findVerb, persona, validReport } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';

const kari = persona('Kari');
const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };
const PUPIL = 'Ingeborg Korrelasjonsen';
const OBSERVED = 'Hun ble stengt ute av gruppechatten og ledd av i gangen.';

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

type Line = Record<string, unknown> & { correlationId?: string; msg?: string };

/** The JSON log lines written while fn runs (and its background sends finish). */
async function linesDuring(fn: () => Promise<unknown>, waitFor: string | undefined = 'request'): Promise<Line[]> {
  const from = app.logs.length;
  await fn();
  await app.dispatcher.idle();
  const lines = () => app.logs.slice(from).flatMap((chunk) => chunk.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as Line);
  // The access line is written when the answer has gone out, which the client may see first.
  for (let i = 0; waitFor && i < 100 && !lines().some((l) => l.msg === waitFor); i++) await new Promise((r) => setTimeout(r, 20));
  return lines();
}

const invoke = (id: string, data: Record<string, unknown>) => ({
  type: 'invoke', name: 'adaptiveCard/action', id, channelId: 'msteams', serviceUrl: connector.url, locale: 'nb-NO', replyToId: 'card-1',
  from: { id: kari.teamsId, aadObjectId: kari.userId }, recipient: { id: '28:bot' },
  conversation: { id: `a:conv-${kari.userId}`, conversationType: 'personal', tenantId: DEMO_TENANT }, channelData: { tenant: { id: DEMO_TENANT } },
  value: { action: { type: 'Action.Execute', verb: 'report.submit', data } },
});

describe('a correlation id per activity', () => {
  let formData: Record<string, unknown>;
  let first: Line[];
  let second: Line[];
  const traceId = randomUUID().replace(/-/g, '');

  beforeAll(async () => {
    first = await linesDuring(async () => {
      const [form] = await bot.say(kari, 'meld fra', 'activity-one');
      formData = findVerb(form, 'Send meldingen').data;
    });
    // The report, with a W3C traceparent as a caller that traces would send.
    second = await linesDuring(async () => {
      const res = await bot.raw(invoke('activity-two', { ...formData, ...validReport({ pupilName: PUPIL, observed: OBSERVED }) }), { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-correlation-id')).toBe(traceId);
    });
  });

  it('puts the activity id on every line written while the message is handled', () => {
    expect(first.length).toBeGreaterThan(0);
    for (const l of first) expect(l).toMatchObject({ correlationId: 'activity-one', activityId: 'activity-one' });
  });

  it('takes the caller\'s trace id when it sends one, on every line of that request and of the notices it sends afterwards', () => {
    expect(second.length).toBeGreaterThan(0);
    for (const l of second) expect(l).toMatchObject({ correlationId: traceId, activityId: 'activity-two' });
  });

  it('gives a request without any id a new one, and says it in the answer', async () => {
    const lines = await linesDuring(async () => {
      const res = await fetch(`${app.url}/healthz`, { headers: { 'x-ms-correlation-id': 'bad id with spaces <script>' } });
      expect(res.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{32}$/);
    });
    const ids = new Set(lines.map((l) => l.correlationId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f]{32}$/);
    expect([...ids][0]).not.toBe(traceId);
  });

  it('gives each sweep run its own id, named by the sweep', async () => {
    // The report's investigation deadline, then the next school day's reminder.
    const runs: Line[][] = [];
    for (const at of ['2026-12-01T07:05:00Z', '2026-12-02T07:05:00Z']) {
      clock.at = new Date(at);
      runs.push(await linesDuring(() => app.reminderSweeper.sweep(), undefined));
    }
    for (const lines of runs) {
      expect(lines.filter((l) => l.msg === 'reminders swept')).toHaveLength(1);
      expect(new Set(lines.map((l) => l.correlationId)).size).toBe(1);
      for (const l of lines) expect(l).toMatchObject({ sweep: 'reminders', correlationId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    }
    expect(runs[1][0].correlationId).not.toBe(runs[0][0].correlationId);
  });

  it('writes neither the pupil\'s name nor the report\'s text', () => {
    const all = app.logs.join('\n');
    expect(all).not.toContain(PUPIL);
    expect(all).not.toContain('Ingeborg');
    expect(all).not.toContain(OBSERVED);
    expect(all).not.toContain('gruppechatten');
  });
});
