/**
 * 004 §8.7 with Outlook through Graph (a local Graph server): the evaluation meeting is never
 * called off behind the invitees' backs. An evaluation recorded before the booked meeting asks
 * the leader to keep it or cancel it; a kept meeting stays in Outlook through a new plan version;
 * a cancelled one is cancelled in Outlook with a message saying the
 * evaluation is done, and Kari is told in Teams.
 */
import type { TokenCredential } from '@azure/identity';
import { FakeConnector } from '../support/connector';
import { FakeGraph } from '../support/graph-server';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const S = 'ellingsrud';
const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };
const at = (iso: string) => (clock.at = new Date(iso));
const credential: TokenCredential = { getToken: async () => ({ token: 'graph-token', expiresOnTimestamp: Date.now() + 3600e3 }) };
const allTookPart = { pupilTookPart: 'ja', parentsTookPart: 'ja', teacherTookPart: 'ja' };

let connector: FakeConnector;
let graph: FakeGraph;
let app: TestApp;
let bot: BotClient;
let ref = '';
let caseId = '';

beforeAll(async () => {
  connector = await new FakeConnector().start();
  graph = await new FakeGraph('graph-token').start();
  graph.addUser(lars.userId, lars.email).addUser(kari.userId, kari.email);
  app = await startTestApp({ connectorUrl: connector.url, clock, env: { CALENDAR: 'graph', GRAPH_BASE_URL: graph.url }, options: { graphCredential: credential, graphRetry: { maxRetries: 1, delaySeconds: 0 } } });
  bot = new BotClient(app.url, connector.url);
  const [form] = await bot.say(kari, 'meld fra');
  const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
  ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
  caseId = (await app.cases.listBySchool(DEMO_TENANT, S)).find((c) => c.ref === ref)!.caseId;
  await app.dispatcher.idle();
  await bot.act(rektor, 'case.forward', { ...findVerb(connector.cardsFor(rektor.userId).at(-1)!, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
  await app.dispatcher.idle();
});
afterAll(async () => {
  await app.close();
  await connector.stop();
  await graph.stop();
});

const act = (who: { userId: string; teamsId: string }, verb: string, data: Record<string, unknown> = {}) => bot.act(who, verb, { schoolId: S, caseId, ...data });
const stored = async () => (await app.cases.get(DEMO_TENANT, S, caseId))!;
const evaluationMeetings = async () => (await stored()).meetings!.filter((m) => m.purpose === 'evaluering');
async function savePlan(evaluationDate: string) {
  const plan = { problem: 'Ola er alene i friminuttene.', evaluationDate, pupilView: 'Ola vil ha en voksen ute.', parentsView: '', bestInterests: 'Trygghet veier tyngst.', proposalsNotChosen: 'nei' };
  if (!(await stored()).work?.planDraft?.measures.length) {
    await act(lars, 'work.plan.measure', plan);
    await act(lars, 'work.measure.save', { level: 'individ', description: 'Fast voksen i friminuttet', when: 'Hvert friminutt', responsibleId: kari.userId });
  }
  expect(cardText(await act(lars, 'work.plan.save', plan))).toContain('er lagret');
  await app.reminderSweeper.sweep();
}

describe('the evaluation meeting in Outlook, when the evaluation comes first', () => {
  it('a kept meeting stays in Outlook through a new plan version', async () => {
    await act(lars, 'work.investigation.save', { methods: 'samtale_elev', findings: 'Ola opplever seg utenfor.' });
    await savePlan('2026-12-16');
    const [v1] = await evaluationMeetings();
    expect([v1.status, v1.eventId !== '']).toEqual(['booket', true]);

    at('2026-12-15T09:00:00Z'); // the day before; the meeting is at 14.00 on the 16th
    const ask = await act(lars, 'work.evaluate.save', { outcome: 'justere', evalNote: 'Delvis bedre.', earlyReason: 'Foresatte ba om det.', ...allTookPart });
    expect(cardText(ask)).toContain('Evalueringsmøtet 16.12.2026 kl. 14.00 er ikke holdt ennå. Hva skal skje med det?');
    await act(lars, 'work.evaluate.save', { outcome: 'justere', evalNote: 'Delvis bedre.', earlyReason: 'Foresatte ba om det.', ...allTookPart, meetingChoice: 'behold' });
    // Version 2 with its own meeting: the kept one is not cancelled.
    await savePlan('2027-01-12');
    await app.reminderSweeper.sweep();
    expect((await evaluationMeetings()).map((m) => [m.start, m.status])).toEqual([
      ['2026-12-16T13:00:00.000Z', 'booket'],
      ['2027-01-12T13:00:00.000Z', 'booket'],
    ]);
    expect(graph.cancelled.has(v1.eventId)).toBe(false);
  });

  it('a cancelled meeting is cancelled in Outlook with the message that the evaluation is done, and Kari is told in Teams', async () => {
    at('2027-01-12T08:00:00Z'); // the evaluation date, in the morning before the meeting
    await act(lars, 'work.evaluate.save', { outcome: 'avslutte', evalNote: 'Ola har det bra.', ...allTookPart, meetingChoice: 'avlys' });
    await app.reminderSweeper.sweep();
    const [v1, v2] = await evaluationMeetings();
    expect([v1.status, v2.status]).toEqual(['booket', 'avlyst']);
    expect(graph.cancelled.get(v2.eventId)).toBe(`Avlyst: evalueringen av aktivitetsplanen i sak ${ref} er allerede gjort, så møtet trengs ikke.`);
    expect(cardText(connector.cardsFor(kari.userId).at(-1))).toContain('Evalueringen av aktivitetsplanen er allerede gjort, så møtet trengs ikke.');
    // Cancelled once: another sweep sends nothing more.
    const told = connector.cardsFor(kari.userId).length;
    await app.reminderSweeper.sweep();
    expect(connector.cardsFor(kari.userId).length).toBe(told);
  });
});
