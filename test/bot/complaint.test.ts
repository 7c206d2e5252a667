/**
 * "klage" (seed 001, SPEC §3.3): staff do not take complaints about colleagues and say where they
 * go; leaders get the routine; a staff member who may be offending a pupil is § 12-5, and the
 * report starts as skjerpet.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';

const kari = persona('Kari');
const lars = persona('Lars');
const emma = persona('Emma');
const clock = { now: () => new Date('2026-11-25T09:30:00Z') };
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

describe('klage', () => {
  it('asks what the complaint is about', async () => {
    const [card] = await bot.say(kari, 'klage');
    for (const choice of ['Undervisningen i et fag (klage fra elever)', 'En ansatt (klage fra elever eller foresatte)', 'Mistanke om at en ansatt krenker en elev']) expect(cardText(card)).toContain(choice);
    expect(buttons(card)).toEqual(['Gå videre']);
  });

  it('a teacher is told staff do not take complaints about colleagues, and where they go', async () => {
    const card = await bot.act(kari, 'complaint.choose', { about: 'ansatt' });
    expect(cardText(card)).toContain('Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kolleger.');
    expect(cardText(card)).toContain('skal klagen rettes til avdelingsleder');
    expect(cardText(card)).not.toContain('Informer den ansatte straks');
  });

  it('the avdelingsleder gets the registration form (the routine is followed step by step from there)', async () => {
    const card = await bot.act(lars, 'complaint.choose', { about: 'ansatt' });
    expect(cardText(card)).toContain('Klage på en ansatt');
    expect(cardText(card)).toContain('Informer den ansatte straks etterpå.');
    expect(cardText(card)).toContain('Registrer klagen');
  });

  it('a staff member offending a pupil: § 12-5, and the report opens as skjerpet and goes to rektor that way', async () => {
    const card = await bot.act(kari, 'complaint.choose', { about: 'krenker_elev' });
    expect(cardText(card)).toContain('Skjerpet aktivitetsplikt (opplæringsloven § 12-5)');
    const form = await bot.act(kari, 'report.start', findVerb(card, 'Meld fra nå').data);
    expect(JSON.stringify(form)).toMatch(/"id":"staffSuspected"[^}]*"value":"ja"/);
    const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport({ staffSuspected: 'ja' }) });
    const ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
    const c = (await app.cases.listBySchool(DEMO_TENANT, 'ellingsrud')).find((x) => x.ref === ref)!;
    expect([c.route, c.escalation.state]).toEqual(['skjerpet', 'varslet']);
  });

  it('the complaint routines are for staff', async () => {
    expect(cardText((await bot.say(emma, 'klage'))[0])).toContain('Meld fra er for ansatte ved skolen');
  });
});
