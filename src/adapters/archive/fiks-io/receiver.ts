/**
 * The RECEIVE half of ARCHIVE=fiks (docs/fiks-io.md §6): the archive's replies, which Fiks IO pushes
 * to our account's AMQP 0-9-1 queue `fiksio.konto.<accountId>` (amqps://io.fiks.ks.no:5671).
 *
 * One long-lived connection (amqplib) signed in as the integration: user name the IntegrasjonId,
 * password "<IntegrasjonPassord> <Maskinporten token>" (the token fetched for each connect; a refused
 * login forgets it, so the next try has a new one). A consumer with a prefetch limit buffers the
 * deliveries; a lost connection is made again with back-off (1 s doubling to a minute), and what
 * it had not acked the broker hands out again. A broker that signs us in but does not open the
 * channel and consumer within OPEN_TIMEOUT_MS is given up the same way.
 *
 * `receipts()` (the sweep calls it through FiksIoArchive) reads the buffered deliveries:
 * - `…mottatt`: the archive has the message; acked here, nothing changes.
 * - `…kvittering`: done, with the numbers the receipt names.
 * - ugyldigforespoersel, a receipt saying mappeFeilet / registreringFeilet: refused.
 * - serverfeil, ikkefunnet: retry (the sweep sends it again later).
 * - a reply we cannot read (not for our key, not an ASiC-E, not the XML its type promises):
 *   retry when we know its job (the archive answers the resend), else acked and logged by code.
 * - a reply to no message we know (not in the ledger, no key in it): acked and logged by code.
 * - an error reply to a send that is not the job's latest (sent again since): acked and logged
 *   by code; the job waits for the latest send's answer. A kvittering counts whichever send it answers.
 * - storage or Fiks Dokumentlager not answering: left in the buffer, unacked, for the next sweep.
 * The job is matched by `svar-til` (the meldingId Fiks IO gave at send, in the ArchiveSentMessages
 * ledger), or by the key a receipt carries (referanseEksternNoekkel). Each receipt's `ack()` drops
 * the ledger row and acks the delivery. Logs carry codes and ids only, never the reply's text.
 */
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import type { ArchiveReceipt, ArchiveSentMessages } from '../../../ports/archive';
import { archiveNumbersOf, FiksArkivError, parseReply } from '../fiks-arkiv/replies';
import { FIKS_ARKIV_TYPES } from '../fiks-arkiv/messages';
import { readPayload } from './payload';

export const FIKS_AMQP = { prod: 'amqps://io.fiks.ks.no:5671', test: 'amqps://io.fiks.test.ks.no:5671' } as const;
/** A connect that has not opened by then is given up (a host that does not answer at all). */
const CONNECT_TIMEOUT_MS = 30_000;
/** Signed in, but the channel and consumer not set up by then: the connection is given up (a broker that hangs). */
const OPEN_TIMEOUT_MS = 30_000;
export const queueOf = (accountId: string): string => `fiksio.konto.${accountId}`;

export interface ReceiverLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface FiksIoReceiverConfig {
  /** amqps://host:port (Fiks IO), or amqp:// for a local stand-in. */
  url: string;
  accountId: string;
  /** The archive's account: only its replies count (Fiks IO sets `avsender-id`; another account could name our key). */
  archiveAccountId: string;
  integrationId: string;
  integrationPassword: string;
  /** The same Maskinporten tokens the send half uses. */
  tokens: { token(): Promise<string>; invalidate(): void };
  /** Our account's private key (PKCS#8 PEM): the replies are encrypted for its certificate. */
  accountPrivateKeyPem: string;
  sent: ArchiveSentMessages;
  /** Fetches a payload Fiks IO left in Dokumentlager (the `dokumentlager-id` header). */
  download?: (id: string) => Promise<Uint8Array>;
  prefetch?: number;
  backoff?: { firstMs: number; maxMs: number };
  heartbeatSeconds?: number;
  /** How long the channel, its prefetch and the consumer may take after the login (tests make it short). */
  openTimeoutMs?: number;
  logger: ReceiverLogger;
  now?: () => Date;
}

