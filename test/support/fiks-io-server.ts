/**
 * A local stand-in for Fiks IO and Maskinporten on 127.0.0.1, built from KS's public clients
 * (docs/fiks-io.md has the sources):
 *
 * - POST /token: Maskinporten's JWT bearer grant. Checks the assertion's RS256 signature against
 *   the registered enterprise certificate (which must be the one in `x5c`), aud, iss, the ks:fiks
 *   scope, iat/exp (at most two minutes apart) and that no jti is used twice.
 * - GET /fiks-io/katalog/api/v1/kontoer/{id}/offentligNokkel: the account's certificate.
 * - POST /fiks-io/api/v1/send: checks the bearer token and IntegrasjonId/IntegrasjonPassord, reads
 *   the multipart (metadata, data), decrypts the CMS EnvelopedData with the archive account's key
 *   using node:crypto directly (RSA-OAEP SHA-256, AES-256-CBC: independent of the sender's pkijs),
 *   unpacks the ASiC-E, checks the manifest's digests and its signature (by the enterprise
 *   certificate), and validates arkivmelding.xml against the
 *   vendored Fiks Arkiv V1 schema. Answers 202 with the message's id, or 400 with a reason.
 *
 * Failures can be queued (`fail`) and answers delayed (`delayMs`); the whole service can answer 503
 * (`unavailable`) or be unreachable (`goDown`/`comeBack`, connections refused on the same port).
 * `onMessage` is told of each message taken (test/support/fiks-archive.ts answers as the archive).
 */
import { createDecipheriv, createHash, createPublicKey, privateDecrypt, randomUUID, verify, X509Certificate, constants } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import * as asn1js from 'asn1js';
import { unzipSync, strFromU8 } from 'fflate';
import * as pkijs from 'pkijs';
import { validateXML } from 'xmllint-wasm';
import type { TestCertificate } from './test-certificates';

const SCHEMA_DIR = path.join(__dirname, '../../src/adapters/archive/fiks-arkiv/schema/V1');
const ARKIVMELDING_XSD = 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd';

export interface FiksIoServerOptions {
  clientId: string;
  /** The enterprise certificate registered for clientId in Maskinporten. */
  enterprise: TestCertificate;
  integrationId: string;
  integrationPassword: string;
  senderAccountId: string;
  archiveAccountId: string;
  /** The archive account's certificate and key: what the catalogue hands out, and what decrypts. */
  archive: TestCertificate;
  /** Seconds a token lives. */
  expiresIn?: number;
}

export interface ReceivedMessage {
  metadata: { avsenderKontoId: string; mottakerKontoId: string; meldingType: string; ttl: number; headere: Record<string, string>; svarPaMelding: string | null };
  meldingId: string;
  /** The ASiC-E's files by name (without mimetype and META-INF). */
  files: Record<string, Uint8Array>;
  /** The encrypted bytes as they came. */
  raw: Uint8Array;
}

interface Failure {
  status: number;
  retryAfter?: string;
}

export class FakeFiksIo {
  readonly received: ReceivedMessage[] = [];
  /** Every request: method and path, for counting. */
  readonly requests: { method: string; path: string }[] = [];
  /** Why requests were turned down (400/401/403), newest last. */
  readonly rejections: string[] = [];
  tokensIssued = 0;
  /** How long the send endpoint waits before it answers. */
  delayMs = 0;
  /** The stand-in's clock (tokens' lifetime, the grant's iat/exp): a test may share a fake one with the adapter. */
  now: () => number = () => Date.now();
  /** Seconds a token lives. */
  expiresIn: number;
  /** The certificate the catalogue hands out for the archive account (a test may swap in another). */
  catalogueCertificate: string;
  private readonly tokens = new Map<string, number>();
  private readonly jtis = new Set<string>();
  private failures: Failure[] = [];
  /** Payloads kept in Fiks Dokumentlager (a large reply), by id: GET /dokumentlager/nedlasting/{id}. */
  readonly dokumentlager = new Map<string, Uint8Array>();
  /** Every call answers 503 with a Retry-After too long to wait out. */
  unavailable = false;
  /** Told of each message taken (after the 202 is decided). */
  onMessage?: (m: ReceivedMessage) => void;
  private port = 0;
  private server?: Server;
  private readonly inFlight = new Set<Promise<void>>();
  url = '';
  readonly audience: string;

