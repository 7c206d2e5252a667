/**
 * Drives the Microsoft 365 Agents Playground in headless Chromium the way a person would: type
 * in the compose box, fill the Adaptive Card by its labels, press its buttons. Used by the
 * end-to-end test and by `npm run screenshots`.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = (): boolean => existsSync(CHROMIUM);

/** The flags that keep Chromium quiet on a machine with no network beyond loopback. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Playwright gives each launch a fresh, empty profile of its own. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export async function openPlayground(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'nb-NO' });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.locator('[data-lexical-editor="true"]').waitFor({ timeout: 30_000 });
  return page;
}

/** Types a message in the compose box and sends it. */
export async function say(page: Page, text: string): Promise<void> {
  await page.locator('[data-lexical-editor="true"]').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Opens a channel of the Playground's team and starts a new post that @mentions the bot. */
export async function postInChannel(page: Page, channel: string, text: string): Promise<void> {
  await page.getByText(channel, { exact: true }).first().click();
  await page.locator('[data-lexical-editor="true"]').first().click();
  await page.keyboard.type('@Meld');
  await page.locator('[role=menu]').getByText('Meld fra', { exact: true }).click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole('button', { name: 'Post' }).click();
}

/** The newest card in the open chat, once one is there. */
export async function lastCard(page: Page, containing?: string): Promise<Locator> {
  const cards = page.locator('.ac-adaptiveCard');
  const card = containing ? cards.filter({ hasText: containing }).last() : cards.last();
  await card.waitFor({ timeout: 20_000 });
  return card;
}

export interface ReportInput {
  pupilName: string;
  pupilClass: string;
  sign: string;
  observed: string;
  kind: string;
  where: string;
  /**
   * Day of the month the date picker opens on. The 1st is always safe: never in the future in
   * Oslo, and the first "1" on the grid is this month's.
   */
  day: number;
  source: string;
  /** «Har du mistanke om at en ansatt krenker eleven?» (§ 12-5); no when left out. */
  staffSuspected?: boolean;
  /** «… noen i skolens ledelse …»; no when left out. */
  leadershipSuspected?: boolean;
}

/** Fills the report card as a teacher would, by the labels in bokmål. */
export async function fillReport(page: Page, card: Locator, r: ReportInput): Promise<void> {
  await card.getByLabel('Elevens navn').fill(r.pupilName);
  await card.locator('input[role=combobox][placeholder="Velg klasse"]').click();
  await page.getByRole('option', { name: r.pupilClass, exact: true }).click();
  await card.getByText(r.sign, { exact: true }).click();
  await card.getByLabel('Beskriv hva du har sett eller hørt').fill(r.observed);
  await card.getByText(r.kind, { exact: true }).click();
  await card.getByLabel('Hvor skjedde det?').fill(r.where);
  await card.locator('input[role=combobox][aria-haspopup=dialog]').click();
  await page.getByRole('dialog').getByText(String(r.day), { exact: true }).first().click();
  await card.getByText(r.source, { exact: true }).click();
  await card.getByRole('radiogroup', { name: 'Grep du inn?' }).getByRole('radio', { name: 'Nei' }).check();
  await card.getByText('Nei, ikke ennå', { exact: true }).click();
  await card.getByRole('radiogroup', { name: /ansatt krenker/ }).getByRole('radio', { name: r.staffSuspected ? 'Ja' : 'Nei' }).check();
  await card.getByRole('radiogroup', { name: /ledelse krenker/ }).getByRole('radio', { name: r.leadershipSuspected ? 'Ja' : 'Nei' }).check();
}

/** How many cards the open chat shows now. */
export async function cardCount(page: Page): Promise<number> {
  return page.locator('.ac-adaptiveCard').count();
}

/**
 * The card at `index` in the open chat (0 = the oldest), once it shows `containing`. The locator
 * stays on that message when a button replaces its card, so a whole flow can be followed in it
 * even while the bot updates other copies of the same case above it.
 */
export async function cardAt(page: Page, index: number, containing?: string, timeout = 20_000): Promise<Locator> {
  const card = page.locator('.ac-adaptiveCard').nth(index);
  await card.waitFor({ timeout });
  if (containing) await shows(card, containing, timeout);
  return card;
}

/** Sends a message and returns the card the bot answers with (the first card after those already shown). */
export async function sayForCard(page: Page, text: string, containing?: string): Promise<Locator> {
  const before = await cardCount(page);
  await say(page, text);
  return cardAt(page, before, containing);
}

/** Waits until the card shows this text (e.g. after a button replaced it). */
export async function shows(card: Locator, text: string | RegExp, timeout = 20_000): Promise<void> {
  await card.getByText(text).first().waitFor({ timeout });
}

/** Picks an entry of a compact Input.ChoiceSet (a drop-down) on the card by its label. */
export async function choose(page: Page, card: Locator, label: string | RegExp, option: string): Promise<void> {
  await card.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * The URL an Action.OpenUrl button on the card opens. The Playground draws it as a link-role
 * button with the URL as its tooltip (title), so it is read from there without opening a tab.
 */
export async function openUrlOf(card: Locator, button: string): Promise<string> {
  const link = card.getByRole('link', { name: button, exact: true });
  const url = await link.getAttribute('title', { timeout: 10_000 });
  if (!url || !/^https?:\/\//.test(url)) throw new Error(`"${button}" on the card has no URL`);
  return url;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Picks a date (YYYY-MM-DD) in an Input.Date on the card the way a person would: opens the
 * field's calendar, steps to the month with "Next month"/"Previous month", clicks the day. The
 * Playground's date picker is Fluent UI in en-US: each day is a button named "30, November, 2026".
 */
export async function pickDate(page: Page, card: Locator, label: string | RegExp, isoDate: string): Promise<void> {
  const [y, m, d] = isoDate.split('-').map(Number);
  await card.getByRole('combobox', { name: label }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ timeout: 10_000 });
  const shown = async (): Promise<[number, number]> => {
    const [month, year] = ((await dialog.locator('button[aria-label]').first().getAttribute('aria-label')) ?? '').split(' ');
    return [Number(year), MONTHS.indexOf(month) + 1];
  };
  for (let step = 0; step < 36; step++) {
    const [sy, sm] = await shown();
    const diff = (y - sy) * 12 + (m - sm);
    if (diff === 0) break;
    await dialog.locator(`button[title^="${diff > 0 ? 'Next month' : 'Previous month'}"]`).click();
    await dialog.locator(`button[aria-label="${MONTHS[(((sm - 1 + Math.sign(diff)) % 12) + 12) % 12]} ${sy + Math.floor((sm - 1 + Math.sign(diff)) / 12)}"]`).waitFor({ timeout: 5_000 });
  }
  await dialog.getByRole('button', { name: `${d}, ${MONTHS[m - 1]}, ${y}`, exact: true }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
}
