/**
 * "elevsamtaler" (seeds 002, 003, SPEC §3.5, §4): the kontaktlærer keeps the class roster, marks
 * conversations once, is pointed to the duty to report, and is reminded personally; the class
 * channel gets counts only. Through the real endpoint, Azurite and a local connector.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona, type As } from '../support/bot-client';
import { DEMO_TENANT, SECOND_SCHOOL } from '../../src/seed';
import { calendarFor } from '../../src/app/school-time';
import { windowsOf } from '../../src/domain/pupil-talks';
import type { School } from '../../src/domain/school';
import { PupilTalksRepository } from '../../src/adapters/tables/pupil-talks-repository';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import { connectionString, testTables, uniquePrefix } from '../support/tables';

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
/** The app's own table, read directly to see what is kept after a pupil is removed. */
let talksRepo: PupilTalksRepository;
/** This file's tables in the shared Azurite. */
let prefix = '';

beforeAll(async () => {
  prefix = uniquePrefix();
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock, env: { TABLE_PREFIX: prefix } });
  talksRepo = new PupilTalksRepository(testTables(prefix));
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
    expect(buttons(card)).toEqual(['Registrer samtalen', 'Legg til elever', 'Endre klasselisten', 'Varsel om orden og atferd']);
    // One class: no class picker.
    expect(buttons(card)).not.toContain('Vis klassen');
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

  // Seed 002, «Tips til rektor»: «Sørg for at læreren vet hva han skal gjøre dersom han får vite om rus, vold
  // eller overgrep eller andre forhold som utløser meldeplikten». The meldeplikt is the duty to inform
  // barnevernstjenesten (barnevernsloven § 13-2) and to avert crime (straffeloven § 196), resting on each
  // member of staff; a skolemiljø report (opplæringsloven § 12-4) is an additional step, not the answer.
  it('a revealed concern: the meldeplikt guidance (barnevernstjenesten, avvergingsplikt, her own duty, whom to talk to); «Meld fra» only as an extra step; nothing stored', async () => {
    // The school's own contact, from its settings (meldepliktContact in the admin file).
    const school = (await app.directory.getSchool(DEMO_TENANT, 'ellingsrud'))!;
    await app.directory.upsertSchool({ ...school, meldepliktContact: 'Helsesykepleier Hilde Moe, tlf. 22 00 00 00' });
    const { data } = findVerb(card, 'Registrer samtalen');
    const sara = choiceValue(card, 'Sara Berg')!;
    const done = await bot.act(kari, 'talks.mark', { ...data, pupilId: sara, kind: 'elevsamtale_host', on: '2026-11-25', concern: 'vold' });
    const t = cardText(done);
    expect(t).toContain('Registrert: Elevsamtale høst med Sara Berg.');
    expect(t).toContain('Meldeplikt: opplysningsplikt til barnevernstjenesten');
    expect(t).toContain('Samtalen avdekket vold.');
    // Barnevernsloven § 13-2: without regard to the duty of confidentiality, when there is reason to believe.
    expect(t).toContain('Opplysningsplikt til barnevernstjenesten (barnevernsloven § 13-2)');
    expect(t).toContain('uten hinder av taushetsplikten gi opplysninger til barnevernstjenesten når det er grunn til å tro at et barn blir mishandlet hjemme');
    expect(t).toContain('Avvergingsplikt (straffeloven § 196)');
    // Her own duty: not handed over to rektor.
    expect(t).toContain('Du kan ikke overlate dem til rektor eller en annen leder.');
    // Whom to talk to: rektor by name from the directory, and the school's own contact.
    expect(t).toContain('Rektor: Ragnhild Berg');
    expect(t).toContain('Skolens kontakt: Helsesykepleier Hilde Moe, tlf. 22 00 00 00');
    // «Meld fra» is offered as an additional step for the school environment only.
    expect(t).toContain('Gjelder det også elevens skolemiljø');
    expect(t).toContain('«Meld fra» erstatter ikke opplysningsplikten til barnevernstjenesten.');
    expect(buttons(done)).toEqual(['Tilbake til klassen', 'Meld fra (skolemiljø)']);
    const meld = findVerb(done, 'Meld fra (skolemiljø)');
    expect(meld.verb).toBe('report.start');
    expect(buttons(await bot.act(kari, meld.verb, meld.data))).toContain('Send meldingen');
    const back = findVerb(done, 'Tilbake til klassen');
    expect(cardText(await bot.act(kari, back.verb, back.data))).toContain('1 av 3 elevsamtaler høst');

    // Marking again (already registered) still gives the guidance, and changes nothing.
    const again = await bot.act(kari, 'talks.mark', { ...data, pupilId: sara, kind: 'elevsamtale_host', on: '2026-11-25', concern: 'overgrep' });
    expect(cardText(again)).toContain('Denne samtalen er allerede registrert. Ingenting er endret.');
    expect(cardText(again)).toContain('Samtalen avdekket overgrep.');
    // A concern with a form error keeps what was chosen and says the duty is hers; the guidance comes with a valid mark.
    const bad = await bot.act(kari, 'talks.mark', { ...data, pupilId: '', kind: 'elevsamtale_host', on: '2026-11-25', concern: 'overgrep' });
    expect(cardText(bad)).toContain('har du selv plikt til å gi opplysninger til barnevernstjenesten');
    expect(fieldValue(bad, 'concern')).toBe('overgrep');

    // No pupil detail is stored by the guidance: no row in any of the app's tables, and no log line, names the concern.
    const service = TableServiceClient.fromConnectionString(connectionString(), { allowInsecureConnection: true });
    for await (const table of service.listTables()) {
      if (!table.name?.startsWith(prefix)) continue;
      const rows: unknown[] = [];
      for await (const e of TableClient.fromConnectionString(connectionString(), table.name, { allowInsecureConnection: true }).listEntities()) rows.push(e);
      expect(JSON.stringify(rows)).not.toMatch(/overgrep|"vold"|revealedConcern/i);
    }
    expect(app.logs.join("\n")).not.toMatch(/overgrep|\bvold\b|revealedConcern/i);
    await app.directory.upsertSchool(school);
  });

  it('the meldeplikt guidance in nynorsk', async () => {
    const nnKari = { ...kari, locale: 'nn-NO' };
    const [nn] = await bot.say(nnKari, 'elevsamtalar');
    const { data } = findVerb(nn, 'Registrer samtalen');
    // Sara's conversation is registered already: nothing changes, and the guidance still comes.
    const done = await bot.act(nnKari, 'talks.mark', { ...data, pupilId: choiceValue(nn, 'Sara Berg')!, kind: 'elevsamtale_host', on: '2026-11-25', concern: 'rus' });
    const t = cardText(done);
    expect(t).toContain('Meldeplikt: opplysningsplikt til barnevernstenesta');
    expect(t).toContain('Opplysningsplikt til barnevernstenesta (barnevernslova § 13-2)');
    expect(t).toContain('Du kan ikkje overlate dei til rektor eller ein annan leiar.');
    expect(buttons(done)).toEqual(['Tilbake til klassen', 'Meld frå (skolemiljø)']);
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
    // Not in the night: 05:30 Oslo time sends nothing, 10:30 does.
    clock.at = new Date(`${due}T04:30:00Z`);
    const before = connector.sent.length;
    expect(await app.talks.sweep()).toEqual({ personal: 0, channel: 0, failed: 0 });
    expect(connector.sent.length).toBe(before);
    clock.at = new Date(`${due}T09:30:00Z`);
    expect(await app.talks.sweep()).toEqual({ personal: 1, channel: 1, failed: 0 });
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
    expect(await app.talks.sweep()).toEqual({ personal: 0, channel: 0, failed: 0 });
    clock.at = new Date('2026-11-25T09:30:00Z');
  });

});

