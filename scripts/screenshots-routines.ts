/**
 * `npm run screenshots:routines`: the README's pictures of the school's routines, taken in
 * headless Chromium from the Agents Playground as the staff see them. Three Playgrounds share one
 * bot: Kari Nordmann (kontaktlærer 8A) registers a pupil's leave, which reaches Lars Eide
 * (avdelingsleder 8. trinn) for a decision; Ragnhild Berg (rektor) opens the årshjul and its edit
 * form; Kari asks where a complaint goes. Only the card is drawn. Writes docs/screenshots/*.png.
 */
import { DateTime } from 'luxon';
import { cardAt, cardCount, choose, lastCard, pickDate, say, sayForCard, shows } from './playground-driver';
import { demoSchool, OUT, run, shoot, withStack } from './screenshot-kit';
import { calendarFor, SCHOOL_ZONE } from '../src/app/school-time';
import { addDays, isSchoolDay } from '../src/domain/school-calendar';

async function main() {
  await withStack({ tablePrefix: 'routines', persona: 'Kari', others: ['Lars', 'Ragnhild'] }, async ({ stack, open }) => {
    // The next Monday to Wednesday that are school days (the app runs on the real clock).
    const school = await demoSchool(stack);
    let mon = DateTime.now().setZone(SCHOOL_ZONE).startOf('day').plus({ weeks: 1 }).set({ weekday: 1 }).toISODate()!;
    while (![0, 1, 2].every((n) => isSchoolDay(addDays(mon, n), calendarFor(school, mon)))) mon = addDays(mon, 7);

    // Lars has Teams open with the app, so the bot knows where to reach him.
    const lars = await open('Lars');
    await lars.setViewportSize({ width: 1400, height: 2000 });
    await say(lars, 'hjelp');
    await lastCard(lars, 'dette kan jeg hjelpe med');

    // Kari registers three days of leave for a pupil.
    const kari = await open('Kari');
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
    const rektor = await open('Ragnhild');
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
  });
}

run(main);
