/**
 * `npm run screenshots:routines`: the README's pictures of the school's routines, taken in
 * headless Chromium from the Agents Playground as the staff see them. Three Playgrounds share one
 * bot: Kari Nordmann (kontaktlærer 8A) registers a pupil's leave, which reaches Lars Eide
 * (avdelingsleder 8. trinn) for a decision; Ragnhild Berg (rektor) opens the årshjul and its edit
 * form; Kari asks where a complaint goes. Only the card is drawn. Writes docs/screenshots/*.png.
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
  // No focus underline, and each text box shows its text from the start.
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

async function main() {
  mkdirSync(OUT, { recursive: true });
  const stack = await startStack({
    botPort: await freePort(),
    playgroundPort: await freePort(),
    tablePrefix: `routines${Date.now().toString(36)}`,
    persona: findPersona('Kari'),
    logLevel: 'error',
    quietPlayground: true,
  });
  const larsPort = await freePort();
  const rektorPort = await freePort();
  const [larsPg, rektorPg] = await Promise.all([
    startPlayground({ port: larsPort, botUrl: stack.app.url, persona: findPersona('Lars'), quiet: true }),
    startPlayground({ port: rektorPort, botUrl: stack.app.url, persona: findPersona('Ragnhild'), quiet: true }),
  ]);
  const browser = await launchBrowser();
  try {
    // The next Monday to Wednesday that are school days (the app runs on the real clock).
    const school = await stack.app.directory.getSchool(DEMO_TENANT, SCHOOL);
    if (!school) throw new Error(`the demo school ${SCHOOL} is not seeded`);
    let mon = DateTime.now().setZone(SCHOOL_ZONE).startOf('day').plus({ weeks: 1 }).set({ weekday: 1 }).toISODate()!;
    while (![0, 1, 2].every((n) => isSchoolDay(addDays(mon, n), calendarFor(school, mon)))) mon = addDays(mon, 7);

    // Lars has Teams open with the app, so the bot knows where to reach him.
    const lars = await openPlayground(browser, `http://127.0.0.1:${larsPort}`);
    await lars.setViewportSize({ width: 1400, height: 2000 });
    await say(lars, 'hjelp');
    await lastCard(lars, 'dette kan jeg hjelpe med');

    // Kari registers three days of leave for a pupil.
    const kari = await openPlayground(browser, stack.playgroundUrl);
    await kari.setViewportSize({ width: 1400, height: 2000 });
    const form = await sayForCard(kari, 'permisjon', 'Søknad om permisjon');
    await form.getByLabel(/Elevens navn/).fill('Nora Hansen');
    await choose(kari, form, /Klasse/, '8A');
    await pickDate(kari, form, /Fra og med/, mon);
    await pickDate(kari, form, /Til og med/, addDays(mon, 2));
    await form.getByLabel(/Begrunnelse/).fill('Familien reiser til Bergen for å feire farmors 80-årsdag. Foresatte sørger for at Nora tar igjen det hun går glipp av.');
    await shoot(kari, form, 'leave-form.png');
    await form.getByRole('button', { name: 'Registrer søknaden' }).click();
    await shows(form, 'er sendt til Lars Eide for avgjørelse');
    const ref = /PE-\d{4}-\d{4}/.exec(await form.innerText())?.[0];
    if (!ref) throw new Error('the leave request has no reference');

    // Lars gets it with the buttons only he has, and grants it.
    const approval = await lastCard(lars, `Permisjon ${ref}`);
    await shows(approval, 'Du avgjør den.');
    await shoot(lars, approval, 'leave-approval.png');
    const before = await cardCount(kari);
    await approval.getByLabel(/Merknad/).fill('Husk å avtale med faglærerne hvilke oppgaver Nora skal gjøre.');
    await approval.getByRole('button', { name: 'Innvilg' }).click();
    await shows(approval, 'Søknaden er innvilget av Lars Eide');

    // Kari is told in her chat.
    const outcome = await cardAt(kari, before, 'er innvilget av Lars Eide.');
    await shoot(kari, outcome, 'leave-outcome.png');

    // Rektor's årshjul, and its edit form.
    const rektor = await openPlayground(browser, `http://127.0.0.1:${rektorPort}`);
    await rektor.setViewportSize({ width: 1400, height: 4000 }); // the edit form is long: no scrolling under the Playground's header
    const annual = await sayForCard(rektor, 'årshjul', 'Årshjulet for skolemiljøarbeidet');
    await annual.getByRole('button', { name: 'Endre årshjulet' }).waitFor();
    await shoot(rektor, annual, 'annual-card.png');
    await annual.getByRole('button', { name: 'Endre årshjulet' }).click();
    await shows(annual, 'Endre årshjulet –');
    await shoot(rektor, annual, 'annual-edit.png');

    // Klage: what it is about, then a staff member who may be offending a pupil (§ 12-5).
    const complaint = await sayForCard(kari, 'klage', 'Velg hva klagen gjelder');
    await shoot(kari, complaint, 'complaint-card.png');
    await complaint.getByText('Mistanke om at en ansatt krenker en elev', { exact: true }).click();
    await complaint.getByRole('button', { name: 'Gå videre' }).click();
    await shows(complaint, 'Skjerpet aktivitetsplikt (opplæringsloven § 12-5)');
    await shoot(kari, complaint, 'complaint-pupil.png');

    // Elevsamtaler (talks-*.png) are taken by scripts/screenshots-talks.ts.
    console.log(`Wrote ${OUT}`);
  } finally {
    await browser.close();
    larsPg.kill();
    rektorPg.kill();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
