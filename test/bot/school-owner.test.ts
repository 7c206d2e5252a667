/**
 * The school owner is always told, and nothing reported is lost (issue 12, items 1, 2 and the
 * 004 part of 7), through the real HTTP endpoint, Azurite and a local connector, as the personas.
 *
 * The rules, in the seed's and the law's words:
 * - 004 §8.3: «Ved mistanke om eller kjennskap til at en ansatt krenker en elev, eller ved spesielt
 *   alvorlige krenkelser mellom elever, skal rektor varsle UDA.»
 * - opplæringslova § 12-5: «Rektor skal varsle skoleeigaren», and the investigation starts «straks».
 * - 004 §8.3: «Dersom man har mistanke om eller kjennskap til at noen i skolens ledelse krenker en
 *   elev, skal man kontakte UDA direkte».
 * - 004 §8.3: «Nærmeste leder kobler på miljøteam og innkaller snarest den ansatte til en samtale»;
 *   «Eleven skal bli informert om at du varsler rektor.»
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';
import type { Membership } from '../../src/domain/people';

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const jon = persona('Jon');
const S = 'ellingsrud';
const ADMIN_CHANNEL = '19:drift-ellingsrud@thread.tacv2';

const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };
const at = (iso: string) => (clock.at = new Date(iso));

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
  await app.directory.setChannel({ tenantId: DEMO_TENANT, schoolId: S, scope: 'admin', target: '', conversationId: ADMIN_CHANNEL, serviceUrl: connector.url, setBy: rektor.userId, setAt: '2026-11-01T10:00:00.000Z' });
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

async function report(over: Record<string, string> = {}) {
  const [form] = await bot.say(kari, 'meld fra');
  const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport(over) });
  await app.dispatcher.idle();
  const ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
  const caseId = (await app.cases.listBySchool(DEMO_TENANT, S)).find((c) => c.ref === ref)!.caseId;
  return { receipt, ref, caseId };
}

/** The cards someone got about one case (by its reference). */
const about = (who: { userId: string }, ref: string) => connector.cardsFor(who.userId).filter((c) => cardText(c).includes(ref));
const adminPosts = (ref: string) => connector.sent.filter((s) => s.conversationId === ADMIN_CHANNEL).map((s) => cardText(s.activity.attachments[0].content)).filter((t) => t.includes(ref));
const log = async (caseId: string) => app.caseLog.list(DEMO_TENANT, S, caseId);

