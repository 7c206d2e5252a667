/**
 * `npm run bench:oversikt`: how long «oversikt» takes on Azurite with 5,000 cases at 10 schools
 * (issue 17). The cases are made by the domain's steps and saved straight into the case repository
 * (test/support/overview-cases.ts, as the recount test does); then the school owner of all ten
 * schools and one rektor type «oversikt» through the real endpoint, and the answer's time is
 * measured from the HTTP request to the card. The card reads each school's counter rows and its
 * index of open deadlines, never a case. Figures, never assertions.
 *
 *   npm run bench:oversikt                  5,000 cases, 30 requests each
 *   OVERVIEW_CASES=1000 OVERVIEW_ROUNDS=10  smaller
 * Prints a table on stderr and one JSON object on stdout.
 */
import { startAzurite } from '../scripts/azurite';
import { azuriteConnectionString, loadConfig } from '../src/config';
import { startApp } from '../src/server';
import { BotClient, type As } from '../test/support/bot-client';
import { FakeConnector } from '../test/support/connector';
import { generateCases } from '../test/support/overview-cases';

const CASES = Number(process.env.OVERVIEW_CASES ?? 5000);
const ROUNDS = Number(process.env.OVERVIEW_ROUNDS ?? 30);
const SCHOOLS = 10;
const TENANT = 'oversikt-tenant-0000-4000-8000-000000000001';
const NOW = '2027-03-15T08:00:00.000Z';

const round = (x: number) => Math.round(x * 10) / 10;
const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = process.hrtime.bigint();
  const v = await f();
  return [v, Number(process.hrtime.bigint() - t) / 1e6];
};
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, p50: round(at(0.5)), p95: round(at(0.95)), max: round(s.at(-1)!) };
};

async function main() {
  const az = await startAzurite();
  const connector = await new FakeConnector().start();
  const app = await startApp(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      TABLES_CONNECTION_STRING: azuriteConnectionString(az.port),
      TABLE_PREFIX: `ov${Date.now().toString(36)}`,
      SEED_DEMO: 'false',
      DEFAULT_TENANT_ID: TENANT,
      CONNECTOR_SERVICE_URL: connector.url,
      LOG_LEVEL: process.env.BENCH_LOG ?? 'silent',
      REMINDER_SWEEP_SECONDS: '0',
    }),
    { clock: { now: () => new Date(NOW) } },
  );
  try {
    const schools = Array.from({ length: SCHOOLS }, (_, s) => `skole${String(s).padStart(2, '0')}`);
    const owner: As = { userId: 'eier', teamsId: '29:eier', tenantId: TENANT, conversationId: 'a:eier' };
    const rektor: As = { userId: 'rektor0', teamsId: '29:rektor0', tenantId: TENANT, conversationId: 'a:rektor0' };
    for (const [s, schoolId] of schools.entries()) {
      await app.directory.upsertSchool({ tenantId: TENANT, schoolId, name: `Skole ${s + 1}`, languageForm: s % 3 ? 'nb' : 'nn', investigationDays: 5 });
      await app.directory.upsertMembership({ tenantId: TENANT, schoolId, userId: owner.userId, name: 'Skoleeier', roles: ['skoleeier'], classes: [], trinn: [], teamsId: owner.teamsId });
    }
    await app.directory.upsertMembership({ tenantId: TENANT, schoolId: schools[0], userId: rektor.userId, name: 'Rektor', roles: ['ansatt', 'rektor'], classes: [], trinn: [], teamsId: rektor.teamsId });
    const per = Math.ceil(CASES / SCHOOLS);
    const [, seedMs] = await timed(() =>
      Promise.all(schools.map((schoolId, s) => generateCases(app.cases, { tenantId: TENANT, schoolId, n: per, today: NOW.slice(0, 10), from: '2026-06-01', seed: s + 1, stepEvery: 10 }))),
    );
    const bot = new BotClient(app.url, connector.url);
    const measure = async (who: As) => {
      await bot.say(who, 'oversikt'); // warm: templates, the directory cache
      const ms: number[] = [];
      for (let i = 0; i < ROUNDS; i++) ms.push((await timed(() => bot.say(who, 'oversikt')))[1]);
      return stats(ms);
    };
    const result = { cases: per * SCHOOLS, schools: SCHOOLS, seedSeconds: round(seedMs / 1000), ownerAllSchools: await measure(owner), rektorOneSchool: await measure(rektor) };
    console.error(`«oversikt» on Azurite, ${result.cases} cases at ${SCHOOLS} schools (made in ${result.seedSeconds} s)`);
    console.error(`  who                      n    p50 ms   p95 ms   max ms`);
    for (const [name, st] of [['school owner, 10 schools', result.ownerAllSchools], ['rektor, 1 school', result.rektorOneSchool]] as const) {
      console.error(`  ${name.padEnd(24)} ${String(st.n).padStart(2)} ${String(st.p50).padStart(8)} ${String(st.p95).padStart(8)} ${String(st.max).padStart(8)}`);
    }
    console.log(JSON.stringify(result));
  } finally {
    await app.close();
    await connector.stop();
    az.proc.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