  constructor(private readonly o: FiksIoServerOptions) {
    this.audience = 'http://127.0.0.1/maskinporten/';
    this.expiresIn = o.expiresIn ?? 120;
    this.catalogueCertificate = o.archive.certificatePem;
  }

  /** Every token issued so far stops working (the next send gets 401). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Whether `token` is a Maskinporten token this stand-in issued and that still lives (Fiks IO's AMQP login checks it). */
  isIssuedToken(token: string): boolean {
    const until = this.tokens.get(token);
    return until !== undefined && until >= this.now();
  }

  /** Connections refused until comeBack(): the address answers nothing. */
  async goDown(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    s?.closeAllConnections();
    await new Promise<void>((resolve) => s?.close(() => resolve()) ?? resolve());
  }

  async comeBack(): Promise<void> {
    if (!this.server) await this.start();
  }

  /** The next send requests answer with these statuses, in order. */
  fail(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const handling = this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      });
      this.inFlight.add(handling);
      void handling.finally(() => this.inFlight.delete(handling));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    const addr = this.server.address();
    if (typeof addr !== 'object' || !addr) throw new Error('no address');
    this.port = addr.port;
    this.url = `http://127.0.0.1:${addr.port}`;
  }

  /** Waits for requests still being handled (a client that gave up does not stop the server's work). */
  async stop(): Promise<void> {
    await Promise.all([...this.inFlight]);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method: req.method ?? '', path: url.pathname });
    const json = (status: number, value: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const refuse = (status: number, reason: string): void => {
      this.rejections.push(reason);
      json(status, { status, error: reason });
    };

    if (this.unavailable) return void res.writeHead(503, { 'retry-after': '3600' }).end();
    if (req.method === 'POST' && url.pathname === '/token') {
      const reason = this.checkGrant(new URLSearchParams(body.toString('utf8')));
      if (reason) return refuse(400, reason);
      const token = randomUUID();
      this.tokensIssued++;
      this.tokens.set(token, this.now() + this.expiresIn * 1000);
      return json(200, { access_token: token, token_type: 'Bearer', expires_in: this.expiresIn, scope: 'ks:fiks' });
    }

    const key = url.pathname.match(/^\/fiks-io\/katalog\/api\/v1\/kontoer\/([^/]+)\/offentligNokkel$/);
    if (req.method === 'GET' && key) {
      if (decodeURIComponent(key[1]) !== this.o.archiveAccountId) return json(404, { status: 404 });
      const cert = new X509Certificate(this.catalogueCertificate);
      return json(200, { nokkel: this.catalogueCertificate, validFrom: cert.validFrom, validTo: cert.validTo, serial: cert.serialNumber, subjectDN: cert.subject, issuerDN: cert.issuer });
    }

    const stored = url.pathname.match(/^\/dokumentlager\/nedlasting\/([^/]+)$/);
    if (req.method === 'GET' && stored) {
      const auth = this.checkAuth(req);
      if (auth) return refuse(auth.status, auth.reason);
      const bytes = this.dokumentlager.get(decodeURIComponent(stored[1]));
      return void (bytes ? res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes) : res.writeHead(404).end());
    }

    if (req.method === 'POST' && url.pathname === '/fiks-io/api/v1/send') {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      const auth = this.checkAuth(req);
      if (auth) return refuse(auth.status, auth.reason);
      const failure = this.failures.shift();
      if (failure) return void res.writeHead(failure.status, failure.retryAfter ? { 'retry-after': failure.retryAfter } : {}).end();
      const result = await this.readMessage(req, body);
      if (typeof result === 'string') return refuse(400, result);
      this.received.push(result);
      this.onMessage?.(result);
      const m = result.metadata;
      return json(202, { meldingId: result.meldingId, meldingType: m.meldingType, avsenderKontoId: m.avsenderKontoId, mottakerKontoId: m.mottakerKontoId, ttl: m.ttl, headere: m.headere, svarPaMelding: m.svarPaMelding });
    }
    res.writeHead(404).end();
  }

  /** The reason the grant is refused, or undefined when it is good. */
  private checkGrant(form: URLSearchParams): string | undefined {
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return 'grant_type';
    const parts = (form.get('assertion') ?? '').split('.');
    if (parts.length !== 3) return 'assertion';
    const [h, c, s] = parts;
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string; x5c?: string[] };
    const claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (header.alg !== 'RS256') return 'alg';
    // Maskinporten refuses claims it does not document (400 invalid assertion).
    if (Object.keys(claims).some((k) => !['aud', 'iss', 'scope', 'iat', 'exp', 'jti', 'resource', 'consumer_org', 'iss_onbehalfof'].includes(k))) return 'claims';
    const registered = new X509Certificate(this.o.enterprise.certificatePem);
    if (header.x5c?.[0] !== registered.raw.toString('base64')) return 'x5c';
    if (!verify('sha256', Buffer.from(`${h}.${c}`), createPublicKey(this.o.enterprise.certificatePem), Buffer.from(s, 'base64url'))) return 'signature';
    const now = Math.floor(this.now() / 1000);
    if (claims.aud !== this.audience) return 'aud';
    if (claims.iss !== this.o.clientId) return 'iss';
    if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes('ks:fiks')) return 'scope';
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.iat > now + 10 || claims.exp < now || claims.exp - claims.iat > 120) return 'iat/exp';
    if (typeof claims.jti !== 'string' || this.jtis.has(claims.jti)) return 'jti';
    this.jtis.add(claims.jti);
    return undefined;
  }

  private checkAuth(req: IncomingMessage): { status: number; reason: string } | undefined {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const until = bearer ? this.tokens.get(bearer) : undefined;
    if (!until || until < this.now()) return { status: 401, reason: 'token' };
    if (req.headers.integrasjonid !== this.o.integrationId || req.headers.integrasjonpassord !== this.o.integrationPassword) return { status: 403, reason: 'integrasjon' };
    return undefined;
  }

  /** The message, or the reason it is refused. */
  private async readMessage(req: IncomingMessage, body: Buffer): Promise<ReceivedMessage | string> {
    const form = await new Request('http://stand-in/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body }).formData().catch(() => undefined);
    const metaPart = form?.get('metadata');
    const dataPart = form?.get('data');
    if (!metaPart || typeof metaPart === 'string' || !dataPart || typeof dataPart === 'string') return 'multipart';
    if (!metaPart.type.startsWith('application/json')) return 'metadata content type';
    const metadata = JSON.parse(await metaPart.text()) as ReceivedMessage['metadata'];
    if (metadata.avsenderKontoId !== this.o.senderAccountId || metadata.mottakerKontoId !== this.o.archiveAccountId) return 'kontoId';
    if (typeof metadata.meldingType !== 'string' || typeof metadata.ttl !== 'number' || typeof metadata.headere !== 'object') return 'metadata';
    const raw = new Uint8Array(await dataPart.arrayBuffer());
    let zip: Uint8Array;
    try {
      zip = decryptCms(raw, this.o.archive);
    } catch {
      return 'cms';
    }
    const reason = await checkAsice(zip, this.o.enterprise);
    if (typeof reason === 'string') return reason;
    const xml = reason['arkivmelding.xml'];
    if (!xml) return 'no arkivmelding.xml';
    const schema = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.xsd')).map((fileName) => ({ fileName, contents: readFileSync(path.join(SCHEMA_DIR, fileName), 'utf8') }));
    const valid = await validateXML({ xml: [{ fileName: 'arkivmelding.xml', contents: strFromU8(xml) }], schema: schema.find((s) => s.fileName === ARKIVMELDING_XSD)!, preload: schema });
    if (!valid.valid) return `schema: ${valid.errors.map((e) => e.rawMessage).join('; ')}`;
    return { metadata, meldingId: randomUUID(), files: reason, raw };
  }
}