type Delivery = { message: ConsumeMessage; channel: Channel };
export type TakenReceipt = ArchiveReceipt & { ack(): Promise<void> };

/** What to do with one delivery. */
type Reading =
  | { kind: 'receipt'; key: string; meldingId?: string; outcome: ArchiveReceipt['outcome'] }
  | { kind: 'drop'; code: string; forget?: string }
  | { kind: 'later'; code: string };

const header = (m: ConsumeMessage, name: string): string | undefined => {
  const v: unknown = m.properties.headers?.[name];
  return typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : undefined;
};

export class FiksIoReceiver {
  private buffer: Delivery[] = [];
  private model?: ChannelModel;
  private closed = false;
  private running?: Promise<void>;
  private wake?: () => void;
  private lastPrune = 0;
  /** Connections made so far (logged with each). */
  connects = 0;

  constructor(private readonly cfg: FiksIoReceiverConfig) {}

  private now(): Date {
    return this.cfg.now ? this.cfg.now() : new Date();
  }

  get connected(): boolean {
    return !!this.model;
  }

  /** Deliveries held, not yet acked. */
  get buffered(): number {
    return this.buffer.length;
  }

  /** Starts the connection loop (again calling it does nothing). */
  start(): void {
    this.running ??= this.loop();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    const m = this.model;
    this.model = undefined;
    await m?.close().catch(() => undefined);
    // A connect under way gives up within its timeout; a stop does not wait for more than a few seconds.
    await Promise.race([this.running, new Promise((r) => setTimeout(r, 5_000).unref())]);
  }

