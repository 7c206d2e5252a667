/**
 * `npx tsx scripts/screenshots-staff-complaint.ts`: the README's pictures of a complaint about a
 * member of staff (seed 001), taken in headless Chromium from the Agents Playground. Two
 * Playgrounds share one bot: Lars Eide (avdelingsleder) registers a complaint from a parent about
 * Per Hansen and takes it through the routine — Per informed, the talk, a joint meeting without
 * agreement, measures with the evaluation booked, the written complaint received later, the
 * mentoring agreement — and Per gets the agreement to sign in his own chat. Only the card is
 * drawn. Writes docs/screenshots/staff-complaint-*.png.
 */
import { DateTime } from 'luxon';
import type { Locator } from 'playwright-core';
import { cardAt, cardCount, choose, lastCard, pickDate, say, sayForCard, shows } from './playground-driver';
import { demoSchool, OUT, run, shoot, withStack } from './screenshot-kit';
import { calendarFor, SCHOOL_ZONE } from '../src/app/school-time';
import { addDays, isSchoolDay } from '../src/domain/school-calendar';

/** Presses a button on the card and waits for the card (replaced in place) to show `then`. */
async function press(card: Locator, button: string, then: string | RegExp): Promise<void> {
  await card.getByRole('button', { name: button, exact: true }).click();
  await shows(card, then);
}

const tick = (card: Locator, label: string | RegExp) => card.getByRole('checkbox', { name: label }).check();

async function main() {
  await withStack({ tablePrefix: 'pk', persona: 'Lars', others: ['Per'] }, async ({ stack, open }) => {
    // The evaluation some six weeks on, on a school day (the app runs on the real clock).
    const school = await demoSchool(stack);
    const today = DateTime.now().setZone(SCHOOL_ZONE).toISODate()!;
    let evaluationOn = addDays(today, 42);
    while (!isSchoolDay(evaluationOn, calendarFor(school, evaluationOn))) evaluationOn = addDays(evaluationOn, 1);

    // Per has Teams open with the app, so the bot knows where to reach him.
    const per = await open('Per');
    await per.setViewportSize({ width: 1400, height: 2400 });
    await say(per, 'hjelp');
    await lastCard(per, 'dette kan jeg hjelpe med');

    // Lars received a complaint from a parent and registers it.
    const lars = await open('Lars');
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
  });
}

run(main);
