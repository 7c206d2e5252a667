/**
 * `npm run bench:morning`: a municipality's morning on the real service, in one process.
 *   10 schools; 200 reporters each writing "meld fra" and sending a report; 50 leaders (per school
 *   one rektor forwarding the new reports, four avdelingsledere opening "mine saker", a case, and
 *   registering its investigation); and 10,000 reminders due at once (written with the reminder
 *   repository, as bench/reminders.ts does) swept while the morning runs. Replies go through the
 *   real OutboundQueue (Teams' limits) to a FakeConnector that answers 429 as Teams does.
 *   Beside it, the echo bot (botbuilder alone) under the same number of concurrent users.
 *
 *   npm run bench:morning                      full size (a few minutes on 2 cores)
 *   MORNING_SCALE=0.1 npm run bench:morning    a quick run (everything ×0.1)
 *   MORNING_ROUNDS=3                           rounds per leader (default 3)
 * Prints a table on stderr and one JSON object on stdout. Figures, never assertions.
 */
import { cpus, loadavg } from 'node:os';
import { startEchoBot } from './echo-bot';
import { startAzurite } from '../scripts/azurite';
import { azuriteConnectionString, loadConfig } from '../src/config';
import { startApp } from '../src/server';
import { OutboundQueue, TEAMS_LIMITS } from '../src/adapters/teams/outbound';
import { Tables } from '../src/adapters/tables/table-client';
import { CaseRepository } from '../src/adapters/tables/case-repository';
import { DirectoryRepository } from '../src/adapters/tables/directory-repository';
import { ReminderRepository } from '../src/adapters/tables/reminder-repository';
import { NoticeRepository } from '../src/adapters/tables/notice-repository';
import { ConversationRepository } from '../src/adapters/tables/conversation-repository';
import { openCase } from '../src/domain/case';
import type { Reminder } from '../src/domain/reminders';
import type { Report } from '../src/domain/report';
import type { Role } from '../src/domain/people';
import { BotClient, cardText, findVerb, validReport, type As } from '../test/support/bot-client';
import { FakeConnector } from '../test/support/connector';

const SCALE = Number(process.env.MORNING_SCALE ?? 1);
const SCHOOLS = Math.max(1, Math.round(10 * SCALE));
const REPORTERS = Math.max(SCHOOLS, Math.round(200 * SCALE));
const LEADERS_PER_SCHOOL = 5; // one rektor and four avdelingsledere: 50 leaders at full size
const REMINDERS = Number(process.env.MORNING_REMINDERS ?? Math.max(10, Math.round(10_000 * SCALE)));
/** Leaders who get the due reminders but do not act in the bench: Teams allows 60 cards per chat in 30 s, so 10,000 to 40 chats would be bound by that alone. */
const REMINDERS_PER_LEADER = 20;
const ROUNDS = Number(process.env.MORNING_ROUNDS ?? 3);
const TENANT = 'morning-tenant-0000-4000-8000-000000000001';
/** 08:05 in Oslo on a Tuesday: the reminders fell due in the five minutes before. */
const NOW = '2026-12-01T07:05:00.000Z';
const CLASSES: [string, number][] = [['8A', 8], ['8B', 8], ['9A', 9], ['9B', 9], ['10A', 10], ['10B', 10]];
const TRINN_OF_LEADER = [[8], [9], [10], [8, 9, 10]];

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const mib = (b: number) => Math.round(b / 2 ** 20);
interface Stats { n: number; p50: number; p99: number }
const stats = (ms: number[]): Stats => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0);
  return { n: s.length, p50: round(at(0.5)), p99: round(at(0.99)) };
};
const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = process.hrtime.bigint();
  const v = await f();
  return [v, Number(process.hrtime.bigint() - t) / 1e6];
};
async function pool<T>(n: number, items: T[], f: (x: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await f(items[next++]);
  }));
}


const report: Report = {
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};

interface Person extends As { schoolId: string; kind: 'reporter' | 'rektor' | 'leder'; classes: string[] }

