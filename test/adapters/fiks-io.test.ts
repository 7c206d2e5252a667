/**
 * The Fiks IO adapter's send half against the local stand-in (test/support/fiks-io-server.ts):
 * the Maskinporten grant, the catalogue's certificate, and the encrypted ASiC-E that the stand-in
 * decrypts with the archive account's key, unpacks and validates against the Fiks Arkiv V1 schema.
 */
import { strings } from '../../src/i18n';
import { randomBytes } from 'node:crypto';
import { strFromU8, strToU8, zipSync } from 'fflate';
import { FiksIoArchive, build, retryAfterMs, type FiksIoConfig, type SentMessage } from '../../src/adapters/archive/fiks-io/fiks-io-archive';
import { asice, encryptFor, readPayload } from '../../src/adapters/archive/fiks-io/payload';
import { ArchiveRefused, ArchiveUnavailable, type ArchiveMessage } from '../../src/ports/archive';
import { archiveFolderOf, archiveRecordOf, type ArchiveSettings, type CaseForArchive } from '../../src/domain/archive';
import { FakeFiksIo } from '../support/fiks-io-server';
import { selfSignedCertificate, type TestCertificate } from '../support/test-certificates';
import { FIKS_IDS } from '../support/fiks-ids';

jest.setTimeout(30_000);

const PUPIL = 'Åse Ødegård-Nilsen';
const CASE: CaseForArchive = { tenantId: 'tenant-1', schoolId: 'ellingsrud', caseId: 'case-7', ref: 'SM-2026-0007', pupilName: PUPIL, pupilClass: '8A', openedOn: '2026-10-12', words: strings('nb').archive.journal };
const SETTINGS: ArchiveSettings = { systemName: 'Websak', arkivdel: 'ELEV', ordningsprinsipp: 'FELLESKLASSE', ordningsverdi: 'B31', administrativEnhet: 'OPPV-ELL', saksbehandler: 'rberg', reportNoteType: 'X' };
const IDS = FIKS_IDS;

const folder = archiveFolderOf(CASE);
const folderMsg: ArchiveMessage = { kind: 'folder', folder, settings: SETTINGS };
const pdf = new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(40_000), Buffer.from('\n%%EOF\n')]));
const record = archiveRecordOf(CASE, 'aktivitetsplan', 2, '2026-11-24', SETTINGS);
const recordMsg: ArchiveMessage = { kind: 'record', folder, record, settings: SETTINGS, pdf };

let enterprise: TestCertificate;
let archive: TestCertificate;
let stranger: TestCertificate;
let server: FakeFiksIo;

beforeAll(async () => {
  [enterprise, archive, stranger] = await Promise.all([selfSignedCertificate('Oslo kommune'), selfSignedCertificate('Websak Fiks IO'), selfSignedCertificate('Someone else')]);
});

beforeEach(async () => {
  server = new FakeFiksIo({ ...IDS, enterprise, archive });
  await server.start();
});

afterEach(async () => {
  await server.stop();
});

function adapter(over: Partial<FiksIoConfig> = {}, cert: TestCertificate = enterprise): FiksIoArchive {
  return new FiksIoArchive({
    apiBase: server.url,
    accountId: IDS.senderAccountId,
    archiveAccountId: IDS.archiveAccountId,
    integrationId: IDS.integrationId,
    integrationPassword: IDS.integrationPassword,
    maskinporten: { tokenUrl: `${server.url}/token`, audience: server.audience, issuer: IDS.clientId, certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem },
    ...over,
  });
}

const sends = () => server.requests.filter((r) => r.path === '/fiks-io/api/v1/send').length;

