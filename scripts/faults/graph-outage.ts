/**
 * Scenario 3: Microsoft Graph (the local FakeGraph, with the real Graph client) answers every
 * request with 429 or 503 for a while, some of them after making the event (the answer lost), as
 * leaders call reporters to conversations ("Kall inn til samtale", CALENDAR=graph). The booking
 * jobs are retried by the sweep; when Graph answers again every meeting must exist exactly once
 * in the organiser's calendar (transactionId = meeting id), recorded on its case, and every
 * reporter invited once.
 */
import type { TokenCredential } from '@azure/identity';
import { FakeConnector } from '../../test/support/connector';
import { FakeGraph } from '../../test/support/graph-server';
import { cardText, persona, validReport, findVerb } from '../../test/support/bot-client';
import { DEMO_SCHOOL, DEMO_TENANT } from '../../src/seed';
import { Cleanup, LocalAzurite, pool, round, ScenarioResult, ShiftedClock, sleep, startInProcess, TeamsClient, uniquePrefix } from './support';

export interface GraphOutageOptions {
  meetings: number;
  outageSeconds: number;
  connectionString?: string;
}

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const LEADERS = [persona('Lars'), persona('Mona')];
/** Lars leads 8th grade, Mona 9th and 10th. */
const CLASS_OF = ['8A', '9A'];
const DAYS = ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02'];
const WAITING = 'Innkallingen sendes så snart kalenderen svarer';
const BOOKED = 'Innkalt, lagt i kalenderen';

