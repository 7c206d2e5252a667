/**
 * A local Bot Framework connector on 127.0.0.1: it takes the bot's proactive messages, new
 * conversations and card updates the way Teams' connector does, and remembers them so tests
 * can assert what each person would see. Failures (429 with Retry-After, 403, 503) can be queued.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Sent {
  conversationId: string;
  activityId: string;
  activity: Record<string, any>;
}

export class FakeConnector {
  readonly sent: Sent[] = [];
  readonly updates: Sent[] = [];
  /** conversation id → member id, for conversations the bot created. */
  readonly conversations = new Map<string, string>();
  private failures: { status: number; retryAfter?: number }[] = [];
  private server?: Server;
  private seq = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  /** Requests answered with 429 because they broke the limits (only when enforcing). */
  throttled = 0;
  /** Arrival times of activities per conversation (ms), to check the rate afterwards. */
  readonly arrivals = new Map<string, number[]>();
  private limits?: { scale: number; perSecond: number; per30s: number };

  /**
   * Answers 429 (Retry-After: 1) as Teams does when a conversation gets more than 7 messages
   * in a second or 60 in 30 seconds. `scale` shrinks the windows (0.1 → 100 ms and 3 s).
   */
  enforceLimits(scale = 1, perSecond = 7, per30s = 60): void {
    this.limits = { scale, perSecond, per30s };
  }

  failNext(status: number, times = 1, retryAfter?: number): void {
    for (let i = 0; i < times; i++) this.failures.push({ status, retryAfter });
  }

  /** Sends to one conversation (a chat or a channel) fail with `status`, the next `times` of them; others go through. */
  private readonly failuresFor = new Map<string, number[]>();
  failConversation(conversationId: string, status: number, times = 1): void {
    this.failuresFor.set(conversationId, [...(this.failuresFor.get(conversationId) ?? []), ...Array<number>(times).fill(status)]);
  }

  /** Cards shown in one person's chat, newest last (updates applied in place). */
  cardsFor(memberId: string): Record<string, any>[] {
    const convs = [...this.conversations].filter(([, m]) => m === memberId).map(([c]) => c);
    return this.sent
      .filter((s) => convs.includes(s.conversationId))
      .map((s) => {
        const upd = [...this.updates].reverse().find((u) => u.conversationId === s.conversationId && u.activityId === s.activityId);
        return (upd ?? s).activity.attachments?.[0]?.content;
      });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    const fail = this.failures.shift();
    if (fail) {
      res.writeHead(fail.status, { 'content-type': 'application/json', ...(fail.retryAfter ? { 'retry-after': String(fail.retryAfter) } : {}) });
      res.end(JSON.stringify({ error: { code: 'Failure', message: 'injected' } }));
      return;
    }
    const url = req.url ?? '';
    const json = (status: number, o: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(o));
    };
    if (req.method === 'POST' && /\/v3\/conversations\/?$/.test(url)) {
      const member = body.members?.[0]?.aadObjectId ?? body.members?.[0]?.id;
      const id = `a:conv-${member}`;
      this.conversations.set(id, member);
      return json(200, { id });
    }
    const m = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(url);
    if (m && req.method === 'POST') {
      const conversationId = decodeURIComponent(m[1]);
      const failFor = this.failuresFor.get(conversationId)?.shift();
      if (failFor) return json(failFor, { error: { code: 'Failure', message: 'injected' } });
      if (this.limits) {
        const now = Date.now();
        const { scale, perSecond, per30s } = this.limits;
        const times = (this.arrivals.get(conversationId) ?? []).filter((t) => t > now - 30_000 * scale);
        if (times.filter((t) => t > now - 1000 * scale).length >= perSecond || times.length >= per30s) {
          this.throttled++;
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
          res.end(JSON.stringify({ error: { code: 'Throttled', message: 'too many requests' } }));
          return;
        }
        this.arrivals.set(conversationId, [...times, now]);
      }
      // A conversation the bot learned from the user's own message: its member is the recipient.
      if (!this.conversations.has(conversationId)) this.conversations.set(conversationId, body.recipient?.aadObjectId ?? body.recipient?.id);
      const activityId = `act-${++this.seq}`;
      this.sent.push({ conversationId, activityId, activity: body });
      return json(200, { id: activityId });
    }
    if (m && req.method === 'PUT' && m[2]) {
      this.updates.push({ conversationId: decodeURIComponent(m[1]), activityId: decodeURIComponent(m[2]), activity: body });
      return json(200, { id: m[2] });
    }
    json(404, { error: { code: 'NotFound', message: url } });
  }
}