describe('elevsamtaler: the class list changes during the year', () => {
  let main: any;
  let ref: Record<string, unknown>;
  beforeAll(async () => {
    [main] = await bot.say(kari, 'elevsamtaler');
    ref = findVerb(main, 'Endre klasselisten').data;
  });

  it('corrects a name: the conversations registered stay with the pupil; a bad name is named and what she typed is kept', async () => {
    const list = await bot.act(kari, 'talks.roster.open', ref);
    expect(cardText(list)).toContain('Klasselisten 8A');
    for (const n of NAMES) expect(cardText(list)).toContain(`${n} – under 18 år`);
    expect(buttons(list)).toEqual(['Endre eleven', 'Tilbake']);
    expect(cardText(await bot.act(kari, 'talks.pupil.open', { ...ref, pupilId: '' }))).toContain('Velg eleven.');
    const ola = choiceValue(list, 'Ola Nordmann')!;
    const edit = await bot.act(kari, 'talks.pupil.open', { ...ref, pupilId: ola });
    expect(cardText(edit)).toContain('Endre elev i 8A');
    expect(fieldValue(edit, 'name')).toBe('Ola Nordmann');
    expect(cardText(edit)).toContain('Startsamtale: fre. 20.11.2026');
    expect(buttons(edit)).toEqual(['Lagre endringene', 'Fjern fra klasselisten', 'Tilbake']);
    const save = findVerb(edit, 'Lagre endringene').data;
    const dup = await bot.act(kari, 'talks.pupil.save', { ...save, name: 'sara  berg', under18: 'true', joinedOn: '' });
    expect(cardText(dup)).toContain('Navnet står allerede på listen.');
    expect(fieldValue(dup, 'name')).toBe('sara  berg');
    expect(cardText(await bot.act(kari, 'talks.pupil.save', { ...save, name: '  ', under18: 'true', joinedOn: '' }))).toContain('Skriv navnet.');
    const badDay = await bot.act(kari, 'talks.pupil.save', { ...save, name: 'Ola Nordmann-Li', under18: 'false', joinedOn: '2025-11-01' });
    expect(cardText(badDay)).toContain('Datoen må være i dette skoleåret.');
    expect(fieldValue(badDay, 'name')).toBe('Ola Nordmann-Li');
    expect(fieldValue(badDay, 'joinedOn')).toBe('2025-11-01');
    expect(fieldValue(badDay, 'under18')).toBe('false');
    // Someone else cannot, whatever the card says.
    expect(cardText(await bot.act(persona('Per'), 'talks.pupil.save', { ...save, name: 'Inntrenger', under18: 'true', joinedOn: '' }))).toContain('Du har ikke rollen');
    const ok = await bot.act(kari, 'talks.pupil.save', { ...save, name: 'Ola  Nordmann-Li', under18: 'true', joinedOn: '' });
    expect(cardText(ok)).toContain('Endret: Ola Nordmann-Li. Samtalene som er registrert, følger med.');
    expect(cardText(ok)).toContain('1 av 3 startsamtaler');
    expect(choiceValue(ok, 'Ola Nordmann-Li')).toBe(ola);
    expect(cardText(ok)).not.toContain('Inntrenger');
  });

  it('removes a pupil only after asking; afterwards nothing about the pupil is kept', async () => {
    const nils = choiceValue(main, 'Nils Dahl')!;
    const edit = await bot.act(kari, 'talks.pupil.open', { ...ref, pupilId: nils });
    const ask = await bot.act(kari, 'talks.pupil.remove', findVerb(edit, 'Fjern fra klasselisten').data);
    expect(cardText(ask)).toContain('Fjerne Nils Dahl fra klasselisten?');
    expect(cardText(ask)).toContain('Dette kan ikke angres.');
    expect(buttons(ask)).toEqual(['Ja, fjern eleven', 'Avbryt']);
    // «Avbryt» goes back to the pupil; nothing has changed.
    expect(fieldValue(await bot.act(kari, 'talks.pupil.open', findVerb(ask, 'Avbryt').data), 'name')).toBe('Nils Dahl');
    const confirm = findVerb(ask, 'Ja, fjern eleven').data;
    expect(cardText(await bot.act(persona('Per'), 'talks.pupil.remove.confirm', confirm))).toContain('Du har ikke rollen');
    const gone = await bot.act(kari, 'talks.pupil.remove.confirm', confirm);
    expect(cardText(gone)).toContain('Eleven er fjernet fra klasselisten.');
    expect(cardText(gone)).toContain('2 elever i klassen');
    expect(cardText(gone)).not.toContain('Nils Dahl');
    // The same button on an old card: said so, nothing changes.
    expect(cardText(await bot.act(kari, 'talks.pupil.remove.confirm', confirm))).toContain('Eleven står ikke lenger på klasselisten. Ingenting er endret.');
    expect(cardText(await bot.act(kari, 'talks.pupil.open', { ...ref, pupilId: nils }))).toContain('Eleven står ikke lenger på klasselisten.');
    // What is stored for the class has neither his name nor his id.
    const row = JSON.stringify(await talksRepo.get(DEMO_TENANT, 'ellingsrud', 2026, '8A'));
    expect(row).toContain('Sara Berg');
    expect(row).not.toContain('Nils');
    expect(row).not.toContain(nils);
  });

  it('a pupil who comes later has the startsamtale within two school weeks of the day they came', async () => {
    expect(fieldValue(main, 'newcomers')).toBe('true');
    const add = findVerb(main, 'Legg til elever').data;
    const card = await bot.act(kari, 'talks.roster.add', { ...add, names: 'Lise Ås', under18: 'true', newcomers: 'true' });
    expect(cardText(card)).toContain('Ny i klassen');
    expect(cardText(card)).toContain('Lise Ås: startsamtale innen tir. 8.12.2026');
    expect(cardText(card)).toContain('1 av 3 startsamtaler – 1 forsinket'); // Sara is late; Lise is not
    // One forgotten when the list was typed is with the class from the start.
    const forgotten = await bot.act(kari, 'talks.roster.add', { ...add, names: 'Emil Lunde', under18: 'true', newcomers: 'false' });
    expect(cardText(forgotten)).toContain('1 av 4 startsamtaler – 2 forsinket');
    const list = await bot.act(kari, 'talks.roster.open', ref);
    expect(cardText(list)).toContain('Lise Ås – under 18 år – ny i klassen fra ons. 25.11.2026');
    expect(cardText(list)).toContain('Emil Lunde – under 18 år\n');
    const lise = await bot.act(kari, 'talks.pupil.open', { ...ref, pupilId: choiceValue(list, 'Lise Ås') });
    expect(cardText(lise)).toContain('Startsamtale innen tir. 8.12.2026');
    expect(fieldValue(lise, 'joinedOn')).toBe('2026-11-25');
  });

  it('registers a varsel om fare for nedsatt karakter i orden og atferd: once a half-year, counted, never in a channel', async () => {
    const open = await bot.act(kari, 'talks.warn.open', findVerb(main, 'Varsel om orden og atferd').data);
    expect(cardText(open)).toContain('Varsel om orden og atferd – 8A');
    expect(cardText(open)).toContain('varsle elever om fare for nedsatt karakter i orden og atferd så snart som mulig');
    expect(cardText(open)).toContain('Ingen varsler er registrert.');
    const sara = choiceValue(open, 'Sara Berg')!;
    const save = findVerb(open, 'Registrer varselet').data;
    const noArea = await bot.act(kari, 'talks.warn.save', { ...save, pupilId: sara, area: '', on: '2026-11-24' });
    expect(cardText(noArea)).toContain('Varselet ble ikke registrert');
    expect(fieldValue(noArea, 'pupilId')).toBe(sara);
    expect(fieldValue(noArea, 'on')).toBe('2026-11-24');
    const lastYear = await bot.act(kari, 'talks.warn.save', { ...save, pupilId: sara, area: 'orden', on: '2026-06-01' });
    expect(cardText(lastYear)).toContain('Varselet ble ikke registrert');
    expect(fieldValue(lastYear, 'area')).toBe('orden');
    const ok = await bot.act(kari, 'talks.warn.save', { ...save, pupilId: sara, area: 'atferd', on: '2026-11-24' });
    expect(cardText(ok)).toContain('Registrert: varsel om fare for nedsatt karakter i atferd til Sara Berg.');
    expect(cardText(ok)).toContain('Sara Berg: atferd (tir. 24.11.2026)');
    expect(cardText(ok)).toContain('0 i orden og 1 i atferd dette skoleåret');
    const again = await bot.act(kari, 'talks.warn.save', { ...save, pupilId: sara, area: 'atferd', on: '2026-11-25' });
    expect(cardText(again)).toContain('Eleven er allerede varslet om atferd dette halvåret. Ingenting er endret.');
    expect(cardText(await bot.act(rektor, 'talks.warn.save', { ...save, pupilId: sara, area: 'orden', on: '2026-11-25' }))).toContain('Du har ikke rollen');
    expect(cardText((await bot.say(kari, 'elevsamtaler'))[0])).toContain('0 i orden og 1 i atferd dette skoleåret');
    const edit = await bot.act(kari, 'talks.pupil.open', { ...ref, pupilId: sara });
    expect(cardText(edit)).toContain('Varsel om fare for nedsatt karakter i atferd: tir. 24.11.2026');
  });
});

