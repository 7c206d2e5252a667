/**
 * `npm run bench`: how fast "meld fra" answers, over HTTP as Teams calls it (deliveryMode
 * expectReplies), beside a bare botbuilder echo bot started in the same run on the same machine.
 *   npm run bench                 default: 200 sequential samples, 50 reporters for 15 s
 *   npm run bench -- --quick      a short run (40 samples, 5 s)
 *   BENCH_N=500 BENCH_CONCURRENCY=50 BENCH_SECONDS=30 npm run bench
 *   npm run bench:messages -- --profile   also a CPU profile of this process during the 50-reporter
 *                                 load (bench/profiles/*.cpuprofile; read it with bench/profile-summary.ts)
 * Prints one JSON object on stdout and a table on stderr. Figures, not assertions.
 */
import { cpus, loadavg } from 'node:os';
import { startProfile, cpuOf } from './profile';
import { addTallies, startCountingProxy, type Tally } from './counting-proxy';
import { startEchoBot } from './echo-bot';
import { startAzurite } from '../scripts/azurite';
import { azuriteConnectionString, loadConfig } from '../src/config';
import { startApp } from '../src/server';
import { DEMO_TENANT } from '../src/seed';
import { BotClient, cardText, findVerb, persona, validReport } from '../test/support/bot-client';
import { FakeConnector } from '../test/support/connector';

const quick = process.argv.includes('--quick');
const N = Number(process.env.BENCH_N ?? (quick ? 40 : 200));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 5 : 15));
const PROFILE = process.argv.includes('--profile');

interface Stats { n: number; p50: number; p99: number; mean: number }
const stats = (ms: number[]): Stats => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(at(0.5)), p99: r(at(0.99)), mean: r(s.reduce((a, b) => a + b, 0) / s.length) };
};
const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = process.hrtime.bigint();
  const v = await f();
  return [v, Number(process.hrtime.bigint() - t) / 1e6];
};


const STAFF = ['Kari', 'Ragnhild', 'Lars', 'Mona', 'Sara', 'Tone'].map(persona);

