/**
 * The municipality's archive behind the Fiks IO stand-in (test/support/fiks-io-server.ts): each
 * message Fiks IO takes is answered on our account's AMQP queue (test/support/amqp-broker.ts) the
 * way a Fiks Arkiv archive answers: first `…mottatt` (no payload), then `…kvittering`, or an error
 * when told to (`answerNext`). Replies carry Fiks IO's headers (melding-id, type, avsender-id,
 * svar-til = the meldingId of the message answered) and an ASiC-E signed by the archive and
 * encrypted for our account's certificate; every reply's XML is checked against its vendored
 * schema first (a reply that is not valid is a failure of the stand-in, in `problems`).
 *
 * The archive's numbers: one saksnummer per folder key (2026/1234, 2026/1235, …), journalposts
 * counted per folder; a key it has already is «Eksisterende», with the numbers it had. The stand-in
 * knows a record's folder by referanseForelderMappe, and answers ikkefunnet when it has none.
 *
 * `holdNext(answer)` makes the archive slow: the next message taken is answered (mottatt, then
 * `answer`) only when the test releases it, so a reply can come after the job was sent again.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8 } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { asice, encryptFor } from '../../src/adapters/archive/fiks-io/payload';
import { FIKS_ARKIV_NS, FIKS_ARKIV_TYPES } from '../../src/adapters/archive/fiks-arkiv/messages';
import type { AmqpBroker } from './amqp-broker';
import type { FakeFiksIo, ReceivedMessage } from './fiks-io-server';
import type { TestCertificate } from './test-certificates';

const SCHEMA_DIR = path.join(__dirname, '../../src/adapters/archive/fiks-arkiv/schema/V1');
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const FEIL = 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/feilmelding/v1';

/**
 * Fiks IO's AMQP login (io-client Amqp/MaskinportenCredentialsProvider.cs): the user name is the
 * integration's id, the password "<IntegrasjonPassord> <Maskinporten token>" with a token the
 * stand-in issued and that still lives. For AmqpBroker's `authenticate`.
 */
export const fiksIoLogin = (fiks: FakeFiksIo, integrationId: string, integrationPassword: string) => (user: string, password: string): boolean => {
  const [pw, token, ...rest] = password.split(' ');
  return user === integrationId && pw === integrationPassword && rest.length === 0 && !!token && fiks.isIssuedToken(token);
};

export type ArchiveAnswer = 'kvittering' | 'ugyldigforespoersel' | 'serverfeil';

export interface ArchiveReply {
  meldingId: string;
  svarTil: string;
  type: string;
  /** The key the message was for. */
  key: string;
}

interface Hold {
  answer: ArchiveAnswer;
  gate: Promise<void>;
  /** Set once the held message came. */
  answered?: Promise<void>;
}

export class FiksArchiveStandIn {
  /** What the archive holds: each folder and journalpost once, by key, in the order made. */
  readonly made: string[] = [];
  readonly replies: ArchiveReply[] = [];
  readonly problems: string[] = [];
  private readonly folders = new Map<string, { saksaar: number; sakssekvensnummer: number; posts: number; systemID: string }>();
  private readonly records = new Map<string, { journalpostnummer: number; systemID: string }>();
  private nextCase = 1234;
  private answers: ArchiveAnswer[] = [];
  private working = new Set<Promise<void>>();
  private holds: Hold[] = [];

  constructor(
    private readonly o: { fiks: FakeFiksIo; broker: AmqpBroker; ourAccountId: string; archiveAccountId: string; ours: TestCertificate; archive: TestCertificate },
  ) {
    o.fiks.onMessage = (m) => {
      const hold = this.holds.shift();
      const answering = () => this.answer(m, hold?.answer).catch((e: unknown) => void this.problems.push(String(e)));
      // A held answer is not under way until it is released: idle() does not wait for it.
      if (hold) return void (hold.answered = hold.gate.then(answering));
      const p = answering();
      this.working.add(p);
      void p.finally(() => this.working.delete(p));
    };
  }

  /**
   * The next message taken (after those already held) is answered, mottatt and then `answer`,
   * only when `release()` is called; release() returns once the answer is on the queue.
   */
  holdNext(answer: ArchiveAnswer = 'kvittering'): { release(): Promise<void> } {
    let open!: () => void;
    const hold: Hold = { answer, gate: new Promise<void>((r) => (open = r)) };
    this.holds.push(hold);
    return { release: async () => { open(); await hold.answered; } };
  }

  /** The next messages are answered so, in order; then kvittering again. */
  answerNext(...answers: ArchiveAnswer[]): void {
    this.answers.push(...answers);
  }

  /** Every answer under way has been published. */
  async idle(): Promise<void> {
    while (this.working.size) await Promise.all([...this.working]);
  }

  private get queue(): string {
    return `fiksio.konto.${this.o.ourAccountId}`;
  }

