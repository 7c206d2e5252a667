/**
 * The SEND half of ARCHIVE=fiks (docs/fiks-io.md): each archive job as a Fiks Arkiv V1 message
 * (fiks-arkiv/messages.ts) sent over Fiks IO to the municipality's archive account.
 *
 * 1. A Maskinporten token (maskinporten.ts), kept until shortly before it expires.
 * 2. The receiving account's certificate from the Fiks IO catalogue
 *    (GET /fiks-io/katalog/api/v1/kontoer/{id}/offentligNokkel), kept for an hour (never past its validTo).
 * 3. The payload: arkivmelding.xml and the PDF in an ASiC-E signed with the enterprise certificate,
 *    encrypted for that certificate (payload.ts).
 * 4. POST /fiks-io/api/v1/send, multipart: `metadata` (JSON: avsenderKontoId, mottakerKontoId,
 *    meldingType, ttl in ms, headere, svarPaMelding) and `data` (the encrypted payload), with
 *    Authorization: Bearer, IntegrasjonId and IntegrasjonPassord. Fiks IO answers 202 with the
 *    message's id.
 *
 * The archive answers later, on the account's queue (the receive half, receiver.ts, which
 * `receipts()` reads), so `send` answers `pending`. 429 and 503 are waited out (Retry-After, within a limit) and tried again; a
 * 401 gets one new token; other 5xx, timeouts and network errors are ArchiveUnavailable (the sweep
 * tries later); any other 4xx is ArchiveRefused. Errors carry codes only, never pupil data.
 */
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArchiveRefused, ArchiveUnavailable, type ArchiveMessage, type ArchiveOutcome, type ArchiveTransport } from '../../../ports/archive';
import type { FiksArkivMessage, SenderSystem } from '../fiks-arkiv/messages';
import { fiksArkivMessageOf } from '../files';
import { MaskinportenTokens, type MaskinportenConfig } from './maskinporten';
import { asice, encryptFor, type PayloadFile, type Signer } from './payload';
import type { TakenReceipt } from './receiver';

export const FIKS_API = { prod: 'https://api.fiks.ks.no', test: 'https://api.fiks.test.ks.no' } as const;
const SEND_PATH = '/fiks-io/api/v1/send';
const KATALOG_PATH = '/fiks-io/katalog/api/v1';
const DOKUMENTLAGER_PATH = '/dokumentlager/nedlasting';
const TWO_DAYS_MS = 2 * 24 * 3600 * 1000;
const KEY_TTL_MS = 3600 * 1000;

export interface FiksIoConfig {
  /** https://api.fiks.ks.no, or the test environment, or the stand-in. */
  apiBase: string;
  /** Our Fiks IO account (avsenderKontoId) and the archive's (mottakerKontoId). */
  accountId: string;
  archiveAccountId: string;
  integrationId: string;
  integrationPassword: string;
  maskinporten: MaskinportenConfig;
  /** Who signs the ASiC-E; the Maskinporten certificate unless another is given (KS allows the same). */
  signer?: Signer;
  sender?: SenderSystem;
  /** How long Fiks IO keeps an undelivered message; two days, like KS's client. */
  ttlMs?: number;
  /** 429/503: how many times, and the longest Retry-After waited for inside one send. */
  maxAttempts?: number;
  maxWaitMs?: number;
  timeoutMs?: number;
  /**
   * Told of each message Fiks IO took, and waited for (the receive half's ledger writes it down);
   * if it fails, the send counts as not done and the sweep sends again (the archive knows the key).
   */
  onSent?: (sent: SentMessage) => void | Promise<void>;
  /** The receive half (receiver.ts): the archive's replies from our account's queue. */
  receiver?: { receipts(): Promise<TakenReceipt[]> };
  now?: () => number;
  fetch?: typeof fetch;
}