describe('Fiks IO: sending archive messages', () => {
  it('the folder and a journal post arrive as sent: decrypted, schema-valid, the PDF intact', async () => {
    const sent: SentMessage[] = [];
    const a = adapter({ onSent: (x) => void sent.push(x) });
    expect(await a.send(folderMsg)).toEqual({ kind: 'pending' });
    expect(await a.send(recordMsg)).toEqual({ kind: 'pending' });
    expect(server.rejections).toEqual([]);
    expect(server.received).toHaveLength(2);

    const [f, r] = server.received;
    expect(f.metadata).toEqual({
      avsenderKontoId: IDS.senderAccountId,
      mottakerKontoId: IDS.archiveAccountId,
      meldingType: 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett',
      ttl: 2 * 24 * 3600 * 1000,
      headere: { klientMeldingId: expect.stringMatching(/^[0-9a-f-]{36}$/), klientKorrelasjonsId: folder.key },
      svarPaMelding: null,
    });
    expect(Object.keys(f.files)).toEqual(['arkivmelding.xml']);
    expect(strFromU8(f.files['arkivmelding.xml'])).toBe(build(folderMsg).message.xml);

    const pdfName = 'meldfra_tenant-1_ellingsrud_case-7_aktivitetsplan_2.pdf';
    expect(Object.keys(r.files).sort()).toEqual(['arkivmelding.xml', pdfName]);
    expect(strFromU8(r.files['arkivmelding.xml'])).toBe(build(recordMsg).message.xml);
    expect(strFromU8(r.files['arkivmelding.xml'])).toContain(`<referanseDokumentfil>${pdfName}</referanseDokumentfil>`);
    expect(Buffer.from(r.files[pdfName]).equals(Buffer.from(pdf))).toBe(true);

    // The pupil's name is in the skjermet title inside the encrypted payload, and nowhere else.
    expect(strFromU8(r.files['arkivmelding.xml'])).toContain(PUPIL);
    for (const m of server.received) {
      expect(JSON.stringify(m.metadata)).not.toContain(PUPIL);
      expect(Buffer.from(m.raw).includes(Buffer.from('arkivmelding'))).toBe(false);
      expect(Buffer.from(m.raw).includes(Buffer.from('%PDF'))).toBe(false);
    }
    expect(sent).toEqual(server.received.map((m) => ({ key: m.metadata.headere.klientKorrelasjonsId, meldingId: m.meldingId, meldingType: m.metadata.meldingType })));
    expect(sent.map((x) => x.key)).toEqual([folder.key, record.key]);
  });

  it('the same job sent twice carries the same klientMeldingId; another job another', async () => {
    const a = adapter();
    await a.send(recordMsg);
    await a.send(recordMsg);
    await a.send(folderMsg);
    const ids = server.received.map((m) => m.metadata.headere.klientMeldingId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('one token and one catalogue lookup for many sends, a new token once it is about to expire', async () => {
    let clock = Date.now();
    server.now = () => clock;
    const a = adapter({ now: () => clock });
    await a.send(folderMsg);
    clock += 60_000;
    await a.send(recordMsg);
    expect(server.tokensIssued).toBe(1);
    expect(server.requests.filter((r) => r.path.endsWith('/offentligNokkel'))).toHaveLength(1);
    clock += 51_000; // 111 s: within 10 s of the token's 120
    await a.send(folderMsg);
    expect(server.tokensIssued).toBe(2);
    expect(server.received).toHaveLength(3);
  });

  it('a token the API no longer takes (401): one new token, and the message goes', async () => {
    const a = adapter();
    await a.send(folderMsg);
    server.revokeTokens();
    await a.send(recordMsg);
    expect(server.tokensIssued).toBe(2);
    expect(server.received).toHaveLength(2);
  });

  it('503 with Retry-After: waits, sends again, arrives once', async () => {
    const a = adapter();
    server.fail({ status: 503, retryAfter: '1' });
    const started = Date.now();
    expect(await a.send(recordMsg)).toEqual({ kind: 'pending' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sends()).toBe(2);
    expect(server.received).toHaveLength(1);
  });

  it('429 with a Retry-After longer than we wait inside one send: unavailable, the sweep tries later', async () => {
    const a = adapter({ maxWaitMs: 5_000 });
    server.fail({ status: 429, retryAfter: '120' });
    await expect(a.send(folderMsg)).rejects.toEqual(new ArchiveUnavailable('fiksio-429'));
    expect(sends()).toBe(1);
  });

  it('400 is permanent: ArchiveRefused with a code only', async () => {
    const a = adapter();
    server.fail({ status: 400 });
    const err = await a.send(recordMsg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveRefused);
    expect((err as ArchiveRefused).code).toBe('fiksio-400');
    expect((err as Error).message).not.toContain(PUPIL);
    expect(sends()).toBe(1);
    expect(server.received).toEqual([]);
  });

  it('409 (the same klientMeldingId taken before, if Fiks IO says so) is not a refusal', async () => {
    server.fail({ status: 409 });
    expect(await adapter().send(recordMsg)).toEqual({ kind: 'pending' });
    expect(sends()).toBe(1);
  });

  it('500 and a slow answer are unavailable (retried by the sweep), not refused', async () => {
    const a = adapter({ timeoutMs: 1000 });
    server.fail({ status: 500 });
    await expect(a.send(folderMsg)).rejects.toEqual(new ArchiveUnavailable('fiksio-500'));
    server.delayMs = 2500;
    await expect(a.send(folderMsg)).rejects.toEqual(new ArchiveUnavailable('fiksio-unreachable'));
    server.delayMs = 0;
    expect(await a.send(folderMsg)).toEqual({ kind: 'pending' });
  });

  it('an archive certificate in the catalogue that has expired: unavailable, nothing sent', async () => {
    server.catalogueCertificate = (await selfSignedCertificate('Websak Fiks IO', new Date(Date.now() - 60_000))).certificatePem;
    await expect(adapter().send(folderMsg)).rejects.toEqual(new ArchiveUnavailable('fiksio-katalog-expired-key'));
    expect(sends()).toBe(0);
  });

  it('Maskinporten turns down a grant signed with another certificate', async () => {
    const a = adapter({}, stranger);
    await expect(a.send(folderMsg)).rejects.toEqual(new ArchiveUnavailable('maskinporten-400'));
    expect(server.rejections).toEqual(['x5c']);
    expect(server.received).toEqual([]);
  });
});

describe('reading a payload (for the receive half)', () => {
  it('a reply encrypted for our account: its files back; a file that does not match the manifest is refused', async () => {
    const reply = Buffer.from('<arkivmeldingKvittering/>');
    const files = await readPayload(enterprise.certificatePem, enterprise.privateKeyPem, await encryptFor(enterprise.certificatePem, await asice([{ name: 'arkivmelding-kvittering.xml', mimeType: 'application/xml', data: reply }], archive)));
    expect(Object.keys(files)).toEqual(['arkivmelding-kvittering.xml']);
    expect(Buffer.from(files['arkivmelding-kvittering.xml']).equals(reply)).toBe(true);

    const manifest = `<ASiCManifest xmlns="http://uri.etsi.org/02918/v1.2.1#" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#"><DataObjectReference URI="a.xml" MimeType="application/xml"><ns2:DigestValue>${Buffer.alloc(32).toString('base64')}</ns2:DigestValue></DataObjectReference></ASiCManifest>`;
    const tampered = zipSync({ mimetype: strToU8('application/vnd.etsi.asic-e+zip'), 'a.xml': strToU8('<a/>'), 'META-INF/asicmanifest.xml': strToU8(manifest) });
    await expect(readPayload(enterprise.certificatePem, enterprise.privateKeyPem, await encryptFor(enterprise.certificatePem, tampered))).rejects.toThrow('asice: digest');
    await expect(readPayload(archive.certificatePem, archive.privateKeyPem, await encryptFor(enterprise.certificatePem, tampered))).rejects.toThrow();
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates; 1 s when missing or unreadable', () => {
    const now = Date.parse('2026-12-05T22:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Sat, 05 Dec 2026 22:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sat, 05 Dec 2026 21:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBe(1000);
    expect(retryAfterMs('soon', now)).toBe(1000);
  });
});

describe('the stand-in itself', () => {
  async function post(files: { name: string; mimeType: string; data: Uint8Array }[], cert: TestCertificate, signer: TestCertificate = enterprise): Promise<number> {
    const a = adapter();
    const token = await a.tokens.token();
    const form = new FormData();
    form.append('metadata', new Blob([JSON.stringify({ avsenderKontoId: IDS.senderAccountId, mottakerKontoId: IDS.archiveAccountId, meldingType: 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett', ttl: 1000, headere: {}, svarPaMelding: null })], { type: 'application/json' }));
    form.append('data', new Blob([await encryptFor(cert.certificatePem, await asice(files, signer))]), 'data');
    const res = await fetch(`${server.url}/fiks-io/api/v1/send`, { method: 'POST', headers: { authorization: `Bearer ${token}`, integrasjonId: IDS.integrationId, integrasjonPassord: IDS.integrationPassword }, body: form });
    return res.status;
  }

  it('turns down an arkivmelding that breaks the schema, a payload encrypted for another certificate, or signed by another', async () => {
    const good = build(folderMsg).message.xml;
    const broken = good.replace(/<arkivdel>[\s\S]*?<\/arkivdel>/, '<arkivdel><ukjent>x</ukjent></arkivdel>');
    expect(broken).not.toBe(good);
    expect(await post([{ name: 'arkivmelding.xml', mimeType: 'application/xml', data: Buffer.from(broken) }], archive)).toBe(400);
    expect(server.rejections[0]).toMatch(/^schema: /);
    expect(await post([{ name: 'arkivmelding.xml', mimeType: 'application/xml', data: Buffer.from(good) }], stranger)).toBe(400);
    expect(server.rejections[1]).toBe('cms');
    expect(await post([{ name: 'arkivmelding.xml', mimeType: 'application/xml', data: Buffer.from(good) }], archive, stranger)).toBe(400);
    expect(server.rejections[2]).toBe('asice: signature');
    expect(await post([{ name: 'arkivmelding.xml', mimeType: 'application/xml', data: Buffer.from(good) }], archive)).toBe(202);
  });
});
