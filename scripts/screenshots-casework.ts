/**
 * `npm run screenshots:casework`: the README's pictures of the leader's work on a case, taken in
 * headless Chromium from the Agents Playground as Lars Eide (avdelingsleder 8. trinn) sees them.
 * The case is reported by Kari and forwarded by rektor over the bot's own endpoint (the report
 * pictures come from `npm run screenshots`); from `sak <ref>` on, Lars clicks and types. Ends with
 * the case exported as a PDF (build/case-export.pdf), its first page drawn with pdftoppm if there.
 * Writes docs/screenshots/*.png.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import { freePort } from './azurite';
import { startStack } from './dev-stack';
import { findPersona } from './playground-config';
import { choose, lastCard, launchBrowser, openPlayground, openUrlOf, sayForCard, shows } from './playground-driver';
import { SCHOOL_ZONE } from '../src/app/school-time';
import { DEMO_TENANT, type Persona } from '../src/seed';
import { Browser } from '../test/support/browser';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const PDF = join(ROOT, 'build', 'case-export.pdf');
const SCHOOL = 'ellingsrud';

const kari = findPersona('Kari');
const rektor = findPersona('Ragnhild');
const lars = findPersona('Lars');
const sara = findPersona('Sara');

/** Talks to /api/messages as Teams would for one persona; returns the card(s) the bot answers with. */
function botClient(botUrl: string, serviceUrl: string) {
  const base = (p: Persona) => ({
    channelId: 'msteams',
    serviceUrl,
    locale: 'nb-NO',
    from: { id: p.teamsId, aadObjectId: p.userId, name: p.name },
    recipient: { id: '28:bot', name: 'Meld fra' },
    conversation: { id: `a:script-${p.userId}`, conversationType: 'personal', tenantId: DEMO_TENANT },
    channelData: { tenant: { id: DEMO_TENANT } },
  });
  const post = async (body: unknown): Promise<any> => {
    const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`the bot answered HTTP ${res.status}`);
    return res.json();
  };
  return {
    say: async (p: Persona, text: string): Promise<any> => {
      const r = (await post({ ...base(p), type: 'message', id: randomUUID(), text, deliveryMode: 'expectReplies' })) as { activities: any[] };
      return r.activities.flatMap((a) => (a.attachments ?? []).map((x: any) => x.content))[0];
    },
    act: async (p: Persona, verb: string, data: Record<string, unknown>): Promise<any> =>
      ((await post({ ...base(p), type: 'invoke', name: 'adaptiveCard/action', id: randomUUID(), replyToId: 'card-1', value: { action: { type: 'Action.Execute', verb, data } } })) as { value: any }).value,
  };
}

/** The data of the first Action.Execute with this title on a card. */
function actionData(card: unknown, title: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (n: any): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'Action.Execute' && n.title === title) found ??= n.data ?? {};
    Object.values(n).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`no button "${title}" on the card`);
  return found;
}

