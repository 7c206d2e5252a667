/**
 * `npm run screenshots:roles`: the README's picture of `roller`, as rektor Ragnhild Berg sees it in
 * the Agents Playground (headless Chromium): every role at Ellingsrud and who holds it. Writes
 * docs/screenshots/roles-card.png.
 */
import { sayForCard } from './playground-driver';
import { OUT, run, shoot, withStack } from './screenshot-kit';

async function main() {
  await withStack({ tablePrefix: 'roles', persona: 'Ragnhild' }, async ({ open }) => {
    const ragnhild = await open('Ragnhild');
    await ragnhild.setViewportSize({ width: 1400, height: 3000 });
    const card = await sayForCard(ragnhild, 'roller', 'Roller ved Ellingsrud skole (demo)');
    await shoot(ragnhild, card, 'roles-card.png');
    console.log(`Wrote ${OUT}`);
  });
}

run(main);
