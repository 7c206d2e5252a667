/**
 * The kontaktlærer's own duties (seeds 002, 003) through the Microsoft 365 Agents Playground in
 * headless Chromium, in one stack. "permisjon", as the school would use it: Kari Nordmann (kontaktlærer 8A) registers one school day and grants it herself;
 * then three school days, which go to Lars Eide (avdelingsleder 8. trinn) in his own Teams (a
 * second Playground), where he refuses with a reason and Kari is told. The app runs on the real
 * clock, so the dates are the next Monday to Wednesday that are school days by the school's own
 * calendar. "elevsamtaler": a conversation that revealed violence gives Kari the meldeplikt
 * guidance (issue 12 item 4), not a skolemiljø case.
 */
import type { ChildProcess } from 'node:child_process';
import type { Browser, Locator, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { freePort } from '../../scripts/azurite';
import { startPlayground, startStack, type Stack } from '../../scripts/dev-stack';
import { cardAt, cardCount, chromiumAvailable, CHROMIUM, choose, lastCard, launchBrowser, openPlayground, pickDate, say, sayForCard, shows } from '../../scripts/playground-driver';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import { LeaveRepository } from '../../src/adapters/tables/leave-repository';
import { Tables } from '../../src/adapters/tables/table-client';
import { calendarFor, SCHOOL_ZONE } from '../../src/app/school-time';
import { addDays, isSchoolDay } from '../../src/domain/school-calendar';
import { DEMO_TENANT } from '../../src/seed';
import { persona } from '../support/bot-client';
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
const lars = persona('Lars');

/** The next Monday after today (Oslo) from which Monday, Tuesday and Wednesday are all school days at the school. */
async function nextSchoolMonday(stack: Stack): Promise<{ mon: string; wed: string }> {
  const school = await stack.app.directory.getSchool(DEMO_TENANT, S);
  if (!school) throw new Error(`the demo school ${S} is not seeded`);
  let mon = DateTime.now().setZone(SCHOOL_ZONE).startOf('day').plus({ weeks: 1 }).set({ weekday: 1 }).toISODate()!;
  for (let i = 0; i < 60; i++, mon = addDays(mon, 7)) {
    const cal = calendarFor(school, mon);
    if ([0, 1, 2].every((n) => isSchoolDay(addDays(mon, n), cal))) return { mon, wed: addDays(mon, 2) };
  }
  throw new Error('no Monday to Wednesday of school days in the next year');
}

/** A date as the cards write it, 30.11.2026. */
const dmy = (iso: string) => DateTime.fromISO(iso).toFormat('d.M.yyyy');

e2e('the kontaktlærer: permisjon and elevsamtaler in the Agents Playground (headless Chromium)', () => {
  jest.setTimeout(90_000);
  let stack: Stack;
  let larsPg: ChildProcess;
  let browser: Browser;
  let page: Page;
  let leader: Page;
  let dates: { mon: string; wed: string };
  const prefix = uniquePrefix();

  beforeAll(async () => {
    stack = await startStack({
      botPort: await freePort(),
      playgroundPort: await freePort(),
      connectionString: connectionString(),
      tablePrefix: prefix,
      persona: kari,
      logLevel: 'error',
      quietPlayground: true,
    });
    // Lars has his own Teams client with the app: after "hjelp" the bot knows where to reach him.
    const larsPort = await freePort();
    larsPg = await startPlayground({ port: larsPort, botUrl: stack.app.url, persona: lars, quiet: true });
    browser = await launchBrowser();
    leader = await openPlayground(browser, `http://127.0.0.1:${larsPort}`);
    await say(leader, 'hjelp');
    await lastCard(leader, 'dette kan jeg hjelpe med');
    page = await openPlayground(browser, stack.playgroundUrl);
    dates = await nextSchoolMonday(stack);
  });
  afterAll(async () => {
    await browser?.close();
    larsPg?.kill();
    await stack?.stop();
  });

  /** Kari writes "permisjon" and fills the form; returns the card, which the answers replace in place. */
  async function register(pupilName: string, from: string, to: string, reason: string): Promise<Locator> {
    const card = await sayForCard(page, 'permisjon', 'Søknad om permisjon');
    await card.getByLabel(/Elevens navn/).fill(pupilName);
    await choose(page, card, /Klasse/, '8A');
    await pickDate(page, card, /Fra og med/, from);
    await pickDate(page, card, /Til og med/, to);
    await card.getByLabel(/Begrunnelse/).fill(reason);
    await card.getByRole('button', { name: 'Registrer søknaden' }).click();
    return card;
  }

  it('one school day is granted by the kontaktlærer herself; three go to the avdelingsleder, who refuses with a reason, and she is told', async () => {
    // One school day: Kari decides it herself.
    const own = await register('Nora Elev', dates.mon, dates.mon, 'Tannlege og bursdag hos besteforeldre.');
    await shows(own, 'Permisjonen gjelder én skoledag eller mindre, så du kan avgjøre den selv.');
    await shows(own, '1 skoledag');
    await shows(own, dmy(dates.mon)); // the day picked in the calendar
    expect(await own.getByRole('button', { name: 'Avslå' }).count()).toBe(1);
    await own.getByRole('button', { name: 'Innvilg' }).click();
    await shows(own, 'Søknaden er innvilget av Kari Nordmann');
    expect(await own.getByRole('button', { name: 'Innvilg' }).count()).toBe(0);

    // Three school days: sent to Lars, and Kari gets no buttons.
    const long = await register('Nora Elev', dates.mon, dates.wed, 'Familiebesøk i utlandet.');
    await shows(long, 'Søknaden gjelder mer enn én skoledag og er sendt til Lars Eide for avgjørelse.');
    await shows(long, '3 skoledager');
    await shows(long, new RegExp(`${dmy(dates.mon).replace(/\./g, '\\.')} til .*${dmy(dates.wed).replace(/\./g, '\\.')}`));
    expect(await long.getByRole('button', { name: 'Innvilg' }).count()).toBe(0);
    const ref = /PE-\d{4}-\d{4}/.exec(await long.innerText())?.[0];
    expect(ref).toBeDefined();

    // Lars's Teams shows the request with the buttons only he has.
    const his = await lastCard(leader, `Permisjon ${ref}`);
    await shows(his, 'Kari Nordmann har registrert en søknad om permisjon som gjelder mer enn én skoledag. Du avgjør den.');
    expect(await his.getByRole('button', { name: 'Innvilg' }).count()).toBe(1);
    const karisCards = await cardCount(page);
    await his.getByLabel(/Merknad/).fill('Heldagsprøve i matematikk onsdag.');
    await his.getByRole('button', { name: 'Avslå' }).click();
    await shows(his, 'Søknaden er avslått av Lars Eide');
    expect(await his.getByRole('button', { name: 'Avslå' }).count()).toBe(0);

    // Kari's Teams gets the outcome, with his reason.
    const outcome = await cardAt(page, karisCards, 'er avslått av Lars Eide.');
    await shows(outcome, `Permisjon ${ref}`);
    await shows(outcome, 'Heldagsprøve i matematikk onsdag.');

    // Nothing waits for Lars any more in the store.
    const leave = new LeaveRepository(new Tables({ connectionString: connectionString(), prefix }));
    expect(await leave.pendingFor(DEMO_TENANT, S, lars.userId)).toEqual([]);
  });

  // Seed 002, «Tips til rektor»: «Sørg for at læreren vet hva han skal gjøre dersom han får vite om rus, vold
  // eller overgrep eller andre forhold som utløser meldeplikten». That duty is the opplysningsplikt to
  // barnevernstjenesten (barnevernsloven § 13-2) and the avvergingsplikt (straffeloven § 196), each person's
  // own; a skolemiljø report (opplæringsloven § 12-4) is only an additional step.
  it('elevsamtaler: a conversation that revealed violence gives the meldeplikt guidance, her own duty, whom to talk to; «Meld fra» only as an extra step; nothing stored', async () => {
    await page.setViewportSize({ width: 1400, height: 4000 }); // the class card is long: nothing under the Playground's header
    const school = (await stack.app.directory.getSchool(DEMO_TENANT, S))!;
    await stack.app.directory.upsertSchool({ ...school, meldepliktContact: 'Helsesykepleier Hilde Moe, tlf. 22 00 00 00' });

    const card = await sayForCard(page, 'elevsamtaler', 'Elevsamtaler 8A');
    await card.getByLabel(/Elevenes navn/).fill('Sofie Berg\nEmil Johansen');
    await card.getByRole('button', { name: 'Legg til elever', exact: true }).click();
    await card.getByRole('button', { name: 'Registrer samtalen', exact: true }).waitFor();
    await choose(page, card, /^Elev$/, 'Sofie Berg');
    await choose(page, card, /^Samtalen avdekket/, 'Vold');
    await card.getByRole('button', { name: 'Registrer samtalen', exact: true }).click();

    // The answer is the guidance, in place of the class card: registered, and what she must do.
    await shows(card, 'Meldeplikt: opplysningsplikt til barnevernstjenesten');
    await shows(card, /Registrert: Startsamtale med Sofie Berg\./);
    await shows(card, /Samtalen avdekket vold\./);
    await shows(card, 'Opplysningsplikt til barnevernstjenesten (barnevernsloven § 13-2)');
    await shows(card, /uten hinder av taushetsplikten gi opplysninger til barnevernstjenesten/);
    await shows(card, 'Avvergingsplikt (straffeloven § 196)');
    // Her own duty, not handed to rektor; whom to talk to at the school, from the directory and the school's settings.
    await shows(card, 'Plikten er din egen');
    await shows(card, /Du kan ikke overlate dem til rektor eller en annen leder\./);
    await shows(card, 'Rektor: Ragnhild Berg');
    await shows(card, 'Skolens kontakt: Helsesykepleier Hilde Moe, tlf. 22 00 00 00');
    // «Meld fra» only as an additional step, for the school environment.
    await shows(card, /«Meld fra» erstatter ikke opplysningsplikten til barnevernstjenesten\./);
    const buttons = await card.getByRole('button').allInnerTexts();
    expect(buttons.map((b) => b.trim()).filter((b) => /Tilbake til klassen|Meld fra/.test(b))).toEqual(['Tilbake til klassen', 'Meld fra (skolemiljø)']);

    // Back to the class: the conversation is counted, and nothing about the concern is kept anywhere.
    await card.getByRole('button', { name: 'Tilbake til klassen', exact: true }).click();
    await shows(card, '1 av 2 startsamtaler');
    const service = TableServiceClient.fromConnectionString(connectionString(), { allowInsecureConnection: true });
    for await (const table of service.listTables()) {
      if (!table.name?.startsWith(prefix)) continue;
      const rows: unknown[] = [];
      for await (const e of TableClient.fromConnectionString(connectionString(), table.name, { allowInsecureConnection: true }).listEntities()) rows.push(e);
      expect(JSON.stringify(rows)).not.toMatch(/"vold"|overgrep|revealedConcern|barnevern/i);
    }
    await stack.app.directory.upsertSchool(school);
  });
});
