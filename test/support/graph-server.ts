/**
 * A local Microsoft Graph on 127.0.0.1 for the calendar calls the app makes (v1.0): getSchedule,
 * create (deduplicated on transactionId as Graph promises), update, get and cancel of events in a
 * user's calendar. Times are answered in UTC with Graph's seven-digit fractions. Failures can be
 * queued, before the request is handled or after it (the change is made, the answer is lost).
 * The education API's rosters are served by graph-education.ts (`education`).
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { FakeEducation } from './graph-education';

export interface GraphRecord {
  method: string;
  /** As received, e.g. /v1.0/users/u1/events. */
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, any>;
}

interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export interface FakeEvent {
  id: string;
  transactionId?: string;
  subject: string;
  body: { contentType: string; content: string };
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  location: { displayName: string };
  attendees: { type: string; emailAddress: { address: string; name?: string } }[];
  isOnlineMeeting: boolean;
  onlineMeetingProvider?: string;
  onlineMeeting: { joinUrl: string } | null;
  allowNewTimeProposals?: boolean;
  showAs: string;
  webLink: string;
}

interface Failure {
  status: number;
  retryAfter?: number;
  when: 'before' | 'after';
}

const CODES: Record<number, string> = {
  400: 'ErrorInvalidRequest',
  401: 'InvalidAuthenticationToken',
  403: 'ErrorAccessDenied',
  404: 'ErrorItemNotFound',
  429: 'ApplicationThrottled',
};

export class FakeGraph {
  readonly requests: GraphRecord[] = [];
  /** Cancellation notes sent to attendees, per event id. */
  readonly cancelled = new Map<string, string>();
  /** The education API (ROSTER=graph): schools, classes, teachers and pupils (graph-education.ts). */
  readonly education = new FakeEducation();
  private readonly events = new Map<string, FakeEvent[]>();
  private readonly mailboxes = new Map<string, { userId: string; address: string }>();
  private readonly blocks: { email: string; start: string; end: string; status: string }[] = [];
  private failures: Failure[] = [];
  private server?: Server;
  private seq = 0;
  url = '';

