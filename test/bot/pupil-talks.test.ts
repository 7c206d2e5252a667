/**
 * "elevsamtaler" (seeds 002, 003, SPEC §3.5, §4): the kontaktlærer keeps the class roster, marks
 * conversations once, is pointed to the duty to report, and is reminded personally; the class
 * channel gets counts only. Through the real endpoint, Azurite and a local connector.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona, type As } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';
import { calendarFor } from '../../src/app/school-time';
import { windowsOf } from '../../src/domain/pupil-talks';

const kari = persona('Kari'); // kontaktlærer 8A
const rektor = persona('Ragnhild');
const mona = persona('Mona');
const emma = persona('Emma');

const clock = { at: new Date('2026-11-25T09:30:00Z'), now() { return this.at; } };
const CLASS_CHANNEL = '19:klasse8a@thread.tacv2';
const inChannel = (who: As, channel: string): As => ({ ...who, conversationId: `${channel};messageid=1764000000000`, conversationType: 'channel' });
const NAMES = ['Ola Nordmann', 'Sara Berg', 'Nils Dahl'];

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

const fieldValue = (card: unknown, id: string) => JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];
const choiceValue = (card: unknown, title: string) => JSON.stringify(card).match(new RegExp(`"title":"${title}","value":"([^"]*)"`))?.[1];

describe('elevsamtaler', () => {
  let card: Record<string, unknown>;

  it('gives the kontaktlærer her class with an empty roster: one name per line, under 18 by default', async () => {
    const [first] = await bot.say(kari, 'elevsamtaler');
    const text = cardText(first);
    expect(text).toContain('Elevsamtaler 8A');
    expect(text).toContain('Elevenes navn, ett navn per linje');
    expect(fieldValue(first, 'under18')).toBe('true');
    expect(buttons(first)).toEqual(['Legg til elever']);
    // The checklists and the one-to-one reminder are on the card.
    expect(text).toContain('Gjennomfør samtalen én-til-én og i et eget rom.');
    expect(text).toContain('Tips til kontaktlærer');
    expect(text).toContain('Gjennomfør samtalen med hver enkelt elev i enerom.');
    expect(text).toContain('Tips til eleven');
    expect(text).toContain('Læreren har taushetsplikt.');
    card = first;
  });

  it('names a bad roster and keeps what she typed; a good one shows the progress per kind', async () => {
    const { data } = findVerb(card, 'Legg til elever');
    const bad = await bot.act(kari, 'talks.roster.add', { ...data, names: 'Ola Nordmann\nola  nordmann', under18: 'true' });
    expect(cardText(bad)).toContain('Navnet på linje 2 står allerede på listen.');
    expect(fieldValue(bad, 'names')).toBe('Ola Nordmann\\nola  nordmann');
    expect(cardText(await bot.act(kari, 'talks.roster.add', { ...data, names: '  \n ', under18: 'true' }))).toContain('Skriv minst ett navn.');

    card = await bot.act(kari, 'talks.roster.add', { ...data, names: NAMES.join('\n'), under18: 'true' });
    const text = cardText(card);
    expect(text).toContain('3 elever i klassen');
    expect(text).toContain('0 av 3 startsamtaler – 3 forsinket');
    expect(text).toContain('0 av 3 tilbud om foreldresamtale');
    expect(buttons(card)).toEqual(['Registrer samtalen', 'Legg til elever']);
    // The roster is kept: «elevsamtaler» again shows it.
    expect(cardText((await bot.say(kari, 'elevsamtaler'))[0])).toContain('0 av 3 startsamtaler');
  });

  it('marks a conversation once; a second mark changes nothing', async () => {
    const { data } = findVerb(card, 'Registrer samtalen');
    const ola = choiceValue(card, 'Ola Nordmann')!;
    expect(ola).toBeTruthy();
    const done = await bot.act(kari, 'talks.mark', { ...data, pupilId: ola, kind: 'startsamtale', on: '2026-11-20', concern: '' });
    expect(cardText(done)).toContain('Registrert: Startsamtale med Ola Nordmann.');
    expect(cardText(done)).toContain('1 av 3 startsamtaler – 2 forsinket');
    expect(buttons(done)).not.toContain('Meld fra');
    // No pupil chosen, or a date in another school year: named, and what she chose is kept.
    const noPupil = await bot.act(kari, 'talks.mark', { ...data, pupilId: '', kind: 'elevsamtale_var', on: '2026-11-23', concern: '' });
    expect(cardText(noPupil)).toContain('Velg eleven.');
    expect(fieldValue(noPupil, 'kind')).toBe('elevsamtale_var');
    expect(fieldValue(noPupil, 'on')).toBe('2026-11-23');
    const lastYear = await bot.act(kari, 'talks.mark', { ...data, pupilId: ola, kind: 'elevsamtale_var', on: '2026-05-20', concern: '' });
    expect(cardText(lastYear)).toContain('Samtalen ble ikke registrert');
    expect(fieldValue(lastYear, 'pupilId')).toBe(ola);
    expect(fieldValue(lastYear, 'on')).toBe('2026-05-20');
    const again = await bot.act(kari, 'talks.mark', { ...data, pupilId: ola, kind: 'startsamtale', on: '2026-11-24', concern: '' });
    expect(cardText(again)).toContain('Denne samtalen er allerede registrert. Ingenting er endret.');
    expect(cardText(again)).toContain('1 av 3 startsamtaler');
  });

  it('a revealed concern: the duty to report applies and «Meld fra» starts a report', async () => {
    const { data } = findVerb(card, 'Registrer samtalen');
    const sara = choiceValue(card, 'Sara Berg')!;
    const done = await bot.act(kari, 'talks.mark', { ...data, pupilId: sara, kind: 'elevsamtale_host', on: '2026-11-25', concern: 'vold' });
    expect(cardText(done)).toContain('Har du fått vite om rus, vold eller overgrep eller andre forhold som utløser meldeplikten? Da har du plikt til å melde fra.');
    expect(cardText(done)).toContain('1 av 3 elevsamtaler høst');
    expect(buttons(done)).toContain('Meld fra');
    const meld = findVerb(done, 'Meld fra');
    expect(meld.verb).toBe('report.start');
    expect(buttons(await bot.act(kari, meld.verb, meld.data))).toContain('Send meldingen');
    // The concern is never stored: marking again still answers with the duty, and changes nothing.
    const again = await bot.act(kari, 'talks.mark', { ...data, pupilId: sara, kind: 'elevsamtale_host', on: '2026-11-25', concern: 'rus' });
    expect(cardText(again)).toContain('allerede registrert');
    expect(buttons(again)).toContain('Meld fra');
    // A concern with a form error still points to the duty to report.
    const bad = await bot.act(kari, 'talks.mark', { ...data, pupilId: '', kind: 'elevsamtale_host', on: '2026-11-25', concern: 'overgrep' });
    expect(buttons(bad)).toContain('Meld fra');
    expect(fieldValue(bad, 'concern')).toBe('overgrep');
  });

  it('speaks nynorsk to a nynorsk user', async () => {
    const [nn] = await bot.say({ ...kari, locale: 'nn-NO' }, 'elevsamtalar');
    expect(cardText(nn)).toContain('Elevsamtalar 8A');
    expect(cardText(nn)).toContain('Tips til kontaktlærar');
    expect(cardText(nn)).toContain('1 av 3 startsamtalar');
  });

  it('only the class’s kontaktlærer sees and changes the roster; channels never show it', async () => {
    for (const who of [rektor, mona, emma]) {
      expect(await bot.texts(who, 'elevsamtaler')).toEqual(['Bare kontaktlæreren for klassen fører elevsamtaler og ser klasselisten. Spør rektor hvis du skal være kontaktlærer.']);
    }
    const { data } = findVerb(card, 'Registrer samtalen');
    const nils = choiceValue(card, 'Nils Dahl')!;
    for (const who of [rektor, mona]) {
      const refused = cardText(await bot.act(who, 'talks.mark', { ...data, pupilId: nils, kind: 'startsamtale', on: '2026-11-25', concern: '' }));
      expect(refused).toContain('Du har ikke rollen');
      expect(refused).not.toContain('Nils Dahl');
      expect(cardText(await bot.act(who, 'talks.roster.add', { ...data, names: 'Inntrenger', under18: 'true' }))).toContain('Du har ikke rollen');
      expect(cardText(await bot.act(who, 'talks.show', data))).not.toContain('Nils Dahl');
    }
    expect(cardText((await bot.say(kari, 'elevsamtaler'))[0])).not.toContain('Inntrenger');
    expect((await bot.texts(inChannel(kari, '19:x@thread.tacv2'), 'elevsamtaler'))[0]).toContain('bare i den personlige chatten');
  });

  it('the sweep reminds the kontaktlærer with names and posts counts only in the class channel, once', async () => {
    expect((await bot.texts(inChannel(rektor, CLASS_CHANNEL), 'kanal klasse 8A'))[0]).toContain('klasse 8A');
    const school = (await app.directory.getSchool(DEMO_TENANT, 'ellingsrud'))!;
    const due = windowsOf('elevsamtale_var', 2026, calendarFor(school, '2027-03-01'))[0].due;
    clock.at = new Date(`${due}T09:30:00Z`);
    const before = connector.sent.length;
    expect(await app.talks.sweep()).toEqual({ personal: 1, channel: 1 });
    const mine = connector.cardsFor(kari.userId).at(-1)!;
    expect(cardText(mine)).toContain('Påminnelse: elevsamtaler 8A');
    expect(cardText(mine)).toContain('0 av 3 elevsamtaler vår');
    for (const n of NAMES) expect(cardText(mine)).toContain(n);
    const posts = connector.sent.slice(before).filter((s) => s.conversationId === CLASS_CHANNEL).map((s) => JSON.stringify(s.activity));
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Elevsamtaler i 8A');
    expect(posts[0]).toContain('0 av 3 elevsamtaler vår');
    for (const n of [...NAMES, 'Ola', 'Sara', 'Nils']) expect(posts[0]).not.toContain(n);
    // Once per day, even when the sweep runs again.
    expect(await app.talks.sweep()).toEqual({ personal: 0, channel: 0 });
    clock.at = new Date('2026-11-25T09:30:00Z');
  });

  it('no pupil name ever reaches the logs', () => {
    const logs = app.logs.join('\n');
    for (const n of [...NAMES, 'Inntrenger']) expect(logs).not.toContain(n);
    expect(logs).toContain('talk marked done');
  });
});
