/**
 * Reminders in channels (SPEC §4): rektor chooses a channel per school, trinn or class with
 * "@Meld fra kanal …"; the channel gets the case reference and the deadline, never a name or a
 * detail; the admin channel hears when a reminder or notice could not be delivered (403/404).
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, cardText, findVerb, persona, validReport, type As } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const eva = persona('Eva');

const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };
const at = (iso: string) => (clock.at = new Date(iso));

const TRINN8 = '19:trinn8@thread.tacv2';
const ADMIN = '19:drift@thread.tacv2';
const SCHOOL = '19:ansatte@thread.tacv2';
const inChannel = (who: As, channel: string): As => ({ ...who, conversationId: `${channel};messageid=1764000000000`, conversationType: 'channel' });

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;
const postsIn = (channel: string) => connector.sent.filter((s) => s.conversationId === channel).map((s) => cardText(s.activity.attachments?.[0]?.content));

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

async function reportAndForward(over: Record<string, string> = {}): Promise<string> {
  at('2026-11-24T09:30:00Z');
  const [form] = await bot.say(kari, 'meld fra');
  const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport(over) });
  const ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
  await app.dispatcher.idle();
  const notice = connector.cardsFor(rektor.userId).find((c) => cardText(c).includes(ref))!;
  await bot.act(rektor, 'case.forward', { ...findVerb(notice, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
  await app.dispatcher.idle();
  return ref;
}

describe('choosing channels', () => {
  it('lets rektor choose a channel for a trinn, a class, the school and the admin, and says what it gets', async () => {
    expect(await bot.texts(inChannel(rektor, TRINN8), 'kanal trinn 8')).toEqual([
      'Denne kanalen får nå påminnelser om frister for 8. trinn ved Ellingsrud skole (demo). Påminnelser i kanaler har bare saksreferansen, aldri navn eller detaljer.',
    ]);
    expect((await bot.texts(inChannel(rektor, ADMIN), 'kanal admin'))[0]).toBe('Denne kanalen får nå beskjed når Meld fra ikke får levert en melding eller påminnelse ved Ellingsrud skole (demo).');
    expect((await bot.texts(inChannel(rektor, SCHOOL), 'kanal skole'))[0]).toContain('for hele skolen ved Ellingsrud skole (demo)');
    const list = (await bot.texts(inChannel(rektor, SCHOOL), 'kanal'))[0];
    expect(list).toContain('Velg hva kanalen skal få');
    expect(list).toContain('Valgt nå ved Ellingsrud skole (demo): ');
    for (const w of ['8. trinn', 'driftsmeldinger', 'hele skolen']) expect(list).toContain(w);
    const stored = await app.directory.listChannels(DEMO_TENANT, 'ellingsrud');
    expect(stored.find((c) => c.scope === 'trinn')).toMatchObject({ target: '8', conversationId: TRINN8, setBy: rektor.userId });
  });

  it('refuses staff without the role, a rektor of another school’s classes, unknown trinn, and personal chats; nothing changes', async () => {
    const before = await app.directory.listChannels(DEMO_TENANT, 'ellingsrud');
    expect((await bot.texts(inChannel(kari, '19:kari@thread.tacv2'), 'kanal trinn 9'))[0]).toBe(
      'Bare rektor eller skolens administrator kan velge kanaler for påminnelser. Ingenting er endret.',
    );
    expect((await bot.texts(inChannel(rektor, '19:x@thread.tacv2'), 'kanal trinn 12'))[0]).toBe('Finner ikke 12. trinn ved Ellingsrud skole (demo). Ingenting er endret.');
    expect((await bot.texts(inChannel(rektor, '19:x@thread.tacv2'), 'kanal klasse 5A'))[0]).toBe('Finner ikke klasse 5A ved Ellingsrud skole (demo). Ingenting er endret.');
    expect((await bot.texts(rektor, 'kanal trinn 9'))[0]).toContain('Skriv dette i kanalen som skal få påminnelsene');
    expect(await app.directory.listChannels(DEMO_TENANT, 'ellingsrud')).toEqual(before);
    // Eva is rektor at Nordberg: her "kanal" sets Nordberg's channel, never Ellingsrud's.
    expect((await bot.texts(inChannel({ ...eva, locale: 'nn-NO' }, '19:nordberg@thread.tacv2'), 'kanal klasse 5A'))[0]).toContain('klasse 5A ved');
    expect(await app.directory.listChannels(DEMO_TENANT, 'ellingsrud')).toEqual(before);
  });
});

describe('reminders in channels', () => {
  it('posts the reference and the deadline in the trinn channel, never the pupil, the class or the people', async () => {
    await bot.texts(inChannel(rektor, TRINN8), 'kanal trinn 8');
    const ref = await reportAndForward();
    const before = postsIn(TRINN8).length;
    at('2026-12-01T07:05:00Z');
    const r = await app.reminderSweeper.sweep();
    expect(r.sent).toBeGreaterThanOrEqual(2); // Lars and the channel
    const posts = postsIn(TRINN8).slice(before).filter((t) => t.includes(ref));
    expect(posts).toEqual([`Påminnelse om frist\nFristen for å undersøke sak ${ref} er i dag. Ansvarlig leder har fått beskjed i Meld fra.`]);
    for (const secret of ['Ola', '8A', 'Kari', 'Lars', 'Ragnhild', 'friminuttet']) expect(posts.join()).not.toContain(secret);
    // The school's channel does not get it too: the most specific channel wins.
    expect(postsIn(SCHOOL).join()).not.toContain(ref);

    // A day late: the channel is told it is overdue, once, even if the sweep runs twice.
    at('2026-12-02T07:05:00Z');
    await Promise.all([app.reminderSweeper.sweep(), app.reminderSweeper.sweep()]);
    expect(postsIn(TRINN8).filter((t) => t.includes(`Sak ${ref} har passert fristen for undersøkelse (tirsdag 1.12.2026)`))).toHaveLength(1);
  });

  it('keeps a case where a staff member is suspected out of the channels', async () => {
    const ref = await reportAndForward({ staffSuspected: 'ja' });
    at('2026-12-01T07:05:00Z');
    await app.reminderSweeper.sweep();
    expect([...postsIn(TRINN8), ...postsIn(SCHOOL)].join()).not.toContain(ref);
  });
});

describe('deliveries that fail for good', () => {
  beforeAll(() => bot.texts(inChannel(rektor, ADMIN), 'kanal admin'));
  it('a 403 for the leader is set aside and told in the admin channel by role and reference, and the others still get theirs', async () => {
    const ref = await reportAndForward();
    at('2026-12-01T07:05:00Z');
    connector.failNext(403);
    const r = await app.reminderSweeper.sweep();
    expect(r.failed).toBe(1);
    const alerts = postsIn(ADMIN).filter((t) => t.includes(ref));
    expect(alerts).toEqual([
      `Meld fra fikk ikke levert\nEn påminnelse i sak ${ref} kom ikke fram til nærmeste leder: appen er fjernet for vedkommende, eller brukeren finnes ikke lenger. Sjekk at vedkommende har Meld fra i Teams. Den blir ikke sendt på nytt av seg selv.`,
    ]);
    expect(postsIn(TRINN8).filter((t) => t.includes(ref))).toHaveLength(1);
    // Not retried: the next sweep that day sends nothing more for it.
    const again = await app.reminderSweeper.sweep();
    expect(again.sent + again.failed).toBe(0);
  });

  it('a new case whose notice cannot reach the postfordeler is told in the admin channel; rektor still gets the case', async () => {
    at('2026-11-25T09:30:00Z');
    const [form] = await bot.say(kari, 'meld fra');
    connector.failNext(403);
    const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
    const ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
    await app.dispatcher.idle();
    const alerts = postsIn(ADMIN).filter((t) => t.includes(ref));
    // Notices go out in a fixed order (postfordeler before rektor): the 403 hits the postfordeler's.
    expect(alerts).toEqual([expect.stringContaining(`En melding i sak ${ref} kom ikke fram til postfordeleren:`)]);
    expect(cardText(connector.cardsFor(rektor.userId).at(-1))).toContain(ref);
    const rows = await app.notices.forCase(DEMO_TENANT, 'ellingsrud', (await app.cases.listBySchool(DEMO_TENANT, 'ellingsrud')).find((c) => c.ref === ref)!.caseId);
    expect(rows.map((n) => [n.kind, n.status])).toEqual(expect.arrayContaining([['postfordeler', 'failed'], ['rektor', 'sent']]));
  });
});
