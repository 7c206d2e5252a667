/**
 * Scenario 1: reporters submit reports while the service (src/main.ts in a child process) is
 * killed with SIGKILL every few seconds and started again on the same port. A reporter whose
 * submit fails or goes unanswered sends the same form again, as a person in Teams would. At the
 * end every acknowledged report must be in the store exactly once, under the reference its
 * receipt showed, with rektor's notice stored (so rektor is told, §12-4).
 */
import { randomUUID } from 'node:crypto';
import { FakeConnector } from '../../test/support/connector';
import { LocalOpenId } from '../../test/support/openid';
import { findVerb, persona, validReport } from '../../test/support/bot-client';
import { freePort } from '../azurite';
import { DEMO_SCHOOL, DEMO_TENANT } from '../../src/seed';
import { Tables } from '../../src/adapters/tables/table-client';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { CaseLogRepository } from '../../src/adapters/tables/case-log-repository';
import { NoticeRepository } from '../../src/adapters/tables/notice-repository';
import { Cleanup, LocalAzurite, percentile, removeServiceBundle, round, ScenarioResult, ServiceProcess, sleep, TeamsClient, uniquePrefix } from './support';

export interface SigkillOptions {
  reporters: number;
  seconds: number;
  /** Time between a restart and the next kill, chosen at random in this range (ms). */
  killEveryMs: [number, number];
  /** An Azurite already running (the jest run's); otherwise one is started and stopped here. */
  connectionString?: string;
}

const APP_ID = '5d0e2b1c-0000-4000-8000-00000000fa17';
const STAFF = ['Kari', 'Lars', 'Mona', 'Sara', 'Tone', 'Ingrid', 'Ragnhild'].map(persona);
/** The staff who are told of a new case at the demo school. */
const RECTOR = persona('Ragnhild').userId;

interface Acknowledged {
  marker: string;
  ref: string;
}

