/**
 * The Graph calendar through the real Graph SDK client (its retry middleware included) against a
 * local server speaking Graph's REST contract. Retry delays are shrunk; Retry-After is honoured.
 */
import type { TokenCredential } from '@azure/identity';
import { CalendarRejectedError, CalendarUnavailableError, GraphCalendar, graphClient } from '../../src/adapters/graph/graph-calendar';
import type { MeetingRequest, Participant } from '../../src/ports';
import { FakeGraph } from '../support/graph-server';

const kari: Participant = { userId: 'u-kari', email: 'kari.laerer@skole.no', name: 'Kari Lærer' };
const hanne: Participant = { userId: 'u-hanne', email: 'hanne.helse@skole.no', name: 'Hanne Helsesykepleier' };
const rune: Participant = { userId: 'u-rune', email: 'rune.rektor@skole.no', name: 'Rune Rektor' };
/** A substitute from another organisation: Graph cannot read their calendar. */
const vikar: Participant = { userId: 'u-vikar', email: 'vikar@annen.no', name: 'Vikar' };

const fast = { maxRetries: 2, delaySeconds: 0 };
const SUBJECT = 'Oppfølgingsmøte, sak 2025-014';
const BODY = 'Vi går gjennom aktivitetsplanen.';

const credentialGiving = (token: string) => ({ getToken: jest.fn(async () => ({ token, expiresOnTimestamp: Date.now() + 3600e3 })) }) satisfies TokenCredential;

const meeting = (over: Partial<MeetingRequest> = {}): MeetingRequest => ({
  meetingId: 'mote-01JNZ4Q8V3',
  tenantId: 'tenant-1',
  organizer: kari,
  attendees: [hanne, rune],
  subject: SUBJECT,
  body: BODY,
  start: '2025-03-10T08:00:00.000Z',
  end: '2025-03-10T08:45:00.000Z',
  location: 'Møterom 2',
  online: true,
  ...over,
});

const failureOf = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error('expected a failure');
  },
  (e: unknown) => e as Error & Record<string, unknown>,
);

let graph: FakeGraph;
let credential: ReturnType<typeof credentialGiving>;
let cal: GraphCalendar;

beforeEach(async () => {
  graph = await new FakeGraph('t').start();
  graph.addUser(kari.userId, kari.email).addUser(hanne.userId, 'Hanne.Helse@Skole.no').addUser(rune.userId, rune.email);
  credential = credentialGiving('t');
  cal = new GraphCalendar({ client: graphClient({ credential, baseUrl: graph.url, retry: fast }) });
});

afterEach(() => graph.stop());

describe('finding a time', () => {
  it('finds busy times of organiser and attendees from getSchedule, as UTC instants', async () => {
    graph.addBusy(hanne.email, '2025-03-10T07:00:00Z', '2025-03-10T08:00:00Z');
    graph.addBusy(kari.email, '2025-03-10T10:00:00Z', '2025-03-10T11:30:00Z', 'oof');
    graph.addBusy(rune.email, '2025-03-11T07:00:00Z', '2025-03-11T08:00:00Z');

    const busy = await cal.busy('tenant-1', kari, [kari, hanne, rune], '2025-03-10T08:00:00+01:00', '2025-03-10T16:00:00+01:00');

    expect(busy).toEqual({
      'u-kari': [{ start: '2025-03-10T10:00:00.000Z', end: '2025-03-10T11:30:00.000Z' }],
      'u-hanne': [{ start: '2025-03-10T07:00:00.000Z', end: '2025-03-10T08:00:00.000Z' }],
      'u-rune': [],
    });
    const [req] = graph.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1.0/users/u-kari/calendar/getSchedule' });
    expect(req.headers).toMatchObject({ prefer: 'outlook.timezone="UTC"', authorization: 'Bearer t' });
    expect(req.body).toEqual({
      schedules: [kari.email, hanne.email, rune.email],
      startTime: { dateTime: '2025-03-10T07:00:00.000', timeZone: 'UTC' },
      endTime: { dateTime: '2025-03-10T15:00:00.000', timeZone: 'UTC' },
      availabilityViewInterval: 15,
    });
    expect(credential.getToken).toHaveBeenCalledWith(['https://graph.microsoft.com/.default'], undefined);
  });

  it('ignores time marked free, and counts someone whose calendar Graph cannot read as free', async () => {
    graph.addBusy(hanne.email, '2025-03-10T08:00:00Z', '2025-03-10T09:00:00Z', 'free');

    const busy = await cal.busy('tenant-1', kari, [hanne, vikar], '2025-03-10T07:00:00Z', '2025-03-10T15:00:00Z');

    expect(busy).toEqual({ 'u-hanne': [], 'u-vikar': [] });
  });
});

