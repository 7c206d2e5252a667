/**
 * Case references with two instances of the service on the same tables (a load balancer sending
 * each report where it likes): each instance numbers from what it knows, the case's transaction
 * refuses a number the other took, and the report is saved under the next one. What the reporters
 * see: every receipt its own reference, in order, with no number skipped.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, type TestApp } from '../support/app';
import { BotClient, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { uniquePrefix } from '../support/tables';
import { DEMO_SCHOOL, DEMO_TENANT } from '../../src/seed';

jest.setTimeout(120_000);
const clock = { now: () => new Date('2026-11-24T09:30:00Z') };
const kari = persona('Kari');

let connector: FakeConnector;
let a: TestApp;
let b: TestApp;
let botA: BotClient;
let botB: BotClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  const prefix = uniquePrefix();
  a = await startTestApp({ connectorUrl: connector.url, clock, env: { TABLE_PREFIX: prefix, INSTANCE_ID: 'a' } });
  b = await startTestApp({ connectorUrl: connector.url, clock, env: { TABLE_PREFIX: prefix, INSTANCE_ID: 'b' } });
  botA = new BotClient(a.url, connector.url);
  botB = new BotClient(b.url, connector.url);
});
afterAll(async () => {
  await a.close();
  await b.close();
  await connector.stop();
});

const refOf = (card: unknown) => /SM-\d{4}-\d{4,}/.exec(cardText(card))?.[0] ?? '';

async function report(bot: BotClient) {
  const [form] = await bot.say(kari, 'meld fra');
  return refOf(await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() }));
}

it('gives reports sent to one instance and the other in turn references in order, none skipped', async () => {
  const refs: string[] = [];
  // Each instance's last number is behind the other's every time: each report but the first two collides once.
  for (let i = 0; i < 6; i++) refs.push(await report(i % 2 ? botB : botA));
  expect(refs).toEqual(['SM-2026-0001', 'SM-2026-0002', 'SM-2026-0003', 'SM-2026-0004', 'SM-2026-0005', 'SM-2026-0006']);
});

it('gives 12 reports sent at once to both instances 12 different references, each the reference of its own case', async () => {
  const refs = await Promise.all(Array.from({ length: 12 }, (_, i) => report(i % 2 ? botB : botA)));
  expect(refs.every(Boolean)).toBe(true);
  expect(new Set(refs).size).toBe(12);
  await Promise.all([a.dispatcher.idle(), b.dispatcher.idle()]);
  const cases = await a.cases.listBySchool(DEMO_TENANT, DEMO_SCHOOL);
  expect(cases).toHaveLength(18);
  expect(new Set(cases.map((c) => c.ref)).size).toBe(18);
  for (const ref of refs) expect((await b.cases.byRef(DEMO_TENANT, DEMO_SCHOOL, ref))?.ref).toBe(ref);
});
