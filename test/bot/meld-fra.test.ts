/**
 * "Meld fra" end to end through the real HTTP endpoint, the real botbuilder adapter, Azurite and a
 * local connector that receives the proactive cards: what each persona would see.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { TableServiceClient } from '@azure/data-tables';
import { BotClient, buttons, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { connectionString, uniquePrefix } from '../support/tables';
import { DEMO_TENANT } from '../../src/seed';

const clock = { now: () => new Date('2026-11-24T09:30:00Z') };
const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const mona = persona('Mona');
const tone = persona('Tone');
const jon = persona('Jon');
const per = persona('Per');
const eva = persona('Eva');
const emma = persona('Emma');

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

async function report(as = kari, over: Record<string, string> = {}) {
  const [form] = await bot.say(as, 'meld fra');
  const { data } = findVerb(form, 'Send meldingen');
  const receipt = await bot.act(as, 'report.submit', { ...data, ...validReport(over) });
  await app.dispatcher.idle();
  return { form, receipt, ref: /SM-\d{4}-\d{4}/.exec(cardText(receipt))?.[0] ?? '' };
}

const latest = (who: { userId: string }) => connector.cardsFor(who.userId).at(-1);

describe('asking to report', () => {
  it.each(['meld fra', 'Meld ifra', 'melde fra!', 'MELD FRA', 'report', 'Meld frå'])('"%s" gives the report card', async (text) => {
    const [card] = await bot.say(kari, text);
    const t = cardText(card);
    expect(t).toContain('Meld fra om skolemiljø');
    for (const label of ['Elevens navn', 'Klasse', 'Hva gjelder det?', 'Hvor skjedde det?', 'Når skjedde det?', 'Hvordan fikk du vite om dette?', 'Grep du inn?',
      'Har eleven fått vite at du melder fra til rektor?', 'Kjente sårbarhetsfaktorer (valgfritt)', 'Har du mistanke om at en ansatt krenker eleven?',
      'Har du mistanke om at noen i skolens ledelse krenker eleven?', 'Eleven kvier seg for å gå på skolen', 'Seksuell trakassering', 'Foresatte fortalte det'])
      expect(t).toContain(label);
    expect(card.version).toBe('1.5');
    expect(buttons(card)).toEqual(['Send meldingen']);
  });

  it('understands an @mention in a channel, with the mention stripped, and points to the personal chat', async () => {
    const res = await bot.raw({
      type: 'message', id: 'chan-1', channelId: 'msteams', serviceUrl: connector.url, deliveryMode: 'expectReplies', locale: 'nb-NO',
      text: '<at>Meld fra</at> meld fra',
      entities: [{ type: 'mention', text: '<at>Meld fra</at>', mentioned: { id: '28:bot', name: 'Meld fra' } }],
      from: { id: kari.teamsId, aadObjectId: kari.userId }, recipient: { id: '28:bot' },
      conversation: { id: '19:channel@thread.tacv2;messageid=1', conversationType: 'channel', tenantId: '6b0f3c3e-0000-4000-8000-000000000001' },
    });
    const body = (await res.json()) as any;
    // Not the help card («forstod ikke»): the command was understood, and the form stays out of the channel.
    expect(body.activities.map((a: any) => a.text)).toEqual([expect.stringMatching(/^Skriv til meg i en personlig chat/)]);
    expect(body.activities[0].attachments ?? []).toEqual([]);
  });

  it('speaks nynorsk and English when the Teams locale asks', async () => {
    expect(cardText((await bot.say({ ...kari, locale: 'nn-NO' }, 'meld frå'))[0])).toContain('Namnet til eleven');
    expect(cardText((await bot.say({ ...kari, locale: 'en-US' }, 'report'))[0])).toContain('Pupil’s name');
  });

  it('keeps the language a user chooses over the Teams locale, also for the cards sent to them', async () => {
    expect(await bot.texts({ ...eva, locale: 'en-US' }, 'språk')).toEqual([expect.stringContaining('språk nynorsk')]);
    expect(await bot.texts({ ...eva, locale: 'nb-NO' }, 'language english')).toEqual(['I will answer you in English from now on.']);
    expect(cardText((await bot.say({ ...eva, locale: 'nb-NO' }, 'meld fra'))[0])).toContain('Pupil’s name');
    // A report at Eva's school: her notice comes in the language she chose.
    const [picker] = await bot.say(per, 'meld fra');
    expect(cardText(picker)).toContain('Nordberg skole (demo)');
    const form = await bot.act(per, 'report.start', { schoolId: 'nordberg' });
    const { data } = findVerb(form, 'Send meldingen');
    expect(cardText(await bot.act(per, 'report.submit', { ...data, ...validReport({ schoolId: 'nordberg', pupilClass: '5B' }) }))).toContain('SM-');
    await app.dispatcher.idle();
    expect(cardText(latest(eva))).toContain('New report about a pupil’s school environment');
    expect(await bot.texts({ ...eva, locale: 'en-US' }, 'Språk nynorsk')).toEqual(['No svarar eg deg på nynorsk.']);
    expect(cardText((await bot.say({ ...eva, locale: 'en-US' }, 'meld frå'))[0])).toContain('Namnet til eleven');
    await bot.texts(eva, 'språk bokmål'); // as the other tests expect her
  });

  it('lets staff at two schools pick the school first', async () => {
    const [picker] = await bot.say(per, 'meld fra');
    expect(cardText(picker)).toContain('Du er ansatt ved flere skoler');
    expect(cardText(picker)).toContain('Nordberg skole (demo)');
    const form = await bot.act(per, 'report.start', { schoolId: 'nordberg' });
    expect(cardText(form)).toContain('Nordberg skole (demo)');
    expect(cardText(form)).toContain('5B');
    expect(cardText(form)).not.toContain('8A');
  });

  it('answers unknown text with help, never silence', async () => {
    const [card] = await bot.say(kari, 'hva er klokka');
    expect(cardText(card)).toContain('Jeg forstod ikke det du skrev.');
    expect(buttons(card)).toContain('Meld fra');
  });

  it('refuses pupils and other non-staff politely, and makes no case', async () => {
    const [card] = await bot.say(emma, 'meld fra');
    expect(cardText(card)).toContain('du er ikke registrert som ansatt');
    const r = await bot.act(emma, 'report.submit', { formId: 'x', ...validReport() });
    expect(cardText(r)).toContain('du er ikke registrert som ansatt');
    expect(await app.cases.listBySchool('6b0f3c3e-0000-4000-8000-000000000001', 'ellingsrud')).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ reporterId: emma.userId })]),
    );
  });
});

describe('submitting', () => {
  it('re-shows the card with the errors named and everything typed kept', async () => {
    const [form] = await bot.say(kari, 'meld fra');
    const { data } = findVerb(form, 'Send meldingen');
    const card = await bot.act(kari, 'report.submit', { ...data, pupilName: 'Ola Testesen', observed: 'Noe skjedde', kinds: 'annet', intervened: 'ja', date: '2030-01-01' });
    const t = cardText(card);
    expect(t).toContain('Meldingen er ikke sendt ennå');
    expect(t).toContain('Må fylles ut.');
    expect(t).toContain('Datoen kan ikke være fram i tid.');
    const input = (id: string) => JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];
    expect(input('pupilName')).toBe('Ola Testesen');
    expect(input('observed')).toBe('Noe skjedde');
    expect(input('kinds')).toBe('annet');
    expect(input('date')).toBe('2030-01-01');
  });

  it('names the limit for a too long text and saves nothing', async () => {
    const before = (await app.cases.listBySchool('6b0f3c3e-0000-4000-8000-000000000001', 'ellingsrud')).length;
    const card = await bot.act(kari, 'report.submit', { formId: 'long-1', ...validReport({ pupilName: 'x'.repeat(150) }) });
    expect(cardText(card)).toContain('Kan ikke være lengre enn 100 tegn.');
    const huge = await bot.act(kari, 'report.submit', { formId: 'long-2', ...validReport({ observed: 'x'.repeat(40000) }) });
    expect(cardText(huge)).toContain('maks 32000 tegn');
    const bad = await bot.act(kari, 'report.submit', { formId: 42, schoolId: ['x'] });
    expect(cardText(bad)).toContain('Noe i skjemaet var ugyldig');
    expect((await app.cases.listBySchool('6b0f3c3e-0000-4000-8000-000000000001', 'ellingsrud')).length).toBe(before);
  });

  it('saves the report, turns the card into a receipt, and tells rektor and the postfordeler', async () => {
    const { receipt, ref } = await report();
    expect(cardText(receipt)).toContain('Meldingen er sendt');
    expect(ref).toMatch(/^SM-2026-\d{4}$/);
    expect(cardText(receipt)).toContain('Sendt til rektor');
    expect(cardText(receipt)).not.toContain('Ola Testesen');

    const r = latest(rektor)!;
    expect(cardText(r)).toContain(ref);
    expect(cardText(r)).toContain('Ola Testesen');
    expect(cardText(r)).toContain('Kari Nordmann');
    expect(buttons(r)).toContain('Videresend til nærmeste leder');
    expect(JSON.stringify(r)).toContain(`"value":"${lars.userId}"`); // 8A → the 8th trinn's leader is suggested
    expect(r.refresh.userIds).toEqual([rektor.userId]);
    // Reported Tuesday 24 November 2026: "snarest" is 5 school days later (SPEC §3.1.3).
    expect(cardText(r)).toContain('Frist for undersøkelse\ntirsdag 1.12.2026');

    const p = latest(tone);
    expect(cardText(p)).toContain(ref);
    expect(cardText(p)).not.toContain('Ola');
    expect(cardText(p)).not.toContain('utenfor');
    expect(buttons(p)).toEqual([]);
  });

  it('makes one case when the same form is submitted twice at once', async () => {
    const [form] = await bot.say(kari, 'meld fra');
    const { data } = findVerb(form, 'Send meldingen');
    const before = connector.cardsFor(rektor.userId).length;
    const [a, b] = await Promise.all([1, 2].map(() => bot.act(kari, 'report.submit', { ...data, ...validReport() })));
    await app.dispatcher.idle();
    const refA = /SM-\d{4}-\d{4}/.exec(cardText(a))?.[0];
    expect(refA).toBeDefined();
    expect(/SM-\d{4}-\d{4}/.exec(cardText(b))?.[0]).toBe(refA);
    expect(connector.cardsFor(rektor.userId).length).toBe(before + 1);
  });

  it('gives unique references to many reporters at once', async () => {
    const forms = await Promise.all(Array.from({ length: 12 }, async () => findVerb((await bot.say(kari, 'meld fra'))[0], 'Send meldingen').data));
    const results = await Promise.all(forms.map((data) => bot.act(kari, 'report.submit', { ...data, ...validReport() })));
    const refs = results.map((r) => /SM-\d{4}-\d{4}/.exec(cardText(r))?.[0]);
    expect(refs.every(Boolean)).toBe(true);
    expect(new Set(refs).size).toBe(12);
    await app.dispatcher.idle();
  });

  it('leaves the card as typed when storage fails, and the same card goes through once storage is back', async () => {
    const prefix = uniquePrefix();
    const own = await startTestApp({ connectorUrl: connector.url, clock, env: { TABLE_PREFIX: prefix } });
    try {
      const ownBot = new BotClient(own.url, connector.url);
      const [form] = await ownBot.say(kari, 'meld fra');
      const typed = { ...findVerb(form, 'Send meldingen').data, ...validReport({ observed: 'Dette må ikke gå tapt' }) };
      const service = TableServiceClient.fromConnectionString(connectionString(), { allowInsecureConnection: true });
      await service.deleteTable(`${prefix}Counters`);
      const answer = await ownBot.act(kari, 'report.submit', typed);
      // A message, not a card: Teams keeps the card with what Kari typed and shows the text.
      expect(typeof answer).toBe('string');
      expect(answer).toContain('Det du skrev, er ikke tapt. Prøv igjen om litt.');
      expect(await own.cases.listBySchool(DEMO_TENANT, 'ellingsrud')).toEqual([]);
      expect(own.logs.join('')).not.toContain('Dette må ikke gå tapt');

      await service.createTable(`${prefix}Counters`);
      const receipt = await ownBot.act(kari, 'report.submit', typed);
      expect(cardText(receipt)).toContain('Meldingen er sendt');
      const saved = await own.cases.listBySchool(DEMO_TENANT, 'ellingsrud');
      expect(saved.map((c) => c.report.observed)).toEqual(['Dette må ikke gå tapt']);
    } finally {
      await own.close();
    }
  });

  it('answers a message Teams delivers twice only once', async () => {
    expect(await bot.say(kari, 'meld fra', 'dup-1')).toHaveLength(1);
    expect(await bot.say(kari, 'meld fra', 'dup-1')).toHaveLength(0);
  });
});

describe('routing', () => {
  it('rektor forwards to nærmeste leder; the leader gets the case and the reporter is told', async () => {
    const { ref } = await report();
    const card = latest(rektor);
    const { verb, data } = findVerb(card, 'Videresend til nærmeste leder');
    const after = await bot.act(rektor, verb, { ...data, leaderId: mona.userId });
    await app.dispatcher.idle();
    expect(cardText(after)).toContain('Videresendt til Mona Lie');
    expect(buttons(after)).not.toContain('Videresend til nærmeste leder');

    const leaderCard = latest(mona);
    expect(cardText(leaderCard)).toContain(`Sak videresendt til deg – ${ref}`);
    expect(cardText(leaderCard)).toContain('kall inn Kari Nordmann til en samtale snarest');
    expect(cardText(latest(kari))).toContain(`Saken ${ref} er videresendt`);
    // Rektor's own copy in the chat shows the new state too.
    const updated = connector.updates.filter((u) => connector.conversations.get(u.conversationId) === rektor.userId).at(-1);
    expect(cardText(updated!.activity.attachments[0].content)).toContain('Videresendt til Mona Lie');

    const again = await bot.act(rektor, verb, { ...data, leaderId: lars.userId });
    expect(cardText(again)).toContain('Saken er allerede videresendt');
    await app.dispatcher.idle();
    expect(connector.cardsFor(lars.userId).filter((c) => cardText(c).includes(ref))).toHaveLength(0);
  });

  it('refuses forwarding by someone who is not rektor, and by a rektor of another school', async () => {
    await report();
    const { verb, data } = findVerb(latest(rektor), 'Videresend til nærmeste leder');
    // The reporter sees the status only; others at the school learn nothing of the case.
    expect(cardText(await bot.act(kari, verb, { ...data, leaderId: lars.userId }))).toContain('Du har ikke rollen som skal til');
    expect(cardText(await bot.act(lars, verb, { ...data, leaderId: lars.userId }))).toContain('Fant ikke saken, eller du har ikke tilgang');
    expect(cardText(await bot.act(eva, verb, { ...data, leaderId: lars.userId }))).toContain('Fant ikke saken');
    expect(cardText(await bot.act(rektor, verb, { ...data, schoolId: 'nordberg', leaderId: lars.userId }))).toContain('Fant ikke saken');
    expect(cardText(await bot.act(rektor, verb, { ...data, leaderId: tone.userId }))).toContain('Velg en nærmeste leder fra listen');
    const refreshed = await bot.act(rektor, 'case.refresh', data);
    expect(buttons(refreshed)).toContain('Videresend til nærmeste leder');
  });

  // 004 §8.3 «skal rektor varsle UDA»; opplæringslova § 12-5 «Rektor skal varsle skoleeigaren»: told, not asked.
  it('a staff suspicion makes the case skjerpet, and the school owner has it at once: nobody is offered not to tell', async () => {
    const { ref, receipt } = await report(kari, { staffSuspected: 'ja' });
    expect(cardText(receipt)).toContain('har skoleeier fått meldingen samtidig');
    const card = latest(rektor);
    expect(cardText(card)).toContain('Skjerpet aktivitetsplikt (§ 12-5)');
    expect(cardText(card)).toContain('Skoleeier ble varslet');
    expect(buttons(card)).not.toContain('Ikke varsle');
    expect(buttons(card)).not.toContain('Varsle skoleeier');
    const owner = latest(jon);
    expect(cardText(owner)).toContain(`Melding til skoleeier – ${ref}`);
    expect(cardText(owner)).toContain('Opplæringsloven § 12-5 gjelder');
    expect(cardText(owner)).toContain('Ellingsrud skole (demo)');
  });

  it('an especially serious case between pupils: one button, and the school owner is told at once', async () => {
    const { ref } = await report();
    const before = connector.cardsFor(jon.userId).length;
    const { verb, data } = findVerb(latest(rektor), 'Spesielt alvorlig: merk saken og varsle skoleeier');
    const card = await bot.act(rektor, verb, data);
    expect(cardText(card)).toContain('Skoleeier er varslet');
    expect(buttons(card)).toEqual(expect.arrayContaining(['Videresend til nærmeste leder']));
    expect(buttons(card)).not.toContain('Spesielt alvorlig: merk saken og varsle skoleeier');
    await app.dispatcher.idle();
    expect(connector.cardsFor(jon.userId).length).toBe(before + 1);
    expect(cardText(latest(jon))).toContain(`Melding til skoleeier – ${ref}`);
    expect(cardText(latest(jon))).toContain('spesielt alvorlig krenkelse mellom elever');
  });

  it('a leadership suspicion reaches the school owner only', async () => {
    const counts = () => [rektor, lars, mona, tone].map((p) => connector.cardsFor(p.userId).length);
    const before = counts();
    const { receipt, ref } = await report(kari, { leadershipSuspected: 'ja', staffSuspected: 'ja' });
    expect(cardText(receipt)).toContain('Meldingen er sendt til skoleeier');
    expect(counts()).toEqual(before);
    const owner = latest(jon);
    expect(cardText(owner)).toContain(ref);
    expect(cardText(owner)).toContain('noen i skolens ledelse');
    expect(buttons(owner)).toEqual([]);
    // Rektor cannot open it even with the ids.
    const caseId = (await app.cases.listBySchool('6b0f3c3e-0000-4000-8000-000000000001', 'ellingsrud')).find((c) => c.ref === ref)!.caseId;
    expect(cardText(await bot.act(rektor, 'case.refresh', { schoolId: 'ellingsrud', caseId }))).toContain('Fant ikke saken');
  });

  it('records every step in the case log', async () => {
    await report();
    const { verb, data } = findVerb(latest(rektor), 'Videresend til nærmeste leder');
    await bot.act(rektor, verb, { ...data, leaderId: lars.userId });
    const log = await app.caseLog.list('6b0f3c3e-0000-4000-8000-000000000001', 'ellingsrud', String(data.caseId));
    expect(log.map((e) => e.action)).toEqual(['meldt', 'videresendt']);
    expect(log[1].actorId).toBe(rektor.userId);
  });
});

describe('mine saker and sak <ref>', () => {
  it('shows the reporter her own report with status only, and rektor the whole case', async () => {
    const { ref } = await report(kari, { pupilName: 'Nora Listesen' });
    const [mine] = await bot.say(kari, 'mine saker');
    expect(cardText(mine)).toContain('Mine saker');
    expect(cardText(mine)).toContain(`${ref}`);
    expect(cardText(mine)).toContain('Ellingsrud skole (demo) · Sendt til rektor');
    expect(cardText(mine)).not.toContain('Nora');
    const opened = await bot.act(kari, 'case.refresh', findVerb(mine, 'Åpne').data);
    expect(cardText(opened)).toContain(ref);
    expect(cardText(opened)).not.toContain('Nora');

    expect(cardText((await bot.say(rektor, 'mine saker'))[0])).toContain(ref);
    const [full] = await bot.say(rektor, `sak ${ref}`);
    expect(cardText(full)).toContain('Nora Listesen');
    expect(buttons(full)).toContain('Videresend til nærmeste leder');
  });

  it('finds no case at another school, and refuses pupils', async () => {
    const { ref } = await report(kari);
    expect(cardText((await bot.say(eva, `sak ${ref}`))[0])).toContain('Fant ikke saken');
    expect(cardText((await bot.say(eva, 'mine saker'))[0])).not.toContain(ref);
    expect(cardText((await bot.say(lars, `sak ${ref}`))[0])).toContain('Fant ikke saken'); // not forwarded to him yet
    expect(cardText((await bot.say(emma, 'mine saker'))[0])).toContain('Meld fra er for ansatte');
    expect(cardText((await bot.say(kari, 'sak SM-1999-0001'))[0])).toContain('Fant ikke saken');
  });

  it('keeps a leadership case out of rektor\'s list and in the school owner\'s', async () => {
    const { ref } = await report(kari, { leadershipSuspected: 'ja', staffSuspected: 'ja' });
    expect(cardText((await bot.say(rektor, 'mine saker'))[0])).not.toContain(ref);
    expect(cardText((await bot.say(rektor, `sak ${ref}`))[0])).toContain('Fant ikke saken');
    expect(cardText((await bot.say(jon, 'mine saker'))[0])).toContain(ref);
  });

  it('shows no cases in a channel', async () => {
    const texts = await bot.texts({ ...rektor, conversationId: '19:kanal@thread.tacv2', conversationType: 'channel' }, 'mine saker');
    expect(texts).toEqual([expect.stringContaining('bare i den personlige chatten')]);
  });
});

describe('privacy', () => {
  it('never writes pupil names or report text to the log', async () => {
    await report(kari, { pupilName: 'Sigrid Hemmeligsen', observed: 'Hemmelig beskrivelse av hendelsen', intervention: 'Hemmelig inngripen', staffSuspected: 'ja' });
    const all = app.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of ['Sigrid', 'Hemmeligsen', 'Hemmelig beskrivelse', 'Hemmelig inngripen', 'Ola Testesen', 'dyttet'])
      expect(all).not.toContain(secret);
  });
});