describe('§12-5 and serious cases: the school owner is told, never asked about', () => {
  it('a report with a staff member suspected reaches the school owner at the same moment as rektor, with reference, school and § 12-5', async () => {
    const { ref, caseId, receipt } = await report({ staffSuspected: 'ja' });
    const [toRektor] = about(rektor, ref);
    const [toOwner] = about(jon, ref);
    expect(cardText(toOwner)).toContain(`Melding til skoleeier – ${ref}`);
    expect(cardText(toOwner)).toContain('Skole\nEllingsrud skole (demo)');
    expect(cardText(toOwner)).toContain('Opplæringsloven § 12-5 gjelder: Det er mistanke om at en ansatt ved Ellingsrud skole (demo) krenker eleven.');
    expect(buttons(toOwner)).toEqual([]);
    expect(cardText(toRektor)).toContain('Skoleeier har fått meldingen samtidig med rektor (opplæringsloven § 12-5).');
    expect(cardText(toRektor)).toContain('Skoleeier ble varslet 24.11.2026 kl. 10.30.');
    expect(buttons(toRektor)).not.toContain('Ikke varsle');
    expect(cardText(receipt)).toContain('Fordi en ansatt er mistenkt, har skoleeier fått meldingen samtidig');
    expect((await log(caseId)).map((e) => [e.action, e.at])).toEqual([['meldt', '2026-11-24T09:30:00.000Z'], ['skoleeier_varslet', '2026-11-24T09:30:00.000Z']]);
  });

  it('a wrongly marked report is reclassified only with a reason: logged, and the school owner is told; never silently', async () => {
    const { ref, caseId } = await report({ staffSuspected: 'ja' });
    const card = about(rektor, ref)[0];
    expect(cardText(card)).toContain('Er ingen ansatt involvert, kan du omklassifisere saken');
    const { verb, data } = findVerb(card, 'Omklassifiser saken');
    const missing = await bot.act(rektor, verb, { ...data, note: '  ' });
    expect(cardText(missing)).toContain('Skriv hvorfor saken skal omklassifiseres.');
    const tooLong = await bot.act(rektor, verb, { ...data, note: 'y'.repeat(1001) });
    expect(cardText(tooLong)).toContain('Notatet kan ikke være lengre enn 1000 tegn.');
    expect(JSON.stringify(tooLong)).toContain('y'.repeat(1001));
    // Only rektor: the avdelingsleder is refused and nothing changes.
    expect(cardText(await bot.act(lars, verb, { ...data, note: 'Ingen ansatt' }))).toContain('Fant ikke saken');
    expect((await app.cases.get(DEMO_TENANT, S, caseId))!.route).toBe('skjerpet');

    const reason = 'Den voksne var en forelder på tur, ikke en ansatt.';
    const done = await bot.act(rektor, verb, { ...data, note: reason });
    expect(cardText(done)).toContain('Saken er omklassifisert. Skoleeier får beskjed.');
    expect(cardText(done)).toContain(`Begrunnelse: ${reason}`);
    expect(buttons(done)).not.toContain('Omklassifiser saken');
    await app.dispatcher.idle();
    expect(cardText(about(jon, ref).at(-1))).toBe(
      `Sak ${ref} er omklassifisert\nRektor ved Ellingsrud skole (demo) har omklassifisert sak ${ref}: ingen ansatt er involvert, og saken følges nå opp etter ordinær aktivitetsplikt (§ 12-4). Begrunnelse: ${reason}`,
    );
    expect((await log(caseId)).map((e) => [e.action, e.actorId, e.detail]).at(-1)).toEqual(['omklassifisert', rektor.userId, reason]);
    expect(cardText(await bot.act(rektor, verb, { ...data, note: 'igjen' }))).toContain('kan omklassifiseres. Ingenting er endret.');
  });

  it('an especially serious case between pupils: rektor marks it, the school owner has it at once, no second button', async () => {
    const { ref, caseId } = await report();
    const { verb, data } = findVerb(about(rektor, ref)[0], 'Spesielt alvorlig: merk saken og varsle skoleeier');
    const marked = await bot.act(rektor, verb, data);
    expect(cardText(marked)).toContain('Rektor har merket saken som spesielt alvorlig. Skoleeier er varslet.');
    expect(buttons(marked).filter((b) => /skoleeier/i.test(b))).toEqual([]);
    await app.dispatcher.idle();
    expect(cardText(about(jon, ref)[0])).toContain('Rektor ved Ellingsrud skole (demo) har merket saken som en spesielt alvorlig krenkelse mellom elever');
    expect((await log(caseId)).map((e) => e.action)).toEqual(['meldt', 'markert_alvorlig']);
  });

  it('«straks»: a §12-5 case is to be investigated by the next school day, and its reminders go to the school owner too', async () => {
    at('2026-11-27T09:30:00Z'); // a Friday: the next school day is Monday
    const { ref, caseId } = await report({ staffSuspected: 'ja' });
    expect((await app.cases.get(DEMO_TENANT, S, caseId))!.investigationDue).toBe('2026-11-30');
    expect(cardText(about(rektor, ref)[0])).toContain('Frist for undersøkelse\nmandag 30.11.2026');
    at('2026-11-30T07:05:00Z');
    await app.reminderSweeper.sweep();
    for (const who of [rektor, jon]) expect(cardText(about(who, ref).at(-1))).toContain(`Fristen for å undersøke saken ${ref} er i dag, mandag 30.11.2026.`);
    at('2026-11-24T09:30:00Z');
  });
});

