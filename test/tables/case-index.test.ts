/**
 * «mine saker» and «sak <ref>» on a school with 1,000 cases (issue 13, L2): they read the index of
 * who each case concerns and the reference rows, never every case of the school. Through the real
 * endpoint on Azurite; the repository counts the entities it reads.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, cardText, persona } from '../support/bot-client';
import { connectionString } from '../support/tables';
import { TableClient } from '@azure/data-tables';
import { openCase, type SkolemiljoCase } from '../../src/domain/case';
import type { Report } from '../../src/domain/report';
import { DEMO_TENANT } from '../../src/seed';

const clock = { now: () => new Date('2026-12-10T09:00:00Z') };
const kari = persona('Kari');
const lars = persona('Lars');
const rektor = persona('Ragnhild');
const S = 'ellingsrud';
const N = 1000;
const report: Report = {
  pupilName: 'Elev', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [], staffSuspected: false, leadershipSuspected: false,
};

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;
const ref = (i: number) => `SM-2026-${String(i + 1).padStart(4, '0')}`;

/** Case i: one in 100 reported by Kari, one in 50 forwarded to Lars, the rest by other staff; created a minute apart. */
function caseNo(i: number): SkolemiljoCase {
  const now = new Date(Date.parse('2026-09-01T08:00:00Z') + i * 60_000).toISOString();
  const c = openCase({ tenantId: DEMO_TENANT, schoolId: S, caseId: `idx-${String(i).padStart(4, '0')}`, ref: ref(i), now, reporterId: i % 100 === 0 ? kari.userId : `ansatt-${i}`, report, suggestedLeaderId: '', investigationDue: '2027-06-01' }).case;
  return i % 50 === 1 ? { ...c, status: 'videresendt', leaderId: lars.userId, forwardedAt: now, forwardedBy: rektor.userId } : c;
}

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
  for (let i = 0; i < N; i += 25) await Promise.all(Array.from({ length: 25 }, (_, k) => app.cases.create(caseNo(i + k))));
}, 180_000);
afterAll(async () => {
  await app.close();
  await connector.stop();
});

/** Entities the case repository read while the bot answered. */
async function reads(f: () => Promise<unknown>): Promise<number> {
  app.cases.entitiesRead = 0;
  await f();
  return app.cases.entitiesRead;
}

describe(`«mine saker» on a school with ${N} cases`, () => {
  it('reads every case the old way, and only what it shows through the index', async () => {
    const before = await reads(() => app.cases.listBySchool(DEMO_TENANT, S)); // what «mine saker» did per school until now
    let list = '';
    const kariReads = await reads(async () => (list = cardText((await bot.say(kari, 'mine saker'))[0])));
    expect(list).toContain(ref(900)); // her own, newest first
    expect(list).not.toContain(ref(901));
    const larsReads = await reads(async () => (list = cardText((await bot.say(lars, 'mine saker'))[0])));
    expect(list).toContain(ref(951)); // forwarded to him
    expect(list).not.toContain(ref(952));
    const rektorReads = await reads(async () => (list = cardText((await bot.say(rektor, 'mine saker'))[0])));
    expect(list).toContain(ref(N - 1)); // the newest of the school
    expect(list).toContain('Det er flere saker enn de 25 som vises her');
    // The bench line the README quotes: entities read by one «mine saker».
    console.log(`mine saker, ${N} cases: before ${before} entities for anyone; after: Kari (10 own) ${kariReads}, Lars (20 his) ${larsReads}, rektor (25 shown) ${rektorReads}`);
    expect(before).toBe(N);
    expect(kariReads).toBeLessThanOrEqual(2 * 10);
    expect(larsReads).toBeLessThanOrEqual(2 * 20);
    expect(rektorReads).toBeLessThanOrEqual(2 * 26);
  });

  it('opens «sak <ref>» with two point reads, not a scan of the partition', async () => {
    let card = '';
    const n = await reads(async () => (card = cardText((await bot.say(rektor, `sak ${ref(437)}`))[0])));
    expect(card).toContain(ref(437));
    expect(n).toBeLessThanOrEqual(3); // the reference row, the case (and the access check's own read)
  });

  it('indexes a case saved before the index existed at the next start', async () => {
    const raw = TableClient.fromConnectionString(connectionString(), `${(app.cases as unknown as { table: TableClient }).table.tableName}`, { allowInsecureConnection: true });
    const c = caseNo(5);
    const pk = `${DEMO_TENANT}_${S}`;
    for await (const e of raw.listEntities({ queryOptions: { filter: `PartitionKey eq '${pk}' and RowKey ge '~' and caseId eq '${c.caseId}'` } })) {
      if (!String(e.rowKey).startsWith('~R_')) await raw.deleteEntity(pk, e.rowKey!);
    }
    await raw.updateEntity({ partitionKey: pk, rowKey: c.caseId, indexKeys: '' }, 'Merge');
    expect(cardText((await bot.say(rektor, `sak ${ref(5)}`))[0])).toContain('Fant ikke saken');
    await app.cases.init();
    expect(cardText((await bot.say(rektor, `sak ${ref(5)}`))[0])).toContain(ref(5));
  });
});
