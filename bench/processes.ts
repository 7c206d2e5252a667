/**
 * `npm run bench:processes`: Meld fra and the echo bot each in a process of its own, as production
 * runs them, so each process's memory and CPU is its own and not the bench's.
 *
 * bench:messages keeps everything in one process (the service, the echo bot, the clients, the
 * counting proxy, the connector's copies of every card, tsx's compiled sources): its RSS is the
 * bench's, not the service's, and the two bots share one event loop with the load generator. Here
 * the service is the build (`node dist/src/main.js`, compiled first with tsconfig.build.json), the
 * echo bot runs under tsx in a second process, and this process only drives them: Azurite, the
 * counting proxy and the local connector stay here. It prints, for each bot: p50/p99 of the
 * message («meld fra» → card) and the invoke (submit → receipt), sequentially; requests per second
 * with BENCH_CONCURRENCY users for BENCH_SECONDS; CPU ms per request of that process (from /proc);
 * its RSS at start, after the load and at its peak (VmRSS, VmHWM); and the table round trips per
 * request under the load. Figures, not assertions. Both bots run with bench/memory-probe.mjs
 * (bench only): after the load the bench asks each for a full collection, and prints the heap
 * still in use (what the process retains), V8's heap size (what it keeps) and the RSS after it.
 *   npm run bench:processes              200 samples, 50 users for 15 s
 *   npm run bench:processes -- --quick   40 samples, 5 s
 *   BENCH_NODE_FLAGS="--max-semi-space-size=4" npm run bench:processes   V8 flags for the service
 *     (instead of production's, from package.json's serve; BENCH_NODE_FLAGS= runs it with none)
 *   BENCH_SNAPSHOTS=/tmp/snaps npm run bench:processes   heap snapshots at the start and after the load
 *     (writing one grows the RSS: read the RSS figures of a run without them)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startCountingProxy } from './counting-proxy';
import { freePort, startAzurite } from '../scripts/azurite';
import { azuriteConnectionString } from '../src/config';
import { DEMO_TENANT } from '../src/seed';
import { BotClient, cardText, findVerb, persona, validReport } from '../test/support/bot-client';
import { FakeConnector } from '../test/support/connector';

const ROOT = join(__dirname, '..');
const quick = process.argv.includes('--quick');
const N = Number(process.env.BENCH_N ?? (quick ? 40 : 200));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 5 : 15));
const STAFF = ['Kari', 'Ragnhild', 'Lars', 'Mona', 'Sara', 'Tone'].map(persona);

interface Stats { p50: number; p99: number }
const stats = (ms: number[]): Stats => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 10) / 10;
  return { p50: at(0.5), p99: at(0.99) };
};
const timed = async (f: () => Promise<unknown>): Promise<number> => {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

/** A child's memory (MB) and CPU seconds, from /proc. */
function procOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024), cpuSeconds: (Number(f[11]) + Number(f[12])) / 100 };
}

/** The flags that load bench/memory-probe.mjs into a measured process (bench only, never production). */
const PROBE_FLAGS = ['--expose-gc', '--import', pathToFileURL(join(__dirname, 'memory-probe.mjs')).href];

interface MemoryProbe {
  /** Collections since the process started (before the probe's own), and their summed time. */
  gc: { minor: number; major: number; ms: number };
  before: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  afterGc: MemoryProbe['before'];
  spaces: Record<string, { size: number; used: number; committed: number }>;
  heapLimit: number;
  mallocedMemory: number;
  code: { bytecodeAndMetadata: number; code: number };
  snapshot?: string;
}

/** Asks a child's memory probe for its heap before and after a full collection (MB). */
function probe(child: ChildProcess, snapshot?: string): Promise<MemoryProbe> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('memory probe did not answer')), 60_000);
    const onMessage = (m: any) => {
      if (m?.probe !== 'memory') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m as MemoryProbe);
    };
    child.on('message', onMessage);
    child.send({ probe: 'memory', snapshot });
  });
}

