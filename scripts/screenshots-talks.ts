/**
 * `npx tsx scripts/screenshots-talks.ts`: the README's pictures of elevsamtaler, taken in headless
 * Chromium from the Agents Playground as Kari Nordmann (kontaktlærer 8A) sees them: her class card
 * after the roster is typed, one startsamtale registered and a pupil who came later; the class list;
 * one pupil to correct; the question before a pupil is removed; the varsler in orden and atferd; the
 * meldeplikt guidance after a conversation that revealed violence; and
 * the class picker (in this script's own tables Kari also has 9B). Writes docs/screenshots/talks-*.png.
 */
import type { Locator } from 'playwright-core';
import { findPersona } from './playground-config';
import { choose, sayForCard, shows } from './playground-driver';
import { OUT, run, shoot, withStack } from './screenshot-kit';
import { DEMO_TENANT } from '../src/seed';

const press = (card: Locator, name: string) => card.getByRole('button', { name, exact: true }).click();

async function main() {
  await withStack({ tablePrefix: 'talks', persona: 'Kari' }, async ({ stack, open }) => {
    const kari = await open('Kari');
    await kari.setViewportSize({ width: 1400, height: 4000 }); // the class card is long: no scrolling under the Playground's header

    // The roster, typed once.
    const card = await sayForCard(kari, 'elevsamtaler', 'Elevsamtaler 8A');
    await card.getByLabel(/Elevenes navn/).fill('Nora Hansen\nEmil Johansen\nSofie Berg\nAli Khan');
    await press(card, 'Legg til elever');
    await card.getByRole('button', { name: 'Registrer samtalen' }).waitFor();

    // Nora's startsamtale, held today.
    await choose(kari, card, /^Elev$/, 'Nora Hansen');
    await press(card, 'Registrer samtalen');
    await shows(card, 'Registrert: Startsamtale med Nora Hansen.');

    // Lise came to the class today: her startsamtale is due two school weeks from now.
    await card.getByLabel(/Elevenes navn/).fill('Lise Ås');
    await press(card, 'Legg til elever');
    await shows(card, 'Lise Ås: startsamtale innen');
    await shoot(kari, card, 'talks-card.png');

    // The class list, and one pupil to correct.
    await press(card, 'Endre klasselisten');
    await shows(card, 'Klasselisten 8A');
    await shoot(kari, card, 'talks-roster.png');
    await choose(kari, card, /^Elev$/, 'Nora Hansen');
    await press(card, 'Endre eleven');
    await shows(card, 'Endre elev i 8A');
    await card.getByLabel(/^Navn/).fill('Nora Hansen-Lie');
    await shoot(kari, card, 'talks-pupil.png');

    // Removing asks first.
    await press(card, 'Fjern fra klasselisten');
    await shows(card, 'Fjerne Nora Hansen fra klasselisten?');
    await shoot(kari, card, 'talks-remove.png');
    await press(card, 'Avbryt');
    await shows(card, 'Endre elev i 8A');
    await press(card, 'Tilbake');
    await shows(card, 'Klasselisten 8A');
    await press(card, 'Tilbake');
    await shows(card, 'Elevsamtaler 8A');

    // A varsel om fare for nedsatt karakter i atferd, given to Emil.
    await press(card, 'Varsel om orden og atferd');
    await shows(card, 'Varsel om orden og atferd – 8A');
    await choose(kari, card, /^Elev$/, 'Emil Johansen');
    await card.getByText('atferd', { exact: true }).click();
    await press(card, 'Registrer varselet');
    await shows(card, 'Registrert: varsel om fare for nedsatt karakter i atferd til Emil Johansen.');
    await shoot(kari, card, 'talks-warn.png');

    // Sofie's startsamtale revealed violence: the meldeplikt guidance (seed 002), with the school's own contact.
    await press(card, 'Tilbake');
    await shows(card, 'Elevsamtaler 8A');
    const school = (await stack.app.directory.getSchool(DEMO_TENANT, 'ellingsrud'))!;
    await stack.app.directory.upsertSchool({ ...school, meldepliktContact: 'Helsesykepleier Hilde Moe, tlf. 22 00 00 00' });
    await choose(kari, card, /^Elev$/, 'Sofie Berg');
    await choose(kari, card, /^Samtalen avdekket/, 'Vold');
    await press(card, 'Registrer samtalen');
    await shows(card, 'Meldeplikt: opplysningsplikt til barnevernstjenesten');
    await shoot(kari, card, 'talks-meldeplikt.png');
    await press(card, 'Tilbake til klassen');
    await shows(card, 'Elevsamtaler 8A');

    // A kontaktlærer with two classes chooses one on the card (only in this script's tables).
    const [m] = (await stack.app.directory.membershipsOf(DEMO_TENANT, findPersona('Kari').userId)).filter((x) => x.classes.includes('8A'));
    await stack.app.directory.upsertMembership({ ...m, classes: ['8A', '9B'] });
    const picker = await sayForCard(kari, 'elevsamtaler', 'Elevsamtaler 8A');
    await choose(kari, picker, /^Klasse/, '9B');
    await press(picker, 'Vis klassen');
    await shows(picker, 'Elevsamtaler 9B');
    await shoot(kari, picker, 'talks-picker.png');
    console.log(`Wrote ${OUT}`);
  });
}

run(main);