describe('«snarest» and «informert» get deadlines and reminders (004 §8.3)', () => {
  it('the nærmeste leder is reminded to call in the reporter until «Kall inn til samtale» is done', async () => {
    at('2026-11-24T09:30:00Z');
    const { ref } = await report();
    await bot.act(rektor, 'case.forward', { ...findVerb(about(rektor, ref)[0], 'Videresend til nærmeste leder').data, leaderId: lars.userId });
    await app.dispatcher.idle();
    at('2026-11-26T07:05:00Z'); // two school days after forwarding
    await app.reminderSweeper.sweep();
    const reminder = about(lars, ref).at(-1)!;
    expect(cardText(reminder)).toContain(`Sak ${ref}: Kall inn den ansatte som meldte fra, til en samtale snarest. Fristen er i dag, torsdag 26.11.2026.`);
    const opened = await bot.act(lars, 'case.refresh', findVerb(reminder, 'Åpne saken').data);
    const form = await bot.act(lars, 'meeting.propose', findVerb(opened, 'Kall inn til samtale').data);
    const value = (id: string) => JSON.stringify(form).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1] ?? '';
    const called = await bot.act(lars, 'meeting.call', { ...findVerb(form, 'Send innkalling').data, meetingDate: value('meetingDate'), meetingTime: value('meetingTime'), meetingMinutes: '30', meetingLocation: 'Møterom 2' });
    expect(buttons(called)).toContain('Endre tid eller sted');
    const sentBefore = about(lars, ref).length;
    at('2026-11-27T07:05:00Z');
    await app.reminderSweeper.sweep();
    expect(about(lars, ref).slice(sentBefore).map(cardText).filter((t) => t.includes('Kall inn den ansatte'))).toEqual([]);
    at('2026-11-24T09:30:00Z');
  });

  it('a pupil not yet told: rektor is reminded to make sure the pupil is told, until it is recorded', async () => {
    at('2026-11-24T09:30:00Z');
    const { ref, caseId } = await report({ pupilInformed: 'nei_ennaa' });
    const card = about(rektor, ref)[0];
    expect(cardText(card)).toContain('Eleven har ikke fått vite ennå at skolen følger opp.');
    at('2026-11-25T07:05:00Z');
    await app.reminderSweeper.sweep();
    expect(cardText(about(rektor, ref).at(-1))).toContain(`Sak ${ref}: Eleven har ikke fått vite at skolen følger opp.`);
    const recorded = await bot.act(rektor, 'case.pupilInformed', findVerb(card, 'Eleven er informert').data);
    expect(cardText(recorded)).toContain('Eleven informert\nJa (registrert 25.11.2026 kl. 08.05 av Ragnhild Berg)');
    expect(buttons(recorded)).not.toContain('Eleven er informert');
    expect((await log(caseId)).map((e) => e.action)).toContain('elev_informert');
    const before = about(rektor, ref).length;
    at('2026-11-26T07:05:00Z');
    await app.reminderSweeper.sweep();
    expect(about(rektor, ref).slice(before).map(cardText).filter((t) => t.includes('Eleven har ikke fått vite'))).toEqual([]);
    at('2026-11-24T09:30:00Z');
  });
});