export async function sigkillStorm(o: SigkillOptions): Promise<ScenarioResult> {
  const t0 = Date.now();
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
    const openid = await new LocalOpenId().start();
    cleanup.add(() => openid.stop());
    const prefix = uniquePrefix('k');
    const service = new ServiceProcess(await freePort(), {
      NODE_ENV: 'test',
      TABLES_CONNECTION_STRING: connectionString,
      TABLE_PREFIX: prefix,
      SEED_DEMO: 'true',
      DEFAULT_TENANT_ID: DEMO_TENANT,
      CONNECTOR_SERVICE_URL: connector.url,
      // The real token check: every activity carries a Bot Framework token signed by LocalOpenId.
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'fault-harness-not-a-secret',
      MicrosoftAppType: 'MultiTenant',
      BOT_OPENID_METADATA_URL: openid.metadataUrl,
      LOG_LEVEL: 'warn',
      REMINDER_SWEEP_SECONDS: '0',
      NOTICE_SWEEP_SECONDS: '3600',
      // Many reports from a few personas within the hour: the per-user limit would refuse them.
      REPORTS_PER_HOUR: '1000',
    });
    cleanup.add(removeServiceBundle);
    cleanup.add(() => service.kill());
    const startMs: number[] = [await service.start()];

    const teams = new TeamsClient(() => service.url, connector.url, (serviceUrl) => openid.token({ aud: APP_ID, serviceurl: serviceUrl }));
    const acknowledged: Acknowledged[] = [];
    let submits = 0;
    let retried = 0;
    let unanswered = 0;
    let toldToRetry = 0;
    let kills = 0;
    let swallowed = 0;
    let storming = true;
    const runId = prefix;

    /** One report, from "meld fra" to the receipt, however often the service dies on the way. */
    const report = async (r: number, n: number) => {
      const as = { ...STAFF[r % STAFF.length], conversationId: `a:storm-${r}` };
      const marker = `FAULT-${runId}-${r}-${n}`;
      // "meld fra": an unanswered message is delivered again with the same activity id, as the
      // Bot Framework channel does; after a few tries the person types it again (a new id).
      let form: any;
      for (let tries = 0, id = randomUUID(); !form; tries++) {
        let answered = false;
        form = await teams.say(as, 'meld fra', { id }).then(
          (cards) => {
            answered = true;
            return cards.find((c) => JSON.stringify(c).includes('Send meldingen'));
          },
          () => undefined,
        );
        if (form) break;
        // Answered 200 with no card: the re-delivery was taken for a duplicate of one that died.
        if (answered && tries > 0) swallowed++;
        if (answered || tries >= 5) {
          id = randomUUID();
          tries = -1;
        }
        await sleep(200);
      }
      const data = { ...findVerb(form, 'Send meldingen').data, ...validReport({ observed: `Observert i friminuttet. ${marker}` }) };
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) retried++;
        submits++;
        const answer = await teams.act(as, 'report.submit', data).catch(() => undefined);
        if (!answer || answer.kind === 'http') unanswered++;
        else if (answer.kind === 'message') toldToRetry++;
        else {
          const ref = /SM-\d{4}-\d{4}/.exec(JSON.stringify(answer.card))?.[0];
          if (ref) {
            acknowledged.push({ marker, ref });
            return;
          }
          failures.push(`a submit was answered with a card that is no receipt (reporter ${r})`);
          return;
        }
        await sleep(150 + Math.random() * 350);
      }
    };

    const until = Date.now() + o.seconds * 1000;
    const reporters = Array.from({ length: o.reporters }, async (_, r) => {
      for (let n = 0; Date.now() < until; n++) await report(r, n);
    });
    const killer = (async () => {
      while (Date.now() < until) {
        const [lo, hi] = o.killEveryMs;
        await sleep(lo + Math.random() * (hi - lo));
        if (Date.now() >= until) break;
        await service.kill();
        kills++;
        startMs.push(await service.start());
      }
      storming = false;
    })();
    await killer;
    await Promise.all(reporters);
    void storming;

    // What the store says, read directly with the real repositories.
    const tables = new Tables({ connectionString, prefix });
    const stored = (await new CaseRepository(tables).listBySchool(DEMO_TENANT, DEMO_SCHOOL)).filter((c) => c.report.observed.includes(`FAULT-${runId}-`));
    const byMarker = new Map<string, typeof stored>();
    for (const c of stored) {
      const marker = /FAULT-\S+/.exec(c.report.observed)![0];
      byMarker.set(marker, [...(byMarker.get(marker) ?? []), c]);
    }
    const duplicates = [...byMarker.values()].filter((l) => l.length > 1).length;
    const lost = acknowledged.filter((a) => !byMarker.has(a.marker)).length;
    const wrongRef = acknowledged.filter((a) => byMarker.get(a.marker)?.length === 1 && byMarker.get(a.marker)![0].ref !== a.ref).length;
    const notices = new NoticeRepository(tables);
    // A new case's notices are staged in the pending index before the receipt and placed beside
    // the case just after it: one the kill caught in between is placed by the next notice sweep
    // (its service runs none within the storm). One pass of it, as any instance makes it.
    await notices.due(new Date().toISOString(), 10_000);
    const log = new CaseLogRepository(tables);
    let withoutRectorNotice = 0;
    let withoutLog = 0;
    for (const c of stored) {
      const rows = await notices.forCase(DEMO_TENANT, DEMO_SCHOOL, c.caseId);
      if (!rows.some((n) => n.recipientId === RECTOR)) withoutRectorNotice++;
      const entries = await log.list(DEMO_TENANT, DEMO_SCHOOL, c.caseId);
      if (!entries.some((e) => e.action === 'meldt')) withoutLog++;
    }
    if (kills === 0) failures.push('the service was never killed: the storm was too short');
    if (lost) failures.push(`${lost} acknowledged report(s) not in the store`);
    if (duplicates) failures.push(`${duplicates} report(s) stored more than once`);
    if (wrongRef) failures.push(`${wrongRef} receipt(s) showed another reference than the stored case`);
    if (byMarker.size !== acknowledged.length) failures.push(`${byMarker.size} reports stored, ${acknowledged.length} acknowledged`);
    if (withoutRectorNotice) failures.push(`${withoutRectorNotice} stored case(s) with no notice to rektor queued: rektor is never told`);
    if (withoutLog) failures.push(`${withoutLog} stored case(s) without the 'meldt' entry in the case log`);
    const restarts = startMs.slice(1);
    // Numbers taken by attempts that died before their case was saved are not reused.
    const numbers = stored.map((c) => Number(c.ref.slice(-4)));
    const refGaps = numbers.length ? Math.max(...numbers) - numbers.length : 0;
    return {
      name: 'SIGKILL storm',
      pass: failures.length === 0,
      failures,
      seconds: round((Date.now() - t0) / 1000),
      figures: {
        reporters: o.reporters,
        stormSeconds: o.seconds,
        /** Activities Teams would have sent twice: no answer within its timeout on a busy machine. */
        resent: teams.resent,
        kills,
        submits,
        retried,
        unanswered,
        toldToRetry,
        acknowledged: acknowledged.length,
        casesFound: stored.length,
        duplicates,
        lost,
        withoutRectorNotice,
        withoutLog,
        messagesSwallowed: swallowed,
        refGaps,
        restartP50Ms: round(percentile(restarts, 0.5), 0),
        restartMaxMs: round(Math.max(0, ...restarts), 0),
      },
    };
  } catch (e) {
    failures.push(`the scenario could not run: ${(e as Error).message}`);
    return { name: 'SIGKILL storm', pass: false, failures, seconds: round((Date.now() - t0) / 1000), figures: {} };
  } finally {
    await cleanup.run();
  }
}
