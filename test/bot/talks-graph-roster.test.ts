/**
 * ROSTER=graph through the real endpoint: a kontaktlærer at a school with graphSchoolId opens
 * «elevsamtaler» and sees her class from the school's system (the Graph contract server, read with
 * the real Graph client) without typing a name. Her classes are the ones Graph says she teaches; a
 * pupil who moves class leaves hers on the next read; while Graph is down she sees the last saved
 * list, can still type, and nothing she typed is lost; a class deleted in Graph falls back to typed.
 */
import type { TokenCredential } from '@azure/identity';
import { FakeConnector } from '../support/connector';
import { FakeGraph } from '../support/graph-server';
import type { EduUser } from '../support/graph-education';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona } from '../support/bot-client';
import { DEMO_SCHOOL, DEMO_TENANT } from '../../src/seed';
import { calendarFor } from '../../src/app/school-time';
import { windowsOf } from '../../src/domain/pupil-talks';

const kari = persona('Kari'); // kontaktlærer 8A in the directory
const SDS_SCHOOL = 'a7d2f0e4-3c51-4b8e-9f20-6e1d5c4b3a21';
const credential: TokenCredential = { getToken: async () => ({ token: 'graph-token', expiresOnTimestamp: Date.now() + 3600e3 }) };
const clock = { at: new Date('2026-11-25T09:30:00Z'), now() { return this.at; } };

const pupil = (id: string, displayName: string, birthDate?: string): EduUser => ({ id, displayName, primaryRole: 'student', ...(birthDate ? { birthDate } : {}) });
const CLASS_8A = [pupil('p-ola', 'Ola Nordmann', '2012-03-04'), pupil('p-sara', 'Sara Berg'), pupil('p-nils', 'Nils Dahl'), pupil('p-ida', 'Ida Lund')];

let connector: FakeConnector;
let graph: FakeGraph;
let app: TestApp;
let bot: BotClient;

const choiceValue = (card: unknown, title: string) => JSON.stringify(card).match(new RegExp(`"title":"${title}","value":"([^"]*)"`))?.[1];
const fieldValue = (card: unknown, id: string) => JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];

beforeAll(async () => {
  connector = await new FakeConnector().start();
  graph = await new FakeGraph('graph-token').start();
  const edu = graph.education;
  edu.pageSize = 2; // every list comes in pages: the endpoint has to follow them all
  edu.addSchool({ id: SDS_SCHOOL, displayName: 'Ellingsrud skole', externalId: '974589095' });
  const kariInGraph: EduUser = { id: kari.userId, displayName: kari.name, primaryRole: 'teacher' };
  const other: EduUser = { id: 'u-other', displayName: 'Per Hansen', primaryRole: 'teacher' };
  edu.addClass({ id: 'c-8a', displayName: '8A', classCode: '8A', grade: '8', schoolId: SDS_SCHOOL }, [kariInGraph], CLASS_8A);
  edu.addClass({ id: 'c-8b', displayName: '8B', classCode: '8B', grade: '8', schoolId: SDS_SCHOOL }, [other], [pupil('p-emil', 'Emil Strand')]);
  edu.addClass({ id: 'c-9a', displayName: '9A', classCode: '9A', grade: '9', schoolId: SDS_SCHOOL }, [kariInGraph], [pupil('p-tiril', 'Tiril Moe')]);
  app = await startTestApp({
    connectorUrl: connector.url,
    clock,
    env: { ROSTER: 'graph', GRAPH_BASE_URL: graph.url, ROSTER_CACHE_SECONDS: '0' },
    options: { graphCredential: credential, graphRetry: { maxRetries: 1, delaySeconds: 0 } },
  });
  const school = (await app.directory.getSchool(DEMO_TENANT, DEMO_SCHOOL))!;
  await app.directory.upsertSchool({ ...school, graphSchoolId: SDS_SCHOOL });
  bot = new BotClient(app.url, connector.url);
});
afterAll(async () => {
  await app.close();
  await graph.stop();
  await connector.stop();
});

