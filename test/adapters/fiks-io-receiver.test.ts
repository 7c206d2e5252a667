/**
 * The Fiks IO receive half (src/adapters/archive/fiks-io/receiver.ts) with the real amqplib against
 * the AMQP stand-in (test/support/amqp-broker.ts), the ledger in Azurite, and the Fiks IO stand-in
 * for Maskinporten and Dokumentlager: which reply becomes which receipt, what is acked, what is
 * kept for later, and the sign-in with a new token after a refused one.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { FiksIoArchive } from '../../src/adapters/archive/fiks-io/fiks-io-archive';
import { asice, encryptFor } from '../../src/adapters/archive/fiks-io/payload';
import { FiksIoReceiver, queueOf, type TakenReceipt } from '../../src/adapters/archive/fiks-io/receiver';
import { FIKS_ARKIV_NS, FIKS_ARKIV_TYPES } from '../../src/adapters/archive/fiks-arkiv/messages';
import { ArchiveSentRepository, SENT_TTL_MS } from '../../src/adapters/tables/archive-sent-repository';
import { AmqpBroker } from '../support/amqp-broker';
import { fiksIoLogin } from '../support/fiks-archive';
import { FakeFiksIo } from '../support/fiks-io-server';
import { testTables } from '../support/tables';
import { selfSignedCertificate, type TestCertificate } from '../support/test-certificates';
import { FIKS_IDS } from '../support/fiks-ids';

jest.setTimeout(20_000);

const IDS = FIKS_IDS;
const QUEUE = queueOf(IDS.senderAccountId);
const KEY = 'meldfra/tenant-1/ellingsrud/case-7';
const PUPIL = 'Åse Ødegård-Nilsen';

let enterprise: TestCertificate;
let ours: TestCertificate;
let fiks: FakeFiksIo;
let broker: AmqpBroker;
let sent: ArchiveSentRepository;
let archive: FiksIoArchive;
let receiver: FiksIoReceiver;
const logs: { obj: object; msg: string }[] = [];

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  [enterprise, ours] = await Promise.all([selfSignedCertificate('Oslo kommune'), selfSignedCertificate('Meld fra Fiks IO')]);
  fiks = new FakeFiksIo({ ...IDS, enterprise, archive: await selfSignedCertificate('Websak') });
  await fiks.start();
  broker = await new AmqpBroker(fiksIoLogin(fiks, IDS.integrationId, IDS.integrationPassword)).start();
  broker.declare(QUEUE);
  sent = new ArchiveSentRepository(testTables());
  await sent.init();
  archive = new FiksIoArchive({
    apiBase: fiks.url, accountId: IDS.senderAccountId, archiveAccountId: IDS.archiveAccountId, integrationId: IDS.integrationId, integrationPassword: IDS.integrationPassword,
    maskinporten: { tokenUrl: `${fiks.url}/token`, audience: fiks.audience, issuer: IDS.clientId, certificatePem: enterprise.certificatePem, privateKeyPem: enterprise.privateKeyPem },
  });
  receiver = new FiksIoReceiver({
    url: broker.url, accountId: IDS.senderAccountId, archiveAccountId: IDS.archiveAccountId, integrationId: IDS.integrationId, integrationPassword: IDS.integrationPassword,
    tokens: archive.tokens, accountPrivateKeyPem: ours.privateKeyPem, sent, download: (id) => archive.download(id),
    backoff: { firstMs: 10, maxMs: 50 }, logger: { info: (obj, msg) => void logs.push({ obj, msg }), warn: (obj, msg) => void logs.push({ obj, msg }) },
  });
  receiver.start();
  await until('connected', () => receiver.connected);
});
afterAll(async () => {
  await receiver?.close();
  await broker?.stop();
  await fiks?.stop();
});

/** A reply as the archive sends it: the XML in an ASiC-E for our account's certificate. */
async function payload(xml: string): Promise<Uint8Array> {
  return encryptFor(ours.certificatePem, await asice([{ name: 'svar.xml', mimeType: 'application/xml', data: Buffer.from(xml) }]));
}
const headers = (type: string, svarTil: string, extra: Record<string, string> = {}) => ({ 'melding-id': randomUUID(), type, 'avsender-id': IDS.archiveAccountId, 'svar-til': svarTil, ...extra });
const folderReceipt = `<arkivmeldingKvittering xmlns="${FIKS_ARKIV_NS.arkivmeldingKvittering}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><mappeKvittering xsi:type="saksmappeKvittering"><systemID>6f1c2e0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b</systemID><opprettetEllerEksisterende>Opprettet</opprettetEllerEksisterende><saksaar>2026</saksaar><sakssekvensnummer>77</sakssekvensnummer></mappeKvittering></arkivmeldingKvittering>`;
const ugyldig = `<ugyldigforespoersel xmlns="${FIKS_ARKIV_NS.ugyldigforespoersel}" xmlns:f="https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/feilmelding/v1"><f:feilId>E-1</f:feilId><f:feilmelding>Tittel «${PUPIL}» er for lang</f:feilmelding></ugyldigforespoersel>`;