/** A detached CMS SignedData over `content`, whose one signer is the given certificate, and which verifies. */
async function signedBy(p7s: Uint8Array | undefined, content: Uint8Array, cert: TestCertificate): Promise<boolean> {
  if (!p7s) return false;
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(p7s.slice().buffer).result });
  if (info.contentType !== pkijs.id_ContentType_SignedData) return false;
  const signed = new pkijs.SignedData({ schema: info.content });
  const embedded = signed.certificates?.[0];
  if (signed.signerInfos.length !== 1 || !(embedded instanceof pkijs.Certificate)) return false;
  if (!Buffer.from(embedded.toSchema().toBER(false)).equals(new X509Certificate(cert.certificatePem).raw)) return false;
  return signed.verify({ signer: 0, data: content.slice().buffer, checkChain: false }).catch(() => false);
}

/** CMS EnvelopedData with one KeyTransRecipientInfo (RSA-OAEP SHA-256) and AES-256-CBC content, by node:crypto. */
function decryptCms(der: Uint8Array, recipient: TestCertificate): Uint8Array {
  const asn = asn1js.fromBER(der.slice().buffer);
  const info = new pkijs.ContentInfo({ schema: asn.result });
  if (info.contentType !== '1.2.840.113549.1.7.3') throw new Error('not EnvelopedData');
  const env = new pkijs.EnvelopedData({ schema: info.content });
  const ri = env.recipientInfos[0].value as pkijs.KeyTransRecipientInfo;
  if (ri.keyEncryptionAlgorithm.algorithmId !== '1.2.840.113549.1.1.7') throw new Error('not RSA-OAEP');
  const params = new pkijs.RSAESOAEPParams({ schema: ri.keyEncryptionAlgorithm.algorithmParams });
  if (params.hashAlgorithm.algorithmId !== '2.16.840.1.101.3.4.2.1') throw new Error('OAEP hash is not SHA-256');
  const rid = ri.rid as pkijs.IssuerAndSerialNumber;
  const cert = new X509Certificate(recipient.certificatePem);
  if (BigInt(`0x${Buffer.from(rid.serialNumber.valueBlock.valueHexView).toString('hex')}`) !== BigInt(`0x${cert.serialNumber}`)) throw new Error('not for this certificate');
  const cek = privateDecrypt({ key: recipient.privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(ri.encryptedKey.valueBlock.valueHexView));
  const eci = env.encryptedContentInfo;
  if (eci.contentEncryptionAlgorithm.algorithmId !== '2.16.840.1.101.3.4.1.42') throw new Error('not AES-256-CBC');
  const iv = Buffer.from((eci.contentEncryptionAlgorithm.algorithmParams as asn1js.OctetString).valueBlock.valueHexView);
  const content = eci.encryptedContent!;
  const bytes = content.idBlock.isConstructed
    ? Buffer.concat((content.valueBlock.value as asn1js.OctetString[]).map((p) => Buffer.from(p.valueBlock.valueHexView)))
    : Buffer.from(content.valueBlock.valueHexView);
  const d = createDecipheriv('aes-256-cbc', cek, iv);
  return new Uint8Array(Buffer.concat([d.update(bytes), d.final()]));
}

/**
 * The ASiC-E's data files, or what is wrong with it: mimetype first and stored, every file in the
 * manifest with its SHA-256, the manifest signed by the sender's certificate.
 */
async function checkAsice(zip: Uint8Array, sender: TestCertificate): Promise<Record<string, Uint8Array> | string> {
  const b = Buffer.from(zip);
  // The first local file header: signature, compression method 0 (stored), name «mimetype».
  if (b.readUInt32LE(0) !== 0x04034b50 || b.readUInt16LE(8) !== 0 || b.subarray(30, 30 + b.readUInt16LE(26)).toString() !== 'mimetype') return 'asice: mimetype not first or compressed';
  const entries = unzipSync(zip);
  if (strFromU8(entries.mimetype) !== 'application/vnd.etsi.asic-e+zip') return 'asice: mimetype';
  const manifest = entries['META-INF/asicmanifest.xml'];
  if (!manifest) return 'asice: no manifest';
  const sigRef = /<SigReference URI="(META-INF\/[^"]*signature[^"]*\.p7s)" MimeType="application\/x-pkcs7-signature"\/>/.exec(strFromU8(manifest));
  if (!sigRef) return 'asice: no SigReference';
  if (!(await signedBy(entries[sigRef[1]], manifest, sender))) return 'asice: signature';
  const declared = new Map([...strFromU8(manifest).matchAll(/<DataObjectReference URI="([^"]+)"[^>]*>[\s\S]*?<ns2:DigestValue>([^<]+)<\/ns2:DigestValue>/g)].map((m) => [m[1], m[2]]));
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(entries)) {
    if (name === 'mimetype' || name.startsWith('META-INF/')) continue;
    if (declared.get(name) !== createHash('sha256').update(data).digest('base64')) return `asice: digest of ${name}`;
    files[name] = data;
  }
  if (declared.size !== Object.keys(files).length) return 'asice: manifest lists files that are not there';
  return files;
}
