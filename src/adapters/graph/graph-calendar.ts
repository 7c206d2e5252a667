/**
 * The Calendar port on Microsoft Graph, app-only (Calendars.ReadWrite): free/busy from
 * getSchedule, and Outlook events (Teams meetings when online) in the organiser's own calendar.
 * The SDK's RetryHandler retries 429/503/504 after Retry-After; what still fails after that
 * becomes CalendarUnavailableError (try later) or CalendarRejectedError (retrying will not help).
 * Errors carry status and Graph's error code only: never the subject or body we sent.
 */
import type { TokenCredential } from '@azure/identity';
import {
  Client,
  GraphError,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import type { AuthenticationProvider, Context, Middleware, ShouldRetry } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { BookedEvent, BusyInterval, Calendar, MeetingRequest, Participant } from '../../ports';

const GRAPH_URL = 'https://graph.microsoft.com/';
const SCOPE = 'https://graph.microsoft.com/.default';

/** Graph is down, throttling, or unreachable (status 0), and its retries are used up: try later. */
export class CalendarUnavailableError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs?: number,
    readonly code?: string,
  ) {
    super(`calendar unavailable: ${status || 'no answer'}${code ? ` ${code}` : ''}`);
    this.name = 'CalendarUnavailableError';
  }
}

/** Graph refused the request (token, consent, mailbox, bad input): the same request will fail again. */
export class CalendarRejectedError extends Error {
  constructor(
    readonly status: number,
    readonly code?: string,
  ) {
    super(`calendar rejected the request: ${status}${code ? ` ${code}` : ''}`);
    this.name = 'CalendarRejectedError';
  }
}

export interface GraphRetry {
  maxRetries: number;
  delaySeconds: number;
  /**
   * A longer Retry-After is not waited for but handed to the caller (CalendarUnavailableError
   * with retryAfterMs): the SDK would otherwise sleep up to 180 s per retry inside a user's click.
   */
  maxWaitSeconds?: number;
}

export interface GraphClientOptions {
  credential: TokenCredential;
  /** Graph's root; tests point it at a local server, e.g. http://127.0.0.1:1234/. */
  baseUrl?: string;
  /** For a multi-tenant app registration: get the token from this tenant. */
  tenantId?: string;
  retry?: GraphRetry;
}

export function graphClient(o: GraphClientOptions): Client {
  const baseUrl = o.baseUrl ?? GRAPH_URL;
  const retry = o.retry ?? { maxRetries: 3, delaySeconds: 3 };
  const maxWait = retry.maxWaitSeconds ?? 10;
  const getTokenOptions = o.tenantId ? { tenantId: o.tenantId } : undefined;
  const auth = new TokenCredentialAuthenticationProvider(o.credential, { scopes: [SCOPE], getTokenOptions });
  // The SDK's default chain, in its order, with our token step first: its AuthenticationHandler
  // only recognises https hosts and would strip the token from the local test server's requests.
  const waitable: ShouldRetry = (_d, _a, _req, _opts, res) => (retryAfterMs(res.headers) ?? 0) <= maxWait * 1000;
  const middleware: Middleware[] = [
    new BearerToken(auth, new URL(baseUrl).origin),
    new RetryHandler(new RetryHandlerOptions(retry.delaySeconds, retry.maxRetries, waitable)),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new HTTPMessageHandler(),
  ];
  // customHosts only lets the telemetry step add client-request-id for a non-Graph https host.
  return Client.initWithMiddleware({ baseUrl, middleware, customHosts: new Set([new URL(baseUrl).hostname]) });
}

/** Puts the app's token on requests to our Graph origin, and on nothing else. */
class BearerToken implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly auth: AuthenticationProvider,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const token = new URL(url).origin === this.origin ? `Bearer ${await this.auth.getAccessToken()}` : undefined;
    const options = (context.options ??= {});
    // GraphRequest always passes a plain object; the SDK's RedirectHandler deletes from it too.
    const headers = (options.headers ?? {}) as Record<string, string>;
    if (token) headers.Authorization = token;
    else delete headers.Authorization;
    options.headers = headers;
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** One client for a single-tenant install, or one per tenant (each with its own token). */
export type GraphClients = { client: Client } | { clientFor: (tenantId: string) => Client };

interface GraphDateTime {
  dateTime: string;
  timeZone?: string;
}

interface ScheduleInformation {
  scheduleId: string;
  scheduleItems?: { status: string; start: GraphDateTime; end: GraphDateTime }[];
  error?: { message?: string; responseCode?: string };
}

interface GraphEvent {
  id: string;
  webLink?: string;
  onlineMeeting?: { joinUrl?: string } | null;
}

export class GraphCalendar implements Calendar {
  readonly kind = 'graph';

  constructor(private readonly clients: GraphClients) {}

