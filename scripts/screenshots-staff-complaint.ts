/**
 * `npx tsx scripts/screenshots-staff-complaint.ts`: the README's pictures of a complaint about a
 * member of staff (seed 001), taken in headless Chromium from the Agents Playground. Two
 * Playgrounds share one bot: Lars Eide (avdelingsleder) registers a complaint from a parent about
 * Per Hansen and takes it through the routine — Per informed, the talk, a joint meeting without
 * agreement, measures with the evaluation booked, the written complaint received later, the
 * mentoring agreement — and Per gets the agreement to sign in his own chat. Only the card is
 * drawn. Writes docs/screenshots/staff-complaint-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import { freePort } from './azurite';
import { startPlayground, startStack } from './dev-stack';
import { findPersona } from './playground-config';
import { cardAt, cardCount, choose, lastCard, launchBrowser, openPlayground, pickDate, say, sayForCard, shows } from './playground-driver';
import { calendarFor, SCHOOL_ZONE } from '../src/app/school-time';
import { addDays, isSchoolDay } from '../src/domain/school-calendar';
import { DEMO_TENANT } from '../src/seed';

const OUT = join(resolve(__dirname, '..'), 'docs', 'screenshots');
const SCHOOL = 'ellingsrud';

async function shoot(page: Page, card: Locator, name: string): Promise<void> {
  await page.mouse.move(0, 0); // no hover on a button
  await page.evaluate(() => (globalThis as any).document.activeElement?.blur());
  await card.locator('textarea').evaluateAll((boxes) => boxes.forEach((b) => (b.scrollTop = 0)));
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  // Whole pixels only: a card at a fractional offset would carry a grey line of the chat above it.
  const box = await card.boundingBox();
  if (!box) throw new Error(`${name}: the card is not on screen`);
  const top = Math.ceil(box.y);
  await page.screenshot({ path: join(OUT, name), clip: { x: Math.ceil(box.x), y: top, width: Math.floor(box.width), height: Math.floor(box.y + box.height) - top } });
  console.log(`  ${name}`);
}

/** Presses a button on the card and waits for the card (replaced in place) to show `then`. */
async function press(card: Locator, button: string, then: string | RegExp): Promise<void> {
  await card.getByRole('button', { name: button, exact: true }).click();
  await shows(card, then);
}

const tick = (card: Locator, label: string | RegExp) => card.getByRole('checkbox', { name: label }).check();