/** Publishes and waits until the receiver holds it (delivered, not acked). */
async function deliver(h: Record<string, string>, body: Uint8Array): Promise<void> {
  const before = receiver.buffered;
  broker.publish(QUEUE, { headers: h, body });
  await until('delivered', () => receiver.buffered > before);
}
const drained = () => until('acked', () => broker.depth(QUEUE).ready + broker.depth(QUEUE).unacked === 0);
const ackAll = async (rs: TakenReceipt[]) => { for (const r of rs) await r.ack(); };

describe('Fiks IO replies from our account\'s queue', () => {
  it('mottatt is acked with no receipt; the kvittering is the job done with its numbers, and its ack drops the ledger row', async () => {
    const meldingId = randomUUID();
    await sent.remember(meldingId, KEY, new Date());
    await deliver(headers(FIKS_ARKIV_TYPES.arkivmeldingMottatt, meldingId), new Uint8Array());
    await deliver(headers(FIKS_ARKIV_TYPES.arkivmeldingKvittering, meldingId), await payload(folderReceipt));
    const rs = await receiver.receipts();
    expect(rs.map(({ key, outcome }) => ({ key, outcome }))).toEqual([{ key: KEY, outcome: { kind: 'done', numbers: { saksaar: 2026, sakssekvensnummer: 77 } } }]);
    // Not acked yet: a sweep that fails before it records the receipt gets it again.
    expect((await receiver.receipts()).map((r) => r.key)).toEqual([KEY]);
    await ackAll(rs);
    await drained();
    expect(await sent.keyOf(meldingId, new Date())).toBeUndefined();
  });

  it('an error reply names only svar-til: matched through the ledger, refused with the archive\'s feilId and never its words', async () => {
    const meldingId = randomUUID();
    await sent.remember(meldingId, KEY, new Date());
    await deliver(headers(FIKS_ARKIV_TYPES.ugyldigforespoersel, meldingId), await payload(ugyldig));
    const rs = await receiver.receipts();
    expect(rs.map(({ key, outcome }) => ({ key, outcome }))).toEqual([{ key: KEY, outcome: { kind: 'refused', reason: 'ugyldigforespoersel (feilId E-1)' } }]);
    await ackAll(rs);
    await drained();
    expect(JSON.stringify(logs)).not.toContain(PUPIL);
  });

  it('a reply to no message we know is acked and logged by code; an unreadable one to a known message is a retry', async () => {
    logs.length = 0;
    await deliver(headers(FIKS_ARKIV_TYPES.ugyldigforespoersel, randomUUID()), await payload(ugyldig));
    const known = randomUUID();
    await sent.remember(known, KEY, new Date());
    await deliver(headers(FIKS_ARKIV_TYPES.arkivmeldingKvittering, known), new TextEncoder().encode(`not encrypted: ${PUPIL}`));
    const rs = await receiver.receipts();
    expect(rs.map(({ key, outcome }) => ({ key, outcome }))).toEqual([{ key: KEY, outcome: { kind: 'retry', reason: 'fiksio-reply-unreadable' } }]);
    await ackAll(rs);
    await drained();
    expect(logs.map((l) => [l.msg, (l.obj as { error?: string }).error])).toEqual([['Fiks IO reply not used', 'fiksio-reply-unmatched']]);
    expect(JSON.stringify(logs)).not.toContain(PUPIL);
  });

  it('a reply from any account but the archive\'s counts for nothing, even one that names our message and key: acked and logged by code', async () => {
    logs.length = 0;
    const meldingId = randomUUID();
    await sent.remember(meldingId, KEY, new Date());
    await deliver(headers(FIKS_ARKIV_TYPES.arkivmeldingKvittering, meldingId, { 'avsender-id': randomUUID() }), await payload(folderReceipt));
    expect(await receiver.receipts()).toEqual([]);
    await drained();
    expect(logs.map((l) => [l.msg, (l.obj as { error?: string }).error])).toEqual([['Fiks IO reply not used', 'fiksio-reply-foreign-sender']]);
    // The real reply still counts when it comes.
    expect(await sent.keyOf(meldingId, new Date())).toBe(KEY);
  });

  it('a payload in Dokumentlager is fetched with the integration\'s headers; while that fails the reply waits, unacked', async () => {
    const meldingId = randomUUID();
    await sent.remember(meldingId, KEY, new Date());
    await deliver(headers(FIKS_ARKIV_TYPES.arkivmeldingKvittering, meldingId, { 'dokumentlager-id': 'dok-1' }), new Uint8Array());
    expect(await receiver.receipts()).toEqual([]);
    expect(broker.depth(QUEUE).unacked).toBe(1);
    expect(logs.at(-1)).toEqual({ obj: expect.objectContaining({ error: 'fiksio-dokumentlager-404', svarTil: meldingId }), msg: 'Fiks IO reply kept for later' });
    fiks.dokumentlager.set('dok-1', await payload(folderReceipt));
    const rs = await receiver.receipts();
    expect(rs.map((r) => r.outcome)).toEqual([{ kind: 'done', numbers: { saksaar: 2026, sakssekvensnummer: 77 } }]);
    await ackAll(rs);
    await drained();
  });

  it('a refused sign-in (the token revoked) is tried again with a new token; what was not acked comes again', async () => {
    const meldingId = randomUUID();
    await sent.remember(meldingId, KEY, new Date());
    await deliver(headers(FIKS_ARKIV_TYPES.arkivmeldingKvittering, meldingId), await payload(folderReceipt));
    expect(await receiver.receipts()).toHaveLength(1);
    const tokens = fiks.tokensIssued;
    const refused = broker.refusedLogins;
    fiks.revokeTokens();
    await broker.down();
    await broker.up();
    await until('signed in again', () => receiver.connected && broker.refusedLogins > refused && broker.depth(QUEUE).unacked === 1 && receiver.buffered === 1);
    expect(fiks.tokensIssued).toBeGreaterThan(tokens);
    const rs = await receiver.receipts();
    expect(rs.map((r) => r.key)).toEqual([KEY]);
    await ackAll(rs);
    await drained();
  });

  it('the queue down and up again: connects are refused meanwhile, no other program can take its port, and the receiver connects again', async () => {
    const logins = broker.logins;
    const refused = broker.refusedConnections;
    await broker.down();
    await until('a connect refused while down', () => !receiver.connected && broker.refusedConnections > refused);
    // Another program asking for the port meanwhile (before, it could have it, and up() failed with EADDRINUSE).
    const other = createServer();
    const got = await new Promise<string>((resolve) => {
      other.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      other.listen(broker.port, '127.0.0.1', () => resolve('listening'));
    });
    if (got === 'listening') await new Promise((r) => other.close(r));
    expect(got).toBe('EADDRINUSE');
    await broker.up();
    await until('connected again', () => receiver.connected && broker.logins > logins);
  });

  it('a stop while a connect is half done (the channel not yet open) closes that connection and ends the loop', async () => {
    let release!: () => void;
    broker.holdChannelOpen = new Promise<void>((r) => (release = r));
    const logins = broker.logins;
    const open = broker.openConnections;
    const other = new FiksIoReceiver({
      url: broker.url, accountId: IDS.senderAccountId, archiveAccountId: IDS.archiveAccountId, integrationId: IDS.integrationId, integrationPassword: IDS.integrationPassword,
      tokens: archive.tokens, accountPrivateKeyPem: ours.privateKeyPem, sent, backoff: { firstMs: 10, maxMs: 50 }, logger: { info: () => undefined, warn: () => undefined },
    });
    try {
      other.start();
      await until('signed in', () => broker.logins > logins);
      const stopping = other.close();
      release();
      await stopping;
      // Left open, its heartbeats would keep the process (a jest worker) alive, and a later stop waits in vain.
      await until('its connection closed', () => broker.openConnections === open);
      expect(other.connected).toBe(false);
    } finally {
      broker.holdChannelOpen = undefined;
      release();
    }
  });

  it('a broker that signs us in but never opens the channel: the connect is given up after the open timeout, and made again with back-off', async () => {
    broker.ignoreChannelOpen = true;
    const logins = broker.logins;
    const open = broker.openConnections;
    const warned: object[] = [];
    const other = new FiksIoReceiver({
      url: broker.url, accountId: IDS.senderAccountId, archiveAccountId: IDS.archiveAccountId, integrationId: IDS.integrationId, integrationPassword: IDS.integrationPassword,
      tokens: archive.tokens, accountPrivateKeyPem: ours.privateKeyPem, sent, backoff: { firstMs: 10, maxMs: 50 }, openTimeoutMs: 200,
      logger: { info: () => undefined, warn: (obj) => void warned.push(obj) },
    });
    try {
      other.start();
      await until('signed in a second time', () => broker.logins >= logins + 2);
      expect(other.connected).toBe(false);
      expect(warned).toContainEqual({ error: 'fiksio-channel-timeout', retryInMs: 10 });
      // The connections given up are closed, not left hanging (each would hold a socket and heartbeats).
      await until('at most the one being tried open', () => broker.openConnections <= open + 1);
      broker.ignoreChannelOpen = false;
      await until('connected', () => other.connected);
    } finally {
      broker.ignoreChannelOpen = false;
      await other.close();
    }
    await until('its connection closed', () => broker.openConnections === open);
  });

  it('the ledger forgets a message older than its time to live, and prunes such rows', async () => {
    const old = randomUUID();
    const now = new Date();
    await sent.remember(old, KEY, new Date(now.getTime() - SENT_TTL_MS - 60_000));
    await sent.remember(randomUUID(), KEY, new Date(now.getTime() - SENT_TTL_MS - 60_000));
    const fresh = randomUUID();
    await sent.remember(fresh, KEY, now);
    // A job last sent before the ledger's time: its latest send is forgotten too.
    const gone = `${KEY}-gone`;
    await sent.remember(randomUUID(), gone, new Date(now.getTime() - SENT_TTL_MS - 60_000));
    expect(await sent.keyOf(old, now)).toBeUndefined();
    expect(await sent.latestOf(gone, now)).toBeUndefined();
    expect(await sent.prune(now)).toBe(2);
    expect(await sent.keyOf(fresh, now)).toBe(KEY);
    expect(await sent.latestOf(KEY, now)).toBe(fresh);
  });
});