  async busy(tenantId: string, organizer: Participant, participants: Participant[], from: string, until: string): Promise<Record<string, BusyInterval[]>> {
    const out: Record<string, BusyInterval[]> = Object.fromEntries(participants.map((p) => [p.userId, []]));
    const emails = [...new Set(participants.map((p) => p.email.toLowerCase()))];
    if (emails.length === 0) return out;
    const answer: { value: ScheduleInformation[] } = await call(() =>
      this.api(tenantId, `/users/${seg(organizer.userId)}/calendar/getSchedule`)
        .header('Prefer', 'outlook.timezone="UTC"')
        .post({ schedules: emails, startTime: toGraph(from), endTime: toGraph(until), availabilityViewInterval: 15 }),
    );
    for (const s of answer.value ?? []) {
      // A schedule Graph cannot read (no mailbox, not shared, another org) comes back with an
      // error and no items. Failing the whole search for one attendee would block every booking,
      // and counting them busy all day would leave no slot at all: they count as free, and the
      // invitation itself lets them propose a new time.
      if (s.error) continue;
      const busy = (s.scheduleItems ?? []).filter((i) => i.status.toLowerCase() !== 'free').map((i) => ({ start: fromGraph(i.start), end: fromGraph(i.end) }));
      for (const p of participants) if (p.email.toLowerCase() === s.scheduleId.toLowerCase()) out[p.userId].push(...busy);
    }
    return out;
  }

  async create(m: MeetingRequest): Promise<BookedEvent> {
    const e: GraphEvent = await call(() =>
      this.api(m.tenantId, `/users/${seg(m.organizer.userId)}/events`).post({
        ...eventFields(m),
        allowNewTimeProposals: true,
        isOnlineMeeting: m.online,
        ...(m.online ? { onlineMeetingProvider: 'teamsForBusiness' } : {}),
        // The RetryHandler re-sends a POST whose answer was lost; with our meeting id as the
        // transactionId Graph returns the event it already made instead of a second one.
        transactionId: m.meetingId,
      }),
    );
    return { eventId: e.id, joinUrl: e.onlineMeeting?.joinUrl ?? '', webLink: e.webLink ?? '' };
  }

  async update(eventId: string, m: MeetingRequest): Promise<void> {
    // Graph warns that changing the body of an online meeting can remove its Teams join details:
    // a moved online meeting keeps the body it was created with.
    const { body, ...fields } = eventFields(m);
    await call(() => this.api(m.tenantId, `/users/${seg(m.organizer.userId)}/events/${seg(eventId)}`).patch(m.online ? fields : { ...fields, body }));
  }

  async cancel(tenantId: string, organizer: Participant, eventId: string, comment: string): Promise<void> {
    try {
      await call(() => this.api(tenantId, `/users/${seg(organizer.userId)}/events/${seg(eventId)}/cancel`).post({ comment }));
    } catch (e) {
      // Already cancelled or deleted in Outlook: what we wanted has happened.
      if (e instanceof GraphError && e.statusCode === 404) return;
      throw e;
    }
  }

  private api(tenantId: string, path: string) {
    const client = 'client' in this.clients ? this.clients.client : this.clients.clientFor(tenantId);
    return client.api(path);
  }
}

function eventFields(m: MeetingRequest) {
  return {
    subject: m.subject,
    body: { contentType: 'text', content: m.body },
    start: toGraph(m.start),
    end: toGraph(m.end),
    location: { displayName: m.location },
    attendees: m.attendees.map((a) => ({ type: 'required', emailAddress: { address: a.email, name: a.name } })),
    // Colleagues who can see a calendar see "Privat" instead of the subject: these meetings are
    // about a pupil's school environment or a complaint.
    sensitivity: 'private',
  };
}

/** Event ids may hold '/', '+' or '='; a path segment must not. */
const seg = (s: string) => encodeURIComponent(s);

/** Graph takes a wall-clock time plus a zone; ours are instants, so UTC without the Z. */
const toGraph = (iso: string): GraphDateTime => ({ dateTime: new Date(iso).toISOString().replace(/Z$/, ''), timeZone: 'UTC' });

function fromGraph(t: GraphDateTime): string {
  // We ask for UTC (Prefer header); converting a Windows zone name would need a table we lack.
  if (t.timeZone && !/^(utc|etc\/utc)$/i.test(t.timeZone)) throw new Error(`getSchedule answered in ${t.timeZone}, not UTC`);
  return new Date(`${t.dateTime.replace(/Z$/, '')}Z`).toISOString();
}

/** Retry-After in ms, from seconds or an HTTP date. */
function retryAfterMs(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Runs one Graph call and sorts what failed after the SDK's own retries. */
async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (!(e instanceof GraphError)) throw e;
    const status = e.statusCode > 0 ? e.statusCode : 0;
    const code = e.code ?? undefined;
    if (status === 0 || status === 429 || status >= 500) throw new CalendarUnavailableError(status, retryAfterMs(e.headers), code);
    // 404 stays a GraphError (statusCode 404): what it means depends on the call.
    if (status >= 400 && status !== 404) throw new CalendarRejectedError(status, code);
    throw e;
  }
}
