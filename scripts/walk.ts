/**
 * `npx tsx scripts/walk.ts`: which src files one report walks through, from HTTP to rektor's card.
 * The real service against Azurite, driven through /api/messages as Teams drives it: «meld fra» →
 * the form → «Send meldingen» → the notices delivered (rektor's card at the fake connector).
 * After a warm-up (so start-up and first-call work is not counted), V8's precise coverage with call
 * counts is reset and read around that one report: a src file is on the walk when any of its
 * functions ran. Type-only imports leave no trace, so this counts the code a request runs, not the
 * import graph. `--json` prints the list as JSON; `--all` also lists the functions per file.
 *
 * The second figure, the spine: the files on the call chain of what the report does. During the
 * same report, every table call (TableClient's create/upsert/update/get/list/submit/delete) and
 * every send to the connector (the turn botbuilder is handed, its sendActivity/updateActivity, and
 * the outbound queue the notifier enters) records `new Error().stack` with no depth limit; the src
 * files on those stacks, plus the HTTP entry (src/http.ts), are the spine. V8's async stacks follow
 * `await`s, so a caller that only awaits is on it and a helper that returned before the call is not.
 * `--stacks` prints the captured stacks; `--all` also names the calls each spine file was on.
 */
import { TableClient } from '@azure/data-tables';
import { CloudAdapter, TurnContext } from 'botbuilder';
import { Session } from 'node:inspector/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAzurite } from './azurite';
import { azuriteConnectionString, loadConfig } from '../src/config';
import { OutboundQueue } from '../src/adapters/teams/outbound';
import { startApp } from '../src/server';
import { DEMO_TENANT } from '../src/seed';
import { BotClient, cardText, findVerb, persona, validReport } from '../test/support/bot-client';
import { FakeConnector } from '../test/support/connector';

const SRC = resolve(__dirname, '..', 'src');
// Read once here: the client's own reads of src (the demo tenant) must not count as the service's.
const TENANT = DEMO_TENANT;
const reporter = persona('Kari');
const rektor = persona('Ragnhild');

// The spine: the stacks of what the report does (its table calls and its sends to the connector),
// captured only while the measured report runs.
const TABLE_CALLS = ['createEntity', 'upsertEntity', 'updateEntity', 'getEntity', 'listEntities', 'submitTransaction', 'deleteEntity'] as const;
const spine: { what: string; stack: string }[] = [];
let capturing = false;
function tap(proto: object, names: readonly string[], label: string) {
  const p = proto as Record<string, (...args: unknown[]) => unknown>;
  for (const name of names) {
    const original = p[name];
    p[name] = function (this: unknown, ...args: unknown[]) {
      if (capturing) spine.push({ what: `${label}.${name}`, stack: new Error().stack ?? '' });
      return original.apply(this, args);
    };
  }
}
tap(TableClient.prototype, TABLE_CALLS, 'table');
// A proactive send: the notifier hands botbuilder a turn (continue or create a conversation), and the
// turn's sendActivity/updateActivity is the call to the connector. V8's async stack follows `await`
// only, and the outbound queue (adapters/teams/outbound.ts) runs each send from a promise's `.then`,
// so the stack at the connector call ends in the queue; the stack where the queue is entered
// (OutboundQueue.run, reached from the notifier by awaits) carries the notice up to the dispatcher.
tap(CloudAdapter.prototype, ['continueConversationAsync', 'createConversationAsync'], 'connector');
tap(TurnContext.prototype, ['sendActivity', 'updateActivity'], 'connector');
tap(OutboundQueue.prototype, ['run'], 'outbound');

interface FunctionCoverage { functionName: string; ranges: { count: number; startOffset: number; endOffset: number }[] }
interface ScriptCoverage { scriptId: string; url: string; functions: FunctionCoverage[] }

