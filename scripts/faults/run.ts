/**
 * `npm run test:faults`: the service under faults, with figures. Each scenario asserts its own
 * invariants (PASS/FAIL) and reports what it measured; times are printed, never asserted.
 *   npm run test:faults                 the full run (a few minutes)
 *   npm run test:faults -- --quick      the sizes `npm test` uses (test/faults/faults.test.ts)
 * Prints a Markdown table on stdout, the broken invariants below it, and exits 1 if any failed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { azuriteOutage } from './azurite-outage';
import { graphOutage } from './graph-outage';
import { sendThenOutage } from './send-then-outage';
import { sigkillStorm } from './sigkill-storm';
import { LocalAzurite, round, type ScenarioResult } from './support';
import { twoInstances } from './two-instances';

const quick = process.argv.includes('--quick');
/** Stops a run that hangs, so CI always ends; the exit handler kills every child process. */
const DEADLINE_MS = (quick ? 5 : 15) * 60_000;

export const SIZES = {
  full: {
    storm: { reporters: 12, seconds: 90, killEveryMs: [2000, 5000] as [number, number] },
    outage: { reporters: 10, outageSeconds: 30, reminders: 200 },
    graph: { meetings: 20, outageSeconds: 60 },
    instances: { reminders: 1000 },
  },
  quick: {
    storm: { reporters: 4, seconds: 10, killEveryMs: [1000, 2500] as [number, number] },
    outage: { reporters: 3, outageSeconds: 7, reminders: 20, firstDueAfterMs: 2500 },
    graph: { meetings: 4, outageSeconds: 8 },
    instances: { reminders: 200 },
  },
};

interface BadInputs {
  runBadInputs(): Promise<{ kinds: number; stateChanges: number; unclearAnswers: number; problems?: number }>;
}

/** Another harness module (scripts/faults/bad-inputs.ts), included when it is there. */
async function badInputs(): Promise<ScenarioResult | undefined> {
  const file = join(__dirname, 'bad-inputs.ts');
  if (!existsSync(file)) return undefined;
  const t0 = Date.now();
  const name = 'Bad or forged input';
  try {
    const mod = (await import(pathToFileURL(file).href)) as BadInputs & { default?: BadInputs };
    const run = mod.runBadInputs ?? mod.default?.runBadInputs;
    const r = await run();
    const failures = [
      ...(r.stateChanges ? [`${r.stateChanges} bad input(s) changed state`] : []),
      ...(r.unclearAnswers ? [`${r.unclearAnswers} bad input(s) without a clear answer`] : []),
      ...(r.problems ? [`${r.problems} further check(s) failed`] : []),
    ];
    const figures = { kinds: r.kinds, stateChanges: r.stateChanges, unclearAnswers: r.unclearAnswers, ...(typeof r.problems === 'number' ? { problems: r.problems } : {}) };
    return { name, pass: failures.length === 0, failures, seconds: round((Date.now() - t0) / 1000), figures };
  } catch (e) {
    return { name, pass: false, failures: [`could not run: ${(e as Error).message}`], seconds: round((Date.now() - t0) / 1000), figures: {} };
  }
}

export function table(results: ScenarioResult[]): string {
  const rows = results.map((r) => `| ${r.name} | ${r.pass ? 'PASS' : 'FAIL'} | ${Object.entries(r.figures).map(([k, v]) => `${k} ${v}`).join(', ')} | ${r.seconds} |`);
  return ['| Scenario | Result | Figures | s |', '| --- | --- | --- | ---: |', ...rows].join('\n');
}

async function main(): Promise<void> {
  const size = quick ? SIZES.quick : SIZES.full;
  const watchdog = setTimeout(() => {
    console.error(`test:faults did not finish in ${DEADLINE_MS / 60_000} min; stopping`);
    process.exit(2);
  }, DEADLINE_MS);
  watchdog.unref();
  const started = Date.now();
  // One Azurite for the scenarios that do not stop it; the outage scenario starts its own.
  const az = await LocalAzurite.start();
  const results: ScenarioResult[] = [];
  const step = async (f: () => Promise<ScenarioResult | undefined>) => {
    const r = await f();
    if (!r) return;
    results.push(r);
    console.error(`${r.pass ? 'PASS' : 'FAIL'} ${r.name} (${r.seconds} s)`);
  };
  try {
    await step(() => sigkillStorm({ ...size.storm, connectionString: az.connectionString }));
    await step(() => azuriteOutage(size.outage));
    await step(() => sendThenOutage());
    await step(() => graphOutage({ ...size.graph, connectionString: az.connectionString }));
    await step(() => twoInstances({ ...size.instances, connectionString: az.connectionString }));
    await step(badInputs);
  } finally {
    await az.stop();
  }
  console.log(`\n${table(results)}\n`);
  for (const r of results.filter((x) => !x.pass)) for (const f of r.failures) console.log(`FAIL ${r.name}: ${f}`);
  console.log(`${results.filter((r) => r.pass).length}/${results.length} passed in ${round((Date.now() - started) / 1000)} s (${quick ? 'quick' : 'full'} sizes; node ${process.version})`);
  clearTimeout(watchdog);
  process.exitCode = results.every((r) => r.pass) ? 0 : 1;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
