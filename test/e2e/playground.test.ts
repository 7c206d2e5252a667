/**
 * One end-to-end run as a teacher would do it: the real service on Azurite, the Microsoft 365
 * Agents Playground as the Teams client, headless Chromium typing and clicking. Then the school
 * owner contact (Jon Aas), in a Teams client of his own, asks for «oversikt».
 */
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../scripts/azurite';
import type { ChildProcess } from 'node:child_process';
import { startPlayground, startStack, type Stack } from '../../scripts/dev-stack';
import { chromiumAvailable, CHROMIUM, fillReport, lastCard, launchBrowser, openPlayground, say } from '../../scripts/playground-driver';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { Tables } from '../../src/adapters/tables/table-client';
import { DEMO_TENANT } from '../../src/seed';
import { persona } from '../support/bot-client';
import { connectionString, uniquePrefix } from '../support/tables';

const required = process.env.MELDFRA_REQUIRE_E2E === '1';
const haveBrowser = chromiumAvailable();
if (!haveBrowser) {
  const msg = `Chromium is missing at ${CHROMIUM}: the end-to-end test through the Agents Playground cannot run. Install it with: apt-get install -y chromium`;
  if (required) throw new Error(msg);
  console.warn(`SKIPPED: ${msg}`);
}
const e2e = haveBrowser ? describe : describe.skip;

e2e('a teacher reports in the Agents Playground (headless Chromium)', () => {
  jest.setTimeout(120_000);
  const prefix = uniquePrefix();
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let rektorPg: ChildProcess;
  let rektor: Page;
  let ownerPg: ChildProcess | undefined;

  beforeAll(async () => {
    stack = await startStack({
      botPort: await freePort(),
      playgroundPort: await freePort(),
      connectionString: connectionString(),
      tablePrefix: prefix,
      persona: persona('Kari'),
      logLevel: 'warn',
      quietPlayground: true,
    });
    // Rektor has her own Teams client (a second Playground) with the app, as in a real school.
    const rektorPort = await freePort();
    rektorPg = await startPlayground({ port: rektorPort, botUrl: stack.app.url, persona: persona('Ragnhild'), quiet: true });
    browser = await launchBrowser();
    rektor = await openPlayground(browser, `http://127.0.0.1:${rektorPort}`);
    await say(rektor, 'hjelp');
    await lastCard(rektor, 'dette kan jeg hjelpe med');
    page = await openPlayground(browser, stack.playgroundUrl);
  });
  afterAll(async () => {
    await browser?.close();
    rektorPg?.kill();
    ownerPg?.kill();
    await stack?.stop();
  });

  it('types "meld fra", is stopped on missing fields with what she typed kept, sees the receipt; rektor gets the case in her Teams and forwards it', async () => {
    await say(page, 'meld fra');
    const card = await lastCard(page, 'Meld fra om skolemiljø');
    await card.getByLabel('Elevens navn').fill('Ola Testesen');
    await card.getByRole('button', { name: 'Send meldingen' }).click();
    // Required fields are named on the card, and the name she typed is still there.
    await card.getByText('Må fylles ut.').first().waitFor();
    expect(await card.getByLabel('Elevens navn').inputValue()).toBe('Ola Testesen');

    await fillReport(page, card, {
      pupilName: 'Ola Testesen',
      pupilClass: '8A',
      sign: 'Eleven kvier seg for å gå på skolen',
      observed: 'Ola ble holdt utenfor i friminuttet.',
      kind: 'Utenforskap',
      where: 'Skolegården',
      day: 1,
      source: 'Jeg så eller hørte det selv',
    });
    await card.getByRole('button', { name: 'Send meldingen' }).click();

    // The card turns into the receipt in place, with the reference.
    const receipt = await lastCard(page, 'Meldingen er sendt');
    const text = await receipt.innerText();
    expect(text).toContain('Takk for at du meldte fra. Rektor har fått beskjed');
    const ref = /SM-\d{4}-\d{4}/.exec(text)?.[0];
    expect(ref).toBeDefined();
    expect(await page.locator('.ac-adaptiveCard').filter({ hasText: 'Meld fra om skolemiljø' }).count()).toBe(0);

    // Saved in the store under that reference, for Kari's school.
    const cases = new CaseRepository(new Tables({ connectionString: connectionString(), prefix }));
    const saved = (await cases.listBySchool(DEMO_TENANT, 'ellingsrud')).find((c) => c.ref === ref);
    expect(saved?.report.pupilClass).toBe('8A');
    expect(saved?.reporterId).toBe(persona('Kari').userId);

    // Rektor's Teams shows the case card with the details; she forwards it to the suggested leader.
    const notice = await lastCard(rektor, `Ny melding om skolemiljø – ${ref}`);
    expect(await notice.innerText()).toContain('Ola Testesen');
    expect(await notice.locator('input[role=combobox]').inputValue()).toBe('Lars Eide (8. trinn)'); // suggested from class 8A
    await notice.getByRole('button', { name: 'Videresend til nærmeste leder' }).click();
    const forwarded = await lastCard(rektor, 'Videresendt til Lars Eide');
    expect(await forwarded.getByRole('button', { name: 'Videresend til nærmeste leder' }).count()).toBe(0);
  });

  it('the school owner (Jon Aas) types "oversikt" and sees the overview of both demo schools, the new report counted as «under 5»', async () => {
    const port = await freePort();
    ownerPg = await startPlayground({ port, botUrl: stack.app.url, persona: persona('Jon'), quiet: true });
    const jon = await openPlayground(browser, `http://127.0.0.1:${port}`);
    await say(jon, 'oversikt');
    const card = await lastCard(jon, 'Oversikt: aktivitetsplikten ved skolene');
    const text = await card.innerText();
    expect(text).toContain('Ellingsrud skole (demo)');
    expect(text).toContain('Nordberg skole (demo)');
    expect(text).toContain('under 5');
  });
});