/**
 * The CommonJS output reads an imported binding through a getter: `NAME: () => NAME` in the
 * module's export list, or `get: () => from[key]` for a re-export. Such a «function» is no code
 * of ours; a file where only getters ran had a constant (or a function object) read from it.
 */
const GETTER = /^\(\)\s*=>\s*[\w$]+(\[[\w$]+\])?$/;

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
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  capturing = true;
  await report(99);
  capturing = false;
  Error.stackTraceLimit = limit;
  const { result } = (await session.post('Profiler.takePreciseCoverage')) as unknown as { result: ScriptCoverage[] };
  await session.post('Profiler.stopPreciseCoverage');
  await session.post('Debugger.enable');
  const files = new Map<string, { name: string; getter: boolean }[]>();
  for (const s of result) {
    if (!s.url.startsWith('file://')) continue;
    const path = fileURLToPath(s.url);
    if (!path.startsWith(SRC + '/')) continue;
    const ran = s.functions.filter((f) => f.ranges[0]?.count > 0);
    if (!ran.length) continue;
    const { scriptSource } = (await session.post('Debugger.getScriptSource', { scriptId: s.scriptId })) as { scriptSource: string };
    const text = (f: FunctionCoverage) => scriptSource.slice(f.ranges[0].startOffset, f.ranges[0].endOffset).trim();
    files.set(relative(resolve(SRC, '..'), path), ran.map((f) => ({ name: f.functionName || '(anonymous)', getter: GETTER.test(text(f)) })));
  }
  await session.post('Debugger.disable');
  session.disconnect();
  if (cardsToRektor() !== before + 1) throw new Error(`rektor got ${cardsToRektor() - before} cards, expected 1`);

  const list = [...files.keys()].sort();
  const spineFiles = spineOf(spine);
  const constantsOnly = list.filter((f) => files.get(f)!.every((fn) => fn.getter));
  const names = (f: string) => [...new Set(files.get(f)!.map((fn) => (fn.getter ? `${fn.name} (getter)` : fn.name)))].join(', ');
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ count: list.length, files: list, constantsOnly, spine: { count: spineFiles.size, files: [...spineFiles.keys()].sort() } }, null, 2));
  } else {
    for (const f of list) console.log(process.argv.includes('--all') ? `${f}: ${names(f)}` : `${f}${constantsOnly.includes(f) ? '  (a constant read, no code)' : ''}${spineFiles.has(f) ? '  [spine]' : ''}`);
    if (process.argv.includes('--stacks')) for (const s of spine) console.log(`\n${s.what}\n${s.stack.split('\n').slice(1).join('\n')}`);
    if (process.argv.includes('--all')) for (const [f, whats] of [...spineFiles].sort()) console.log(`spine ${f}: ${[...whats].sort().join(', ')}`);
    console.log(`${list.length} src files on the walk of one report (HTTP → rektor's card); ${list.length - constantsOnly.length} ran code`);
    console.log(`${spineFiles.size} src files on its spine (the HTTP entry and the files on the stacks of its ${spine.filter((s) => s.what.startsWith('table.')).length} table calls and ${spine.filter((s) => !s.what.startsWith('table.')).length} connector/outbound calls)`);
  }
  await app.close();
  await connector.stop();
  az.proc.kill();
}

/** The src files on the captured stacks, each with the calls it was on; the HTTP entry counts too. */
function spineOf(captured: { what: string; stack: string }[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>([['src/http.ts', new Set(['entry'])]]);
  for (const { what, stack } of captured) {
    for (const line of stack.split('\n').slice(1)) {
      const m = /\(?((?:file:\/\/)?\/[^()]+?):\d+:\d+\)?$/.exec(line.trim());
      if (!m) continue;
      const path = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
      if (!path.startsWith(SRC + '/')) continue;
      const f = relative(resolve(SRC, '..'), path);
      if (!out.has(f)) out.set(f, new Set());
      out.get(f)!.add(what);
    }
  }
  return out;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