  /** With a token, only `Bearer <token>` is let in; without one, any bearer token is. */
  constructor(private readonly token?: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  /** A user with a mailbox; getSchedule knows only these addresses. */
  addUser(userId: string, address: string): this {
    this.mailboxes.set(address.toLowerCase(), { userId, address });
    return this;
  }

  /** Something already in someone's calendar (status as getSchedule reports it). */
  addBusy(email: string, startIso: string, endIso: string, status = 'busy'): this {
    this.blocks.push({ email: email.toLowerCase(), start: startIso, end: endIso, status });
    return this;
  }

  /**
   * The next `times` requests get `status` (with Retry-After when given). 'before' leaves them
   * unhandled; 'after' handles them first, as when Graph made the event but the answer was lost.
   */
  failNext(status: number, times = 1, retryAfterSeconds?: number, when: 'before' | 'after' = 'before'): void {
    for (let i = 0; i < times; i++) this.failures.push({ status, retryAfter: retryAfterSeconds, when });
  }

  private outage?: { until: number; pattern: Failure[]; next: number };
  /** Requests answered by the outage so far (failNext's failures not counted). */
  outageFailures = 0;

  /**
   * An outage by time: until `untilMs` (epoch ms) every request fails, taking the failures of
   * `pattern` in turn (e.g. 429 with Retry-After, 503, and 503 'after' = made but answer lost).
   */
  failUntil(untilMs: number, pattern: { status: number; retryAfterSeconds?: number; when?: 'before' | 'after' }[]): void {
    this.outage = { until: untilMs, pattern: pattern.map((p) => ({ status: p.status, retryAfter: p.retryAfterSeconds, when: p.when ?? 'before' })), next: 0 };
  }

  private outageFailure(): Failure | undefined {
    const o = this.outage;
    if (!o || Date.now() >= o.until || o.pattern.length === 0) return undefined;
    this.outageFailures++;
    return o.pattern[o.next++ % o.pattern.length];
  }

  eventsOf(userId: string): FakeEvent[] {
    return this.events.get(userId.toLowerCase()) ?? [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    let body: Record<string, any> = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      return send(res, 400, error(400, 'body is not JSON'));
    }
    const path = req.url ?? '';
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const fail = this.outageFailure() ?? this.failures.shift();
    if (fail?.when === 'before') return failWith(res, fail);
    const auth = req.headers.authorization ?? '';
    const allowed = /^Bearer \S+$/.test(auth) && (!this.token || auth === `Bearer ${this.token}`);
    const answer = allowed ? this.route(req.method ?? '', path, body) : { status: 401, body: error(401, 'Access token validation failure.') };
    if (fail) return failWith(res, fail);
    send(res, answer.status, answer.body, answer.headers);
  }

  private route(method: string, path: string, body: Record<string, any>): { status: number; body?: object; headers?: Record<string, string> } {
    if (/^\/v1\.0\/education\//.test(path)) return this.education.route(method, new URL(path, this.url), this.url);
    const m = /^\/v1\.0\/users\/([^/?]+)\/(calendar\/getSchedule|events)(?:\/([^/?]+))?(?:\/(cancel))?\/?$/i.exec(path);
    if (!m) return { status: 400, body: error(400, `unsupported: ${method} ${path}`) };
    const user = decodeURIComponent(m[1]).toLowerCase();
    const id = m[3] && decodeURIComponent(m[3]);
    const action = m[2].toLowerCase();
    if (action === 'calendar/getschedule' && method === 'POST' && !id) return this.getSchedule(body);
    if (action !== 'events') return { status: 405, body: error(405, 'method not allowed') };
    const events = this.events.get(user) ?? [];
    this.events.set(user, events);
    if (!id && method === 'POST') return this.createEvent(user, events, body);
    const e = events.find((x) => x.id === id);
    if (!e) return { status: 404, body: error(404, 'The specified object was not found in the store.') };
    if (method === 'GET' && !m[4]) return { status: 200, body: e };
    if (method === 'PATCH' && !m[4]) {
      const bad = invalidTimes(body, false);
      if (bad) return { status: 400, body: error(400, bad) };
      Object.assign(e, pick(body, ['subject', 'body', 'start', 'end', 'location', 'attendees', 'showAs']));
      return { status: 200, body: e };
    }
    if (method === 'POST' && m[4]) {
      events.splice(events.indexOf(e), 1);
      this.cancelled.set(e.id, String(body.comment ?? ''));
      return { status: 202 };
    }
    return { status: 405, body: error(405, 'method not allowed') };
  }

  private createEvent(user: string, events: FakeEvent[], body: Record<string, any>): { status: number; body: object } {
    const bad = invalidTimes(body, true);
    if (bad) return { status: 400, body: error(400, bad) };
    const same = body.transactionId ? events.find((e) => e.transactionId === body.transactionId) : undefined;
    if (same) return { status: 201, body: same };
    const id = `AAMkAG${++this.seq}+ev/${user.slice(0, 4)}=`;
    const e: FakeEvent = {
      id,
      transactionId: body.transactionId,
      subject: body.subject ?? '',
      body: body.body ?? { contentType: 'text', content: '' },
      start: body.start,
      end: body.end,
      location: body.location ?? { displayName: '' },
      attendees: body.attendees ?? [],
      isOnlineMeeting: body.isOnlineMeeting === true,
      onlineMeetingProvider: body.onlineMeetingProvider,
      onlineMeeting: body.isOnlineMeeting ? { joinUrl: `https://teams.microsoft.com/l/meetup-join/${this.seq}` } : null,
      allowNewTimeProposals: body.allowNewTimeProposals,
      showAs: body.showAs ?? 'busy',
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}`,
    };
    events.push(e);
    return { status: 201, body: e };
  }

  /** Items from the address's own events (busy), invitations to it (tentative) and added blocks. */
  private getSchedule(body: Record<string, any>): { status: number; body: object } {
    if (!Array.isArray(body.schedules) || invalidTimes({ start: body.startTime, end: body.endTime }, true))
      return { status: 400, body: error(400, 'schedules, startTime and endTime are required') };
    const from = instant(body.startTime);
    const until = instant(body.endTime);
    const value = (body.schedules as string[]).map((address) => {
      const box = this.mailboxes.get(address.toLowerCase());
      const notFound = { message: 'The mailbox was not found.', responseCode: 'ErrorMailRecipientNotFound' };
      if (!box) return { scheduleId: address, availabilityView: '', error: notFound };
      const own = this.eventsOf(box.userId).map((e) => ({ status: e.showAs, start: instant(e.start), end: instant(e.end) }));
      const invited = [...this.events.values()]
        .flat()
        .filter((e) => e.attendees.some((a) => a.emailAddress.address.toLowerCase() === address.toLowerCase()))
        .map((e) => ({ status: 'tentative', start: instant(e.start), end: instant(e.end) }));
      const added = this.blocks
        .filter((b) => b.email === address.toLowerCase())
        .map((b) => ({ status: b.status, start: Date.parse(b.start), end: Date.parse(b.end) }));
      const items = [...own, ...invited, ...added].filter((i) => i.start < until && i.end > from).sort((a, b) => a.start - b.start);
      return {
        scheduleId: box.address,
        scheduleItems: items.map((i) => ({ isPrivate: false, status: i.status, start: graphTime(i.start), end: graphTime(i.end) })),
      };
    });
    return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)', value } };
  }
}

function send(res: ServerResponse, status: number, body?: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, body ? { 'content-type': 'application/json', ...headers } : headers);
  res.end(body ? JSON.stringify(body) : undefined);
}

function failWith(res: ServerResponse, f: Failure): void {
  send(res, f.status, error(f.status, 'injected failure'), f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {});
}

const error = (status: number, message: string) => ({
  error: {
    code: CODES[status] ?? (status >= 500 ? 'ServiceUnavailable' : 'BadRequest'),
    message,
    innerError: { 'request-id': `req-${status}`, date: new Date().toISOString() },
  },
});

/** Graph wants a wall-clock time and a zone; this fake knows UTC only, and so does the app. */
function invalidTimes(body: Record<string, any>, required: boolean): string | undefined {
  for (const k of ['start', 'end']) {
    const t = body[k];
    if (t === undefined && !required) continue;
    if (typeof t?.dateTime !== 'string' || t.timeZone !== 'UTC') return `${k} needs dateTime and timeZone UTC`;
    if (/[zZ]|[+-]\d\d:\d\d$/.test(t.dateTime) || Number.isNaN(instant(t))) return `${k}.dateTime must be a local time without offset`;
  }
  return undefined;
}

const instant = (t: DateTimeTimeZone) => Date.parse(`${t.dateTime}Z`);
/** As Graph writes them: 2025-03-10T07:00:00.0000000. */
const graphTime = (ms: number) => ({ dateTime: `${new Date(ms).toISOString().slice(0, 23)}0000`, timeZone: 'UTC' });

function pick(o: Record<string, any>, keys: string[]): Record<string, any> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}