describe('elevsamtaler with the roster from Graph', () => {
  let card: Record<string, unknown>;

  it('shows her class from the school system without typing', async () => {
    [card] = await bot.say(kari, 'elevsamtaler');
    const text = cardText(card);
    expect(text).toContain('Elevsamtaler 8A');
    expect(text).toContain('Klasselisten er hentet fra skolens elevsystem.');
    expect(text).toContain('4 elever i klassen');
    expect(text).toContain('0 av 4 startsamtaler');
    for (const p of CLASS_8A) expect(choiceValue(card, p.displayName)).toBe(p.id);
    // The teacher of the class is not one of its pupils.
    expect(text).not.toContain(kari.name);
    // Graph says she teaches 9A too (the directory only knew 8A): the picker offers it.
    expect(buttons(card)).toContain('Vis klassen');
    // Every page of the class was read, with the app's token.
    const members = graph.requests.filter((r) => r.path.startsWith('/v1.0/education/classes/c-8a/members'));
    expect(members.length).toBeGreaterThanOrEqual(3);
    expect(members.every((r) => r.headers.authorization === 'Bearer graph-token')).toBe(true);
  });

  it('marks a conversation with a pupil from Graph', async () => {
    const { data } = findVerb(card, 'Registrer samtalen');
    card = await bot.act(kari, 'talks.mark', { ...data, pupilId: 'p-ola', kind: 'startsamtale', on: '2026-11-24', concern: '' });
    expect(cardText(card)).toContain('1 av 4 startsamtaler');
  });

  it('the school system answering with no pupils in her class (a sync under way) removes nobody: the saved list and its marks stay', async () => {
    for (const p of CLASS_8A) graph.education.movePupil(p.id, 'c-8a', 'c-8b');
    try {
      [card] = await bot.say(kari, 'elevsamtaler');
      const text = cardText(card);
      expect(text).toContain('4 elever i klassen');
      expect(text).toContain('1 av 4 startsamtaler');
    } finally {
      for (const p of CLASS_8A) graph.education.movePupil(p.id, 'c-8b', 'c-8a');
    }
    [card] = await bot.say(kari, 'elevsamtaler');
    expect(cardText(card)).toContain('1 av 4 startsamtaler');
  });

  it('a pupil from Graph says where the name is corrected', async () => {
    const ref = findVerb(card, 'Endre klasselisten').data;
    const edit = cardText(await bot.act(kari, 'talks.pupil.open', { ...ref, pupilId: 'p-sara' }));
    expect(edit).toContain('Endre elev i 8A');
    expect(edit).toContain('Eleven er hentet fra skolens elevsystem. Navnet rettes der');
  });

  it('opens 9A, which Graph says she teaches; refuses 8B, which she does not, whatever the card says', async () => {
    const show = findVerb(card, 'Vis klassen').data;
    const nine = cardText(await bot.act(kari, 'talks.show', { ...show, pickClass: `${DEMO_SCHOOL}|9A` }));
    expect(nine).toContain('Elevsamtaler 9A');
    expect(nine).toContain('1 elev i klassen');
    const refused = cardText(await bot.act(kari, 'talks.show', { ...show, pickClass: `${DEMO_SCHOOL}|8B` }));
    expect(refused).toContain('Du har ikke rollen');
    expect(refused).not.toContain('Emil Strand');
  });

  it('a pupil who moves class leaves hers on the next read (with the marks about him); one who comes is new in the class', async () => {
    graph.education.movePupil('p-ola', 'c-8a', 'c-8b');
    graph.education.movePupil('p-emil', 'c-8b', 'c-8a');
    [card] = await bot.say(kari, 'elevsamtaler');
    const text = cardText(card);
    expect(text).toContain('4 elever i klassen');
    expect(text).not.toContain('Ola Nordmann');
    expect(text).toContain('0 av 4 startsamtaler');
    expect(text).toContain('Ny i klassen');
    expect(text).toContain('Emil Strand: startsamtale innen');
  });

  it('the sweep reminds her of 9A too, a class only Graph says is hers', async () => {
    const school = (await app.directory.getSchool(DEMO_TENANT, DEMO_SCHOOL))!;
    const due = windowsOf('elevsamtale_var', 2026, calendarFor(school, '2027-03-01'))[0].due;
    const now = clock.at;
    clock.at = new Date(`${due}T09:30:00Z`);
    try {
      expect((await app.talks.sweep()).personal).toBe(2);
      const reminders = connector.cardsFor(kari.userId).map(cardText);
      expect(reminders.some((t) => t.includes('Påminnelse: elevsamtaler 9A') && t.includes('Tiril Moe'))).toBe(true);
      expect(reminders.some((t) => t.includes('Påminnelse: elevsamtaler 8A'))).toBe(true);
    } finally {
      clock.at = now;
    }
  });

  it('while Graph is down she sees the last saved list, is told so, and what she types is kept', async () => {
    graph.failUntil(Date.now() + 60_000, [{ status: 503, retryAfterSeconds: 0 }]);
    try {
      [card] = await bot.say(kari, 'elevsamtaler');
      expect(cardText(card)).toContain('Klasselisten kunne ikke hentes fra skolens elevsystem nå.');
      expect(cardText(card)).toContain('4 elever i klassen');
      const { data } = findVerb(card, 'Legg til elever');
      card = await bot.act(kari, 'talks.roster.add', { ...data, names: 'Maja Ny', under18: 'true', newcomers: 'true' });
      expect(cardText(card)).toContain('5 elever i klassen');
    } finally {
      graph.failUntil(0, []);
    }
    // Graph back: its list, and the pupil she typed (not in the system yet) is still there.
    [card] = await bot.say(kari, 'elevsamtaler');
    expect(cardText(card)).toContain('Klasselisten er hentet fra skolens elevsystem.');
    expect(cardText(card)).toContain('5 elever i klassen');
    expect(choiceValue(card, 'Maja Ny')).toBeDefined();
  });

  it('classes deleted in the school system: Graph has nothing about her, so the directory\'s class and the roster as last saved apply', async () => {
    graph.education.deleteClass('c-8a');
    // 9A still in Graph: it is her only class there now.
    [card] = await bot.say(kari, 'elevsamtaler');
    expect(cardText(card)).toContain('Elevsamtaler 9A');
    expect(buttons(card)).not.toContain('Vis klassen');
    graph.education.deleteClass('c-9a');
    [card] = await bot.say(kari, 'elevsamtaler');
    const text = cardText(card);
    expect(text).toContain('Elevsamtaler 8A');
    expect(text).not.toContain('elevsystem');
    expect(text).toContain('5 elever i klassen');
    expect(fieldValue(card, 'names')).toBe('');
  });

  it('never logs a pupil’s name', () => {
    const logs = app.logs.join('\n');
    for (const name of [...CLASS_8A.map((p) => p.displayName), 'Emil Strand', 'Tiril Moe', 'Maja Ny']) expect(logs).not.toContain(name);
    expect(logs).toContain('roster brought in step with the school system');
    expect(logs).toContain('school roster could not be read, the last saved one is shown');
  });
});
