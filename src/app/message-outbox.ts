/**
 * The outbox for messages that are not about a skolemiljø case: complaint notices (seeds 000 and
 * 001) and leave requests and outcomes (seed 003). The same machinery as the case cards'
 * (deliver-notices.ts, on its own table): a message is stored before it is sent, so a Teams outage
 * delays it and never loses it; a lease written with the row's ETag keeps two instances from
 * sending it twice; a failed try is retried with back-off by the sweep; a permanent failure (the
 * bot removed, the user gone) is recorded and not retried. What a step records as done because of
 * the message («the employee is informed») is recorded by `delivered`, after Teams took it, never
 * when it was only queued.
 *
 * A message names its subject and what it says, never its content: the card is built when it is
 * sent, from what is stored then.
 */
import type { Logger } from './logger';
import { OutboxSender } from './outbox-sender';
import type { NoticeKind } from '../domain/routing';
import type { Clock, NoticeOutbox, NoticeRecord } from '../ports';

export type MessageTopic = 'klage' | 'personalklage' | 'permisjon';

export interface OutboxMessage {
  tenantId: string;
  schoolId: string;
  topic: MessageTopic;
  /** The complaint's or leave request's id. */
  subjectId: string;
  /** What the message says (a notice kind of its topic). */
  notice: string;
  /** Tells two messages of the same notice to the same person apart (a minutes id, a booking version); '' when it goes once. */
  key: string;
  recipientId: string;
}

export interface MessageRoute {
  /** Sends the message as things stand now. 'gone': its subject no longer exists, so there is nothing to send. */
  send(m: OutboxMessage): Promise<'sent' | 'gone'>;
  /** Records what the delivery made true. Runs once Teams has the message, before it is marked sent, so it must be idempotent. */
  delivered?(m: OutboxMessage, at: string): Promise<void>;
}

const SEP = '|';
/** The `caseId` of a subject's outbox rows: retention removes them with the complaint or leave request. */
export const messageSubject = (topic: MessageTopic, subjectId: string): string => `${topic}${SEP}${subjectId}`;
/** The outbox row's keys: the subject in `caseId`, what it says in `kind` (its table is not the case cards'). */
const toRow = (m: OutboxMessage): Pick<NoticeRecord, 'tenantId' | 'schoolId' | 'caseId' | 'kind' | 'recipientId'> => ({
  tenantId: m.tenantId,
  schoolId: m.schoolId,
  caseId: messageSubject(m.topic, m.subjectId),
  kind: `${m.notice}${SEP}${m.key}` as NoticeKind,
  recipientId: m.recipientId,
});
const fromRow = (n: NoticeRecord): OutboxMessage => {
  const [topic, subjectId] = [n.caseId.slice(0, n.caseId.indexOf(SEP)), n.caseId.slice(n.caseId.indexOf(SEP) + 1)];
  const kind = String(n.kind);
  return { tenantId: n.tenantId, schoolId: n.schoolId, topic: topic as MessageTopic, subjectId, notice: kind.slice(0, kind.indexOf(SEP)), key: kind.slice(kind.indexOf(SEP) + 1), recipientId: n.recipientId };
};

export class MessageOutbox extends OutboxSender {
  private readonly routes = new Map<MessageTopic, MessageRoute>();

  constructor(outbox: NoticeOutbox, clock: Clock, logger: Logger) {
    super(outbox, clock, logger, 'message');
  }

  route(topic: MessageTopic, r: MessageRoute): void {
    this.routes.set(topic, r);
  }

  /**
   * Stores the messages, then tries each once. `wait: false` answers at once and sends in the
   * background (idle() waits for it). Returns how many reached Teams now (0 when not waited for).
   */
  async send(messages: Omit<OutboxMessage, 'key'> & { key?: string } | (Omit<OutboxMessage, 'key'> & { key?: string })[], o: { wait?: boolean } = {}): Promise<number> {
    const list = (Array.isArray(messages) ? messages : [messages]).map((m) => ({ ...m, key: m.key ?? '' }));
    if (!list.length) return 0;
    const now = this.clock.now().toISOString();
    const rows: NoticeRecord[] = list.map((m) => ({ ...toRow(m), status: 'pending', attempts: 0, nextAttemptAt: now, conversationId: '', activityId: '', lastError: '' }));
    await this.outbox.enqueue(rows);
    const run = async () => {
      let sent = 0;
      for (const m of list) {
        const [stored] = (await this.outbox.forCase(m.tenantId, m.schoolId, toRow(m).caseId)).filter((n) => n.kind === toRow(m).kind && n.recipientId === m.recipientId);
        if (stored && (await this.attempt(stored))) sent++;
      }
      return sent;
    };
    if (o.wait === false) {
      this.track(run());
      return 0;
    }
    return run();
  }

  /** One try; true when it reached Teams now. */
  protected async attempt(n: NoticeRecord): Promise<boolean> {
    const now = this.clock.now();
    const m = fromRow(n);
    const route = this.routes.get(m.topic);
    if (!route) return false; // a topic this instance does not know (an older version): another instance sends it
    const lease = await this.take(n, now);
    if (!lease) return false;
    const done: NoticeRecord = { ...lease, attempts: n.attempts + 1 };
    const what = { topic: m.topic, subjectId: m.subjectId, notice: m.notice, attempts: done.attempts };
    try {
      const r = await route.send(m);
      if (r === 'gone') Object.assign(done, { status: 'failed', lastError: 'gone' });
      else {
        await route.delivered?.(m, now.toISOString());
        Object.assign(done, { status: 'sent', lastError: '' });
      }
    } catch (e) {
      const permanent = this.failedTry(done, e, now);
      this.logger.warn({ ...what, error: done.lastError }, permanent ? 'message could not be delivered, not retried' : 'message not delivered, will retry');
    }
    await this.record(done, now, what);
    return done.status === 'sent';
  }
}
