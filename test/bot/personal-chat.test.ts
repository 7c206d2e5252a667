/**
 * Pupil data only in the personal chat (issue 13, M2), and the report form's own guards (L2): a
 * form id the server issued to this user, and at most REPORTS_PER_HOUR reports per user. Through
 * the real endpoint, Azurite and a local connector.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, cardText, findVerb, persona, validReport, type As } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';
import { COMMANDS } from '../../src/adapters/teams/command-table';
import { CHANNEL_SAFE_VERBS, VERBS } from '../../src/adapters/teams/handlers';

const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };
const kari = persona('Kari');
const lars = persona('Lars');
const mona = persona('Mona');
const rektor = persona('Ragnhild');
const LIMIT = 3;

const inChannel = (who: As): As => ({ ...who, conversationId: '19:ansatte@thread.tacv2;messageid=1764000000000', conversationType: 'channel' });
const inGroupChat = (who: As): As => ({ ...who, conversationId: '19:gruppe_abc@unq.gbl.spaces', conversationType: 'groupChat' });

/** The brief's own words for the pointer, in each language form. */
const POINTER = { nb: /Skriv til meg i en personlig chat/, nn: /Skriv til meg i ein personleg chat/, en: /Write to me in a personal chat/ };

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock, env: { REPORTS_PER_HOUR: String(LIMIT) } });
  bot = new BotClient(app.url, connector.url);
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

const cases = async () => app.cases.listBySchool(DEMO_TENANT, 'ellingsrud');
const formData = async (as: As) => findVerb((await bot.say(as, 'meld fra'))[0], 'Send meldingen').data;
const ref = (card: unknown) => /SM-\d{4}-\d{4}/.exec(cardText(card))?.[0];

describe('pupil data only in the personal chat', () => {
  it('«meld fra» in a channel and in a group chat: a pointer to the personal chat, no form, nothing stored', async () => {
    const before = await cases();
    for (const where of [inChannel(kari), inGroupChat(kari)]) {
      expect(await bot.say(where, 'meld fra')).toEqual([]); // no card at all
      expect(await bot.texts(where, 'meld fra')).toEqual([expect.stringMatching(POINTER.nb)]);
    }
    expect(await bot.texts({ ...inGroupChat(kari), locale: 'nn-NO' }, 'meld frå')).toEqual([expect.stringMatching(POINTER.nn)]);
    expect(await bot.texts({ ...inChannel(kari), locale: 'en-US' }, 'report')).toEqual([expect.stringMatching(POINTER.en)]);
    expect(await cases()).toEqual(before);
  });

  // Every command the table marks as personal only, so a new one is covered once it has a sample here.
  const SAMPLES: Record<string, string> = { meld_fra: 'meld fra', mine_saker: 'mine saker', sak: 'sak SM-2026-0001', permisjon: 'permisjon', elevsamtaler: 'elevsamtaler', klage: 'klage', roller: 'roller', oversikt: 'oversikt' };
  const personalOnly = Object.entries(COMMANDS).filter(([, spec]) => spec.personalOnly).map(([name]) => name);

  it('has a sample for every personal-only command in the table', () => {
    expect(personalOnly.filter((n) => !SAMPLES[n])).toEqual([]);
  });

  it.each(personalOnly)('%s: no card in a channel or a group chat, only a pointer', async (name) => {
    for (const where of [inChannel(rektor), inGroupChat(rektor)]) {
      expect(await bot.say(where, SAMPLES[name])).toEqual([]);
      const [text] = await bot.texts(where, SAMPLES[name]);
      expect(text).toMatch(/personlige chatten/);
    }
  });

  it('still answers the årshjul (no pupil data) in a channel', async () => {
    const [card] = await bot.say(inChannel(rektor), 'årshjul');
    expect(cardText(card)).toContain('Årshjul');
  });

  it('refuses report.submit from a channel: nothing stored, no name in the reply', async () => {
    const data = await formData(kari); // a form issued in her personal chat, then shared into a channel
    const before = await cases();
    const reply = await bot.act(inChannel(kari), 'report.submit', { ...data, ...validReport({ pupilName: 'Synnøve Kanalsen' }) });
    expect(cardText(reply)).toMatch(POINTER.nb);
    expect(JSON.stringify(reply)).not.toContain('Kanalsen');
    // The form with errors (the very card that would show the name to the group) is not shown either.
    const errors = await bot.act(inGroupChat(kari), 'report.submit', { ...data, ...validReport({ pupilName: 'Synnøve Kanalsen', observed: '' }) });
    expect(JSON.stringify(errors)).not.toContain('Kanalsen');
    await app.dispatcher.idle();
    expect(await cases()).toEqual(before);
    expect(connector.cardsFor(rektor.userId).map((c) => JSON.stringify(c)).join('')).not.toContain('Kanalsen');
  });

  it('refuses every card verb outside the personal chat unless it is marked channel-safe, before reading its data', async () => {
    const verbs = Object.keys(VERBS).filter((v) => !CHANNEL_SAFE_VERBS.has(v));
    expect(verbs.length).toBeGreaterThan(50);
    const before = await cases();
    for (const verb of verbs) {
      const reply = await bot.act(inGroupChat(rektor), verb, { ...validReport(), caseId: before[0]?.caseId ?? 'x' });
      expect([verb, cardText(reply)]).toEqual([verb, expect.stringMatching(POINTER.nb)]);
    }
    expect(await cases()).toEqual(before);
  });
});

