/**
 * `npm run screenshots:oversikt`: the README's pictures of «oversikt» (issue 17) in the Agents
 * Playground (headless Chromium): the school owner Jon Aas with both demo schools, and rektor
 * Ragnhild Berg with her own. The cases behind the figures are made by the domain's steps over the
 * school year so far (test/support/overview-cases.ts): 60 at Ellingsrud, 3 at Nordberg (so its
 * figures read «under 5»). The Playground draws the Chart.VerticalBar itself; the text-bar fallback,
 * for hosts without charts, is drawn from the very card the bot sends Jon (the same code and data)
 * by Microsoft's Adaptive Cards renderer, which knows no charts (scripts/fallback-card.ts).
 * Writes docs/screenshots/overview-owner.png, overview-owner-fallback.png and overview-rektor.png.
 */
import { overviewCard } from '../src/adapters/teams/cards/overview-views';
import { SchoolOverview } from '../src/app/school-overview';
import { localDateOf } from '../src/app/school-time';
import { schoolYearOf } from '../src/domain/school-calendar';
import { DEMO_TENANT } from '../src/seed';
import { generateCases } from '../test/support/overview-cases';
import { shootFallback } from './fallback-card';
import { findPersona } from './playground-config';
import { sayForCard } from './playground-driver';
import { OUT, run, shoot, withStack } from './screenshot-kit';

async function main() {
  await withStack({ tablePrefix: 'oversikt', persona: 'Jon', others: ['Ragnhild'] }, async ({ stack, browser, open }) => {
    const today = localDateOf(new Date());
    const from = `${schoolYearOf(today)}-08-01`;
    await generateCases(stack.app.cases, { tenantId: DEMO_TENANT, schoolId: 'ellingsrud', n: 60, today, from, seed: 17, stepEvery: 5 });
    await generateCases(stack.app.cases, { tenantId: DEMO_TENANT, schoolId: 'nordberg', n: 3, today, from, seed: 18 });
    const jon = await open('Jon');
    await jon.setViewportSize({ width: 1400, height: 3000 });
    await shoot(jon, await sayForCard(jon, 'oversikt', 'Nordberg skole (demo)'), 'overview-owner.png');
    // The card Jon was sent, built again as the bot builds it (handlers/overview-verbs.ts), with the «Last ned som CSV» button the Playground shows.
    const overview = new SchoolOverview({ directory: stack.app.directory, overview: stack.app.cases, clock: { now: () => new Date() } });
    const view = await overview.show({ tenantId: DEMO_TENANT, userId: findPersona('Jon').userId });
    await shootFallback(browser, overviewCard('nb', view, { csvOn: true }), 'overview-owner-fallback.png');
    const ragnhild = await open('Ragnhild');
    await ragnhild.setViewportSize({ width: 1400, height: 2400 });
    await shoot(ragnhild, await sayForCard(ragnhild, 'oversikt', 'Oversikt: aktivitetsplikten ved Ellingsrud skole (demo)'), 'overview-rektor.png');
    console.log(`Wrote ${OUT}`);
  });
}

run(main);
