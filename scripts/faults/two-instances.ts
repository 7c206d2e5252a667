/**
 * Scenario 4: two instances of the service (two startApp, each with its own storage clients,
 * outbound queue and instance id) sweep the same due reminders at once, every sweep of one racing
 * the other's, as two App Service instances would. Each reminder must reach its leader exactly
 * once (the connector's record), none missed, and none left in the table.
 */
import { FakeConnector } from '../../test/support/connector';
import { Cleanup, LocalAzurite, round, ScenarioResult, seedDueReminders, sendsPer, ShiftedClock, startInProcess, uniquePrefix } from './support';
import type { SweepResult } from '../../src/app/reminder-sweeper';
import { DEMO_TENANT } from '../../src/seed';

export interface TwoInstancesOptions {
  reminders: number;
  connectionString?: string;
}

export async function twoInstances(o: TwoInstancesOptions): Promise<ScenarioResult> {
  const t0 = Date.now();
  const name = `Two instances, ${o.reminders} due reminders`;
  const cleanup = new Cleanup();
  const failures: string[] = [];
  try {
    let connectionString = o.connectionString;
    if (!connectionString) {
      const az = await LocalAzurite.start();
      cleanup.add(() => az.stop());
      connectionString = az.connectionString;
    }
    const connector = await new FakeConnector().start();
    cleanup.add(() => connector.stop());
    const prefix = uniquePrefix('t');
    const clock = new ShiftedClock();
    const now = clock.now().getTime();
    // Due over the last five minutes, in ten schools.
    const conversations = await seedDueReminders({ connectionString, prefix, serviceUrl: connector.url, count: o.reminders, schools: 10, dueAt: (i) => new Date(now - 300_000 + (i % 300) * 1000).toISOString(), tag: `${prefix}r` });
    const start = (id: string) => startInProcess({ connectionString: connectionString!, prefix, connectorUrl: connector.url, clock, env: { INSTANCE_ID: id, SEED_DEMO: 'false' } });
    const a = await start('instance-a');
    cleanup.add(() => a.close());
    const b = await start('instance-b');
    cleanup.add(() => b.close());

    const total = (rs: SweepResult[]) => rs.reduce((s, r) => ({ sent: s.sent + r.sent, skipped: s.skipped + r.skipped, retried: s.retried + r.retried, failed: s.failed + r.failed }), { sent: 0, skipped: 0, retried: 0, failed: 0 });
    const byA: SweepResult[] = [];
    const byB: SweepResult[] = [];
    const t1 = Date.now();
    // Both sweep together, again and again, until neither finds anything due; small batches make
    // them meet on the same rows often.
    for (let pass = 0; pass < 200; pass++) {
      const [ra, rb] = await Promise.all([a.reminderSweeper.sweep(50), b.reminderSweeper.sweep(50)]);
      byA.push(ra);
      byB.push(rb);
      if (ra.read === 0 && rb.read === 0) break;
    }
    const sweepS = (Date.now() - t1) / 1000;
    const per = sendsPer(connector.sent, conversations);
    const missed = [...per.values()].filter((n) => n === 0).length;
    const twice = [...per.values()].filter((n) => n > 1).length;
    const schools = Array.from({ length: 10 }, (_, s) => `${prefix}r-s${String(s).padStart(2, '0')}`);
    const left = (await Promise.all(schools.map((s) => a.reminders.due(DEMO_TENANT, s, clock.now().toISOString(), 10_000)))).flat().length;
    const sa = total(byA);
    const sb = total(byB);
    if (missed) failures.push(`${missed} reminder(s) never sent`);
    if (twice) failures.push(`${twice} reminder(s) sent more than once`);
    if (sa.sent + sb.sent !== o.reminders) failures.push(`the instances report ${sa.sent + sb.sent} sends for ${o.reminders} reminders`);
    if (left) failures.push(`${left} reminder(s) still due in the table`);
    if (sa.sent === 0 || sb.sent === 0) failures.push('one instance sent nothing: the race was not exercised');
    return {
      name,
      pass: failures.length === 0,
      failures,
      seconds: round((Date.now() - t0) / 1000),
      figures: {
        reminders: o.reminders,
        sentByA: sa.sent,
        sentByB: sb.sent,
        claimsLostToOther: sa.skipped + sb.skipped,
        retried: sa.retried + sb.retried,
        delivered: connector.sent.length,
        missed,
        twice,
        passes: byA.length,
        sweepSeconds: round(sweepS),
        perSecond: round(o.reminders / sweepS, 0),
      },
    };
  } catch (e) {
    failures.push(`the scenario could not run: ${(e as Error).message}`);
    return { name, pass: false, failures, seconds: round((Date.now() - t0) / 1000), figures: {} };
  } finally {
    await cleanup.run();
  }
}
