/**
 * Durable reminders on Azurite through the real service: scheduled with the case, sent at the
 * deadline to the right people, escalated, stopped when the duty is done, and never sent twice
 * by two instances or across a restart.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { uniquePrefix } from '../support/tables';
import { openCase } from '../../src/domain/case';
import type { Reminder } from '../../src/domain/reminders';
import type { Report } from '../../src/domain/report';
import { DEMO_TENANT } from '../../src/seed';

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');

/** A clock the test moves. */
const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };
const at = (iso: string) => (clock.at = new Date(iso));

const reminderIdsSent = (connector: FakeConnector) =>
  connector.sent.map((s) => JSON.stringify(s.activity)).flatMap((j) => [...j.matchAll(/"reminderId":"([^"]+)"/g)].map((m) => m[1]));

describe('the investigation deadline', () => {
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

  it('is scheduled with the case, reminds the leader on the day, then rektor too, and stops when the investigation is recorded', async () => {
    at('2026-11-24T09:30:00Z');
    const [form] = await bot.say(kari, 'meld fra');
    const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
    const ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
    const c = (await app.cases.listBySchool(DEMO_TENANT, 'ellingsrud')).find((x) => x.ref === ref)!;
    const scheduled = await app.reminders.forCase(DEMO_TENANT, 'ellingsrud', c.caseId);
    // Tuesday 24 November + 5 school days = Tuesday 1 December, 08:00 in Oslo (07:00Z in winter).
    expect(scheduled.map((r) => [r.duty, r.step, r.dueAt])).toEqual([['undersokelse', 0, '2026-12-01T07:00:00.000Z']]);
    await app.dispatcher.idle();

    // Rektor forwards the case to Lars.
    const notice = connector.cardsFor(rektor.userId).at(-1)!;
    await bot.act(rektor, 'case.forward', { ...findVerb(notice, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
    await app.dispatcher.idle();
    // Lars calls Kari in at once (004 §8.3 «innkaller snarest»), so only the investigation is followed up below.
    const proposed = await bot.act(lars, 'meeting.propose', { schoolId: 'ellingsrud', caseId: c.caseId });
    const value = (id: string) => JSON.stringify(proposed).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1] ?? '';
    await bot.act(lars, 'meeting.call', { schoolId: 'ellingsrud', caseId: c.caseId, meetingDate: value('meetingDate'), meetingTime: value('meetingTime'), meetingMinutes: '30', meetingLocation: 'Møterom 1' });
    await app.reminderSweeper.sweep();

    // Nothing before the deadline.
    at('2026-12-01T06:59:00Z');
    expect((await app.reminderSweeper.sweep()).sent).toBe(0);

    const before = connector.sent.length;
    at('2026-12-01T07:05:00Z');
    expect((await app.reminderSweeper.sweep()).sent).toBe(1);
    const first = connector.sent.slice(before);
    expect(first).toHaveLength(1);
    expect(connector.cardsFor(lars.userId).at(-1)).toEqual(first[0].activity.attachments[0].content);
    const text = cardText(first[0].activity.attachments[0].content);
    expect(text).toContain(`Fristen for å undersøke saken ${ref} er i dag, tirsdag 1.12.2026`);
    expect(text).not.toContain('Ola');

    // Still not recorded the next school day: Lars again, and rektor.
    at('2026-12-02T07:05:00Z');
    expect((await app.reminderSweeper.sweep()).sent).toBe(2);
    expect(cardText(connector.cardsFor(rektor.userId).at(-1))).toContain(`gikk ut tirsdag 1.12.2026`);

    // The investigation is recorded: the next reminder stops by itself and is gone.
    const now = (await app.cases.get(DEMO_TENANT, 'ellingsrud', c.caseId))!;
    await app.cases.update({ ...now, investigationRecordedAt: '2026-12-03T10:00:00.000Z' });
    at('2026-12-07T07:05:00Z');
    const r = await app.reminderSweeper.sweep();
    expect([r.sent, r.stopped]).toEqual([0, 1]);
    expect(await app.reminders.forCase(DEMO_TENANT, 'ellingsrud', c.caseId)).toEqual([]);
  });
});

const report: Report = {
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};

/** `cases` cases with `per` reminders each, all due at 07:00Z on 1 December. */
async function scheduleDue(app: TestApp, cases: number, per: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < cases; i++) {
    const caseId = `bulk${String(i).padStart(4, '0')}`;
    const { case: c } = openCase({ tenantId: DEMO_TENANT, schoolId: 'ellingsrud', caseId, ref: `SM-2026-9${String(i).padStart(3, '0')}`, now: '2026-11-24T09:00:00.000Z', reporterId: kari.userId, report, suggestedLeaderId: lars.userId, investigationDue: '2026-12-01' });
    await app.cases.create(c);
    const rs: Reminder[] = Array.from({ length: per }, (_, k) => ({
      tenantId: DEMO_TENANT, schoolId: 'ellingsrud', caseId, reminderId: `${caseId}-undersokelse-r${k}`, duty: 'undersokelse', step: 0,
      dueAt: `2026-12-01T07:00:${String(k % 60).padStart(2, '0')}.000Z`, deadline: '2026-12-01', attempts: 0, lastError: '',
    }));
    await app.reminders.schedule(rs);
    ids.push(...rs.map((r) => r.reminderId));
  }
  return ids;
}

describe('two instances and a restart', () => {
  jest.setTimeout(120_000);
  let connector: FakeConnector;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    connector = await new FakeConnector().start();
    const prefix = uniquePrefix();
    a = await startTestApp({ connectorUrl: connector.url, clock, env: { TABLE_PREFIX: prefix, INSTANCE_ID: 'a' } });
    b = await startTestApp({ connectorUrl: connector.url, clock, env: { TABLE_PREFIX: prefix, INSTANCE_ID: 'b' } });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await connector.stop();
  });

  it('sends each of 1,000 due reminders exactly once when two instances sweep at the same time', async () => {
    at('2026-11-30T12:00:00Z');
    const ids = await scheduleDue(a, 10, 100);
    at('2026-12-01T07:05:00Z');
    const before = reminderIdsSent(connector).length;
    const [ra, rb] = await Promise.all([a.reminderSweeper.sweep(), b.reminderSweeper.sweep()]);
    const sent = reminderIdsSent(connector).slice(before);
    expect(ra.sent + rb.sent).toBe(1000);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    expect(sent.sort()).toEqual([...ids].sort());
    // Nothing is due any more; each went on to its next step, tomorrow.
    const again = await Promise.all([a.reminderSweeper.sweep(), b.reminderSweeper.sweep()]);
    expect(again[0].sent + again[1].sent).toBe(0);
  });

  it('loses and doubles nothing when an instance stops mid-sweep and another carries on', async () => {
    const ids = (await scheduleDue(a, 3, 100)).filter(Boolean);
    at('2026-12-01T07:06:00Z');
    const before = reminderIdsSent(connector).length;
    // Instance a starts a sweep and is stopped while it runs (graceful: what it claimed, it finishes).
    const pass = a.reminderSweeper.sweep();
    await new Promise((r) => setTimeout(r, 150));
    await a.reminderSweeper.stop();
    const ra = await pass;
    expect(ra.sent).toBeLessThan(300);
    // Instance b sweeps what is left.
    const rb = await b.reminderSweeper.sweep();
    const sent = reminderIdsSent(connector).slice(before);
    expect(ra.sent + rb.sent).toBe(300);
    expect(sent.sort()).toEqual([...ids].sort());
  });

  it('takes over reminders claimed by an instance that died, once its lease has run out', async () => {
    const ids = await scheduleDue(b, 1, 20);
    at('2026-12-01T07:07:00Z');
    // A dead instance claimed them all and never finished.
    for (const r of await b.reminders.due(DEMO_TENANT, 'ellingsrud', clock.at.toISOString(), 1000)) {
      if (ids.includes(r.reminderId)) await b.reminders.claim(r, 'dead', '2026-12-01T07:09:00.000Z');
    }
    const before = reminderIdsSent(connector).length;
    expect((await b.reminderSweeper.sweep()).sent).toBe(0);
    at('2026-12-01T07:10:00Z');
    expect((await b.reminderSweeper.sweep()).sent).toBe(20);
    expect(reminderIdsSent(connector).slice(before).sort()).toEqual([...ids].sort());
  });
});
