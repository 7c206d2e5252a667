/**
 * `npx tsx scripts/walk.ts`: which src files one report walks through, from HTTP to rektor's card.
 * The real service against Azurite, driven through /api/messages as Teams drives it: «meld fra» →
 * the form → «Send meldingen» → the notices delivered (rektor's card at the fake connector).
 * After a warm-up (so start-up and first-call work is not counted), V8's precise coverage with call
 * counts is reset and read around that one report: a src file is on the walk when any of its
 * functions ran. Type-only imports leave no trace, so this counts the code a request runs, not the
 * import graph. `--json` prints the list as JSON; `--all` also lists the functions per file.
 */
import { Session } from 'node:inspector/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAzurite } from './azurite';
import { azuriteConnectionString, loadConfig } from '../src/config';
import { startApp } from '../src/server';
import { DEMO_TENANT } from '../src/seed';
import { BotClient, cardText, findVerb, persona, validReport } from '../test/support/bot-client';
import { FakeConnector } from '../test/support/connector';

const SRC = resolve(__dirname, '..', 'src');
// Read once here: the client's own reads of src (the demo tenant) must not count as the service's.
const TENANT = DEMO_TENANT;
const reporter = persona('Kari');
const rektor = persona('Ragnhild');

interface FunctionCoverage { functionName: string; ranges: { count: number }[] }
interface ScriptCoverage { url: string; functions: FunctionCoverage[] }

async function main() {
  const az = await startAzurite();
  const connector = await new FakeConnector().start();
  const app = await startApp(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      TABLES_CONNECTION_STRING: azuriteConnectionString(az.port),
      TABLE_PREFIX: `walk${Date.now().toString(36)}`,
      SEED_DEMO: 'true',
      DEFAULT_TENANT_ID: DEMO_TENANT,
      CONNECTOR_SERVICE_URL: connector.url,
      LOG_LEVEL: 'silent',
      NOTICE_SWEEP_SECONDS: '3600',
      REMINDER_SWEEP_SECONDS: '0',
      REPORTS_PER_HOUR: '1000',
    }),
  );
  const bot = new BotClient(app.url, connector.url);
  const report = async (i: number) => {
    const as = { ...reporter, tenantId: TENANT, conversationId: `a:walk-${i}` };
    const [form] = await bot.say(as, 'meld fra');
    const receipt = await bot.act(as, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
    if (!JSON.stringify(receipt).includes('SM-')) throw new Error(`no receipt: ${cardText(receipt).slice(0, 200)}`);
    await app.dispatcher.idle();
  };
  const cardsToRektor = () => connector.cardsFor(rektor.userId).length;

  for (let i = 0; i < 3; i++) await report(i);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  // Taking the coverage resets the counters: what follows counts only the one report.
  await session.post('Profiler.takePreciseCoverage');
  const before = cardsToRektor();
  await report(99);
  const { result } = (await session.post('Profiler.takePreciseCoverage')) as unknown as { result: ScriptCoverage[] };
  await session.post('Profiler.stopPreciseCoverage');
  session.disconnect();
  if (cardsToRektor() !== before + 1) throw new Error(`rektor got ${cardsToRektor() - before} cards, expected 1`);

  const files = new Map<string, string[]>();
  for (const s of result) {
    if (!s.url.startsWith('file://')) continue;
    const path = fileURLToPath(s.url);
    if (!path.startsWith(SRC + '/')) continue;
    const ran = s.functions.filter((f) => f.ranges[0]?.count > 0).map((f) => f.functionName || '(anonymous)');
    if (ran.length) files.set(relative(resolve(SRC, '..'), path), ran);
  }
  const list = [...files.keys()].sort();
  // The CommonJS output reads an import through a getter (`get`): a file whose only «function» run
  // is that getter had a constant read, none of its code ran.
  const constantsOnly = list.filter((f) => files.get(f)!.every((n) => n === 'get'));
  if (process.argv.includes('--json')) console.log(JSON.stringify({ count: list.length, files: list, constantsOnly }, null, 2));
  else {
    for (const f of list) console.log(process.argv.includes('--all') ? `${f}: ${[...new Set(files.get(f))].join(', ')}` : `${f}${constantsOnly.includes(f) ? '  (a constant read, no code)' : ''}`);
    console.log(`${list.length} src files on the walk of one report (HTTP → rektor's card); ${list.length - constantsOnly.length} ran code`);
  }
  await app.close();
  await connector.stop();
  az.proc.kill();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