describe('booking', () => {
  it("creates a Teams meeting in the organiser's calendar with the attendees and a join link", async () => {
    const booked = await cal.create(meeting());

    expect(booked.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
    expect(booked.webLink).toMatch(/^https:\/\/outlook\./);
    const [e] = graph.eventsOf(kari.userId);
    expect(e.id).toBe(booked.eventId);
    // Private: colleagues who see Kari's calendar see neither subject nor attendees.
    expect(graph.requests.find((r) => r.method === 'POST')?.body).toMatchObject({ sensitivity: 'private' });
    expect(e).toMatchObject({
      subject: SUBJECT,
      body: { contentType: 'text', content: BODY },
      start: { dateTime: '2025-03-10T08:00:00.000', timeZone: 'UTC' },
      end: { dateTime: '2025-03-10T08:45:00.000', timeZone: 'UTC' },
      location: { displayName: 'Møterom 2' },
      attendees: [
        { type: 'required', emailAddress: { address: hanne.email, name: hanne.name } },
        { type: 'required', emailAddress: { address: rune.email, name: rune.name } },
      ],
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      allowNewTimeProposals: true,
      transactionId: 'mote-01JNZ4Q8V3',
    });
    const busy = await cal.busy('tenant-1', kari, [kari, hanne], '2025-03-10T07:00:00Z', '2025-03-10T12:00:00Z');
    const held = [{ start: '2025-03-10T08:00:00.000Z', end: '2025-03-10T08:45:00.000Z' }];
    expect(busy).toEqual({ 'u-kari': held, 'u-hanne': held });
  });

  it('books a meeting in a room without a join link when it is not online', async () => {
    const booked = await cal.create(meeting({ online: false }));

    expect(booked.joinUrl).toBe('');
    expect(graph.requests[0].body).toMatchObject({ isOnlineMeeting: false });
    expect(graph.requests[0].body).not.toHaveProperty('onlineMeetingProvider');
  });

  it('a create retried after 503 produces exactly one event', async () => {
    graph.failNext(503, 1, undefined, 'after');

    const booked = await cal.create(meeting());

    const posts = graph.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1].headers['retry-attempt']).toBe('1');
    expect(graph.eventsOf(kari.userId).map((e) => e.id)).toEqual([booked.eventId]);
  });

  it('a create throttled with 429 (Retry-After: 1) is retried and still produces one event', async () => {
    graph.failNext(429, 1, 1, 'after');

    const booked = await cal.create(meeting());

    // The SDK's retry handler sends it again as retry 1 (how long it waited is a figure, not a test).
    expect(graph.requests).toHaveLength(2);
    expect(graph.requests[1].headers['retry-attempt']).toBe('1');
    expect(graph.eventsOf(kari.userId).map((e) => e.id)).toEqual([booked.eventId]);
  });

  it('booking the same meeting again (after a crash) gives back the event already made', async () => {
    const first = await cal.create(meeting());
    const again = await cal.create(meeting());

    expect(again).toEqual(first);
    expect(graph.eventsOf(kari.userId)).toHaveLength(1);
  });
});