describe('a report is never lost: the school has lost its school-owner contact', () => {
  let jonHere: Membership;
  beforeAll(async () => {
    at('2026-12-01T09:30:00Z');
    jonHere = (await app.directory.staffOf(DEMO_TENANT, S)).find((m) => m.userId === jon.userId)!;
    await app.directory.deleteMembership(DEMO_TENANT, S, jon.userId);
    const school = (await app.directory.getSchool(DEMO_TENANT, S))!;
    await app.directory.upsertSchool({ ...school, ownerEmail: 'oppvekst@kommune.example' });
  });

  const routes: [string, Record<string, string>, boolean][] = [
    ['ordinary', {}, false],
    ['§12-5', { staffSuspected: 'ja' }, false],
    ['especially serious', {}, true],
    ['leadership', { leadershipSuspected: 'ja' }, false],
  ];
  const made: Record<string, { ref: string; receipt: any }> = {};

  it.each(routes)('%s: a notice delivered to someone, or an honest receipt and an admin alert; never «sendt» when nothing was sent', async (route, over, serious) => {
    const { ref, receipt } = await report(over);
    made[route] = { ref, receipt };
    if (serious) {
      await bot.act(rektor, 'case.serious', findVerb(about(rektor, ref)[0], 'Spesielt alvorlig: merk saken og varsle skoleeier').data);
      await app.dispatcher.idle();
    }
    const delivered = [rektor, lars, jon, persona('Tone')].some((p) => about(p, ref).length > 0);
    const honest = cardText(receipt).startsWith('Meldingen er lagret, men ikke sendt ennå');
    if (!delivered) expect(honest).toBe(true);
    if (cardText(receipt).startsWith('Meldingen er sendt')) expect(about(rektor, ref).length).toBeGreaterThan(0);
    const needsOwner = route !== 'ordinary';
    expect(adminPosts(ref)).toEqual(
      needsOwner ? [`Meld fra har ingen å sende til\nEn melding i sak ${ref} er lagret, men har ikke kommet fram: skolen har ingen med rollen skoleeier i Meld fra. Legg inn en skoleeier i skolefilen (npm run admin -- import). Meldingen sendes da av seg selv.`] : [],
    );
    // The admin channel gets the reference, never the pupil or the report.
    for (const post of adminPosts(ref)) expect(post).not.toMatch(/Ola|Testesen|friminuttet/);
    if (needsOwner && !serious) {
      expect(cardText(receipt)).toContain('Den har ikke nådd skoleeier ennå: skolen har ingen skoleeierkontakt i Meld fra.');
      expect(cardText(receipt)).toContain('Vil du ikke vente, kan du kontakte skoleeier direkte: telefon 23 05 10 09, e-post oppvekst@kommune.example.');
    }
    if (route === 'leadership') {
      expect(cardText(receipt)).toMatch(/^Meldingen er lagret, men ikke sendt ennå/);
      expect([rektor, lars].map((p) => about(p, ref).length)).toEqual([0, 0]);
    }
    if (route === '§12-5' || serious) {
      const [rektorCard] = connector.cardsFor(rektor.userId).filter((c) => cardText(c).includes(`– ${ref}`));
      expect(cardText(rektorCard)).toContain('Skoleeier har ikke fått saken ennå: skolen har ingen skoleeierkontakt i Meld fra.');
      expect(cardText(rektorCard)).not.toContain('Skoleeier ble varslet');
    }
  });

  it('as soon as a school-owner contact exists again, the outbox delivers what waited, and the receipt says «sendt»', async () => {
    await app.directory.upsertMembership(jonHere);
    at('2026-12-01T09:40:00Z');
    await app.dispatcher.sweep();
    await app.dispatcher.idle();
    for (const route of ['§12-5', 'especially serious', 'leadership']) expect(about(jon, made[route].ref).length).toBeGreaterThan(0);
    expect(cardText(about(jon, made.leadership.ref)[0])).toContain('noen i skolens ledelse');
    // The receipt was the reply to Kari's form: it is updated in place.
    const updated = connector.updates.filter((u) => u.conversationId === `a:conv-${kari.userId}`).map((u) => cardText(u.activity.attachments[0].content)).filter((t) => t.includes(made.leadership.ref)).at(-1);
    expect(updated).toMatch(/^Meldingen er sendt\nTakk for at du meldte fra. Meldingen er sendt til skoleeier./);
    // Rektor's card of the §12-5 case no longer says the owner is missing.
    const rektorNow = connector.cardsFor(rektor.userId).filter((c) => cardText(c).includes(`– ${made['§12-5'].ref}`))[0];
    expect(cardText(rektorNow)).toContain('Skoleeier ble varslet');
  });
});