async function main() {
  mkdirSync(OUT, { recursive: true });
  const stack = await startStack({
    botPort: await freePort(),
    playgroundPort: await freePort(),
    tablePrefix: `pk${Date.now().toString(36)}`,
    persona: findPersona('Lars'),
    logLevel: 'error',
    quietPlayground: true,
  });
  const perPort = await freePort();
  const perPg = await startPlayground({ port: perPort, botUrl: stack.app.url, persona: findPersona('Per'), quiet: true });
  const browser = await launchBrowser();
  try {
    // The evaluation some six weeks on, on a school day (the app runs on the real clock).
    const school = await stack.app.directory.getSchool(DEMO_TENANT, SCHOOL);
    if (!school) throw new Error(`the demo school ${SCHOOL} is not seeded`);
    const today = DateTime.now().setZone(SCHOOL_ZONE).toISODate()!;
    let evaluationOn = addDays(today, 42);
    while (!isSchoolDay(evaluationOn, calendarFor(school, evaluationOn))) evaluationOn = addDays(evaluationOn, 1);

    // Per has Teams open with the app, so the bot knows where to reach him.
    const per = await openPlayground(browser, `http://127.0.0.1:${perPort}`);
    await per.setViewportSize({ width: 1400, height: 2400 });
    await say(per, 'hjelp');
    await lastCard(per, 'dette kan jeg hjelpe med');

    // Lars received a complaint from a parent and registers it.
    const lars = await openPlayground(browser, stack.playgroundUrl);
    await lars.setViewportSize({ width: 1400, height: 3200 });
    const card = await sayForCard(lars, 'klage', 'Velg hva klagen gjelder');
    await card.getByText('En ansatt (klage fra elever eller foresatte)', { exact: true }).click();
    await press(card, 'Gå videre', 'Klage på en ansatt');
    await choose(lars, card, /Klagen gjelder/, 'Per Hansen');
    await card.getByRole('radiogroup', { name: /Hvem klager/ }).getByRole('radio', { name: 'Foresatt' }).check();
    await card.getByLabel(/Klagerens navn/).fill('Hilde Foresattsen');
    await card.getByRole('radiogroup', { name: /Hvorfor kom klagen/ }).getByRole('radio', { name: 'Direkte kontakt med den ansatte førte ikke fram' }).check();
    await card.getByLabel(/Kort om klagen/).fill('Foresatt opplever at læreren snakker nedsettende til klassen i matematikktimene, og at en samtale med læreren ikke har endret noe.');
    await card.getByRole('radiogroup', { name: /Skriftlig klage/ }).getByRole('radio', { name: 'Bedt om' }).check();
    await tick(card, /Klageren er informert om videre saksgang/);
    await press(card, 'Registrer klagen', /Klagen er registrert som PK-/);
    const ref = /PK-\d{4}-\d{4}/.exec(await card.innerText())?.[0];
    if (!ref) throw new Error('the complaint has no reference');

    // Step 4: Per is informed at once.
    const perBefore = await cardCount(per);
    await press(card, 'Informer den ansatte', 'Den ansatte er informert');
    await cardAt(per, perBefore, 'Leder har informert deg om en klage som gjelder deg.');

    // Step 5: the talk with Per, his union representative there.
    await press(card, 'Samtale med ansatt', 'Samtale med den ansatte');
    await tick(card, /Tillitsvalgt til stede/);
    await card.getByLabel(/Den ansattes versjon/).fill('Kjenner seg ikke igjen i beskrivelsen, men er åpen for å se på tonen i klassen.');
    await press(card, 'Lagre', 'Lagret.');

    // Step 7: the joint meeting, without agreement.
    await press(card, 'Felles møte', 'Klageren var til stede');
    await tick(card, /Tillitsvalgt til stede/);
    await tick(card, /Klageren var til stede/);
    await press(card, 'Lagre', 'Lagret.');

    // Step 8–9: measures; the evaluation meeting is booked at once.
    await press(card, 'Tiltak', 'Veileder settes inn innenfor dette området');
    await card.getByLabel(/Veileder settes inn/).fill('Klasseledelse og språkbruk i klasserommet');
    await pickDate(lars, card, /Dato for evaluering/, evaluationOn);
    await tick(card, /^Tillitsvalgt til stede/);
    await choose(lars, card, /Tillitsvalgt som inviteres/, 'Tone Vik');
    await press(card, 'Lagre', 'satt opp i kalenderen');

    // Step 3, later: the written complaint came.
    await press(card, 'Skriftlig klage mottatt', 'Registrer datoen den skriftlige klagen kom.');
    await press(card, 'Lagre', 'Lagret.');

    // Step 9.2: the mentoring agreement, for Per to sign.
    const perNow = await cardCount(per);
    await press(card, 'Veiledningsavtale', 'Det dere har kommet fram til og er enige om');
    await card.getByLabel(/Det dere har kommet fram til/).fill('Per og veilederen møtes hver uke fram til jul. Per prøver ut en felles plan for tonen i klassen, og veilederen observerer to timer.');
    await press(card, 'Lagre', 'Veiledningsavtalen mangler underskrift');
    await shoot(lars, card, 'staff-complaint-card.png');

    // Per's own view in his chat: no complainant's name, his button to sign.
    const mine = await cardAt(per, perNow, 'Et dokument venter på din underskrift.');
    await mine.getByRole('button', { name: 'Undertegn veiledningsavtalen' }).waitFor();
    await shoot(per, mine, 'staff-complaint-employee.png');
    console.log(`Wrote ${OUT} (${ref})`);
  } finally {
    await browser.close();
    perPg.kill();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