async function shoot(page: Page, card: Locator, name: string): Promise<void> {
  await page.mouse.move(0, 0); // no hover on a button
  // No focus underline, and each text box shows its text from the start.
  await page.evaluate(() => (globalThis as any).document.activeElement?.blur());
  await card.locator('textarea').evaluateAll((boxes) => boxes.forEach((b) => (b.scrollTop = 0)));
  await page.waitForTimeout(300);
  await card.screenshot({ path: join(OUT, name) });
  console.log(`  ${name}`);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  const stack = await startStack({
    botPort: await freePort(),
    playgroundPort: await freePort(),
    tablePrefix: `work${Date.now().toString(36)}`,
    persona: lars,
    logLevel: (process.env.SHOT_LOG as 'info' | undefined) ?? 'error',
    quietPlayground: true,
  });
  const browser = await launchBrowser();
  try {
    // Lars has Teams open.
    const page = await openPlayground(browser, stack.playgroundUrl);
    await page.setViewportSize({ width: 1400, height: 3000 }); // the longest card fits: no scrolling under the Playground's header

    // Kari reports what she saw yesterday; rektor forwards to Lars, who connects Sara from miljøteamet.
    const bot = botClient(stack.app.url, `${stack.playgroundUrl}/_connector`);
    const yesterday = DateTime.now().setZone(SCHOOL_ZONE).minus({ days: 1 }).toISODate()!;
    // Kari's class list (elevsamtaler), so the party's copy knows the other pupils' names.
    await stack.app.talks.addPupils({ tenantId: DEMO_TENANT, userId: kari.userId }, SCHOOL, '8A', 'Emil Johansen\nSofie Berg\nAli Khan\nNora Hansen', true);
    const form = await bot.say(kari, 'meld fra');
    const receipt = await bot.act(kari, 'report.submit', {
      ...actionData(form, 'Send meldingen'),
      schoolId: SCHOOL,
      pupilName: 'Emil Johansen',
      pupilClass: '8A',
      signs: 'kvier_seg,sosial_dynamikk',
      observed: 'Emil sto alene ved gjerdet hele storefri. Da han spurte om å få være med på fotball, sa Sofie Berg og Ali at «ingen vil ha deg på laget» og lo.',
      kinds: 'utenforskap,krenkelse',
      kindOther: '',
      where: 'Fotballbanen',
      date: yesterday,
      time: '11:40',
      source: 'egen_observasjon',
      intervened: 'ja',
      intervention: 'Jeg snakket med elevene på stedet og fulgte Emil inn etter friminuttet.',
      pupilInformed: 'ja',
      pupilInformedWhy: '',
      vulnerabilities: '',
      staffSuspected: 'nei',
      leadershipSuspected: 'nei',
    });
    const ref = /SM-\d{4}-\d{4}/.exec(JSON.stringify(receipt))?.[0];
    if (!ref) throw new Error(`the report was not accepted: ${JSON.stringify(receipt).slice(0, 300)}`);
    const rektorCard = await bot.say(rektor, `sak ${ref}`);
    const caseRef = actionData(rektorCard, 'Videresend til nærmeste leder');
    await bot.act(rektor, 'case.forward', { ...caseRef, leaderId: lars.userId });
    // The forward's notice reaches Lars's Playground chat before the test client speaks as Lars
    // (its own conversation would otherwise become the one the bot knows for him).
    await stack.app.dispatcher.idle();
    await lastCard(page, `Sak videresendt til deg – ${ref}`);
    await bot.act(lars, 'work.connect.save', { ...caseRef, memberId: sara.userId });
    await stack.app.dispatcher.idle();

    const card = await sayForCard(page, `sak ${ref}`, 'Registrer undersøkelsen');
    await shoot(page, card, 'case-leader.png');

    // The investigation (delplikt 4).
    await card.getByRole('button', { name: 'Registrer undersøkelsen' }).click();
    await shows(card, 'Undersøkelse (delplikt 4)');
    for (const m of ['Samtale med eleven', 'Samtale med elevens foresatte', 'Sosiogram', 'Observasjoner fra lærer, miljøteam og nærmeste leder']) {
      await card.getByText(m, { exact: true }).click();
    }
    await card
      .getByLabel(/Oppsummering av funn/)
      .fill(
        'Emil forteller at han har vært alene i storefri siden høstferien og gruer seg til friminuttene. Sosiogrammet viser at han har få relasjoner i klassen. Foresatte bekrefter at han kvier seg for å gå på skolen. Fotballen i storefri styres av noen få elever som bestemmer hvem som får være med.',
      );
    await shoot(page, card, 'investigation-form.png');
    await card.getByRole('button', { name: 'Lagre', exact: true }).click();
    await shows(card, 'Undersøkelsen er registrert');

    // The aktivitetsplan (delplikt 5): everything typed but no measure yet, so it is not saved.
    await card.getByRole('button', { name: 'Lag aktivitetsplan' }).click();
    await shows(card, 'Aktivitetsplan (delplikt 5)');
    await card.getByLabel(/Hvilket problem/).fill('Emil er utenfor i friminuttene og opplever at han ikke får være med i lek og fotball.');
    await card.getByLabel(/Elevens egen mening/).fill('Emil vil gjerne ha en voksen i nærheten i storefri og være med i en fast gruppe. Han vil ikke at det skal snakkes om ham i klassen.');
    await card.getByLabel(/Foresattes syn/).fill('Foresatte støtter tiltakene og ønsker en kort tilbakemelding fra kontaktlæreren hver fredag.');
    await card.getByLabel(/barnets beste/).fill('Emils trygghet og tilhørighet i friminuttene veier tyngst. Tiltakene er valgt slik at han ikke blir stilt i fokus foran klassen.');
    await card.getByRole('radio', { name: 'Ja', exact: true }).check();
    await card.getByLabel(/hvilke forslag/).fill('Foresatte ba om at en av de andre elevene bytter klasse. Det er ikke til hans beste; skolen setter inn tett voksenoppfølging og en gjenopprettende samtale i stedet.');
    await card.getByRole('button', { name: 'Lagre planen' }).click();
    await shows(card, 'Ikke lagret ennå');
    await shoot(page, card, 'plan-errors.png');

    const measures = [
      { level: 'Individ', text: 'Fast voksen ute i storefri som følger med og hjelper Emil inn i aktiviteter', when: 'Hver skoledag fra mandag 30.11.', who: 'Kari Nordmann' },
      { level: 'Individ', text: 'Gjenopprettende samtale mellom Emil og elevene som styrer fotballen, der alle blir hørt', when: 'Uke 49', who: 'Sara Khan', restorative: 'Ja, mellom elev og elev' },
      { level: 'Klasse', text: 'Klassemøter om inkludering og fair play i friminuttene, uten å nevne enkeltelever', when: 'Klassens time i uke 49 og 50', who: 'Kari Nordmann' },
      { level: 'Skole', text: 'Organisert fotball i storefri der de voksne setter sammen lagene', when: 'Tirsdag og torsdag fra uke 49', who: 'Sara Khan' },
    ];
    for (const [i, m] of measures.entries()) {
      await card.getByRole('button', { name: 'Legg til tiltak' }).click();
      await shows(card, 'Nytt tiltak i aktivitetsplanen');
      await card.getByRole('radio', { name: m.level }).check();
      await card.getByLabel(/^Tiltak/).fill(m.text);
      await card.getByLabel(/Når gjennomføres/).fill(m.when);
      await choose(page, card, /Ansvarlig/, m.who);
      if (m.restorative) await choose(page, card, /Gjenopprettende prosess/, m.restorative);
      if (i === 0) await shoot(page, card, 'measure-form.png');
      await card.getByRole('button', { name: 'Lagre tiltaket' }).click();
      await shows(card, `Tiltak (${i + 1} av høyst`);
    }
    await shoot(page, card, 'plan-card.png');

    await card.getByRole('button', { name: 'Lagre planen' }).click();
    await shows(card, 'Aktivitetsplanen (versjon 1) er lagret');
    await shoot(page, card, 'case-with-plan.png');

    // The evaluation, before its date (with the reason), in dialogue with Emil, his parents and
    // the kontaktlærer; the evaluation meeting still ahead is called off and the invitees told.
    await card.getByRole('button', { name: 'Evaluer planen' }).click();
    await shows(card, 'Evaluering av aktivitetsplanen');
    await card.getByLabel(/Hvorfor evalueres planen før/).fill('Foresatte ba om å evaluere før juleferien; alle tiltakene er gjennomført.');
    await card.getByRole('radio', { name: 'Avsluttes' }).check();
    await card.getByLabel(/Hva kom fram/).fill('Emil sier at han har det bra i friminuttene og har fått to faste å være sammen med. Foresatte og kontaktlæreren ser det samme.');
    await card.getByRole('radio', { name: 'Ja', exact: true }).nth(0).check();
    await card.getByRole('radio', { name: 'Nei', exact: true }).nth(1).check();
    await card.getByLabel(/Hvis nei: hvorfor ikke/).nth(1).fill('Far var på reise; ringt samme dag.');
    await card.getByRole('radio', { name: 'Ja', exact: true }).nth(2).check();
    await card.getByRole('radio', { name: /^Avlys møtet/ }).check();
    await shoot(page, card, 'evaluation-form.png');
    await card.getByRole('button', { name: 'Lagre', exact: true }).click();
    await shows(card, 'Evalueringen er lagret');

    // Closing the case.
    await card.getByRole('button', { name: 'Avslutt saken' }).click();
    await shows(card, 'Den siste planen er evaluert');
    await card.getByRole('checkbox', { name: 'Eleven sier at hen har det bra på skolen' }).check();
    await card.getByRole('checkbox', { name: 'De voksne er ikke lenger bekymret for elevens skolemiljø' }).check();
    await card.getByLabel(/Referat/).fill('Avsluttende samtale med Emil og foresatte. Alle er enige om at saken kan avsluttes.');
    await shoot(page, card, 'close-form.png');
    await card.getByRole('button', { name: 'Avslutt saken', exact: true }).click();
    await shows(card, 'Saken er avsluttet.');

    // The whole case as a PDF, by the link on the card.
    await card.getByRole('button', { name: 'Last ned saken (PDF)' }).click();
    await shows(card, 'Åpne PDF-en');
    const url = await openUrlOf(card, 'Åpne PDF-en (lenken virker én gang i 10 minutter)');
    // The link asks who opens it (local sign-in here): Lars signs in as himself, as in the export test.
    const pdf = await new Browser().open(url, { userId: lars.userId, tenantId: DEMO_TENANT });
    if (pdf.status !== 200 || pdf.type !== 'application/pdf') throw new Error(`the export answered HTTP ${pdf.status} ${pdf.type}`);
    writeFileSync(PDF, pdf.body);
    console.log(`  ${PDF}`);
    const png = spawnSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', PDF, join(OUT, 'export-page1')], { stdio: 'inherit' });
    if (png.error || png.status !== 0) console.log('  pdftoppm is missing (apt-get install -y poppler-utils): export-page1.png not drawn');
    else console.log('  export-page1.png');
    // «Kopi til foresatte»: the leader reads the copy with the other pupils screened, then approves it.
    await card.getByRole('button', { name: 'Kopi til foresatte' }).click();
    await shows(card, '[skjermet]');
    await shoot(page, card, 'party-copy.png');
    await card.getByRole('button', { name: 'Godkjenn og last ned' }).click();
    await shows(card, 'Godkjent av deg');
    await shoot(page, card, 'party-copy-approved.png');

    console.log(`Wrote ${OUT}`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
