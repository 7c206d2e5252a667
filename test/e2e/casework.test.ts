/**
 * The nærmeste leder works a case through the Microsoft 365 Agents Playground in headless
 * Chromium: investigation, then the aktivitetsplan one measure at a time, stopped where the plan
 * is incomplete. The case itself is reported and forwarded over HTTP (the report has its own
 * end-to-end test); from `sak <ref>` on, everything is typed and clicked as Lars Eide would.
 * Then Lars, as any member of staff, reports twice (issue 12): a member of staff suspected, which
 * reaches the school owner at once, and someone in the leadership suspected while the school has
 * no school-owner contact, which waits honestly and is delivered once a contact exists.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { freePort } from '../../scripts/azurite';
import { startStack, type Stack } from '../../scripts/dev-stack';
import { chromiumAvailable, CHROMIUM, choose, fillReport, lastCard, launchBrowser, openPlayground, sayForCard, shows } from '../../scripts/playground-driver';
import { DEMO_TENANT } from '../../src/seed';
import { BotClient, buttons, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { connectionString, uniquePrefix } from '../support/tables';

const required = process.env.MELDFRA_REQUIRE_E2E === '1';
const haveBrowser = chromiumAvailable();
if (!haveBrowser) {
  const msg = `Chromium is missing at ${CHROMIUM}: the end-to-end test through the Agents Playground cannot run. Install it with: apt-get install -y chromium`;
  if (required) throw new Error(msg);
  console.warn(`SKIPPED: ${msg}`);
}
const e2e = haveBrowser ? describe : describe.skip;

const S = 'ellingsrud';
const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const jon = persona('Jon');

e2e('the nærmeste leder works a case in the Agents Playground (headless Chromium)', () => {
  jest.setTimeout(90_000);
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let ref = '';
  let caseId = '';
  let bot: BotClient;

  beforeAll(async () => {
    stack = await startStack({
      botPort: await freePort(),
      playgroundPort: await freePort(),
      connectionString: connectionString(),
      tablePrefix: uniquePrefix(),
      persona: lars,
      logLevel: 'error',
      quietPlayground: true,
    });
    browser = await launchBrowser();
    page = await openPlayground(browser, stack.playgroundUrl);
    await page.setViewportSize({ width: 1400, height: 2000 });

    // Kari reports and rektor forwards to Lars, over the bot's own endpoint.
    bot = new BotClient(stack.app.url, `${stack.playgroundUrl}/_connector`);
    const [form] = await bot.say(kari, 'meld fra');
    const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport({ pupilName: 'Ola Testesen' }) });
    ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
    const [card] = await bot.say(rektor, `sak ${ref}`);
    const forward = findVerb(card, 'Videresend til nærmeste leder').data;
    caseId = String(forward.caseId);
    await bot.act(rektor, 'case.forward', { ...forward, leaderId: lars.userId });
    await stack.app.dispatcher.idle();
    // Lars's Teams shows the notice that the case was forwarded to him.
    await lastCard(page, `Sak videresendt til deg – ${ref}`);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const stored = async () => (await stack.app.cases.get(DEMO_TENANT, S, caseId))!;
  const value = (card: Locator, label: RegExp) => card.getByLabel(label).inputValue();

  it('records the investigation, is stopped on an incomplete plan with what he typed kept, adds a measure and saves version 1', async () => {
    // He opens the case himself and works in that card: each button replaces it in place.
    const card = await sayForCard(page, `sak ${ref}`, 'Registrer undersøkelsen');
    await shows(card, 'Undersøk saken (delplikt 4)');

    await card.getByRole('button', { name: 'Registrer undersøkelsen' }).click();
    await shows(card, 'Undersøkelse (delplikt 4)');
    await shows(card, 'Ikke skriv sensitive opplysninger om andre elever.');
    await card.getByText('Samtale med eleven', { exact: true }).click();
    await card.getByText('Samtale med elevens foresatte', { exact: true }).click();
    await card.getByLabel(/Oppsummering av funn/).fill('Ola opplever seg utenfor i friminuttene; det skjer mest ved sykkelstativet.');
    await card.getByRole('button', { name: 'Lagre', exact: true }).click();
    await shows(card, 'Undersøkelsen er registrert. Påminnelsene om fristen er stoppet.');
    await shows(card, 'Ola opplever seg utenfor i friminuttene; det skjer mest ved sykkelstativet.');
    expect((await stored()).work?.investigation?.methods).toEqual(['samtale_elev', 'samtale_foresatte']);

    await card.getByRole('button', { name: 'Lag aktivitetsplan' }).click();
    await shows(card, 'Aktivitetsplan (delplikt 5)');
    await shows(card, 'Ingen tiltak ennå.');
    await card.getByLabel(/Hvilket problem/).fill('Ola er alene i friminuttene.');
    await card.getByLabel(/Foresattes syn/).fill('Foresatte ønsker tett oppfølging.');
    await card.getByLabel(/barnets beste/).fill('Trygghet i friminuttene veier tyngst.');

    // The pupil's view left empty and no measure yet: the bot names both problems and keeps every field.
    await card.getByRole('button', { name: 'Lagre planen' }).click();
    await shows(card, 'Ikke lagret ennå. Rett det som er merket.');
    await shows(card, 'Må fylles ut.');
    await shows(card, 'Legg til minst ett tiltak.');
    expect(await value(card, /Hvilket problem/)).toBe('Ola er alene i friminuttene.');
    expect(await value(card, /Foresattes syn/)).toBe('Foresatte ønsker tett oppfølging.');
    expect(await value(card, /barnets beste/)).toBe('Trygghet i friminuttene veier tyngst.');
    expect((await stored()).work?.planVersion ?? 0).toBe(0);
    await card.getByLabel(/Elevens egen mening/).fill('Ola vil ha en fast voksen ute.');

    await card.getByRole('button', { name: 'Legg til tiltak' }).click();
    await shows(card, 'Nytt tiltak i aktivitetsplanen');
    await card.getByRole('radio', { name: 'Individ' }).check();
    await card.getByLabel(/^Tiltak/).fill('Fast voksen i friminuttet');
    await card.getByLabel(/Når gjennomføres/).fill('Hvert friminutt fra 30.11.');
    await choose(page, card, /Ansvarlig/, 'Kari Nordmann');
    await card.getByRole('button', { name: 'Lagre tiltaket' }).click();

    // Back on the plan: the measure is listed, nothing typed before is lost.
    await shows(card, 'Individ: Fast voksen i friminuttet – Hvert friminutt fra 30.11. – ansvarlig: Kari Nordmann');
    await shows(card, 'Tiltak (1 av høyst 20)');
    expect(await card.getByText('Ingen tiltak ennå').count()).toBe(0);
    expect(await card.getByText('Ikke lagret ennå').count()).toBe(0);
    expect(await value(card, /Hvilket problem/)).toBe('Ola er alene i friminuttene.');
    expect(await value(card, /Elevens egen mening/)).toBe('Ola vil ha en fast voksen ute.');

    await card.getByLabel(/Elevens egen mening/).fill('Ola vil ha en fast voksen ute, og vil ikke at klassen skal vite om planen.');
    // 004 §8.5: every proposal from Ola and his parents is in the plan, so there is nothing to justify.
    await card.getByRole('radio', { name: /^Nei \(ingen forslag/ }).check();
    await card.getByRole('button', { name: 'Lagre planen' }).click();

    // The case card again, with the plan and what comes next.
    await shows(card, /Aktivitetsplanen \(versjon 1\) er lagret\. Evaluering \d+\.\d+\.\d{4}\./);
    await shows(card, 'Problem: Ola er alene i friminuttene.');
    await shows(card, 'Fast voksen i friminuttet (Hvert friminutt fra 30.11.; ansvarlig: Kari Nordmann)');
    await shows(card, 'Evaluer aktivitetsplanen sammen med eleven, foresatte og kontaktlæreren');
    expect(await card.getByRole('button', { name: 'Evaluer planen' }).count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Lag aktivitetsplan' }).count()).toBe(0);

    const plans = await stack.app.cases.plans(DEMO_TENANT, S, caseId);
    expect(plans.map((p) => [p.version, p.measures.map((m) => [m.level, m.responsibleId])])).toEqual([[1, [['individ', kari.userId]]]]);
    expect(plans[0].pupilView).toBe('Ola vil ha en fast voksen ute, og vil ikke at klassen skal vite om planen.');
  });

  it('is refused an evaluation before the plan’s evaluation date until he writes why (004 §8.7), with what he typed kept', async () => {
    const card = await sayForCard(page, `sak ${ref}`, 'Evaluer planen');
    await card.getByRole('button', { name: 'Evaluer planen' }).click();
    await shows(card, 'Evaluering av aktivitetsplanen');
    await shows(card, /Evalueringsdatoen er \S+ \d+\.\d+\.\d{4}\. Hvorfor evalueres planen før\?/);
    await card.getByRole('radio', { name: 'Avsluttes' }).check();
    await card.getByLabel(/Hva kom fram/).fill('Ola sier at han har det bedre ute.');
    await card.getByRole('button', { name: 'Lagre', exact: true }).click();
    await shows(card, 'Ikke lagret ennå. Rett det som er merket.');
    await shows(card, 'Planen evalueres før evalueringsdatoen: skriv hvorfor.');
    expect(await value(card, /Hva kom fram/)).toBe('Ola sier at han har det bedre ute.');
    expect((await stored()).work?.evaluations).toEqual([]);
  });

  // Opplæringslova § 12-5 «Rektor skal varsle skoleeigaren»; 004 §8.3 «skal rektor varsle UDA».
  it('a §12-5 report reaches the school owner at once; a leadership report with no school-owner contact waits honestly and is delivered', async () => {
    const report = { pupilName: 'Nora Vik', pupilClass: '8A', sign: 'Eleven kvier seg for å gå på skolen', kind: 'Krenkelse', where: 'Gymsalen', day: 1, source: 'Eleven fortalte det' };
    const outbox = async (refNo: string) => {
      const c = (await stack.app.cases.listBySchool(DEMO_TENANT, S)).find((x) => x.ref === refNo)!;
      return (await stack.app.notices.forCase(DEMO_TENANT, S, c.caseId)).map((n) => [n.kind, n.recipientId, n.status]);
    };
    // This Playground is Lars's Teams only: cards to other people are addressed here and delivered
    // in the bot tests (test/bot/school-owner.test.ts), so only whom they go to is checked.
    const addressed = async (refNo: string) => (await outbox(refNo)).map(([kind, to]) => [kind, to]);

    // Lars, as any member of staff, reports that a colleague offends a pupil.
    const first = await sayForCard(page, 'meld fra', 'Meld fra om skolemiljø');
    await fillReport(page, first, { ...report, observed: 'Nora sier at en lærer kaller henne «dum» foran klassen.', staffSuspected: true });
    await first.getByRole('button', { name: 'Send meldingen' }).click();
    await shows(first, 'Fordi en ansatt er mistenkt, har skoleeier fått meldingen samtidig (opplæringsloven § 12-5).');
    const ref1 = /SM-\d{4}-\d{4}/.exec((await first.textContent()) ?? '')![0];
    await stack.app.dispatcher.idle();
    expect(await addressed(ref1)).toEqual(expect.arrayContaining([['rektor', rektor.userId], ['skoleeier', jon.userId]]));
    const [rektorCard] = await bot.say(rektor, `sak ${ref1}`);
    expect(cardText(rektorCard)).toContain('Skoleeier ble varslet');
    expect(buttons(rektorCard)).not.toContain('Ikke varsle');

    // The school has lost its school-owner contact; Lars reports someone in the leadership.
    const jonHere = (await stack.app.directory.staffOf(DEMO_TENANT, S)).find((m) => m.userId === jon.userId)!;
    await stack.app.directory.deleteMembership(DEMO_TENANT, S, jon.userId);
    const second = await sayForCard(page, 'meld fra', 'Meld fra om skolemiljø');
    await fillReport(page, second, { ...report, observed: 'Nora sier at noen i ledelsen har truet henne.', leadershipSuspected: true });
    await second.getByRole('button', { name: 'Send meldingen' }).click();
    await shows(second, 'Meldingen er lagret, men ikke sendt ennå');
    await shows(second, 'Den har ikke nådd skoleeier ennå: skolen har ingen skoleeierkontakt i Meld fra.');
    await shows(second, 'Vil du ikke vente, kan du kontakte skoleeier direkte: telefon 23 05 10 09.');
    expect(await second.getByText('Meldingen er sendt', { exact: true }).count()).toBe(0);
    const ref2 = /SM-\d{4}-\d{4}/.exec((await second.textContent()) ?? '')![0];
    await stack.app.dispatcher.idle();
    // Nobody in the school is addressed; the notice waits for the role (the receipt copy is Lars's own).
    expect(await outbox(ref2)).toEqual([['kvittering', lars.userId, 'sent'], ['skoleeier', 'role:skoleeier', 'pending']]);

    // A contact exists again: the outbox's own sweep delivers, and Lars's receipt turns into «sendt» in place.
    await stack.app.directory.upsertMembership(jonHere);
    await shows(second, 'Meldingen er sendt til skoleeier. Ingen i skolens ledelse får vite om den.', 60_000);
    expect(await outbox(ref2)).toEqual(expect.arrayContaining([['skoleeier', 'role:skoleeier', 'resolved']]));
    expect(await addressed(ref2)).toContainEqual(['skoleeier', jon.userId]);
  });
});