/** Starts a child and waits until `url` answers HTTP at all. */
async function startChild(cmd: string, args: string[], env: Record<string, string>, url: string): Promise<ChildProcess> {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${cmd} ${args.join(' ')} exited with ${child.exitCode}`);
    const up = await fetch(url).then(() => true, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`${cmd} did not answer at ${url}`);
}

async function main() {
  console.error('building the service (tsconfig.build.json)…');
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  const az = await startAzurite();
  const proxy = await startCountingProxy(az.port);
  const connector = await new FakeConnector().start();
  const prefix = `apart${Date.now().toString(36)}`;
  const [svcPort, echoPort] = [await freePort(), await freePort()];
  // The service gets the flags production starts it with (package.json's serve, which test/infra
  // holds equal to infra/main.bicep's command and the Dockerfile's); BENCH_NODE_FLAGS replaces them,
  // e.g. "--max-semi-space-size=4", and BENCH_NODE_FLAGS= (empty) runs it without any.
  const production = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.serve.split(' ').filter((a) => a.startsWith('--'));
  const nodeFlags = process.env.BENCH_NODE_FLAGS === undefined ? production : process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean);
  const service = await startChild(
    process.execPath,
    [...PROBE_FLAGS, ...nodeFlags, 'dist/src/main.js'],
    {
      NODE_ENV: 'test',
      PORT: String(svcPort),
      TABLES_CONNECTION_STRING: azuriteConnectionString(proxy.port),
      TABLE_PREFIX: prefix,
      SEED_DEMO: 'true',
      DEFAULT_TENANT_ID: DEMO_TENANT,
      CONNECTOR_SERVICE_URL: connector.url,
      LOG_LEVEL: 'silent',
      NOTICE_SWEEP_SECONDS: '3600',
      REPORTS_PER_HOUR: '1000',
    },
    `http://127.0.0.1:${svcPort}/healthz`,
  );
  const echo = await startChild(process.execPath, [...PROBE_FLAGS, '--import', 'tsx', 'bench/echo-main.ts'], { ECHO_PORT: String(echoPort) }, `http://127.0.0.1:${echoPort}/`);
  const meldFra = new BotClient(`http://127.0.0.1:${svcPort}`, connector.url);
  const echoBot = new BotClient(`http://127.0.0.1:${echoPort}`, connector.url);
  const forgetting = setInterval(() => {
    connector.sent.length = 0;
    connector.updates.length = 0;
  }, 1000);

  const as = (i: number) => ({ ...STAFF[i % STAFF.length], conversationId: `a:apart-${i}` });
  const report = async (i: number) => {
    let form: any;
    const tCard = await timed(async () => ([form] = await meldFra.say(as(i), 'meld fra')));
    let receipt: unknown;
    const tSubmit = await timed(async () => (receipt = await meldFra.act(as(i), 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() })));
    if (!JSON.stringify(receipt).includes('SM-')) throw new Error(`no receipt: ${cardText(receipt).slice(0, 200)}`);
    return [tCard, tSubmit];
  };
  const echoRound = async (i: number) => [await timed(() => echoBot.texts(as(i), 'meld fra')), await timed(() => echoBot.act(as(i), 'x', { a: 1 }))];

  // BENCH_SNAPSHOTS=<dir>: heap snapshots of each process at the start and after the load.
  const snapshots = process.env.BENCH_SNAPSHOTS;
  const snapshotAt = (name: string, when: string) => (snapshots ? join(snapshots, `${name.split(' ')[0].toLowerCase()}-${when}-${Date.now()}.heapsnapshot`) : undefined);
  const measure = async (name: string, child: ChildProcess, round: (i: number) => Promise<number[]>) => {
    const start = procOf(child.pid!);
    const startHeap = await probe(child, snapshotAt(name, 'start'));
    for (let i = 0; i < 10; i++) await round(i);
    const msg: number[] = [], inv: number[] = [];
    for (let i = 0; i < N; i++) {
      const [a, b] = await round(i);
      msg.push(a);
      inv.push(b);
    }
    proxy.reset();
    const before = procOf(child.pid!);
    const until = Date.now() + SECONDS * 1000;
    const t0 = Date.now();
    let rounds = 0, errors = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, u) => {
        while (Date.now() < until) await round(1000 + u).then(() => rounds++, () => errors++);
      }),
    );
    const secs = (Date.now() - t0) / 1000;
    // The notices' delivery goes on after the last receipt: let it finish before memory is read.
    await new Promise((r) => setTimeout(r, 3000));
    const after = procOf(child.pid!);
    // Then a full collection: what the heap still holds (retention) against what V8 keeps (growth).
    const afterHeap = await probe(child, snapshotAt(name, 'after'));
    const afterGc = procOf(child.pid!);
    const trips = Object.values(proxy.snapshot(prefix)).reduce((a, t) => a + Object.values(t.verbs).reduce((x, y) => x + y, 0), 0);
    const requests = rounds * 2;
    return {
      name,
      message: stats(msg),
      invoke: stats(inv),
      load: { concurrency: CONCURRENCY, seconds: Math.round(secs * 10) / 10, requestsPerSecond: Math.round((requests / secs) * 10) / 10, errors },
      cpuMsPerRequest: Math.round(((after.cpuSeconds - before.cpuSeconds) * 1e4) / Math.max(1, requests)) / 10,
      cpuSecondsPerSecond: Math.round(((after.cpuSeconds - before.cpuSeconds) / secs) * 100) / 100,
      tableRoundTripsPerRequest: Math.round((trips / Math.max(1, requests)) * 10) / 10,
      rssMb: { start: start.rssMb, afterLoad: after.rssMb, peak: after.peakMb, afterFullGc: afterGc.rssMb },
      // What the collections cost, from the start probe to the last (less the start probe's own).
      gc: { minor: afterHeap.gc.minor - startHeap.gc.minor, major: afterHeap.gc.major - startHeap.gc.major - 1, ms: afterHeap.gc.ms - startHeap.gc.ms },
      heapMb: {
        usedAfterGc: { start: startHeap.afterGc.heapUsed, afterLoad: afterHeap.afterGc.heapUsed },
        total: { start: startHeap.before.heapTotal, afterLoad: afterHeap.before.heapTotal, afterFullGc: afterHeap.afterGc.heapTotal },
        external: afterHeap.afterGc.external,
        limit: afterHeap.heapLimit,
        spacesAfterLoad: afterHeap.spaces,
        code: afterHeap.code,
        malloced: afterHeap.mallocedMemory,
      },
    };
  };

  const svc = await measure(`Meld fra (${['node', ...nodeFlags, 'dist/src/main.js'].join(' ')})`, service, report);
  const eco = await measure('echo bot (botbuilder, tsx)', echo, echoRound);
  clearInterval(forgetting);
  const result = {
    meldFra: svc,
    echo: eco,
    ratio: {
      cardP99: Math.round((svc.message.p99 / eco.message.p99) * 10) / 10,
      submitP99: Math.round((svc.invoke.p99 / eco.invoke.p99) * 10) / 10,
      throughput: Math.round((svc.load.requestsPerSecond / eco.load.requestsPerSecond) * 100) / 100,
    },
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    serviceNodeFlags: nodeFlags,
  };
  for (const r of [svc, eco])
    console.error(
      `${r.name}: message p50/p99 ${r.message.p50}/${r.message.p99} ms, invoke ${r.invoke.p50}/${r.invoke.p99} ms; ${r.load.concurrency} users: ${r.load.requestsPerSecond} req/s (${r.load.errors} errors), ${r.cpuMsPerRequest} CPU ms per request (${r.cpuSecondsPerSecond} CPU s/s), ${r.tableRoundTripsPerRequest} table round trips per request; RSS ${r.rssMb.start} → ${r.rssMb.afterLoad} MB (peak ${r.rssMb.peak}; ${r.rssMb.afterFullGc} after a full GC); heap in use after GC ${r.heapMb.usedAfterGc.start} → ${r.heapMb.usedAfterGc.afterLoad} MB, V8 heap ${r.heapMb.total.start} → ${r.heapMb.total.afterLoad} MB; GC ${r.gc.major} major, ${r.gc.minor} minor, ${r.gc.ms} ms`,
    );
  console.error(`ratios to echo: card p99 ${result.ratio.cardP99}×, submit p99 ${result.ratio.submitP99}×, throughput ${result.ratio.throughput}×; load average ${result.loadAverage.join(' ')}`);
  console.log(JSON.stringify(result, null, 2));

  for (const c of [service, echo]) {
    c.kill('SIGTERM');
    await new Promise((r) => (c.exitCode !== null ? r(undefined) : c.once('exit', r)));
  }
  await connector.stop();
  await proxy.close();
  az.proc.kill();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