describe('changing and cancelling', () => {
  it('an update moves the event and keeps its join link', async () => {
    const booked = await cal.create(meeting());

    await cal.update(booked.eventId, meeting({ start: '2025-03-11T09:00:00Z', end: '2025-03-11T09:45:00Z', location: 'Møterom 3', attendees: [hanne] }));

    const patch = graph.requests[graph.requests.length - 1];
    expect(patch).toMatchObject({ method: 'PATCH', path: `/v1.0/users/u-kari/events/${encodeURIComponent(booked.eventId)}` });
    // Graph: a new body on an online meeting can remove its join details, so none is sent.
    expect(patch.body).not.toHaveProperty('body');
    const [e] = graph.eventsOf(kari.userId);
    expect(e).toMatchObject({
      start: { dateTime: '2025-03-11T09:00:00.000', timeZone: 'UTC' },
      end: { dateTime: '2025-03-11T09:45:00.000', timeZone: 'UTC' },
      location: { displayName: 'Møterom 3' },
      attendees: [{ type: 'required', emailAddress: { address: hanne.email, name: hanne.name } }],
      onlineMeeting: { joinUrl: booked.joinUrl },
    });
  });

  it('an update of a meeting in a room (not online) sends the new text with it', async () => {
    const booked = await cal.create(meeting({ online: false }));

    await cal.update(booked.eventId, meeting({ online: false, body: 'Nytt tidspunkt.' }));

    const patch = graph.requests[graph.requests.length - 1];
    expect(patch.body).toMatchObject({ body: { contentType: 'text', content: 'Nytt tidspunkt.' } });
  });

  it('updating a meeting deleted in Outlook fails with status 404 for the caller to handle', async () => {
    const e = await failureOf(cal.update('AAMk-gone', meeting()));

    expect(e).toMatchObject({ statusCode: 404 });
  });

  it('cancel removes the event with a note to the attendees, and a second cancel is fine', async () => {
    const booked = await cal.create(meeting());

    await cal.cancel('tenant-1', kari, booked.eventId, 'Møtet er avlyst.');

    expect(graph.eventsOf(kari.userId)).toEqual([]);
    expect(graph.cancelled.get(booked.eventId)).toBe('Møtet er avlyst.');
    await expect(cal.cancel('tenant-1', kari, booked.eventId, 'Møtet er avlyst.')).resolves.toBeUndefined();
  });
});

describe('when Graph says no or is down', () => {
  it('a token Graph does not accept, or a missing permission, surfaces as CalendarRejectedError', async () => {
    const stale = new GraphCalendar({ client: graphClient({ credential: credentialGiving('utløpt'), baseUrl: graph.url, retry: fast }) });
    const e401 = await failureOf(stale.create(meeting()));
    graph.failNext(403);
    const e403 = await failureOf(cal.create(meeting()));

    expect(e401).toBeInstanceOf(CalendarRejectedError);
    expect(e401).toMatchObject({ name: 'CalendarRejectedError', status: 401, code: 'InvalidAuthenticationToken' });
    expect(e403).toMatchObject({ name: 'CalendarRejectedError', status: 403, code: 'ErrorAccessDenied' });
    expect(`${e403.message} ${e403.stack}`).not.toContain(SUBJECT);
    expect(`${e403.message} ${e403.stack}`).not.toContain(BODY);
    expect(graph.requests).toHaveLength(2);
    expect(graph.eventsOf(kari.userId)).toEqual([]);
  });

  it("an outage longer than the client's retries surfaces as CalendarUnavailableError with its status", async () => {
    graph.failNext(503, 3, 0);

    const e = await failureOf(cal.busy('tenant-1', kari, [kari, hanne], '2025-03-10T07:00:00Z', '2025-03-10T15:00:00Z'));

    expect(e).toBeInstanceOf(CalendarUnavailableError);
    expect(e).toMatchObject({ name: 'CalendarUnavailableError', status: 503, retryAfterMs: 0 });
    expect(graph.requests).toHaveLength(3);
  });

  it('a Retry-After longer than the app will wait is handed to the caller at once', async () => {
    graph.failNext(429, 1, 120);

    const e = await failureOf(cal.create(meeting()));

    expect(e).toMatchObject({ name: 'CalendarUnavailableError', status: 429, retryAfterMs: 120_000 });
    expect(graph.requests).toHaveLength(1);
  });

  it('Graph that cannot be reached is unavailable, not a rejection', async () => {
    await graph.stop();

    const e = await failureOf(cal.busy('tenant-1', kari, [hanne], '2025-03-10T07:00:00Z', '2025-03-10T15:00:00Z'));

    expect(e).toBeInstanceOf(CalendarUnavailableError);
    expect(e).toMatchObject({ status: 0 });
  });
});

describe('several schools', () => {
  it("books in the meeting's own tenant, with a token from that tenant", async () => {
    const other = await new FakeGraph('t').start();
    try {
      const urlOf = (tenantId: string) => (tenantId === 'tenant-2' ? other.url : graph.url);
      const perTenant = new GraphCalendar({ clientFor: (tenantId) => graphClient({ credential, tenantId, baseUrl: urlOf(tenantId), retry: fast }) });

      await perTenant.create(meeting({ tenantId: 'tenant-2' }));

      expect(other.eventsOf(kari.userId)).toHaveLength(1);
      expect(graph.eventsOf(kari.userId)).toHaveLength(0);
      expect(credential.getToken).toHaveBeenCalledWith(['https://graph.microsoft.com/.default'], { tenantId: 'tenant-2' });
    } finally {
      await other.stop();
    }
  });
});