  private async loop(): Promise<void> {
    const { firstMs, maxMs } = this.cfg.backoff ?? { firstMs: 1000, maxMs: 60_000 };
    let delay = firstMs;
    while (!this.closed) {
      try {
        const { lost } = await this.connect();
        delay = firstMs;
        await lost;
      } catch (e) {
        this.cfg.logger.warn({ error: codeOf(e), retryInMs: delay }, 'Fiks IO queue not reached; trying again');
      }
      if (this.closed) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.wake = () => { clearTimeout(t); resolve(); };
      });
      delay = Math.min(maxMs, delay * 2);
    }
  }

  /** Connects and starts consuming; `lost` settles when the connection is gone. */
  private async connect(): Promise<{ lost: Promise<void> }> {
    const url = new URL(this.cfg.url);
    const token = await this.cfg.tokens.token();
    let model: ChannelModel;
    try {
      model = await amqp.connect({
        protocol: url.protocol.replace(/:$/, ''),
        hostname: url.hostname,
        port: Number(url.port) || (url.protocol === 'amqps:' ? 5671 : 5672),
        username: this.cfg.integrationId,
        password: `${this.cfg.integrationPassword} ${token}`,
        vhost: '/',
        heartbeat: this.cfg.heartbeatSeconds ?? 30,
      }, { timeout: CONNECT_TIMEOUT_MS, ...(url.protocol === 'amqps:' ? { servername: url.hostname } : {}) });
    } catch (e) {
      // A refused login may be an expired token: the next try gets a new one.
      if (/ACCESS.REFUSED|403/i.test(String((e as Error)?.message))) this.cfg.tokens.invalidate();
      throw e;
    }
    const lost = new Promise<void>((resolve) => {
      model.on('close', () => resolve());
      model.on('error', () => undefined);
    });
    if (this.closed) {
      await model.close().catch(() => undefined);
      return { lost };
    }
    try {
      await within(this.consume(model), this.cfg.openTimeoutMs ?? OPEN_TIMEOUT_MS, 'fiksio-channel-timeout');
    } catch (e) {
      await drop(model);
      throw e;
    }
    // Stopped while the channel was being opened: close() saw no connection to close, so close it here.
    if (this.closed) {
      await model.close().catch(() => undefined);
      return { lost };
    }
    this.model = model;
    this.connects++;
    this.cfg.logger.info({ connects: this.connects }, 'Fiks IO queue connected');
    return {
      lost: lost.then(() => {
        if (this.model === model) this.model = undefined;
      }),
    };
  }

  /** Opens the channel and the consumer; its deliveries go to the buffer. */
  private async consume(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    channel.on('close', () => {
      // The broker hands out again what this channel had not acked: forget our copies.
      this.buffer = this.buffer.filter((d) => d.channel !== channel);
      void model.close().catch(() => undefined);
    });
    await channel.prefetch(this.cfg.prefetch ?? 20);
    await channel.consume(queueOf(this.cfg.accountId), (m) => {
      if (m) this.buffer.push({ message: m, channel });
      // A null message: the broker cancelled the consumer (queue gone); connect again.
      else void model.close().catch(() => undefined);
    });
  }

  /** The replies buffered so far, as receipts; intermediate and unusable ones are acked here. */
  async receipts(): Promise<TakenReceipt[]> {
    await this.pruneNow();
    const out: TakenReceipt[] = [];
    for (const d of [...this.buffer]) {
      const r = await this.read(d.message).catch((e: unknown): Reading => ({ kind: 'later', code: codeOf(e) }));
      const ids = { meldingId: header(d.message, 'melding-id'), svarTil: header(d.message, 'svar-til') };
      if (r.kind === 'later') {
        this.cfg.logger.warn({ ...ids, error: r.code }, 'Fiks IO reply kept for later');
        continue;
      }
      if (r.kind === 'drop') {
        if (r.code !== 'mottatt') this.cfg.logger.warn({ ...ids, error: r.code }, 'Fiks IO reply not used');
        if (r.forget) await this.cfg.sent.forget(r.forget).catch(() => undefined);
        this.take(d);
        continue;
      }
      // Kept until acked: a sweep that fails before it records the receipt gets it again next time.
      out.push({
        key: r.key,
        outcome: r.outcome,
        ack: async () => {
          if (r.meldingId) await this.cfg.sent.forget(r.meldingId).catch(() => undefined);
          this.take(d);
        },
      });
    }
    return out;
  }

  /** Acks a delivery and lets it go. On a channel that is gone the broker has it back already, and hands it out again. */
  private take(d: Delivery): void {
    this.buffer = this.buffer.filter((x) => x !== d);
    try {
      d.channel.ack(d.message);
    } catch {
      /* the redelivery is taken then */
    }
  }

  /** Once an hour: the ledger's rows past their time go. */
  private async pruneNow(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastPrune < 3600_000) return;
    this.lastPrune = now;
    await this.cfg.sent.prune(this.now()).catch((e: unknown) => this.cfg.logger.warn({ error: codeOf(e) }, 'Fiks IO ledger not pruned'));
  }

  private async read(m: ConsumeMessage): Promise<Reading> {
    if (header(m, 'avsender-id') !== this.cfg.archiveAccountId) return { kind: 'drop', code: 'fiksio-reply-foreign-sender' };
    const type = header(m, 'type') ?? m.properties.type ?? '';
    if (type === FIKS_ARKIV_TYPES.arkivmeldingMottatt || type === FIKS_ARKIV_TYPES.dokumentobjektMottatt) return { kind: 'drop', code: 'mottatt' };
    const svarTil = header(m, 'svar-til');
    const known = svarTil ? await this.cfg.sent.keyOf(svarTil, this.now()) : undefined;
    // Sent again since (no reply within the hour): only the latest send's errors count. A
    // kvittering for an older send still does: the archive has the key's document, and answers the
    // later send «Eksisterende».
    const latest = known ? await this.cfg.sent.latestOf(known, this.now()) : undefined;
    const stale = !!latest && latest !== svarTil;
    const withKey = (key: string | undefined, outcome: ArchiveReceipt['outcome']): Reading =>
      !key ? { kind: 'drop', code: 'fiksio-reply-unmatched' }
        : stale && outcome.kind !== 'done' ? { kind: 'drop', code: 'fiksio-reply-stale', forget: svarTil }
          : { kind: 'receipt', key, ...(svarTil ? { meldingId: svarTil } : {}), outcome };
    let xml: string | undefined;
    try {
      xml = await this.xmlOf(m);
    } catch (e) {
      if (e instanceof Later) return { kind: 'later', code: e.message };
      return withKey(known, { kind: 'retry', reason: 'fiksio-reply-unreadable' });
    }
    try {
      const reply = parseReply(type, xml);
      if (reply.kind !== 'kvittering') return { kind: 'drop', code: 'fiksio-reply-unexpected' };
      const got = reply.folder ?? reply.record;
      const numbers = reply.folder
        ? archiveNumbersOf(reply)
        : reply.record?.journalpostnummer !== undefined ? { journalpostnummer: reply.record.journalpostnummer } : undefined;
      return withKey(known ?? got?.key, { kind: 'done', ...(numbers ? { numbers } : {}) });
    } catch (e) {
      if (!(e instanceof FiksArkivError)) throw e;
      if (e.kind === 'ugyldigSvar') return withKey(known, { kind: 'retry', reason: 'fiksio-reply-unreadable' });
      const reason = e.feilId && /^[\w.-]{1,40}$/.test(e.feilId) ? `${e.kind} (feilId ${e.feilId})` : e.kind;
      return withKey(known, e.retryable ? { kind: 'retry', reason } : { kind: 'refused', reason });
    }
  }

  /** The reply's XML: the payload decrypted with our account's key, its one .xml file. */
  private async xmlOf(m: ConsumeMessage): Promise<string | undefined> {
    const stored = header(m, 'dokumentlager-id');
    let body: Uint8Array = m.content;
    if (stored) {
      if (!this.cfg.download) throw new Later('fiksio-dokumentlager-unsupported');
      try {
        body = await this.cfg.download(stored);
      } catch (e) {
        throw new Later(codeOf(e));
      }
    }
    if (!body.length) return undefined;
    const files = await readPayload(undefined, this.cfg.accountPrivateKeyPem, body);
    const xml = Object.entries(files).filter(([name]) => name.endsWith('.xml'));
    if (xml.length !== 1) throw new Error('asice: not one xml');
    return Buffer.from(xml[0][1]).toString('utf8');
  }
}

