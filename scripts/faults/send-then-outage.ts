/**
 * The narrow case behind a duplicate the Azurite outage can produce, made exact: the storage goes
 * down after a reminder has reached Teams and before the sweeper records it as sent. A proxy in
 * front of the connector lets the send through and stops Azurite before it answers, so the
 * sweeper's progress() write fails; the row keeps its lease, and when the lease ends (the clock is
 * moved past it) the reminder is claimed and sent again. Invariant: each reminder sent once.
 */
import { createServer, request } from 'node:http';
import { FakeConnector } from '../../test/support/connector';
import { freePort } from '../azurite';
import { Cleanup, LocalAzurite, round, ScenarioResult, seedDueReminders, sendsPer, ShiftedClock, sleep, startInProcess, uniquePrefix } from './support';

export async function sendThenOutage(o: { reminders: number } = { reminders: 3 }): Promise<ScenarioResult> {
  const t0 = Date.now();
  const name = 'Storage down between a send and its record';
  const cleanup = new Cleanup();
  const failures: string[] = [];
  try {
    const az = await LocalAzurite.start({ persistent: true });
    cleanup.add(() => az.stop());
    const connector = await new FakeConnector().start();
    cleanup.add(() => connector.stop());
    // The proxy: the first reminder passes to the connector, then the storage stops, then Teams' 200.
    const target = new URL(connector.url);
    let tripped = false;
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (ur) => {
          const body: Buffer[] = [];
          ur.on('data', (c: Buffer) => body.push(c));
          ur.on('end', async () => {
            if (!tripped && req.method === 'POST' && (req.url ?? '').includes('a%3Afault-')) {
              tripped = true;
              await az.down();
            }
            res.writeHead(ur.statusCode ?? 502, ur.headers);
            res.end(Buffer.concat(body));
          });
        });
        up.end(Buffer.concat(chunks));
      });
    });
    const port = await freePort();
    await new Promise<void>((r) => proxy.listen(port, '127.0.0.1', () => r()));
    cleanup.add(() => new Promise<void>((r) => proxy.close(() => r())));
    const proxyUrl = `http://127.0.0.1:${port}/`;

    const clock = new ShiftedClock();
    const prefix = uniquePrefix('s');
    const conversations = await seedDueReminders({ connectionString: az.connectionString, prefix, serviceUrl: proxyUrl, count: o.reminders, schools: 1, dueAt: () => new Date(clock.now().getTime() - 60_000).toISOString(), tag: `${prefix}r` });
    const app = await startInProcess({ connectionString: az.connectionString, prefix, connectorUrl: proxyUrl, clock, env: { SEED_DEMO: 'false', INSTANCE_ID: 'send-then-outage' } });
    cleanup.add(() => app.close());
    // One reminder at a time, so the outage meets exactly one send.
    const first = app.reminderSweeper.sweep(1).catch(() => undefined);
    await sleep(1000);
    const sentInOutage = connector.sent.length;
    await sleep(1000);
    await az.up();
    // The sweeper holds the unrecorded send and records it once the storage answers again.
    await first;
    // The lease (two minutes) ends; every later sweep is an ordinary one.
    clock.advance(3 * 60_000);
    for (let i = 0; i < 2 * o.reminders + 2; i++) await app.reminderSweeper.sweep(1);
    await app.dispatcher.idle();
    const per = sendsPer(connector.sent, conversations);
    const twice = [...per.values()].filter((n) => n > 1).length;
    const missed = [...per.values()].filter((n) => n === 0).length;
    if (!tripped) failures.push('the storage was never stopped mid-send: the scenario did not run as meant');
    if (twice) failures.push(`${twice} reminder(s) sent twice: the send reached Teams, its record did not reach the storage, and the lease ran out`);
    if (missed) failures.push(`${missed} reminder(s) never sent`);
    return {
      name,
      pass: failures.length === 0,
      failures,
      seconds: round((Date.now() - t0) / 1000),
      figures: { reminders: o.reminders, sentBeforeStorageReturned: sentInOutage, delivered: connector.sent.length, twice, missed },
    };
  } catch (e) {
    failures.push(`the scenario could not run: ${(e as Error).message}`);
    return { name, pass: false, failures, seconds: round((Date.now() - t0) / 1000), figures: {} };
  } finally {
    await cleanup.run();
  }
}