async function main() {
  const started = Date.now();
  const loadStart = loadavg()[0];
  const rss = { start: process.memoryUsage().rss, peak: 0 };
  const sampler = setInterval(() => (rss.peak = Math.max(rss.peak, process.memoryUsage().rss)), 200);
  const az = await startAzurite();
  const connector = await new FakeConnector().start();
  connector.enforceLimits(1, TEAMS_LIMITS.perConversationPerSecond, TEAMS_LIMITS.perConversationPer30s);
  const prefix = `mo${Date.now().toString(36)}`;
  const outbound = new OutboundQueue(TEAMS_LIMITS);
  const app = await startApp(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      TABLES_CONNECTION_STRING: azuriteConnectionString(az.port),
      TABLE_PREFIX: prefix,
      SEED_DEMO: 'false',
      DEFAULT_TENANT_ID: TENANT,
      CONNECTOR_SERVICE_URL: connector.url,
      LOG_LEVEL: process.env.BENCH_LOG ?? 'silent',
      // The notice sweep at its production default (10 s), so its outbox query runs in the morning.
      REMINDER_SWEEP_SECONDS: '0',
      INSTANCE_ID: 'morning',
    }),
    { clock: { now: () => new Date(NOW) }, outbound },
  );
  const direct = new Tables({ connectionString: azuriteConnectionString(az.port), prefix });
  const directory = new DirectoryRepository(direct);
  const cases = new CaseRepository(direct);
  const reminders = new ReminderRepository(direct);

  // ——— the municipality
  const schools = Array.from({ length: SCHOOLS }, (_, s) => `skole${String(s).padStart(2, '0')}`);
  const people: Person[] = [];
  schools.forEach((schoolId, s) => {
    const mk = (kind: Person['kind'], n: number, classes: string[] = []): Person => {
      const userId = `${schoolId}-${kind}-${n}`;
      return { userId, teamsId: `29:${userId}`, tenantId: TENANT, schoolId, kind, classes, conversationId: `a:${userId}` };
    };
    people.push(mk('rektor', 0));
    for (let k = 0; k < LEADERS_PER_SCHOOL - 1; k++) people.push(mk('leder', k));
    const perSchool = Math.floor(REPORTERS / SCHOOLS) + (s < REPORTERS % SCHOOLS ? 1 : 0);
    for (let k = 0; k < perSchool; k++) people.push(mk('reporter', k, [CLASSES[k % CLASSES.length][0]]));
  });
  const leaders = people.filter((p) => p.kind === 'leder');
  // The reminders' recipients: the acting leaders first, then leaders who only receive them.
  const extra = Math.max(0, Math.ceil(REMINDERS / REMINDERS_PER_LEADER) - leaders.length);
  const quiet: Person[] = Array.from({ length: extra }, (_, k) => {
    const schoolId = schools[k % SCHOOLS];
    const userId = `${schoolId}-rleder-${k}`;
    return { userId, teamsId: `29:${userId}`, tenantId: TENANT, schoolId, kind: 'leder', classes: [], conversationId: `a:${userId}` };
  });
  const recipients = [...leaders, ...quiet];
  const [, seedMs] = await timed(async () => {
    await pool(8, schools, async (schoolId) => {
      await directory.upsertSchool({ tenantId: TENANT, schoolId, name: `Skole ${schoolId}`, languageForm: 'nb', investigationDays: 5 });
      for (const [name, trinn] of CLASSES) await directory.upsertClass({ tenantId: TENANT, schoolId, name, trinn });
    });
    await pool(16, [...people, ...quiet], async (p) => {
      const k = Number(p.userId.split('-').pop());
      const roles: Role[] = p.kind === 'rektor' ? ['ansatt', 'rektor'] : p.kind === 'leder' ? ['ansatt', 'avdelingsleder'] : ['ansatt', 'kontaktlaerer'];
      await directory.upsertMembership({ tenantId: TENANT, schoolId: p.schoolId, userId: p.userId, name: p.userId, roles, classes: p.classes, trinn: p.kind === 'leder' ? TRINN_OF_LEADER[k % 4] : [], teamsId: p.teamsId });
    });
  });

  // ——— the cases the reminders are about, forwarded to the leaders; and the reminders, all due
  const caseIds = new Map<string, string[]>(recipients.map((l) => [l.userId, []]));
  const all: Reminder[] = [];
  const [, loadMs] = await timed(async () => {
    const list = Array.from({ length: REMINDERS }, (_, i) => ({ i, leader: recipients[i % recipients.length] }));
    await pool(16, list, async ({ i, leader }) => {
      const caseId = `m${String(i).padStart(6, '0')}`;
      const { case: c } = openCase({ tenantId: TENANT, schoolId: leader.schoolId, caseId, ref: `SM-2026-${String(5000 + i)}`, now: '2026-11-24T09:00:00.000Z', reporterId: `${leader.schoolId}-rektor-0`, report, suggestedLeaderId: leader.userId, investigationDue: '2026-12-01' });
      await cases.create({ ...c, status: 'videresendt', leaderId: leader.userId, forwardedAt: '2026-11-24T10:00:00.000Z', forwardedBy: `${leader.schoolId}-rektor-0` });
      caseIds.get(leader.userId)!.push(caseId);
      all.push({ tenantId: TENANT, schoolId: leader.schoolId, caseId, duty: 'undersokelse', attempts: 0, lastError: '', reminderId: `${caseId}-undersokelse-0`, step: 0, dueAt: new Date(Date.parse(NOW) - 300_000 + (i % 300) * 1000).toISOString(), deadline: '2026-12-01' });
    });
    const bySchool = new Map<string, Reminder[]>();
    for (const r of all) bySchool.set(r.schoolId, [...(bySchool.get(r.schoolId) ?? []), r]);
    const chunks = [...bySchool.values()].flatMap((l) => Array.from({ length: Math.ceil(l.length / 1000) }, (_, i) => l.slice(i * 1000, (i + 1) * 1000)));
    await pool(8, chunks, (c) => reminders.schedule(c));
  });
  console.error(`seeded ${SCHOOLS} schools, ${people.length + quiet.length} people (${seedMs | 0} ms); ${REMINDERS} forwarded cases and due reminders to ${recipients.length} leaders (${round(loadMs / 1000)} s)`);

  // Everyone has the bot in their personal chat (a first "hjelp"), as on any morning after the first.
  const bot = new BotClient(app.url, connector.url);
  await pool(16, people, (p) => bot.say(p, 'hjelp'));
  // The quiet leaders' chats are written directly (as bench/reminders.ts does): they never write.
  const conversations = new ConversationRepository(direct);
  await pool(16, quiet, (p) =>
    conversations.put(TENANT, p.userId, {
      reference: {
        channelId: 'msteams',
        serviceUrl: connector.url,
        conversation: { id: p.conversationId!, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
        user: { id: p.teamsId, aadObjectId: p.userId, name: p.userId },
        bot: { id: '28:bench-bot', name: 'Meld fra' },
      },
      locale: 'nb-NO',
    }),
  );

  // ——— the echo baseline, the same number of users at once
  const echo = await startEchoBot();
  const echoClient = new BotClient(echo.url, connector.url);
  const echoMsg: number[] = [], echoInv: number[] = [];
  const users = people.filter((p) => p.kind !== 'reporter').length + REPORTERS;
  const [, echoMs] = await timed(() =>
    Promise.all(Array.from({ length: users }, async (_, u) => {
      for (let r = 0; r < 2; r++) {
        const as = { ...people[u % people.length], conversationId: `a:echo-${u}` };
        echoMsg.push((await timed(() => echoClient.texts(as, 'meld fra')))[1]);
        echoInv.push((await timed(() => echoClient.act(as, 'x', { a: 1 })))[1]);
      }
    })),
  );
  await new Promise((r) => echo.server.close(r));

  // ——— one reporter alone, before the morning: the same two requests with nothing else running
  const alone: Record<string, number[]> = { 'meld fra → card': [], 'submit → receipt': [] };
  // An avdelingsleder of the first reporter's school reports here (about that reporter's class): ten
  // reports in an hour is the most one person may send, and the reporters need theirs in the morning.
  const firstReporter = people.find((p) => p.kind === 'reporter')!;
  const solo = people.find((p) => p.kind === 'leder' && p.schoolId === firstReporter.schoolId)!;
  for (let i = 0; i < 10; i++) {
    const [[form], a] = await timed(() => bot.say(solo, 'meld fra'));
    const [, b] = await timed(() => bot.act(solo, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport({ schoolId: solo.schoolId, pupilClass: firstReporter.classes[0] }) }));
    if (i >= 2) {
      alone['meld fra → card'].push(a);
      alone['submit → receipt'].push(b);
    }
  }
  await app.dispatcher.idle();

  // ——— the morning
  const ms: Record<string, number[]> = { 'meld fra → card': [], 'submit → receipt': [], 'mine saker': [], 'open case': [], 'register investigation': [], 'forward (rektor)': [] };
  const errors: string[] = [];
  const note = (op: string) => (e: unknown) => errors.push(`${op}: ${String((e as Error).message ?? e).slice(0, 240)}`);
  const newCases = new Map<string, string[]>(schools.map((s) => [s, []]));
  let reportsDone = 0;
  /** Reporters finished, with a receipt or not: rektor stops waiting once every one has finished. */
  let reportersFinished = 0;
  const throttledBefore = connector.throttled;
  const sweep = { sent: 0, passes: 0, firstAt: 0, lastAt: 0, read: 0, failed: 0 };
  let morningOver = false;
  const t0 = Date.now();

  const reporterRun = async (p: Person) => {
    try {
      const [[form], a] = await timed(() => bot.say(p, 'meld fra'));
      ms['meld fra → card'].push(a);
      const data = findVerb(form, 'Send meldingen').data;
      const [receipt, b] = await timed(() => bot.act(p, 'report.submit', { ...data, ...validReport({ schoolId: p.schoolId, pupilClass: p.classes[0] }) }));
      ms['submit → receipt'].push(b);
      // Four digits or more: the seeded cases take SM-2026-5000 to -14999, so new ones go past them.
      const ref = /SM-\d{4}-\d{4,}/.exec(cardText(receipt))?.[0];
      if (!ref) throw new Error(`no receipt: …${cardText(receipt).replace(/\s+/g, ' ').slice(-200)}`);
      reportsDone++;
      newCases.get(p.schoolId)!.push(ref);
    } catch (e) {
      note('reporter')(e);
    } finally {
      reportersFinished++;
    }
  };
  const rektorRun = async (p: Person) => {
    const mine = leaders.filter((l) => l.schoolId === p.schoolId);
    let forwarded = 0;
    const expected = people.filter((x) => x.kind === 'reporter' && x.schoolId === p.schoolId).length;
    while (forwarded < expected && !(reportersFinished >= REPORTERS && newCases.get(p.schoolId)!.length === 0) && Date.now() - t0 < 600_000) {
      const ref = newCases.get(p.schoolId)!.shift();
      if (!ref) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      try {
        const [[card], a] = await timed(() => bot.say(p, `sak ${ref}`));
        ms['open case'].push(a);
        const { data } = findVerb(card, 'Videresend til nærmeste leder');
        const [, b] = await timed(() => bot.act(p, 'case.forward', { ...data, leaderId: mine[forwarded % mine.length].userId }));
        ms['forward (rektor)'].push(b);
        forwarded++;
      } catch (e) {
        note('rektor')(e);
      }
    }
  };
  const leaderRun = async (p: Person) => {
    const own = caseIds.get(p.userId)!;
    for (let r = 0; r < ROUNDS; r++) {
      try {
        const [, a] = await timed(() => bot.say(p, 'mine saker'));
        ms['mine saker'].push(a);
        const caseId = own[r % own.length];
        const [, b] = await timed(() => bot.act(p, 'case.refresh', { schoolId: p.schoolId, caseId }));
        ms['open case'].push(b);
        const [card, c] = await timed(() => bot.act(p, 'work.investigation.save', { schoolId: p.schoolId, caseId, methods: 'samtale_elev,sosiogram,samtale_foresatte', findings: 'Eleven opplever seg utenfor i friminuttene.' }));
        ms['register investigation'].push(c);
        if (!cardText(card).includes('Undersøkelsen er registrert')) throw new Error(`investigation: ${cardText(card).slice(0, 80)}`);
      } catch (e) {
        note('leader')(e);
      }
    }
  };
  const sweeper = async () => {
    while (!morningOver || sweep.sent < REMINDERS) {
      const passStart = Date.now();
      const r = await app.reminderSweeper.sweep(1000);
      sweep.passes++;
      sweep.read += r.read;
      sweep.failed += r.failed;
      if (r.sent) {
        sweep.firstAt ||= passStart;
        sweep.lastAt = Date.now();
      }
      sweep.sent += r.sent;
      if (r.read === 0 && morningOver) break;
      // Nothing due: wait as the service's timer would (at a much shorter interval than its 60 s).
      if (r.read === 0) await new Promise((res) => setTimeout(res, 1000));
      if (Date.now() - t0 > 900_000) break;
    }
  };

  const sweeping = sweeper();
  await Promise.all([
    ...people.filter((p) => p.kind === 'reporter').map(reporterRun),
    ...people.filter((p) => p.kind === 'rektor').map(rektorRun),
    ...leaders.map(leaderRun),
  ]);
  const morningMs = Date.now() - t0;
  morningOver = true;
  await app.dispatcher.idle();
  await sweeping;
  const totalMs = Date.now() - t0;

  // The notice outbox's sweep query on its own, with the morning's outbox in the table.
  const noticeRows = await (async () => {
    let n = 0;
    for await (const _ of direct.client('Notices').listEntities({ queryOptions: { select: ['RowKey'] } })) n++;
    return n;
  })();
  const [due, dueMs] = await timed(() => new NoticeRepository(direct).due(new Date(Date.parse(NOW) + 3600_000).toISOString(), 100));

  clearInterval(sampler);
  const rssEnd = process.memoryUsage().rss;
  rss.peak = Math.max(rss.peak, rssEnd);
  const ops = Object.entries(ms).map(([op, list]) => ({ op, ...stats(list), perSecond: round(list.length / (morningMs / 1000)), alone: alone[op] ? stats(alone[op]).p50 : undefined }));
  const requests = Object.values(ms).reduce((a, l) => a + l.length, 0);
  const out = {
    scale: SCALE,
    sizes: { schools: SCHOOLS, reporters: REPORTERS, leaders: leaders.length + SCHOOLS, remindersDue: REMINDERS, roundsPerLeader: ROUNDS },
    ops,
    morning: { seconds: round(morningMs / 1000), requests, requestsPerSecond: round(requests / (morningMs / 1000)), reports: reportsDone, errors: errors.length, errorSamples: [...new Set(errors)].slice(0, 5) },
    reminders: { sent: sweep.sent, failed: sweep.failed, passes: sweep.passes, read: sweep.read, seconds: round((sweep.lastAt - sweep.firstAt) / 1000), perSecond: round(sweep.sent / Math.max(0.001, (sweep.lastAt - sweep.firstAt) / 1000)) },
    throttled429: connector.throttled - throttledBefore,
    outbound: outbound.stats,
    totalSeconds: round(totalMs / 1000),
    rssMb: { start: mib(rss.start), peak: mib(rss.peak), end: mib(rssEnd) },
    echo: { users, message: stats(echoMsg), invoke: stats(echoInv), requestsPerSecond: round((echoMsg.length + echoInv.length) / (echoMs / 1000)) },
    noticeSweepQuery: { rowsInOutbox: noticeRows, due: due.length, ms: round(dueMs) },
    setup: { seedMs: Math.round(seedMs), loadMs: Math.round(loadMs), wallSeconds: round((Date.now() - started) / 1000) },
    node: process.version,
    cpus: cpus().length,
    loadAverage1m: { start: round(loadStart, 1), end: round(loadavg()[0], 1) },
  };

  const line = (a: string, b: string | number, c: string | number, d: string | number, e: string | number = '', f: string | number = '') =>
    `| ${a.padEnd(26)} | ${String(b).padStart(6)} | ${String(c).padStart(8)} | ${String(d).padStart(8)} | ${String(e).padStart(8)} | ${String(f).padStart(12)} |`;
  const table = [
    `Meld fra, a municipality's morning (scale ${SCALE}: ${SCHOOLS} schools, ${REPORTERS} reporters, ${leaders.length + SCHOOLS} leaders, ${REMINDERS} reminders due), ${cpus().length} cores, ${process.version}`,
    '',
    line('operation', 'n', 'p50 ms', 'p99 ms', 'per s', 'alone p50 ms'),
    `|${'-'.repeat(28)}|${'-'.repeat(8)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(14)}|`,
    ...ops.map((o) => line(o.op, o.n, o.p50, o.p99, o.perSecond, o.alone ?? '')),
    line(`echo message (${users} users)`, echoMsg.length, out.echo.message.p50, out.echo.message.p99, ''),
    line(`echo invoke (${users} users)`, echoInv.length, out.echo.invoke.p50, out.echo.invoke.p99, ''),
    '',
    `morning: ${out.morning.seconds} s, ${requests} requests (${out.morning.requestsPerSecond}/s; echo ${out.echo.requestsPerSecond}/s), ${reportsDone} reports, ${errors.length} errors`,
    `reminders: ${sweep.sent} sent in ${out.reminders.seconds} s = ${out.reminders.perSecond}/s (${sweep.passes} sweep passes, ${sweep.failed} failed); 429s from the connector: ${out.throttled429}`,
    `total ${out.totalSeconds} s; RSS ${out.rssMb.start} → peak ${out.rssMb.peak} → end ${out.rssMb.end} MB (service, Azurite in its own process)`,
    `notice outbox sweep query: ${noticeRows} rows in the table, ${due.length} due, ${out.noticeSweepQuery.ms} ms`,
    `machine load average (1 min): ${out.loadAverage1m.start} at start, ${out.loadAverage1m.end} at the end, on ${cpus().length} cores`,
  ].join('\n');
  console.error(`\n${table}\n`);
  console.log(JSON.stringify(out, null, 2));

  await app.close();
  await connector.stop();
  az.proc.kill();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