/** `p`, or the error `code` after `ms`; p's own later failure is ignored. */
function within<T>(p: Promise<T>, ms: number, code: string): Promise<T> {
  p.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(code)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Closes a connection given up; a broker that hangs may not answer the close either, so after a second the socket is cut. */
async function drop(model: ChannelModel): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([model.close().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 1_000)))]);
  clearTimeout(timer);
  // amqplib's socket (not in its types): destroyed with an error, the connection tidies up and emits 'close'.
  (model.connection as unknown as { stream?: { destroy?(e: Error): void } }).stream?.destroy?.(new Error('fiksio-dropped'));
}

/** A reply that may read later (Dokumentlager down): kept, not acked. */
class Later extends Error {}

/** A code for the log: an error's code or class, never its text (which could quote a reply). */
function codeOf(e: unknown): string {
  if (e instanceof Later || (e instanceof Error && /^(fiksio|maskinporten)-[\w-]+$/.test(e.message))) return e.message;
  const code = (e as { code?: unknown })?.code;
  const safe = (x: string) => x.replace(/[^\w-]/g, '').slice(0, 40);
  return typeof code === 'string' || typeof code === 'number' ? `fiksio-receive-${safe(String(code))}` : e instanceof Error ? `fiksio-receive-${safe(e.name)}` : 'fiksio-receive-error';
}