async function main() {
  const az = await startAzurite();
  // The service reaches Azurite through a proxy that counts every round trip (see counting-proxy.ts).
  const proxy = await startCountingProxy(az.port);
  const prefix = `bench${Date.now().toString(36)}`;
  const connector = await new FakeConnector().start();
  const app = await startApp(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      TABLES_CONNECTION_STRING: azuriteConnectionString(proxy.port),
      TABLE_PREFIX: prefix,
      SEED_DEMO: 'true',
      DEFAULT_TENANT_ID: DEMO_TENANT,
      CONNECTOR_SERVICE_URL: connector.url,
      LOG_LEVEL: process.env.BENCH_LOG ?? 'silent',
      NOTICE_SWEEP_SECONDS: '3600',
      // Many reports from a few personas within the hour: the per-user limit would refuse them.
      REPORTS_PER_HOUR: '1000',
    }),
  );
  const echo = await startEchoBot();
  const meldFra = new BotClient(app.url, connector.url);
  const echoClient = new BotClient(echo.url, connector.url);
  const rssStart = process.memoryUsage().rss;
  // The local connector keeps every card it was sent (for tests to read): thousands in a bench,
  // memory of the bench's, not the service's. Dropped between phases and every second under load.
  const forgetCards = () => {
    connector.sent.length = 0;
    connector.updates.length = 0;
  };
  const forgetting = setInterval(forgetCards, 1000);

  const as = (i: number) => ({ ...STAFF[i % STAFF.length], conversationId: `a:bench-${i}` });
  /** One whole report: "meld fra" → card, then the filled card → receipt. */
  const report = async (i: number) => {
    const [[form], tCard] = await timed(() => meldFra.say(as(i), 'meld fra'));
    const { data } = findVerb(form, 'Send meldingen');
    const [receipt, tSubmit] = await timed(() => meldFra.act(as(i), 'report.submit', { ...data, ...validReport() }));
    if (!JSON.stringify(receipt).includes('SM-')) throw new Error(`no receipt: ${cardText(receipt).slice(0, 200)}`);
    return { tCard, tSubmit };
  };
  const echoRound = async (i: number) => {
    const [, tMsg] = await timed(() => echoClient.texts(as(i), 'meld fra'));
    const [, tInv] = await timed(() => echoClient.act(as(i), 'x', { a: 1 }));
    return { tMsg, tInv };
  };

  for (let i = 0; i < 10; i++) {
    await report(i);
    await echoRound(i);
  }
  // Round trips per request: each request alone, its background work (the notices) awaited before the next.
  const COUNTED = 20;
  const trips = { meldFra: {} as Record<string, Tally>, submit: {} as Record<string, Tally>, afterReceipt: {} as Record<string, Tally> };
  for (let i = 0; i < COUNTED; i++) {
    await app.dispatcher.idle();
    proxy.reset();
    const [form] = await meldFra.say(as(i), 'meld fra');
    addTallies(trips.meldFra, proxy.snapshot(prefix));
    proxy.reset();
    await meldFra.act(as(i), 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
    addTallies(trips.submit, proxy.snapshot(prefix));
    proxy.reset();
    await app.dispatcher.idle();
    addTallies(trips.afterReceipt, proxy.snapshot(prefix));
  }
  const perRequest = (t: Record<string, Tally>) => {
    const rows = Object.entries(t).flatMap(([table, v]) => Object.entries(v.verbs).map(([verb, n]) => [`${table} ${verb}`, Math.round((n / COUNTED) * 10) / 10] as const));
    return {
      roundTrips: Math.round((rows.reduce((a, [, n]) => a + n, 0)) * 10) / 10,
      storageMs: Math.round((Object.values(t).reduce((a, v) => a + v.ms, 0) / COUNTED) * 10) / 10,
      byTableAndVerb: Object.fromEntries(rows.sort((a, b) => b[1] - a[1])),
    };
  };
  const roundTrips = { meldFra: perRequest(trips.meldFra), submit: perRequest(trips.submit), afterReceipt: perRequest(trips.afterReceipt) };

  const card: number[] = [], submit: number[] = [], echoMsg: number[] = [], echoInv: number[] = [];
  for (let i = 0; i < N; i++) {
    const r = await report(i);
    card.push(r.tCard);
    submit.push(r.tSubmit);
    const e = await echoRound(i);
    echoMsg.push(e.tMsg);
    echoInv.push(e.tInv);
  }
  await app.dispatcher.idle();

  /** CONCURRENCY users looping for SECONDS; counts whole rounds (two requests each). */
  const load = async (round: (i: number) => Promise<unknown>) => {
    forgetCards();
    proxy.reset();
    const cpu0 = cpuOf(az.proc.pid);
    const until = Date.now() + SECONDS * 1000;
    let rounds = 0, errors = 0;
    const errorSamples = new Set<string>();
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, u) => {
        while (Date.now() < until) {
          try {
            await round(1000 + u);
            rounds++;
          } catch (e) {
            errors++;
            errorSamples.add(String((e as Error).message ?? e).slice(0, 120));
          }
        }
      }),
    );
    const secs = (Date.now() - t0) / 1000;
    const cpu = cpuOf(az.proc.pid, cpu0);
    const atAzurite = Object.values(proxy.snapshot(prefix)).reduce((a, t) => ({ trips: a.trips + Object.values(t.verbs).reduce((x, y) => x + y, 0), ms: a.ms + t.ms }), { trips: 0, ms: 0 });
    // CPU seconds per wall second: this process (service, bench clients, proxy, echo bot) and Azurite's.
    const cpuShare = { thisProcess: Math.round((cpu.self / secs) * 100) / 100, azurite: Math.round((cpu.azurite / secs) * 100) / 100 };
    // What one request costs in CPU, whatever else the machine runs: the figure that moves least with the load.
    const cpuMsPerRequest = { thisProcess: Math.round((cpu.self * 1e4) / Math.max(1, rounds * 2)) / 10, azurite: Math.round((cpu.azurite * 1e4) / Math.max(1, rounds * 2)) / 10 };
    const storage = { roundTripsPerRequest: Math.round((atAzurite.trips / Math.max(1, rounds * 2)) * 10) / 10, azuriteMsPerRequest: Math.round(atAzurite.ms / Math.max(1, rounds * 2)) };
    return { concurrency: CONCURRENCY, seconds: Math.round(secs * 10) / 10, rounds, roundsPerSecond: Math.round((rounds / secs) * 10) / 10, requestsPerSecond: Math.round(((rounds * 2) / secs) * 10) / 10, errors, errorSamples: [...errorSamples].slice(0, 5), cpuShare, cpuMsPerRequest, storage };
  };
  const profile = PROFILE ? await startProfile() : undefined;
  const throughput = await load(report);
  const profileFile = await profile?.stop('messages-load50', { seconds: throughput.seconds, cpuSecondsPerSecond: throughput.cpuShare, storage: throughput.storage, loadAverage: loadavg() });
  await app.dispatcher.idle();
  const echoThroughput = await load(echoRound);
  clearInterval(forgetting);
  forgetCards();
  const rssEnd = process.memoryUsage().rss;
  const heapEnd = process.memoryUsage().heapUsed;
  // Run with `node --expose-gc --import tsx` to tell what is kept from what is garbage not yet collected.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const liveHeapEnd = gc ? Math.round(process.memoryUsage().heapUsed / 2 ** 20) : undefined;

  const result = {
    meldFra: stats(card),
    submit: stats(submit),
    throughput50: throughput,
    echo: { message: stats(echoMsg), invoke: stats(echoInv), throughput50: echoThroughput },
    ratio: {
      meldFraP50: Math.round((stats(card).p50 / stats(echoMsg).p50) * 10) / 10,
      submitP50: Math.round((stats(submit).p50 / stats(echoInv).p50) * 10) / 10,
      throughput: Math.round((echoThroughput.requestsPerSecond / throughput.requestsPerSecond) * 10) / 10,
    },
    tableRoundTripsPerRequest: roundTrips,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    ...(profileFile ? { profile: profileFile } : {}),
    rssMb: { start: Math.round(rssStart / 2 ** 20), end: Math.round(rssEnd / 2 ** 20), heapUsedEnd: Math.round(heapEnd / 2 ** 20), ...(liveHeapEnd !== undefined ? { liveHeapEnd } : {}) },
    node: process.version,
    cpus: cpus().length,
    note: 'Both bots in this one process with a local connector and the counting proxy; Azurite in its own process; Meld fra stores every report in Azurite before it answers.',
  };
  const row = (name: string, a: Stats, b: Stats) => `${name.padEnd(22)} ${String(a.p50).padStart(8)} ${String(a.p99).padStart(8)}   ${String(b.p50).padStart(8)} ${String(b.p99).padStart(8)}`;
  console.error(`\n${'ms'.padEnd(22)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}   ${'echo p50'.padStart(8)} ${'echo p99'.padStart(8)}`);
  console.error(row('"meld fra" → card', result.meldFra, result.echo.message));
  console.error(row('submit → receipt', result.submit, result.echo.invoke));
  console.error(`${CONCURRENCY} concurrent: Meld fra ${throughput.requestsPerSecond} req/s (${throughput.roundsPerSecond} reports/s), echo ${echoThroughput.requestsPerSecond} req/s; RSS ${result.rssMb.start} → ${result.rssMb.end} MB (heap in use ${result.rssMb.heapUsedEnd} MB)`);
  console.error(`  under that load: CPU ms per request, this process ${throughput.cpuMsPerRequest.thisProcess} (echo ${echoThroughput.cpuMsPerRequest.thisProcess}), Azurite ${throughput.cpuMsPerRequest.azurite}; CPU s per s, this process ${throughput.cpuShare.thisProcess}, Azurite ${throughput.cpuShare.azurite}; ${throughput.storage.roundTripsPerRequest} table round trips and ${throughput.storage.azuriteMsPerRequest} ms at Azurite per request (summed); load average ${result.loadAverage.join(' ')}${profileFile ? `; profile ${profileFile}` : ''}\n`);
  for (const [name, r] of Object.entries(roundTrips))
    console.error(`${name.padEnd(14)} ${r.roundTrips} table round trips (${r.storageMs} ms at Azurite): ${Object.entries(r.byTableAndVerb).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.error(`(afterReceipt: the notices' delivery, in the background once the receipt is sent; submit may include the start of it)\n`);
  console.log(JSON.stringify(result, null, 2));

  await app.close();
  await new Promise((r) => echo.server.close(r));
  await connector.stop();
  await proxy.close();
  az.proc.kill();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
