/**
 * Klage rettet mot personale (seed 001, SPEC §3.3) in Teams, through the real endpoint, Azurite and
 * a local connector: the avdelingsleder registers the complaint from «klage», informs the employee
 * (who gets their own view in their chat), records the talk, the groundless notice and the joint
 * meeting; the employee signs their part, the leader confirms the complainant's paper signature
 * and closes. Others find nothing; forms keep what was typed; logs hold no names or free text.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona } from '../support/bot-client';

const lars = persona('Lars'); // avdelingsleder: receives and registers
const rektor = persona('Ragnhild');
const per = persona('Per'); // the employee the complaint is about
const kari = persona('Kari'); // other staff
const eva = persona('Eva'); // rektor at another school

const clock = { at: new Date('2026-11-02T09:00:00Z'), now() { return this.at; } };

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
  await bot.say(per, 'hei'); // Per has the bot in his personal chat
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

const fieldValue = (card: unknown, id: string) => JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];
const refOf = (card: unknown) => /PK-\d{4}-\d{4}/.exec(cardText(card))![0];
const COMPLAINANT = 'Hilde Foresattsen';
const SUMMARY = 'Læreren snakker nedsettende til klassen';

const registration = (o: Record<string, unknown> = {}) => ({
  employeeId: per.userId,
  complainantKind: 'foresatt',
  complainantName: COMPLAINANT,
  route: 'direkte_kontakt_uten_resultat',
  summary: SUMMARY,
  talkedOn: '2026-11-02',
  written: 'mottatt',
  procedureExplained: 'true',
  pupilOffence: 'false',
  ...o,
});

async function form(who = lars) {
  return bot.act(who, 'complaint.choose', { about: 'ansatt' });
}

async function register(o: Record<string, unknown> = {}) {
  const card = await form();
  return bot.act(lars, 'pk.submit', { ...findVerb(card, 'Registrer klagen').data, ...registration(o) });
}

describe('klage rettet mot personale', () => {
  let ref = '';
  let data: Record<string, unknown> = {};

  it('other staff still get the redirect; the avdelingsleder registers: problems are named, what was typed is kept, and the card gives the next step and only the allowed buttons', async () => {
    const redirect = await form(kari);
    expect(cardText(redirect)).toContain('Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kolleger.');
    expect(buttons(redirect)).toEqual([]);

    const card = await form();
    const t = cardText(card);
    for (const label of ['Klagen gjelder', 'Hvem klager', 'Klagerens navn', 'Hvorfor kom klagen til deg', 'Kort om klagen', 'Skriftlig klage', 'Klagen går ut på at en ansatt krenker en elev']) expect(t).toContain(label);
    expect(t).toContain('Per Hansen');
    expect(t).not.toContain('Lars Eide'); // nobody registers a complaint about themselves

    const bad = await bot.act(lars, 'pk.submit', { ...findVerb(card, 'Registrer klagen').data, ...registration({ complainantName: '', procedureExplained: 'false' }) });
    expect(cardText(bad)).toContain('Noe mangler eller er feil. Det du skrev er tatt vare på.');
    expect(cardText(bad)).toContain('Må fylles ut.');
    expect(fieldValue(bad, 'summary')).toBe(SUMMARY);
    expect(fieldValue(bad, 'employeeId')).toBe(per.userId);

    const saved = await bot.act(lars, 'pk.submit', { ...findVerb(bad, 'Registrer klagen').data, ...registration() });
    ref = refOf(saved);
    expect(ref).toMatch(/^PK-2026-\d{4}$/);
    const s = cardText(saved);
    expect(s).toContain(`Klagen er registrert som ${ref}.`);
    expect(s).toContain('Neste steg: Nærmeste leder informerer umiddelbart den ansatte om mottatt klage.');
    expect(s).toContain(COMPLAINANT);
    expect(s).not.toContain('§ 12-5');
    expect(buttons(saved)).toEqual(['Informer den ansatte']); // nothing else before the employee is informed
    data = findVerb(saved, 'Informer den ansatte').data;
    // A second click on the same form shows the same complaint.
    expect(refOf(await bot.act(lars, 'pk.submit', { ...findVerb(bad, 'Registrer klagen').data, ...registration() }))).toBe(ref);
    // «sak PK-…» finds it again, for the leader and rektor.
    expect(cardText((await bot.say(lars, `sak ${ref}`))[0])).toContain(COMPLAINANT);
    expect(cardText((await bot.say(rektor, `sak ${ref}`))[0])).toContain(COMPLAINANT);
  });

  it('nobody else finds it, and the employee sees nothing before being informed', async () => {
    for (const who of [kari, eva, per]) expect(cardText((await bot.say(who, `sak ${ref}`))[0])).not.toContain(ref);
    for (const who of [kari, eva, per]) expect(cardText(await bot.act(who, 'pk.refresh', data))).not.toContain(SUMMARY);
    expect(cardText(await bot.act(kari, 'pk.inform', data))).not.toContain(SUMMARY);
  });

  it('informing the employee: Per gets his own view in his chat, without the complainant’s name', async () => {
    const before = connector.cardsFor(per.userId).length;
    const card = await bot.act(lars, 'pk.inform', data);
    expect(cardText(card)).toContain('Den ansatte er informert og har fått klagen i sin chat.');
    expect(cardText(card)).toContain('Neste steg: Kall inn den ansatte til samtale. Det anbefales at vedkommende har med seg sin tillitsvalgte.');
    expect(buttons(card)).toEqual(['Samtale med ansatt', 'Avslutt klagen']);
    const sent = connector.cardsFor(per.userId).slice(before);
    expect(sent).toHaveLength(1);
    const mine = cardText(sent[0]);
    expect(mine).toContain('Leder har informert deg om en klage som gjelder deg.');
    expect(mine).toContain(SUMMARY);
    expect(mine).not.toContain(COMPLAINANT);
    expect(buttons(sent[0])).toEqual([]);
    // Per's own view, also when he opens it; he cannot take the leader's steps.
    const own = cardText((await bot.say(per, `sak ${ref}`))[0]);
    expect(own).toContain(SUMMARY);
    expect(own).not.toContain(COMPLAINANT);
    expect(cardText(await bot.act(per, 'pk.talk.open', data))).not.toContain('Den ansattes versjon');
    // A second click informs nobody again.
    await bot.act(lars, 'pk.inform', data);
    expect(connector.cardsFor(per.userId).length).toBe(before + 1);
  });

  it('the employee talk (union rep recorded), the groundless notice, then the joint meeting; a form error keeps what was typed', async () => {
    const talk = await bot.act(lars, 'pk.talk.open', data);
    expect(fieldValue(talk, 'date')).toBe('2026-11-02');
    const save = findVerb(talk, 'Lagre').data;
    const bad = await bot.act(lars, 'pk.talk.save', { ...save, date: '2026-12-24', unionRepPresent: 'true', employeeVersion: 'Jeg kjenner meg ikke igjen', groundless: 'true' });
    expect(cardText(bad)).toContain('Datoen kan ikke være fram i tid.');
    expect(fieldValue(bad, 'employeeVersion')).toBe('Jeg kjenner meg ikke igjen');
    const ok = await bot.act(lars, 'pk.talk.save', { ...save, date: '2026-11-02', unionRepPresent: 'true', employeeVersion: 'Jeg kjenner meg ikke igjen', groundless: 'true' });
    expect(cardText(ok)).toContain('tillitsvalgt til stede: ja, grunnløs etter den ansattes syn: ja');
    expect(cardText(ok)).toContain('Neste steg: Den ansatte mener at klagen er grunnløs: skolens ledelse underretter klageren om dette.');
    expect(buttons(ok)).toEqual(['Klager underrettet', 'Avslutt klagen']);
    // The joint meeting is refused in words until the complainant is told.
    expect(cardText(await bot.act(lars, 'pk.meeting.open', data))).toContain('Klageren må underrettes');

    const notify = await bot.act(lars, 'pk.notify.open', data);
    const told = await bot.act(lars, 'pk.notify.save', { ...findVerb(notify, 'Lagre').data, date: '2026-11-02' });
    expect(buttons(told)).toEqual(['Felles møte', 'Avslutt klagen']);

    const meeting = await bot.act(lars, 'pk.meeting.open', data);
    const m = findVerb(meeting, 'Lagre').data;
    const missing = await bot.act(lars, 'pk.meeting.save', { ...m, date: '2026-11-02', unionRepPresent: 'true', complainantPresent: 'true', agreed: 'true', agreementText: '' });
    expect(cardText(missing)).toContain('Må fylles ut.');
    const agreed = await bot.act(lars, 'pk.meeting.save', { ...m, date: '2026-11-02', unionRepPresent: 'true', complainantPresent: 'true', agreed: 'true', agreementText: 'Tonen i klasserommet tas opp igjen om en måned' });
    const a = cardText(agreed);
    expect(a).toContain('Neste steg: Avtalen undertegnes av partene.');
    expect(a).toContain('Mangler underskrift\nDen ansatte, Tillitsvalgt, Klageren');
    expect(buttons(agreed)).toEqual(['Bekreft underskrift: Den ansatte', 'Bekreft underskrift: Tillitsvalgt', 'Bekreft underskrift: Klageren', 'Avslutt klagen']);
  });

  it('sign-off: Per signs his own part with a button, the leader confirms the paper signatures, then closes with a note', async () => {
    const mine = (await bot.say(per, `sak ${ref}`))[0];
    expect(buttons(mine)).toEqual(['Undertegn avtalen']);
    const signed = await bot.act(per, 'pk.sign.ansatt', findVerb(mine, 'Undertegn avtalen').data);
    expect(cardText(signed)).toContain('Underskriften er registrert.');
    expect(buttons(signed)).toEqual([]);
    // Per cannot sign for the complainant.
    expect(cardText(await bot.act(per, 'pk.sign.klager', data))).not.toContain('Underskriften er registrert.');

    await bot.act(lars, 'pk.sign.klager', data);
    const all = await bot.act(lars, 'pk.sign.tillitsvalgt', data);
    expect(cardText(all)).toContain('Undertegnet\nDen ansatte, Klageren, Tillitsvalgt');
    expect(cardText(all)).toContain('Neste steg: Saken kan avsluttes.');

    const close = await bot.act(lars, 'pk.close.open', data);
    const empty = await bot.act(lars, 'pk.close.save', { ...findVerb(close, 'Lagre').data, note: '' });
    expect(cardText(empty)).toContain('Må fylles ut.');
    const done = await bot.act(lars, 'pk.close.save', { ...findVerb(close, 'Lagre').data, note: 'Løst i felles møte' });
    expect(cardText(done)).toContain('Klagen er avsluttet.');
    expect(buttons(done)).toEqual([]);
  });

  it('a complaint that a member of staff offends a pupil: § 12-5 and «Meld fra nå» pre-filled as skjerpet', async () => {
    const card = await register({ pupilOffence: 'true' });
    expect(cardText(card)).toContain('skjerpet aktivitetsplikt etter opplæringsloven § 12-5 gjelder');
    const report = findVerb(card, 'Meld fra nå');
    expect(report.verb).toBe('report.start');
    expect(report.data.prefill).toBe('skjerpet');
  });

  it('logs hold no names and no free text', () => {
    const logs = app.logs.join('\n');
    expect(logs).toContain('staff complaint registered');
    for (const secret of [COMPLAINANT, SUMMARY, 'Jeg kjenner meg ikke igjen', 'Tonen i klasserommet', 'Løst i felles møte', 'Per Hansen']) expect(logs).not.toContain(secret);
  });
});