describe('the report form', () => {
  it('refuses a form id not issued to this user, keeps what was typed, and sends with the new form it gives', async () => {
    const karis = await formData(kari);
    const before = (await cases()).length;
    const typed = validReport({ pupilName: 'Tobias Skjemasen', observed: 'Skrevet på et skjema som ikke var mitt' });
    for (const formId of [karis.formId, 'valgt-av-klienten']) {
      const card = await bot.act(lars, 'report.submit', { ...karis, formId, ...typed });
      expect(cardText(card)).toContain('Meldingen er ikke sendt');
      expect(JSON.stringify(card)).toContain('Skrevet på et skjema som ikke var mitt'); // kept in the inputs
      const fresh = findVerb(card, 'Send meldingen').data;
      expect(fresh.formId).not.toBe(formId);
    }
    expect((await cases()).length).toBe(before);
    const again = await bot.act(lars, 'report.submit', { ...karis, formId: 'valgt-av-klienten', ...typed });
    const receipt = await bot.act(lars, 'report.submit', { ...findVerb(again, 'Send meldingen').data, ...typed });
    expect(ref(receipt)).toBeDefined();
    expect((await cases()).length).toBe(before + 1);
    // Kari's own form still works for her.
    expect(ref(await bot.act(kari, 'report.submit', { ...karis, ...validReport() }))).toBeDefined();
  });

  it(`takes at most ${LIMIT} reports an hour from one user; the next keeps what was typed, says when, and goes through then`, async () => {
    const filed: Record<string, unknown>[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const data = { ...(await formData(mona)), ...validReport({ pupilClass: '9A', observed: `Melding nummer ${i + 1}` }) };
      expect(ref(await bot.act(mona, 'report.submit', data))).toBeDefined();
      filed.push(data);
    }
    const typed = { ...(await formData(mona)), ...validReport({ pupilClass: '9A', observed: 'Den fjerde meldingen' }) };
    const before = (await cases()).length;
    const refused = await bot.act(mona, 'report.submit', typed);
    // The first of the three was filed 09:30 UTC, 10.30 in Oslo: a slot is free again an hour later.
    expect(cardText(refused)).toContain('24.11.2026 kl. 11.30');
    expect(JSON.stringify(refused)).toContain('Den fjerde meldingen');
    expect((await cases()).length).toBe(before);
    // A form already filed is still answered with its receipt, not refused.
    expect(ref(await bot.act(mona, 'report.submit', filed[0]))).toBeDefined();

    clock.at = new Date('2026-11-24T10:30:01Z');
    expect(ref(await bot.act(mona, 'report.submit', { ...typed, ...Object.fromEntries(Object.entries(findVerb(refused, 'Send meldingen').data).filter(([k]) => k === 'formId')) }))).toBeDefined();
    expect((await cases()).length).toBe(before + 1);
    await app.dispatcher.idle();
  });
});
