/**
 * Proactive messages within Teams' limits, through the real service and botbuilder, against a
 * local connector that answers 429 the moment a conversation gets more than 7 messages in a
 * second or 60 in 30 seconds. The windows are shrunk tenfold (100 ms and 3 s) on both sides so
 * the test runs in seconds; the arithmetic is the same.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { persona } from '../support/bot-client';
import { OutboundQueue, TEAMS_LIMITS } from '../../src/adapters/teams/outbound';
import { openCase } from '../../src/domain/case';
import type { Reminder } from '../../src/domain/reminders';
import type { Report } from '../../src/domain/report';
import { DEMO_TENANT } from '../../src/seed';

const SCALE = 0.1;
const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const clock = { at: new Date('2026-12-01T07:05:00Z'), now() { return this.at; } };
const report: Report = {
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};

let seq = 0;
/** A case not yet forwarded (so its reminders go to rektor) with `n` reminders due now. */
async function dueForRektor(app: TestApp, n: number): Promise<string[]> {
  const caseId = `out${++seq}`;
  const { case: c } = openCase({ tenantId: DEMO_TENANT, schoolId: 'ellingsrud', caseId, ref: `SM-2026-8${String(seq).padStart(3, '0')}`, now: '2026-11-24T09:00:00.000Z', reporterId: kari.userId, report, suggestedLeaderId: lars.userId, investigationDue: '2026-12-01' });
  await app.cases.create(c);
  const rs: Reminder[] = Array.from({ length: n }, (_, k) => ({
    tenantId: DEMO_TENANT, schoolId: 'ellingsrud', caseId, reminderId: `${caseId}-undersokelse-q${k}`, duty: 'undersokelse', step: 0,
    dueAt: '2026-12-01T07:00:00.000Z', deadline: '2026-12-01', attempts: 0, lastError: '',
  }));
  await app.reminders.schedule(rs);
  return rs.map((r) => r.reminderId);
}

describe('the outbound queue', () => {
  jest.setTimeout(60_000);
  let connector: FakeConnector;
  let app: TestApp;
  let outbound: OutboundQueue;
  beforeAll(async () => {
    connector = await new FakeConnector().start();
    connector.enforceLimits(SCALE);
    outbound = new OutboundQueue({ ...TEAMS_LIMITS, windowScale: SCALE });
    app = await startTestApp({ connectorUrl: connector.url, clock, outbound });
  });
  afterAll(async () => {
    await app.close();
    await connector.stop();
  });

  it('sends 100 reminders into one chat without a single 429, waiting for the 30-second window', async () => {
    const ids = await dueForRektor(app, 100);
    const t0 = Date.now();
    const r = await app.reminderSweeper.sweep();
    const ms = Date.now() - t0;
    expect(r.sent).toBe(100);
    expect(connector.throttled).toBe(0);
    const toRektor = connector.sent.filter((s) => connector.conversations.get(s.conversationId) === rektor.userId);
    expect(toRektor).toHaveLength(100);
    expect(new Set(ids)).toEqual(new Set(toRektor.map((s) => /"reminderId":"([^"]+)"/.exec(JSON.stringify(s.activity))![1])));
    // 60 per 3 s at this scale: 100 messages cannot go out before a full 3 s window has passed
    // (how close to the allowed rate it gets is measured by npm run bench:reminders).
    expect(ms).toBeGreaterThanOrEqual(3000);
  });

  it('waits for Retry-After on 429 and 503, and sends once', async () => {
    const [id] = await dueForRektor(app, 1);
    connector.failNext(429, 1, 1);
    connector.failNext(503, 1, 1);
    const before = connector.sent.length;
    const t0 = Date.now();
    const r = await app.reminderSweeper.sweep();
    expect(r.sent).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    const after = connector.sent.slice(before).map((s) => JSON.stringify(s.activity));
    expect(after.filter((j) => j.includes(id))).toHaveLength(1);
  });

  it('does not retry 403 (the app was removed): the reminder is set aside for the admin and the sweep goes on', async () => {
    const [id] = await dueForRektor(app, 1);
    connector.failNext(403, 1);
    const before = connector.sent.length;
    const r = await app.reminderSweeper.sweep();
    expect(r.failed).toBe(1);
    expect(connector.sent.length).toBe(before);
    const failed = await app.reminders.failed(DEMO_TENANT, 'ellingsrud');
    expect(failed.map((f) => [f.reminderId, f.sentTo, f.lastError])).toContainEqual([id, [rektor.userId], 'PermanentDeliveryError 403']);
    // Set aside, not retried: nothing is due any more.
    clock.at = new Date('2026-12-01T08:00:00Z');
    expect((await app.reminderSweeper.sweep()).sent).toBe(0);
  });
});