describe('elevsamtaler: a kontaktlærer with several classes', () => {
  const per = persona('Per'); // faglærer at Ellingsrud, kontaktlærer 5B at Nordberg in the demo
  beforeAll(async () => {
    // Here he also has 6A at Nordberg and 9C at Ellingsrud.
    for (const m of await app.directory.membershipsOf(DEMO_TENANT, per.userId)) {
      await app.directory.upsertMembership(m.schoolId === SECOND_SCHOOL ? { ...m, classes: ['5B', '6A'] } : { ...m, roles: [...m.roles, 'kontaktlaerer'], classes: ['9C'] });
    }
  });

  it('the card offers each of her classes, at both schools, and shows the one chosen', async () => {
    const [first] = await bot.say(per, 'elevsamtaler');
    const json = JSON.stringify(first);
    for (const c of ['9C – Ellingsrud skole (demo)', '5B – Nordberg skole (demo)', '6A – Nordberg skole (demo)']) expect(json).toContain(`"title":"${c}"`);
    expect(buttons(first)).toContain('Vis klassen');
    const show = findVerb(first, 'Vis klassen').data;
    const six = await bot.act(per, 'talks.show', { ...show, pickClass: 'nordberg|6A' });
    expect(cardText(six)).toContain('Elevsamtaler 6A');
    expect(cardText(six)).toContain('Nordberg skole (demo)');
    expect(fieldValue(six, 'pickClass')).toBe('nordberg|6A');
    const added = await bot.act(per, 'talks.roster.add', { ...findVerb(six, 'Legg til elever').data, names: 'Mia Holm\nTuva Lie', under18: 'true' });
    expect(cardText(added)).toContain('Elevsamtaler 6A');
    expect(cardText(added)).toContain('2 elever i klassen');
    const five = await bot.act(per, 'talks.show', { ...show, pickClass: 'nordberg|5B' });
    expect(cardText(five)).toContain('Elevsamtaler 5B');
    expect(cardText(five)).toContain('Klasselisten er tom.');
    expect(cardText(five)).not.toContain('Mia Holm');
  });

  it('a class she is not kontaktlærer for is refused by the directory, whatever the card says', async () => {
    const [first] = await bot.say(per, 'elevsamtaler');
    const show = findVerb(first, 'Vis klassen').data;
    for (const pickClass of ['ellingsrud|8A', 'nordberg|9C', 'nordberg|8A']) {
      const refused = cardText(await bot.act(per, 'talks.show', { ...show, pickClass }));
      expect(refused).toContain('Du har ikke rollen');
      expect(refused).not.toContain('Sara Berg');
    }
    expect(cardText(await bot.act(per, 'talks.roster.open', { schoolId: 'ellingsrud', className: '8A' }))).toContain('Du har ikke rollen');
    expect(cardText(await bot.act(per, 'talks.warn.open', { schoolId: 'ellingsrud', className: '8A' }))).toContain('Du har ikke rollen');
    const kariTries = cardText(await bot.act(kari, 'talks.show', { schoolId: 'ellingsrud', className: '8A', pickClass: 'nordberg|6A' }));
    expect(kariTries).toContain('Du har ikke rollen');
    expect(kariTries).not.toContain('Mia Holm');
  });
});