/** What Fiks IO took for one job: its id is what the archive's reply will name in `svar-til` (the receive half). */
export interface SentMessage {
  /** The job's external key. */
  key: string;
  meldingId?: string;
  meldingType: string;
}

export class FiksIoArchive implements ArchiveTransport {
  readonly tokens: MaskinportenTokens;
  private readonly keys = new Map<string, { pem: string; until: number }>();

  constructor(private readonly cfg: FiksIoConfig) {
    this.tokens = new MaskinportenTokens({ ...cfg.maskinporten, fetch: cfg.maskinporten.fetch ?? cfg.fetch, now: cfg.maskinporten.now ?? cfg.now });
  }

  private now(): number {
    return this.cfg.now ? this.cfg.now() : Date.now();
  }

  private http(url: string, init: RequestInit): Promise<Response> {
    return (this.cfg.fetch ?? fetch)(url, { ...init, signal: AbortSignal.timeout(this.cfg.timeoutMs ?? 60_000) });
  }

  async send(m: ArchiveMessage): Promise<ArchiveOutcome> {
    const { message, files } = build(m, this.cfg.sender);
    const cert = await this.receiverCertificate();
    const data = await encryptFor(cert, await asice(files, this.cfg.signer ?? this.cfg.maskinporten));
    const metadata = {
      avsenderKontoId: this.cfg.accountId,
      mottakerKontoId: this.cfg.archiveAccountId,
      meldingType: message.type,
      ttl: this.cfg.ttlMs ?? TWO_DAYS_MS,
      // Our external key: it names tenant, school and case by id, never the pupil.
      headere: { klientMeldingId: messageIdOf(m), klientKorrelasjonsId: keyOf(m) },
      svarPaMelding: null,
    };
    const res = await this.post(metadata, data);
    const body = (await res.json().catch(() => ({}))) as { meldingId?: unknown };
    try {
      await this.cfg.onSent?.({ key: keyOf(m), meldingType: message.type, ...(typeof body.meldingId === 'string' ? { meldingId: body.meldingId } : {}) });
    } catch {
      throw new ArchiveUnavailable('fiksio-ledger');
    }
    return { kind: 'pending' };
  }

  /** The archive's replies that came since the last sweep (none without a receiver). */
  async receipts(): Promise<TakenReceipt[]> {
    return this.cfg.receiver ? this.cfg.receiver.receipts() : [];
  }

  /** A payload Fiks IO left in Dokumentlager (a large reply): GET /dokumentlager/nedlasting/{id}, with the same headers. */
  async download(id: string): Promise<Uint8Array> {
    let res: Response;
    try {
      res = await this.http(`${this.cfg.apiBase}${DOKUMENTLAGER_PATH}/${encodeURIComponent(id)}`, { headers: await this.headers() });
    } catch {
      throw new ArchiveUnavailable('fiksio-dokumentlager-unreachable');
    }
    if (!res.ok) {
      await res.body?.cancel();
      if (res.status === 401) this.tokens.invalidate();
      throw new ArchiveUnavailable(`fiksio-dokumentlager-${res.status}`);
    }
    return new Uint8Array(await res.arrayBuffer());
  }

