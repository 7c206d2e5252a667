/**
 * `npx tsx scripts/screenshots-archive.ts`: the README's pictures of archiving (issue 16), taken in
 * headless Chromium from the Agents Playground as Lars Eide. The service runs with ARCHIVE=files
 * (the messages and PDFs to build/archive-files) and the demo school's archive settings: Kari
 * reports, rektor forwards the case to Lars, and Lars opens the case before and after the archive
 * sweep. Writes docs/screenshots/archive-waiting.png and archive-sent.png, and lists the files.
 */
import { readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from './azurite';
import { startStack } from './dev-stack';
import { findPersona } from './playground-config';
import { lastCard, launchBrowser, openPlayground, say, sayForCard } from './playground-driver';
import { OUT, shoot } from './screenshot-kit';
import { DEMO_TENANT } from '../src/seed';
import { BotClient, findVerb, persona, validReport } from '../test/support/bot-client';

const FOLDER = resolve(__dirname, '..', 'build', 'archive-files');
const lars = findPersona('Lars');
/** Kari and rektor act through the bot's endpoint as Teams would send their clicks (their chats are not in the pictures). */
const as = (name: string) => ({ ...persona(name), tenantId: DEMO_TENANT });

async function main() {
  rmSync(FOLDER, { recursive: true, force: true });
  const stack = await startStack({
    botPort: await freePort(),
    playgroundPort: await freePort(),
    tablePrefix: `arch${Date.now().toString(36)}`,
    persona: lars,
    logLevel: 'error',
    quietPlayground: true,
    env: { ARCHIVE: 'files', ARCHIVE_FOLDER: FOLDER, ARCHIVE_SWEEP_SECONDS: '0' },
  });
  const browser = await launchBrowser();
  try {
    // The archive staff's settings for the school (imported with the school file in production).
    const school = (await stack.app.directory.getSchool(DEMO_TENANT, 'ellingsrud'))!;
    await stack.app.directory.upsertSchool({ ...school, archive: { systemName: 'Websak', arkivdel: 'ELEV', ordningsprinsipp: 'FELLESKLASSE', ordningsverdi: 'B31', administrativEnhet: 'OPPV-ELL', saksbehandler: 'leide', reportNoteType: 'X' } });
    const page = await openPlayground(browser, stack.playgroundUrl);
    await page.setViewportSize({ width: 1400, height: 3200 });
    await say(page, 'hjelp');
    await lastCard(page, 'dette kan jeg hjelpe med');

    const bot = new BotClient(stack.app.url, `${stack.playgroundUrl}/_connector`);
    const [form] = await bot.say(as('Kari'), 'meld fra');
    const receipt = await bot.act(as('Kari'), 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
    const ref = /SM-\d{4}-\d{4}/.exec(JSON.stringify(receipt))?.[0];
    if (!ref) throw new Error('the report was not accepted');
    const [card] = await bot.say(as('Ragnhild'), `sak ${ref}`);
    await bot.act(as('Ragnhild'), 'case.forward', { ...findVerb(card, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
    await stack.app.dispatcher.idle();
    await lastCard(page, `Sak videresendt til deg – ${ref}`);

    const waiting = await sayForCard(page, `sak ${ref}`, 'Venter på arkivet');
    await shoot(page, waiting, 'archive-waiting.png');
    await stack.app.archive!.sweep();
    const sent = await sayForCard(page, `sak ${ref}`, 'Sendt til arkivet');
    await shoot(page, sent, 'archive-sent.png');
    console.log(`Wrote ${OUT}; the archive folder ${FOLDER} holds:\n  ${readdirSync(FOLDER).sort().join('\n  ')}`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