describe('elevsamtaler: reminders when a send fails', () => {
  const kariChat = `a:conv-${kari.userId}`;
  const per = persona('Per');
  let school: School;
  const dueOf = (month: string) => windowsOf('klassens_time', 2026, calendarFor(school, `${month}-15`)).find((w) => w.month === month)!.due;
  const to = (from: number, conversationId: string) => connector.sent.slice(from).filter((s) => s.conversationId === conversationId);
  beforeAll(async () => {
    school = (await app.directory.getSchool(DEMO_TENANT, 'ellingsrud'))!;
  });
  afterAll(() => {
    clock.at = new Date('2026-11-25T09:30:00Z');
  });

  it('the class channel refuses (403): the kontaktlærer still gets hers, once; a re-run sends neither again', async () => {
    clock.at = new Date(`${dueOf('2027-01')}T09:30:00Z`);
    connector.failConversation(CLASS_CHANNEL, 403);
    const before = connector.sent.length;
    expect(await app.talks.sweep()).toMatchObject({ channel: 0, failed: 1 });
    expect(to(before, kariChat)).toHaveLength(1);
    expect(JSON.stringify(to(before, kariChat)[0].activity)).toContain('Påminnelse: elevsamtaler 8A');
    expect(to(before, CLASS_CHANNEL)).toHaveLength(0);
    const after = connector.sent.length;
    expect(await app.talks.sweep()).toEqual({ personal: 0, channel: 0, failed: 0 });
    expect(connector.sent.length).toBe(after);
    expect(app.logs.join('\n')).toContain('elevsamtale reminder could not be delivered, not retried');
  });

  it('her chat fails: the class channel still gets its counts; the next sweep sends hers and not the channel’s again', async () => {
    clock.at = new Date(`${dueOf('2027-02')}T09:30:00Z`);
    connector.failConversation(kariChat, 500, 4); // botbuilder itself tries a 5xx four times
    const before = connector.sent.length;
    expect(await app.talks.sweep()).toMatchObject({ channel: 1, failed: 1 });
    expect(to(before, CLASS_CHANNEL)).toHaveLength(1);
    expect(to(before, kariChat)).toHaveLength(0);
    const second = connector.sent.length;
    expect(await app.talks.sweep()).toMatchObject({ personal: 1, channel: 0, failed: 0 });
    expect(to(second, kariChat)).toHaveLength(1);
    expect(to(second, CLASS_CHANNEL)).toHaveLength(0);
    expect(await app.talks.sweep()).toEqual({ personal: 0, channel: 0, failed: 0 });
    expect(app.logs.join('\n')).toContain('elevsamtale reminder not sent, will retry');
  });

  it('her chat refuses for good (403): the channel gets its counts and hers is not tried again that day', async () => {
    clock.at = new Date(`${dueOf('2027-03')}T09:30:00Z`);
    connector.failConversation(kariChat, 403);
    const before = connector.sent.length;
    expect(await app.talks.sweep()).toMatchObject({ channel: 1, failed: 1 });
    expect(to(before, CLASS_CHANNEL)).toHaveLength(1);
    expect(await app.talks.sweep()).toEqual({ personal: 0, channel: 0, failed: 0 });
    expect(to(before, kariChat)).toHaveLength(0);
  });

  it('no class channel chosen: the kontaktlærer is reminded all the same', async () => {
    // Per's 6A at Nordberg has no channel; he is reminded in his chat on the same days.
    clock.at = new Date(`${dueOf('2027-04')}T09:30:00Z`);
    const before = connector.sent.length;
    await app.talks.sweep();
    const his = to(before, `a:conv-${per.userId}`).map((s) => JSON.stringify(s.activity));
    expect(his.some((a) => a.includes('Påminnelse: elevsamtaler 6A'))).toBe(true);
    const channels = connector.sent.slice(before).filter((s) => s.conversationId.startsWith('19:')).map((s) => JSON.stringify(s.activity));
    expect(channels.every((a) => !a.includes('6A'))).toBe(true);
  });

  it('an instance that stopped after claiming her reminder: a later sweep takes it over once the lease has run out, and sends it once', async () => {
    const day = dueOf('2027-05');
    clock.at = new Date(`${day}T09:30:00Z`);
    // Another instance claimed Kari's reminder five minutes ago and stopped before sending it.
    expect(await talksRepo.reminders.take({ tenantId: DEMO_TENANT, schoolId: 'ellingsrud', subjectId: '8A', key: day, recipientId: kari.userId }, { now: `${day}T09:25:00.000Z`, until: `${day}T09:35:00.000Z` })).toBeDefined();
    const before = connector.sent.length;
    await app.talks.sweep();
    expect(to(before, kariChat)).toHaveLength(0); // still its own
    expect(to(before, CLASS_CHANNEL)).toHaveLength(1); // the channel was not held up
    clock.at = new Date(`${day}T10:30:00Z`); // the next hourly sweep
    await app.talks.sweep();
    expect(to(before, kariChat)).toHaveLength(1);
    await app.talks.sweep();
    expect(to(before, kariChat)).toHaveLength(1);
    expect(to(before, CLASS_CHANNEL)).toHaveLength(1);
  });
});

describe('elevsamtaler: logs', () => {
  it('no pupil name ever reaches the logs', () => {
    const logs = app.logs.join('\n');
    for (const n of [...NAMES, 'Ola Nordmann-Li', 'Lise Ås', 'Emil Lunde', 'Mia Holm', 'Tuva Lie', 'Inntrenger']) expect(logs).not.toContain(n);
    expect(logs).toContain('talk marked done');
    expect(logs).toContain('pupil removed from roster');
  });
});

