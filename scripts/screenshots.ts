/**
 * `npm run screenshots`: the README's pictures, taken in headless Chromium from the Agents
 * Playground as a user sees them. Three Playgrounds share one bot: Kari (kontaktlærer) reports,
 * and the card reaches Ragnhild (rektor) in hers; a report where a member of staff is suspected
 * (§ 12-5) reaches Jon (the school owner) in his at the same moment. Writes docs/screenshots/*.png.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './azurite';
import { startPlayground, startStack } from './dev-stack';
import { fillReport, lastCard, launchBrowser, openPlayground, postInChannel, say } from './playground-driver';
import { firstReminder } from '../src/domain/reminders';
import { schoolDate } from '../src/app/school-time';
import { DEMO_TENANT } from '../src/seed';
import { findPersona } from './playground-config';

const OUT = join(resolve(__dirname, '..'), 'docs', 'screenshots');

async function main() {
  mkdirSync(OUT, { recursive: true });
  const stack = await startStack({
    botPort: await freePort(),
    playgroundPort: await freePort(),
    tablePrefix: `shots${Date.now().toString(36)}`,
    persona: findPersona('Kari'),
    logLevel: 'warn',
    quietPlayground: true,
  });
  const rektorPort = await freePort();
  const rektorPg = await startPlayground({ port: rektorPort, botUrl: stack.app.url, persona: findPersona('Ragnhild'), quiet: true });
  const ownerPort = await freePort();
  const ownerPg = await startPlayground({ port: ownerPort, botUrl: stack.app.url, persona: findPersona('Jon'), quiet: true });
  const browser = await launchBrowser();
  try {
    const rektor = await openPlayground(browser, `http://127.0.0.1:${rektorPort}`);
    await say(rektor, 'hjelp'); // Ragnhild has the app: the bot knows where to reach her.
    await lastCard(rektor, 'dette kan jeg hjelpe med');
    const owner = await openPlayground(browser, `http://127.0.0.1:${ownerPort}`);
    await owner.setViewportSize({ width: 1400, height: 2400 });
    await say(owner, 'hjelp'); // Jon, the school owner's contact, has the app too.
    await lastCard(owner, 'dette kan jeg hjelpe med');

    const kari = await openPlayground(browser, stack.playgroundUrl);
    await say(kari, 'meld fra');
    const form = await lastCard(kari, 'Meld fra om skolemiljø');
    await form.getByText('Meld fra om skolemiljø', { exact: true }).scrollIntoViewIfNeeded();
    await kari.screenshot({ path: join(OUT, 'report-card.png') });
    await fillReport(kari, form, {
      pupilName: 'Ola Nordmann',
      pupilClass: '8A',
      sign: 'Eleven kvier seg for å gå på skolen',
      observed: 'Ola ble holdt utenfor i friminuttet og dyttet av to elever ved sykkelstativet.',
      kind: 'Utenforskap',
      where: 'Skolegården',
      day: 1,
      source: 'Jeg så eller hørte det selv',
    });
    await form.getByRole('button', { name: 'Send meldingen' }).click();
    const receipt = await lastCard(kari, 'Meldingen er sendt');
    await kari.waitForTimeout(500);
    await kari.screenshot({ path: join(OUT, 'receipt.png') });
    await receipt.screenshot({ path: join(OUT, 'receipt-card.png') });

    const notice = await lastCard(rektor, 'Ny melding om skolemiljø');
    await notice.scrollIntoViewIfNeeded();
    await notice.screenshot({ path: join(OUT, 'rektor-card.png') });

    // Rektor lets the 8. trinn channel get deadline reminders, then the deadline comes (here: now).
    await postInChannel(rektor, '8. trinn', 'kanal trinn 8');
    await rektor.getByText('Denne kanalen får nå påminnelser', { exact: false }).first().waitFor({ timeout: 20_000 });
    const tenantId = DEMO_TENANT;
    const c = (await stack.app.cases.listBySchool(tenantId, 'ellingsrud')).at(-1)!;
    const nowIso = new Date().toISOString();
    await stack.app.reminders.schedule([{ ...firstReminder(c, 'undersokelse', c.investigationDue, nowIso), reminderId: `${c.caseId}-undersokelse-now`, deadline: schoolDate(new Date()).today }]);
    await stack.app.reminderSweeper.sweep();
    await lastCard(rektor, 'Påminnelse om frist');
    await rektor.waitForTimeout(500);
    await rektor.screenshot({ path: join(OUT, 'channel-reminder.png') });
    await rektor.getByText('Personal Chat', { exact: true }).click();
    const personal = await lastCard(rektor, 'Påminnelse:');
    await personal.scrollIntoViewIfNeeded();
    await personal.screenshot({ path: join(OUT, 'rektor-reminder.png') });

    // § 12-5: a member of staff suspected. Rektor and the school owner get the case at the same moment.
    await rektor.setViewportSize({ width: 1400, height: 2400 });
    await say(kari, 'meld fra');
    const staffForm = await lastCard(kari, 'Meld fra om skolemiljø');
    await fillReport(kari, staffForm, {
      pupilName: 'Nora Vik',
      pupilClass: '8B',
      sign: 'Eleven kvier seg for å gå på skolen',
      observed: 'Nora forteller at en lærer kaller henne «dum» foran klassen og ler når hun svarer feil.',
      kind: 'Krenkelse',
      where: 'Klasserommet, matematikktimene',
      day: 1,
      source: 'Eleven fortalte det',
      staffSuspected: true,
    });
    await staffForm.getByRole('button', { name: 'Send meldingen' }).click();
    await lastCard(kari, 'har skoleeier fått meldingen samtidig');
    const skjerpet = await lastCard(rektor, 'Skjerpet aktivitetsplikt (§ 12-5)');
    await skjerpet.scrollIntoViewIfNeeded();
    await rektor.mouse.move(0, 0);
    await skjerpet.screenshot({ path: join(OUT, 'rektor-card-12-5.png') });
    const toOwner = await lastCard(owner, 'Melding til skoleeier');
    await toOwner.scrollIntoViewIfNeeded();
    await toOwner.screenshot({ path: join(OUT, 'owner-card.png') });
    console.log(`Wrote ${OUT}/report-card.png, receipt.png, receipt-card.png, rektor-card.png, channel-reminder.png, rektor-reminder.png, rektor-card-12-5.png, owner-card.png`);
  } finally {
    await browser.close();
    rektorPg.kill();
    ownerPg.kill();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
