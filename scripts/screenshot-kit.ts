/**
 * What the screenshot scripts share: the stack (Azurite, the bot and a Playground) with one more
 * Playground for each other persona who needs their own Teams client, headless Chromium, and
 * drawing one card to docs/screenshots. Each script keeps its own story.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { freePort } from './azurite';
import { startPlayground, startStack, type Stack } from './dev-stack';
import { findPersona } from './playground-config';
import { launchBrowser, openPlayground } from './playground-driver';
import type { School } from '../src/domain/school';
import { DEMO_TENANT } from '../src/seed';

export const OUT = join(resolve(__dirname, '..'), 'docs', 'screenshots');
/** The demo school the pictures are taken at. */
export const SCHOOL = 'ellingsrud';

export interface Shots {
  stack: Stack;
  browser: Browser;
  /** Opens the Teams client of `name`: the stack's own persona, or one of `others`. */
  open(name: string): Promise<Page>;
}

/**
 * Starts the stack as `persona` (tables of their own, named from `tablePrefix` and the time),
 * a Playground for each of `others` and the browser; runs `shots`; stops everything after, also
 * when it fails.
 */
export async function withStack(o: { tablePrefix: string; persona: string; others?: string[] }, shots: (s: Shots) => Promise<void>): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const stack = await startStack({
    botPort: await freePort(),
    playgroundPort: await freePort(),
    tablePrefix: `${o.tablePrefix}${Date.now().toString(36)}`,
    persona: findPersona(o.persona),
    logLevel: 'error',
    quietPlayground: true,
  });
  const ports = new Map<string, number>();
  for (const name of o.others ?? []) ports.set(name, await freePort());
  const playgrounds = await Promise.all([...ports].map(([name, port]) => startPlayground({ port, botUrl: stack.app.url, persona: findPersona(name), quiet: true })));
  const browser = await launchBrowser();
  try {
    await shots({
      stack,
      browser,
      open: (name) => {
        const port = ports.get(name);
        if (name !== o.persona && port === undefined) throw new Error(`no Playground for ${name}`);
        return openPlayground(browser, port === undefined ? stack.playgroundUrl : `http://127.0.0.1:${port}`);
      },
    });
  } finally {
    await browser.close();
    for (const pg of playgrounds) pg.kill();
    await stack.stop();
  }
}

/** The demo school as the app has it (its calendar decides which days are school days). */
export async function demoSchool(stack: Stack): Promise<School> {
  const school = await stack.app.directory.getSchool(DEMO_TENANT, SCHOOL);
  if (!school) throw new Error(`the demo school ${SCHOOL} is not seeded`);
  return school;
}

/** Draws only the card, as `name` in docs/screenshots. */
export async function shoot(page: Page, card: Locator, name: string): Promise<void> {
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

/** Runs a script's main: a failure ends it with its message and exit code 1. */
export function run(main: () => Promise<void>): void {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