export async function graphOutage(o: GraphOutageOptions): Promise<ScenarioResult> {
  const t0 = Date.now();
  const name = `Graph 429/503 for ${o.outageSeconds} s`;
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
    const graph = await new FakeGraph('graph-token').start();
    cleanup.add(() => graph.stop());
    for (const p of [kari, ...LEADERS]) graph.addUser(p.userId, p.email);
    const credential: TokenCredential = { getToken: async () => ({ token: 'graph-token', expiresOnTimestamp: Date.now() + 3600e3 }) };
    // Tuesday 24 November 2026, 10:30 in Oslo, running on from there.
    const clock = new ShiftedClock('2026-11-24T09:30:00Z');
    const app = await startInProcess({
      connectionString,
      prefix: uniquePrefix('g'),
      connectorUrl: connector.url,
      clock,
      env: { CALENDAR: 'graph', GRAPH_BASE_URL: graph.url, REMINDER_SWEEP_SECONDS: '1', INSTANCE_ID: 'graph-outage' },
      options: { graphCredential: credential, graphRetry: { maxRetries: 1, delaySeconds: 0, maxWaitSeconds: 2 } },
    });
    cleanup.add(() => app.close());
    const teams = new TeamsClient(() => app.url, connector.url);

    // Kari reports, rektor forwards each case to its trinn's leader.
    const cases: { caseId: string; ref: string; leader: (typeof LEADERS)[number]; i: number }[] = [];
    await pool(3, Array.from({ length: o.meetings }, (_, i) => i), async (i) => {
      const [form] = await teams.say(kari, 'meld fra');
      const leader = LEADERS[i % 2];
      const a = await teams.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport({ pupilClass: CLASS_OF[i % 2] }) });
      const ref = a.kind === 'card' ? /SM-\d{4}-\d{4}/.exec(JSON.stringify(a.card))?.[0] : undefined;
      if (!ref) throw new Error(`report ${i} not acknowledged`);
      const c = (await app.cases.listBySchool(DEMO_TENANT, DEMO_SCHOOL)).find((x) => x.ref === ref)!;
      const fwd = await teams.act(rektor, 'case.forward', { schoolId: DEMO_SCHOOL, caseId: c.caseId, leaderId: leader.userId });
      if (fwd.kind !== 'card') throw new Error(`forwarding ${ref} failed (${fwd.kind})`);
      cases.push({ caseId: c.caseId, ref, leader, i });
    });
    await app.dispatcher.idle();

    // The outage: 429 with Retry-After, 503, and 503 after the event was made (the answer lost).
    const outageEnds = Date.now() + o.outageSeconds * 1000;
    graph.failUntil(outageEnds, [
      { status: 429, retryAfterSeconds: 1 },
      { status: 503 },
      { status: 503, when: 'after' },
      { status: 503, retryAfterSeconds: 1 },
    ]);
    let waitingCards = 0;
    let bookedCards = 0;
    let otherAnswers = 0;
    const callsBy = Date.now() + (o.outageSeconds * 1000) / 2;
    await pool(4, cases, async (c) => {
      // Spread over the first half of the outage.
      await sleep(Math.max(0, ((callsBy - Date.now()) * c.i) / Math.max(1, o.meetings)));
      const a = await teams.act(c.leader, 'meeting.call', {
        schoolId: DEMO_SCHOOL,
        caseId: c.caseId,
        meetingDate: DAYS[Math.floor(c.i / 12) % DAYS.length],
        meetingTime: `${String(8 + Math.floor((c.i % 12) / 2)).padStart(2, '0')}:${c.i % 2 ? '30' : '00'}`,
        meetingMinutes: '30',
        meetingOnline: 'true',
      });
      const text = a.kind === 'card' ? cardText(a.card) : '';
      if (text.includes(WAITING)) waitingCards++;
      else if (text.includes(BOOKED)) bookedCards++;
      else otherAnswers++;
    });
    await sleep(Math.max(0, outageEnds - Date.now()));

    // Graph answers again. The jobs wait out their back-off (30 s, 60 s, …): the clock is moved on.
    const back = Date.now();
    const shiftedBefore = clock.shiftedMs;
    const done = async () => {
      for (const c of cases) {
        const m = (await app.cases.get(DEMO_TENANT, DEMO_SCHOOL, c.caseId))?.meetings?.[0];
        if (!m || m.status !== 'booket') return false;
      }
      return true;
    };
    for (let i = 0; i < 60 && !(await done()); i++) {
      clock.advance(5 * 60_000);
      await app.reminderSweeper.sweep();
      await sleep(300);
    }
    await app.reminderSweeper.sweep();
    await app.dispatcher.idle();
    const afterS = round((Date.now() - back) / 1000);
    const skippedMin = round((clock.shiftedMs - shiftedBefore) / 60_000, 0);

    // One event per meeting, recorded on its case; one invitation per case.
    const events = LEADERS.flatMap((l) => graph.eventsOf(l.userId));
    let missing = 0;
    let twice = 0;
    let notRecorded = 0;
    let invitesMissing = 0;
    let invitesTwice = 0;
    const invites = connector.cardsFor(kari.userId).map((x) => cardText(x)).filter((t) => t.includes('Innkalling til samtale'));
    for (const c of cases) {
      const m = (await app.cases.get(DEMO_TENANT, DEMO_SCHOOL, c.caseId))?.meetings?.[0];
      const mine = events.filter((e) => m && e.transactionId === m.meetingId);
      if (mine.length === 0) missing++;
      if (mine.length > 1) twice++;
      if (!m || m.status !== 'booket' || mine.length !== 1 || m.eventId !== mine[0].id) notRecorded++;
      const n = invites.filter((t) => t.includes(c.ref)).length;
      if (n === 0) invitesMissing++;
      if (n > 1) invitesTwice++;
    }
    const creates = graph.requests.filter((r) => r.method === 'POST' && /\/events\/?$/.test(r.path)).length;
    if (waitingCards === 0) failures.push('no call was answered while Graph was down: make the outage longer');
    if (otherAnswers) failures.push(`${otherAnswers} call(s) answered with neither the waiting nor the booked card`);
    if (missing) failures.push(`${missing} meeting(s) never created in Graph`);
    if (twice) failures.push(`${twice} meeting(s) created more than once in Graph`);
    if (events.length !== cases.length) failures.push(`${events.length} events in Graph for ${cases.length} meetings`);
    if (notRecorded) failures.push(`${notRecorded} case(s) without their booked event recorded`);
    if (invitesMissing) failures.push(`${invitesMissing} reporter invitation(s) never sent`);
    if (invitesTwice) failures.push(`${invitesTwice} reporter invitation(s) sent more than once`);
    return {
      name,
      pass: failures.length === 0,
      failures,
      seconds: round((Date.now() - t0) / 1000),
      figures: {
        meetings: cases.length,
        /** Activities Teams would have sent twice: no answer within its timeout on a busy machine. */
        resent: teams.resent,
        outageSeconds: o.outageSeconds,
        graphFailures: graph.outageFailures,
        createRequests: creates,
        waitingCards,
        bookedCards,
        eventsInGraph: events.length,
        missing,
        twice,
        invitations: invites.length,
        bookedAfterS: afterS,
        clockMovedMin: skippedMin,
      },
    };
  } catch (e) {
    failures.push(`the scenario could not run: ${(e as Error).message}`);
    return { name, pass: false, failures, seconds: round((Date.now() - t0) / 1000), figures: {} };
  } finally {
    await cleanup.run();
  }
}
