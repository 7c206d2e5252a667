/**
 * "Kall inn til samtale" through the real service: the nærmeste leder gets a proposed time (the
 * first free school-hour slot for both), can change it, and the reporter is invited; with the
 * local calendar through an .ics file, with Outlook through Graph (a local Graph server), booked
 * once even when Graph is down for a while.
 */
import type { TokenCredential } from '@azure/identity';
import { FakeConnector } from '../support/connector';
import { FakeGraph } from '../support/graph-server';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, buttons, cardText, findVerb, persona, validReport } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const mona = persona('Mona');

/** Tuesday 24 November 2026, 10:30 in Oslo. */
const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };

/** Kari reports, rektor forwards to Lars; returns Lars's case card and the case. */
async function forwardedCase(app: TestApp, bot: BotClient, connector: FakeConnector) {
  const [form] = await bot.say(kari, 'meld fra');
  const receipt = await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
  const ref = /SM-\d{4}-\d{4}/.exec(cardText(receipt))![0];
  await app.dispatcher.idle();
  const notice = connector.cardsFor(rektor.userId).at(-1)!;
  await bot.act(rektor, 'case.forward', { ...findVerb(notice, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
  await app.dispatcher.idle();
  const card = connector.cardsFor(lars.userId).at(-1)!;
  const c = (await app.cases.listBySchool(DEMO_TENANT, 'ellingsrud')).find((x) => x.ref === ref)!;
  return { card, c, ref };
}

const inputValue = (card: any, id: string): unknown => {
  let v: unknown;
  const walk = (n: any) => {
    if (!n || typeof n !== 'object') return;
    if (n.id === id) v = n.value;
    Object.values(n).forEach(walk);
  };
  walk(card);
  return v;
};

describe('calling the reporter to a conversation, local calendar', () => {
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

  it('proposes the first free time in school hours, keeps what the leader typed on an error, books, and invites the reporter with an .ics file', async () => {
    clock.at = new Date('2026-11-24T09:30:00Z');
    const { card, c, ref } = await forwardedCase(app, bot, connector);
    expect(buttons(card)).toContain('Kall inn til samtale');

    const form = await bot.act(lars, 'meeting.propose', findVerb(card, 'Kall inn til samtale').data);
    expect(cardText(form)).toContain('Kall inn Kari Nordmann til samtale');
    // 10:30 now, an hour's notice, on the quarter: 11:30 today.
    expect([inputValue(form, 'meetingDate'), inputValue(form, 'meetingTime'), inputValue(form, 'meetingMinutes')]).toEqual(['2026-11-24', '11:30', '30']);
    // The local calendar has no Teams meetings: no toggle for it.
    expect(inputValue(form, 'meetingOnline')).toBeUndefined();

    // A time that has passed: the form again, with everything typed kept and the problem named.
    const send = findVerb(form, 'Send innkalling').data;
    const refused = await bot.act(lars, 'meeting.call', { ...send, meetingDate: '2026-11-23', meetingTime: '09:00', meetingMinutes: '45', meetingLocation: 'Møterom 2' });
    expect(cardText(refused)).toContain('Tidspunktet har allerede vært');
    expect([inputValue(refused, 'meetingDate'), inputValue(refused, 'meetingTime'), inputValue(refused, 'meetingMinutes'), inputValue(refused, 'meetingLocation')]).toEqual([
      '2026-11-23', '09:00', '45', 'Møterom 2',
    ]);
    expect((await app.cases.get(DEMO_TENANT, 'ellingsrud', c.caseId))!.meetings).toBeUndefined();

    // No place and no Teams meeting: refused too.
    expect(cardText(await bot.act(lars, 'meeting.call', { ...send, meetingDate: '2026-11-25', meetingTime: '09:00', meetingMinutes: '30' }))).toContain('Skriv hvor samtalen skal være');

    const before = connector.cardsFor(kari.userId).length;
    const done = await bot.act(lars, 'meeting.call', { ...send, meetingDate: '2026-11-25', meetingTime: '09:00', meetingMinutes: '30', meetingLocation: 'Møterom 2' });
    await app.reminderSweeper.sweep();
    const text = cardText(done);
    expect(text).toContain('onsdag 25.11.2026 kl. 09.00–09.30');
    expect(text).toContain('Møterom 2');
    expect(text).toContain('Innkalt, lagt i kalenderen');
    expect(buttons(done)).toContain('Endre tid eller sted');
    // In English the clock has a colon, as en-GB writes it (format.ts); bokmål keeps Språkrådet's full stop.
    const english = cardText((await bot.say({ ...lars, locale: 'en-US' }, `sak ${ref}`))[0]);
    expect(english).toContain('Wednesday 25 Nov 2026, 09:00–09:30');

    const invites = connector.cardsFor(kari.userId).slice(before);
    expect(invites).toHaveLength(1);
    const invite = cardText(invites[0]);
    expect(invite).toContain(`Lars Eide kaller deg inn til en samtale om saken ${ref}`);
    expect(invite).toContain('onsdag 25.11.2026 kl. 09.00–09.30');
    expect(invite).not.toContain('Ola');
    const icsUrl = (invites[0].actions as { title: string; url?: string }[]).find((a) => a.title === 'Legg til i kalenderen (.ics)')!.url!;
    const ics = await fetch(icsUrl);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    // iCalendar folds long lines; a calendar program unfolds them.
    const body = (await ics.text()).replace(/\r\n[ \t]/g, '');
    expect(body).toContain('DTSTART:20261125T080000Z');
    expect(body).toContain(`SUMMARY:Samtale om sak ${ref} (Meld fra)`);
    expect(body).toContain('kari.nordmann@skole.example');
    expect(body).not.toContain('Ola');
    // The link cannot be guessed: a wrong signature finds nothing.
    expect((await fetch(icsUrl.replace(/sig=.*/, 'sig=AAAA'))).status).toBe(404);
    // Each download is on record, by meeting and without a name (issue 13, L4).
    const downloads = app.logs.filter((l) => l.includes('meeting file downloaded'));
    expect(downloads.length).toBeGreaterThanOrEqual(1);
    expect(downloads.join('')).not.toMatch(/Kari|Lars|Ola|kari\.nordmann/);
    // A changed expiry breaks the signature; the genuine link stops working 30 days after the meeting.
    expect((await fetch(icsUrl.replace(/exp=\d+/, 'exp=99999999999'))).status).toBe(404);
    const now = clock.at;
    clock.at = new Date('2026-12-25T08:29:00Z');
    expect((await fetch(icsUrl)).status).toBe(200);
    clock.at = new Date('2026-12-25T08:31:00Z');
    expect((await fetch(icsUrl)).status).toBe(404);
    clock.at = now;

    // The same click again (Teams re-sends): no second meeting, no second invitation.
    await bot.act(lars, 'meeting.call', { ...send, meetingDate: '2026-11-25', meetingTime: '09:00', meetingMinutes: '30', meetingLocation: 'Møterom 2' });
    await app.reminderSweeper.sweep();
    expect(connector.cardsFor(kari.userId).slice(before)).toHaveLength(1);
    const saved = (await app.cases.get(DEMO_TENANT, 'ellingsrud', c.caseId))!;
    expect(saved.meetings).toHaveLength(1);
    const log = (await app.caseLog.list(DEMO_TENANT, 'ellingsrud', c.caseId)).map((e) => e.action);
    expect(log.filter((a) => a === 'samtale_innkalt')).toHaveLength(1);
    expect(log).toContain('samtale_i_kalender');
  });

  it('proposes a later time when the first one is taken in the calendar', async () => {
    clock.at = new Date('2026-11-24T09:30:00Z');
    const first = await forwardedCase(app, bot, connector);
    const form1 = await bot.act(lars, 'meeting.propose', findVerb(first.card, 'Kall inn til samtale').data);
    await bot.act(lars, 'meeting.call', { ...findVerb(form1, 'Send innkalling').data, meetingDate: '2026-11-24', meetingTime: '11:30', meetingMinutes: '30', meetingLocation: 'Kontoret' });
    await app.reminderSweeper.sweep();
    const second = await forwardedCase(app, bot, connector);
    const form2 = await bot.act(lars, 'meeting.propose', findVerb(second.card, 'Kall inn til samtale').data);
    expect([inputValue(form2, 'meetingDate'), inputValue(form2, 'meetingTime')]).toEqual(['2026-11-24', '12:00']);
  });

  it('lets only the nærmeste leder with the case call the meeting: others are refused and nothing changes', async () => {
    clock.at = new Date('2026-11-24T09:30:00Z');
    const { card, c } = await forwardedCase(app, bot, connector);
    const data = { ...findVerb(card, 'Kall inn til samtale').data, meetingDate: '2026-11-26', meetingTime: '10:00', meetingMinutes: '30', meetingLocation: 'Rom 1' };
    // Another avdelingsleder, the reporter (status only) and rektor (not the leader of the case).
    expect(cardText(await bot.act(mona, 'meeting.call', data))).toContain('Fant ikke saken');
    expect(cardText(await bot.act(kari, 'meeting.call', data))).toContain('Du har ikke rollen');
    expect(cardText(await bot.act(rektor, 'meeting.call', data))).toContain('Du har ikke rollen');
    expect(cardText(await bot.act(kari, 'meeting.propose', data))).toContain('Du har ikke rollen');
    expect((await app.cases.get(DEMO_TENANT, 'ellingsrud', c.caseId))!.meetings).toBeUndefined();
  });
});

describe('calling the reporter to a conversation, Outlook through Graph', () => {
  let connector: FakeConnector;
  let graph: FakeGraph;
  let app: TestApp;
  let bot: BotClient;
  const credential: TokenCredential = { getToken: async () => ({ token: 'graph-token', expiresOnTimestamp: Date.now() + 3600e3 }) };
  beforeAll(async () => {
    connector = await new FakeConnector().start();
    graph = await new FakeGraph('graph-token').start();
    graph.addUser(lars.userId, lars.email).addUser(kari.userId, kari.email);
    app = await startTestApp({
      connectorUrl: connector.url,
      clock,
      env: { CALENDAR: 'graph', GRAPH_BASE_URL: graph.url },
      options: { graphCredential: credential, graphRetry: { maxRetries: 1, delaySeconds: 0 } },
    });
    bot = new BotClient(app.url, connector.url);
  });
  afterAll(async () => {
    await app.close();
    await connector.stop();
    await graph.stop();
  });

  it('proposes a time around what Outlook says is busy, and books one Teams meeting even when Graph is down for a while', async () => {
    clock.at = new Date('2026-11-24T09:30:00Z');
    // Lars is busy 11:30–12:15 Oslo time.
    graph.addBusy(lars.email, '2026-11-24T10:30:00Z', '2026-11-24T11:15:00Z');
    const { card, c, ref } = await forwardedCase(app, bot, connector);
    const form = await bot.act(lars, 'meeting.propose', findVerb(card, 'Kall inn til samtale').data);
    expect([inputValue(form, 'meetingDate'), inputValue(form, 'meetingTime')]).toEqual(['2026-11-24', '12:15']);
    expect(inputValue(form, 'meetingOnline')).toBe('true');

    // Graph answers 503 to everything for a while: the card says the invitation waits.
    graph.failNext(503, 6);
    const waiting = await bot.act(lars, 'meeting.call', { ...findVerb(form, 'Send innkalling').data, meetingDate: '2026-11-24', meetingTime: '12:15', meetingMinutes: '30', meetingOnline: 'true' });
    expect(cardText(waiting)).toContain('Innkallingen sendes så snart kalenderen svarer');
    await app.reminderSweeper.sweep();
    expect(graph.eventsOf(lars.userId)).toHaveLength(0);
    expect(connector.cardsFor(kari.userId).some((x) => cardText(x).includes('Innkalling til samtale'))).toBe(false);

    // The job is retried with back-off; once Graph is back it books exactly one event and invites Kari once.
    for (let i = 1; i <= 4; i++) {
      clock.at = new Date(Date.parse('2026-11-24T09:30:00Z') + i * 10 * 60_000);
      await app.reminderSweeper.sweep();
    }
    const events = graph.eventsOf(lars.userId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject: `Samtale om sak ${ref} (Meld fra)`, isOnlineMeeting: true });
    expect(JSON.stringify(events[0])).not.toContain('Ola');
    const invites = connector.cardsFor(kari.userId).filter((x) => cardText(x).includes('Innkalling til samtale'));
    expect(invites).toHaveLength(1);
    expect(buttons(invites[0])).toContain('Bli med i Teams-møtet');
    const saved = (await app.cases.get(DEMO_TENANT, 'ellingsrud', c.caseId))!;
    expect(saved.meetings![0]).toMatchObject({ status: 'booket', eventId: events[0].id });

    // Moving it updates the same event.
    const moved = await bot.act(lars, 'meeting.call', { ...findVerb(form, 'Send innkalling').data, meetingDate: '2026-11-25', meetingTime: '13:00', meetingMinutes: '30', meetingOnline: 'true' });
    await app.reminderSweeper.sweep();
    expect(cardText(moved)).toContain('onsdag 25.11.2026 kl. 13.00–13.30');
    expect(graph.eventsOf(lars.userId)).toHaveLength(1);
    expect(graph.eventsOf(lars.userId)[0].start.dateTime).toContain('2026-11-25T12:00:00');
  });
});
