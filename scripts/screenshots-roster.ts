/**
 * `npx tsx scripts/screenshots-roster.ts`: the README's picture of elevsamtaler with ROSTER=graph,
 * taken in headless Chromium from the Agents Playground as Kari Nordmann (kontaktlærer 8A). Her
 * class comes from a local Graph speaking the education API (the tests' contract server, School
 * Data Sync's shape), so she types no names; then the same card while that Graph does not answer.
 * Writes docs/screenshots/talks-graph.png, talks-graph-roster.png and talks-graph-down.png.
 */
import type { TokenCredential } from '@azure/identity';
import { freePort } from './azurite';
import { startStack } from './dev-stack';
import { findPersona } from './playground-config';
import { choose, launchBrowser, openPlayground, sayForCard, shows } from './playground-driver';
import { OUT, run, shoot } from './screenshot-kit';
import { DEMO_TENANT } from '../src/seed';
import { FakeGraph } from '../test/support/graph-server';

const SDS_SCHOOL = 'a7d2f0e4-3c51-4b8e-9f20-6e1d5c4b3a21';
const PUPILS = ['Nora Hansen', 'Emil Johansen', 'Sofie Berg', 'Ali Khan', 'Lise Ås', 'Jonas Dahl', 'Ingrid Lie'];
/** The local Graph takes any bearer token; nothing here reaches Microsoft. */
const credential: TokenCredential = { getToken: async () => ({ token: 'local', expiresOnTimestamp: Date.now() + 3600e3 }) };

async function main() {
  const kari = findPersona('Kari');
  const graph = await new FakeGraph().start();
  graph.education.addSchool({ id: SDS_SCHOOL, displayName: 'Ellingsrud skole' });
  graph.education.addClass(
    { id: 'c-8a', displayName: '8A', grade: '8', schoolId: SDS_SCHOOL },
    [{ id: kari.userId, displayName: kari.name, primaryRole: 'teacher' }],
    PUPILS.map((displayName, i) => ({ id: `p-${i}`, displayName, primaryRole: 'student' as const })),
  );
  const stack = await startStack({
    botPort: await freePort(),
    playgroundPort: await freePort(),
    tablePrefix: `roster${Date.now().toString(36)}`,
    persona: kari,
    logLevel: 'error',
    quietPlayground: true,
    env: { ROSTER: 'graph', GRAPH_BASE_URL: graph.url, ROSTER_CACHE_SECONDS: '0' },
    options: { graphCredential: credential, graphRetry: { maxRetries: 1, delaySeconds: 0 } },
  });
  const browser = await launchBrowser();
  try {
    // The school file's graphSchoolId (imported with the school file in production).
    const school = (await stack.app.directory.getSchool(DEMO_TENANT, 'ellingsrud'))!;
    await stack.app.directory.upsertSchool({ ...school, graphSchoolId: SDS_SCHOOL });
    const page = await openPlayground(browser, stack.playgroundUrl);
    await page.setViewportSize({ width: 1400, height: 4000 });
    const card = await sayForCard(page, 'elevsamtaler', 'Elevsamtaler 8A');
    await shows(card, 'Klasselisten er hentet fra skolens elevsystem.');
    // Nora's startsamtale, held today: the pupils from Graph are registered like typed ones.
    await choose(page, card, /^Elev$/, 'Nora Hansen');
    await card.getByRole('button', { name: 'Registrer samtalen', exact: true }).click();
    await shows(card, 'Registrert: Startsamtale med Nora Hansen.');
    await shoot(page, card, 'talks-graph.png');
    await card.getByRole('button', { name: 'Endre klasselisten', exact: true }).click();
    await shows(card, 'Klasselisten 8A');
    await shoot(page, card, 'talks-graph-roster.png');

    graph.failUntil(Date.now() + 120_000, [{ status: 503, retryAfterSeconds: 0 }]);
    const down = await sayForCard(page, 'elevsamtaler', 'Klasselisten kunne ikke hentes');
    await shoot(page, down, 'talks-graph-down.png');
    console.log(`Wrote ${OUT}`);
  } finally {
    await browser.close();
    await stack.stop();
    await graph.stop();
  }
}

run(main);
