/**
 * "permisjon" (seed 003): the kontaktlærer grants up to one school day; longer requests go to the
 * trinn's avdelingsleder, who alone can decide; the kontaktlærer, the elevrådgiver and the
 * administration are told the outcome. Through the real endpoint, Azurite and a local connector.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';

const kari = persona('Kari'); // kontaktlærer 8A
const lars = persona('Lars'); // avdelingsleder 8. trinn
const mona = persona('Mona');
const ingrid = persona('Ingrid'); // elevrådgiver
const tone = persona('Tone'); // kontor: the school office («administrasjonen»)
const per = persona('Per'); // faglærer; made the IT admin in one test
const emma = persona('Emma');

const clock = { at: new Date('2026-11-25T09:30:00Z'), now() { return this.at; } };
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

async function request(from: string, to: string, extra: Record<string, string> = {}) {
  const [form] = await bot.say(kari, 'permisjon');
  const { data } = findVerb(form, 'Registrer søknaden');
  return bot.act(kari, 'leave.submit', { ...data, pupilName: 'Nora Elev', pupilClass: '8A', from, to, reason: 'Familiebesøk i utlandet', ...extra });
}

describe('permisjon', () => {
  it('gives the kontaktlærer the form for her class; bad dates are named and what she typed is kept', async () => {
    const [form] = await bot.say(kari, 'permisjon');
    expect(cardText(form)).toContain('Søknad om permisjon');
    expect(fieldValue(form, 'pupilClass')).toBe('8A');
    const back = await request('2026-12-03', '2026-12-01');
    expect(cardText(back)).toContain('Til-datoen kan ikke være før fra-datoen.');
    expect(fieldValue(back, 'pupilName')).toBe('Nora Elev');
    expect(fieldValue(back, 'reason')).toBe('Familiebesøk i utlandet');
    expect(cardText(await request('2026-11-28', '2026-11-29'))).toContain('Perioden har ingen skoledager.'); // a weekend
  });

  it('one school day: the kontaktlærer decides it herself; the elevrådgiver and the office are told', async () => {
    const card = await request('2026-11-27', '2026-11-27');
    expect(cardText(card)).toContain('Permisjonen gjelder én skoledag eller mindre, så du kan avgjøre den selv.');
    expect(cardText(card)).toContain('1 skoledag'); // singular (Bokmålsordboka: «skoledag», pl. «skoledager»)
    expect(cardText(card)).not.toContain('skoledager');
    expect(buttons(card)).toEqual(['Innvilg', 'Avslå']);
    const data = findVerb(card, 'Innvilg').data;
    const granted = await bot.act(kari, 'leave.grant', { ...data, note: '' });
    await app.leave.idle();
    expect(cardText(granted)).toContain('Søknaden er innvilget av Kari Nordmann');
    expect(buttons(granted)).toEqual([]);
    for (const who of [ingrid, tone]) expect(cardText(connector.cardsFor(who.userId).at(-1))).toContain('Søknaden om permisjon for Nora Elev (8A) fre. 27.11.2026 er innvilget av Kari Nordmann.');
    expect(connector.cardsFor(kari.userId)).toEqual([]);
    // A second click changes nothing.
    expect(cardText(await bot.act(kari, 'leave.grant', { ...data, note: '' }))).toContain('Søknaden er allerede avgjort.');
    // The refusal is logged by its namespaced code and where, with no pupil data.
    const refused = app.logs.filter((l) => l.includes('"msg":"refused"')).at(-1)!;
    expect(JSON.parse(refused)).toMatchObject({ code: 'leave.DECIDED', where: 'leave.grant' });
    expect(refused).not.toMatch(/Nora|Familiebesøk/);
  });

  it('more than one school day goes to the trinn’s avdelingsleder, who alone sees the buttons', async () => {
    const card = await request('2026-11-30', '2026-12-02');
    expect(cardText(card)).toContain('3 skoledager');
    expect(cardText(card)).toContain('er sendt til Lars Eide for avgjørelse');
    expect(buttons(card)).toEqual([]);
    const his = connector.cardsFor(lars.userId).at(-1)!;
    expect(cardText(his)).toContain('Kari Nordmann har registrert en søknad om permisjon som gjelder mer enn én skoledag.');
    expect(buttons(his)).toEqual(['Innvilg', 'Avslå']);
    expect(his.refresh.userIds).toEqual([lars.userId]);
    const data = findVerb(his, 'Avslå').data;

    // The kontaktlærer and another leader cannot decide it, whatever their card sends.
    expect(cardText(await bot.act(kari, 'leave.grant', { ...data, note: '' }))).toContain('Du har ikke rollen');
    expect(cardText(await bot.act(mona, 'leave.grant', { ...data, note: '' }))).toContain('Fant ikke');
    expect(cardText(await bot.act(emma, 'leave.grant', { ...data, note: '' }))).not.toContain('innvilget');

    // Refusing needs a reason.
    const noReason = await bot.act(lars, 'leave.deny', { ...data, note: '' });
    expect(cardText(noReason)).toContain('Skriv hvorfor søknaden avslås.');
    expect(buttons(noReason)).toEqual(['Innvilg', 'Avslå']);
    const denied = await bot.act(lars, 'leave.deny', { ...data, note: 'Heldagsprøve 1. desember.' });
    await app.leave.idle();
    expect(cardText(denied)).toContain('Søknaden er avslått av Lars Eide');
    for (const who of [kari, ingrid, tone]) expect(cardText(connector.cardsFor(who.userId).at(-1))).toContain('er avslått av Lars Eide');
    expect(cardText(connector.cardsFor(kari.userId).at(-1))).toContain('Heldagsprøve 1. desember.');
    expect(cardText(connector.cardsFor(kari.userId).at(-1))).toMatch(/^Permisjon PE-2026-\d{4}: avslått/);
    // The office and the elevrådgiver get the result, not the family's reason or the leader's note.
    for (const who of [ingrid, tone]) {
      const t = cardText(connector.cardsFor(who.userId).at(-1));
      expect(t).toContain('fra man. 30.11.2026 til ons. 2.12.2026');
      expect(t).not.toContain('Familiebesøk');
      expect(t).not.toContain('Heldagsprøve');
    }
  });

  it('a leader sees the requests waiting for him under «permisjon»; staff who are not kontaktlærer are told who registers', async () => {
    await request('2026-12-07', '2026-12-09');
    const cards = await bot.say(lars, 'permisjon');
    expect(cards).toHaveLength(1);
    expect(buttons(cards[0])).toEqual(['Innvilg', 'Avslå']);
    expect(await bot.texts(mona, 'permisjon')).toEqual(['Bare kontaktlærere registrerer permisjonssøknader, for elever i sin egen klasse.']);
    expect(await bot.texts(emma, 'permisjon')).toEqual(['Bare kontaktlærere registrerer permisjonssøknader, for elever i sin egen klasse.']);
    // Pupils' names never go to a channel.
    expect((await bot.texts({ ...kari, conversationId: '19:x@thread.tacv2', conversationType: 'channel' }, 'permisjon'))[0]).toContain('bare i den personlige chatten');
  });

  // Seed 003: «Kontaktlærer arkiverer ferdig behandlede søknader i kontaktlærerperm, leverer original til elev og kopi
  // til elevrådgiver og til administrasjonen.» «Administrasjonen» is the school office (the kontor role), not IT.
  it('the outcome goes to the school office (kontor), not to the IT admin; an office chat that fails gets it when the outbox tries again', async () => {
    // Per gets the IT admin role at Ellingsrud: he runs the app's settings, he is not the office.
    const [perAt] = (await app.directory.membershipsOf(DEMO_TENANT, per.userId)).filter((m) => m.schoolId === 'ellingsrud');
    await app.directory.upsertMembership({ ...perAt, roles: [...perAt.roles, 'admin'] });
    const card = await request('2026-12-16', '2026-12-16');
    const data = findVerb(card, 'Innvilg').data;
    const perBefore = connector.cardsFor(per.userId).length;
    const toneBefore = connector.cardsFor(tone.userId).length;
    // Tone's chat (the office) does not answer now (botbuilder tries a 5xx four times).
    connector.failConversation(`a:conv-${tone.userId}`, 500, 4);
    await bot.act(kari, 'leave.grant', { ...data, note: '' });
    await app.leave.idle();
    expect(cardText(connector.cardsFor(ingrid.userId).at(-1))).toContain('ons. 16.12.2026 er innvilget av Kari Nordmann.');
    expect(connector.cardsFor(tone.userId).length).toBe(toneBefore);
    expect(connector.cardsFor(per.userId).length).toBe(perBefore); // the IT admin gets nothing
    // Not lost: the outbox sends it when it tries again.
    clock.at = new Date('2026-11-25T09:45:00Z');
    await app.outbox.sweep();
    expect(cardText(connector.cardsFor(tone.userId).at(-1))).toContain('ons. 16.12.2026 er innvilget av Kari Nordmann.');
    expect(connector.cardsFor(tone.userId).length).toBe(toneBefore + 1);
    await app.outbox.sweep(); // once
    expect(connector.cardsFor(tone.userId).length).toBe(toneBefore + 1);
    expect(connector.cardsFor(per.userId).length).toBe(perBefore);
  });

  it('refs are numbered per school and year, apart from the case references', async () => {
    const card = await request('2026-12-14', '2026-12-14');
    expect(cardText(card)).toMatch(/Permisjon PE-2026-000\d/);
  });
});