  private async answer(m: ReceivedMessage, held?: ArchiveAnswer): Promise<void> {
    const xml = strFromU8(m.files['arkivmelding.xml']);
    const keys = [...xml.matchAll(/<mdk:noekkel>([^<]+)<\/mdk:noekkel>/g)].map((x) => x[1]);
    const isRecord = /<registrering\b/.test(xml);
    const key = isRecord ? keys[keys.length - 1] : keys[0];
    this.publish(m, FIKS_ARKIV_TYPES.arkivmeldingMottatt, key);
    const answer = held ?? this.answers.shift() ?? 'kvittering';
    if (answer !== 'kvittering') return this.publish(m, FIKS_ARKIV_TYPES[answer], key, await this.validated(`no.ks.fiks.arkiv.v1.feilmelding.${answer}.xsd`, error(answer)));
    if (!isRecord) {
      const existing = this.folders.get(key);
      const f = existing ?? { saksaar: 2026, sakssekvensnummer: this.nextCase++, posts: 0, systemID: randomUUID() };
      if (!existing) {
        this.folders.set(key, f);
        this.made.push(key);
      }
      return this.publish(m, FIKS_ARKIV_TYPES.arkivmeldingKvittering, key, await this.validated(KVITTERING_XSD, folderReceipt(key, f, !!existing)));
    }
    const folder = this.folders.get(keys[0]);
    if (!folder) return this.publish(m, FIKS_ARKIV_TYPES.ikkefunnet, key, await this.validated('no.ks.fiks.arkiv.v1.feilmelding.ikkefunnet.xsd', error('ikkefunnet')));
    const existing = this.records.get(key);
    const r = existing ?? { journalpostnummer: ++folder.posts, systemID: randomUUID() };
    if (!existing) {
      this.records.set(key, r);
      this.made.push(key);
    }
    return this.publish(m, FIKS_ARKIV_TYPES.arkivmeldingKvittering, key, await this.validated(KVITTERING_XSD, recordReceipt(key, r, !!existing)));
  }

  private async validated(xsd: string, xml: string): Promise<string> {
    const schema = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.xsd')).map((fileName) => ({ fileName, contents: readFileSync(path.join(SCHEMA_DIR, fileName), 'utf8') }));
    const r = await validateXML({ xml: [{ fileName: 'reply.xml', contents: xml }], schema: schema.find((s) => s.fileName === xsd)!, preload: schema });
    if (!r.valid) this.problems.push(`${xsd}: ${r.errors.map((e) => e.rawMessage).join('; ')}`);
    return xml;
  }

  private publish(m: ReceivedMessage, type: string, key: string, xml?: string): void | Promise<void> {
    const send = (body: Uint8Array) => {
      const meldingId = randomUUID();
      this.o.broker.publish(this.queue, { headers: { 'melding-id': meldingId, type, 'avsender-id': this.o.archiveAccountId, 'svar-til': m.meldingId }, body });
      this.replies.push({ meldingId, svarTil: m.meldingId, type, key });
    };
    if (xml === undefined) return send(new Uint8Array());
    return (async () => {
      const zip = await asice([{ name: 'arkivmelding-kvittering.xml', mimeType: 'application/xml', data: Buffer.from(xml, 'utf8') }], this.o.archive);
      send(await encryptFor(this.o.ours.certificatePem, zip));
    })();
  }
}

const KVITTERING_XSD = 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering.xsd';
const madeOrNot = (existing: boolean) => (existing ? 'Eksisterende' : 'Opprettet');

const folderReceipt = (key: string, f: { saksaar: number; sakssekvensnummer: number; systemID: string }, existing: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<arkivmeldingKvittering xmlns="${FIKS_ARKIV_NS.arkivmeldingKvittering}" xmlns:mdk="${FIKS_ARKIV_NS.metadatakatalog}" xmlns:xsi="${XSI}">
  <mappeKvittering xsi:type="saksmappeKvittering">
    <systemID>${f.systemID}</systemID>
    <referanseEksternNoekkel><mdk:fagsystem>Meld fra</mdk:fagsystem><mdk:noekkel>${key}</mdk:noekkel></referanseEksternNoekkel>
    <opprettetEllerEksisterende>${madeOrNot(existing)}</opprettetEllerEksisterende>
    <saksaar>${f.saksaar}</saksaar>
    <sakssekvensnummer>${f.sakssekvensnummer}</sakssekvensnummer>
    <saksdato>2026-11-24</saksdato>
  </mappeKvittering>
</arkivmeldingKvittering>`;

const recordReceipt = (key: string, r: { journalpostnummer: number; systemID: string }, existing: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<arkivmeldingKvittering xmlns="${FIKS_ARKIV_NS.arkivmeldingKvittering}" xmlns:mdk="${FIKS_ARKIV_NS.metadatakatalog}" xmlns:xsi="${XSI}">
  <registreringKvittering xsi:type="journalpostKvittering">
    <systemID>${r.systemID}</systemID>
    <referanseEksternNoekkel><mdk:fagsystem>Meld fra</mdk:fagsystem><mdk:noekkel>${key}</mdk:noekkel></referanseEksternNoekkel>
    <opprettetEllerEksisterende>${madeOrNot(existing)}</opprettetEllerEksisterende>
    <journalaar>2026</journalaar>
    <journalsekvensnummer>${88000 + r.journalpostnummer}</journalsekvensnummer>
    <journalpostnummer>${r.journalpostnummer}</journalpostnummer>
  </registreringKvittering>
</arkivmeldingKvittering>`;

/** The archive's error, with its own words that quote nothing of ours. */
const error = (root: 'ugyldigforespoersel' | 'serverfeil' | 'ikkefunnet') => `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="${FIKS_ARKIV_NS[root]}" xmlns:f="${FEIL}"><f:feilId>E-${root}-1</f:feilId><f:feilmelding>Stand-in: ${root}</f:feilmelding></${root}>`;