  /** The send itself, with 429/503 waited out and one fresh token after a 401. */
  private async post(metadata: object, data: Uint8Array): Promise<Response> {
    const attempts = this.cfg.maxAttempts ?? 4;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const form = new FormData();
      form.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }));
      form.append('data', new Blob([data], { type: 'application/octet-stream' }), randomUUID());
      const headers = await this.headers();
      let res: Response;
      try {
        res = await this.http(this.cfg.apiBase + SEND_PATH, { method: 'POST', headers, body: form });
      } catch {
        throw new ArchiveUnavailable('fiksio-unreachable');
      }
      if (res.status === 202 || res.status === 200) return res;
      await res.body?.cancel();
      // The public sources do not say Fiks IO answers 409 to a klientMeldingId it has taken; if it
      // does, the message is there already (a resend after a lost 202): not a refusal.
      if (res.status === 409) return res;
      if (res.status === 401 && !renewed) {
        renewed = true;
        this.tokens.invalidate();
        continue;
      }
      if (res.status === 429 || res.status === 503) {
        const wait = retryAfterMs(res.headers.get('retry-after'), this.now());
        if (attempt < attempts && wait <= (this.cfg.maxWaitMs ?? 30_000)) {
          await sleep(wait);
          continue;
        }
        throw new ArchiveUnavailable(`fiksio-${res.status}`);
      }
      if (res.status >= 500 || res.status === 401 || res.status === 403 || res.status === 408) throw new ArchiveUnavailable(`fiksio-${res.status}`);
      throw new ArchiveRefused(`fiksio-${res.status}`);
    }
  }

  private async headers(): Promise<Record<string, string>> {
    return {
      authorization: `Bearer ${await this.tokens.token()}`,
      integrasjonId: this.cfg.integrationId,
      integrasjonPassord: this.cfg.integrationPassword,
    };
  }

  /** The archive account's certificate (PEM) from the catalogue, kept for an hour. */
  async receiverCertificate(): Promise<string> {
    const id = this.cfg.archiveAccountId;
    const hit = this.keys.get(id);
    if (hit && this.now() < hit.until) return hit.pem;
    const headers = await this.headers();
    let res: Response;
    try {
      res = await this.http(`${this.cfg.apiBase}${KATALOG_PATH}/kontoer/${encodeURIComponent(id)}/offentligNokkel`, { headers });
    } catch {
      throw new ArchiveUnavailable('fiksio-katalog-unreachable');
    }
    if (!res.ok) {
      await res.body?.cancel();
      if (res.status === 401) this.tokens.invalidate();
      throw new ArchiveUnavailable(`fiksio-katalog-${res.status}`);
    }
    const json = (await res.json().catch(() => ({}))) as { nokkel?: unknown; Nokkel?: unknown };
    const pem = typeof json.nokkel === 'string' ? json.nokkel : typeof json.Nokkel === 'string' ? json.Nokkel : undefined;
    if (!pem) throw new ArchiveUnavailable('fiksio-katalog-no-key');
    let validTo: number;
    try {
      validTo = Date.parse(new X509Certificate(pem).validTo);
    } catch {
      throw new ArchiveUnavailable('fiksio-katalog-bad-key');
    }
    // An expired certificate: the archive must register a new one; we try again later.
    if (!(validTo > this.now())) throw new ArchiveUnavailable('fiksio-katalog-expired-key');
    this.keys.set(id, { pem, until: Math.min(this.now() + KEY_TTL_MS, validTo) });
    return pem;
  }
}

const keyOf = (m: ArchiveMessage): string => (m.kind === 'folder' ? m.folder.key : m.record.key);

/** A stable UUID-shaped id from the external key: the same job sent twice carries the same klientMeldingId. */
export function messageIdOf(m: ArchiveMessage): string {
  const h = createHash('sha256').update(`meldfra-fiksio:${keyOf(m)}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Retry-After as seconds or an HTTP date; 1 s when missing or unreadable. */
export function retryAfterMs(value: string | null, now: number): number {
  if (value && /^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = value ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? 1000 : Math.max(0, at - now);
}

/** The Fiks Arkiv message of a job and the files of its payload: the XML, and the PDF of a journal post. */
export function build(m: ArchiveMessage, sender?: SenderSystem): { message: FiksArkivMessage; files: PayloadFile[] } {
  const { message, pdfName } = fiksArkivMessageOf(m, sender);
  const files: PayloadFile[] = [{ name: message.payloadFileName, mimeType: 'application/xml', data: Buffer.from(message.xml, 'utf8') }];
  if (m.kind === 'record' && pdfName) files.push({ name: pdfName, mimeType: 'application/pdf', data: m.pdf });
  return { message, files };
}
