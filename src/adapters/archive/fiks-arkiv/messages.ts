/**
 * The KS Fiks Arkiv V1 messages Meld fra sends (schemas vendored in ./schema/V1): one
 * `arkivmelding.opprett` with the case folder (a saksmappe), one per document with a journalpost
 * in that folder and the document's PDF as its file, and `dokumentobjekt.opprett` to add a file to
 * a document already journaled. The test validates every message against the official schemas.
 *
 * Idempotency is the archive's: every mappe, registrering and dokumentbeskrivelse carries our own
 * stable key (referanseEksternNoekkel, fagsystem «Meld fra»), so a message sent twice is answered
 * with «Eksisterende» instead of a second copy. A journalpost finds its folder by that key too, so
 * it can be sent before the folder's receipt has come back.
 *
 * Titles: `tittel` holds the full title with the pupil's name, `offentligTittel` the one the
 * archive may show (offentlig journal): no pupil name. Everything is skjermet (SKJERMING).
 */
import { create } from 'xmlbuilder2';
import { SKJERMING, type ArchiveFolder, type ArchiveNumbers, type ArchiveRecord, type ArchiveSettings } from '../../../domain/archive';

/** Fiks Arkiv's message types (Schema/V1/meldingstyper/meldingstyper.json). */
export const FIKS_ARKIV_TYPES = {
  arkivmeldingOpprett: 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett',
  arkivmeldingMottatt: 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.mottatt',
  arkivmeldingKvittering: 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering',
  dokumentobjektOpprett: 'no.ks.fiks.arkiv.v1.arkivering.dokumentobjekt.opprett',
  dokumentobjektMottatt: 'no.ks.fiks.arkiv.v1.arkivering.dokumentobjekt.opprett.mottatt',
  dokumentobjektKvittering: 'no.ks.fiks.arkiv.v1.arkivering.dokumentobjekt.opprett.kvittering',
  ugyldigforespoersel: 'no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel',
  serverfeil: 'no.ks.fiks.arkiv.v1.feilmelding.serverfeil',
  ikkefunnet: 'no.ks.fiks.arkiv.v1.feilmelding.ikkefunnet',
} as const;
export type FiksArkivType = (typeof FIKS_ARKIV_TYPES)[keyof typeof FIKS_ARKIV_TYPES];

/** The namespaces of the vendored schemas, by root element. */
export const FIKS_ARKIV_NS = {
  arkivmelding: 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1',
  arkivmeldingKvittering: 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/kvittering/v1',
  dokumentobjektOpprett: 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/dokumentobjekt/opprett/v1',
  dokumentobjektOpprettKvittering: 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/dokumentobjekt/opprett/kvittering/v1',
  ugyldigforespoersel: 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/ugyldigforespoersel/v1',
  serverfeil: 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/serverfeil/v1',
  ikkefunnet: 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/ikkefunnet/v1',
  metadatakatalog: 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1',
} as const;
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** Our name as the archive's external keys carry it (eksternNoekkel.fagsystem). */
export const FAGSYSTEM = 'Meld fra';

/** Who sends: `system` identifies us to the archive; `regel` picks one of its rule sets for default values, if the archive staff gave one. */
export interface SenderSystem {
  system: string;
  regel?: string;
}
const DEFAULT_SENDER: SenderSystem = { system: FAGSYSTEM };

/** A message and the files that go with it (Fiks IO attachments, named as referanseDokumentfil names them). */
export interface FiksArkivMessage {
  type: FiksArkivType;
  /** The payload's file name in the Fiks IO message (meldingstyper.json: payloadFilnavn). */
  payloadFileName: string;
  xml: string;
  /** The attachments' names, in the order they are referenced; their bytes travel beside the XML. */
  attachments: string[];
}

/** What we may know about the file when the message is built; both optional, both checked by the archive. */
export interface FileFacts {
  /** SHA-256 of the file, hex. */
  sha256?: string;
  sizeBytes?: number;
}

/** How a journalpost finds its folder: always our key; the archive's saksnummer too once its receipt is in. */
export interface FolderRef {
  key: string;
  numbers?: Pick<ArchiveNumbers, 'saksaar' | 'sakssekvensnummer'>;
}

// The complex types of metadatakatalog.xsd (kode, eksternNoekkel, identifikatorer, the references)
// declare their children in its own namespace (elementFormDefault qualified): prefix «mdk».
type Node = Record<string, unknown>;
const MDK = { '@xmlns:mdk': FIKS_ARKIV_NS.metadatakatalog };
const kode = (value: string): Node => ({ 'mdk:kode': value });
const eksternNoekkel = (key: string): Node => ({ 'mdk:fagsystem': FAGSYSTEM, 'mdk:noekkel': key });
const skjerming = (): Node => ({ tilgangsrestriksjon: kode(SKJERMING.tilgangsrestriksjon), skjermingshjemmel: SKJERMING.skjermingshjemmel });
const person = (identifikator: string): Node => ({ 'mdk:identifikator': identifikator });

function arkivmelding(sys: SenderSystem, antallFiler: number, body: Node): string {
  return create({ version: '1.0', encoding: 'UTF-8' }, {
    arkivmelding: { '@xmlns': FIKS_ARKIV_NS.arkivmelding, ...MDK, '@xmlns:xsi': XSI, system: sys.system, regel: sys.regel, antallFiler, ...body },
  }).end({ prettyPrint: true });
}

/** The case folder: a saksmappe in the school's arkivdel and class, skjermet, with our key. */
export function folderMessage(folder: ArchiveFolder, s: ArchiveSettings, sys: SenderSystem = DEFAULT_SENDER): FiksArkivMessage {
  const mappe: Node = {
    '@xsi:type': 'saksmappe',
    tittel: folder.screenedTitle,
    offentligTittel: folder.title,
    arkivdel: kode(s.arkivdel),
    skjerming: skjerming(),
    klassifikasjon: { klassifikasjonssystemID: s.ordningsprinsipp, klasseID: s.ordningsverdi },
    referanseEksternNoekkel: eksternNoekkel(folder.key),
    saksdato: folder.openedOn,
    administrativEnhet: person(s.administrativEnhet),
    saksansvarlig: person(s.saksbehandler),
    // B: under behandling. The archive's own default where it has one; we say what we know.
    saksstatus: kode('B'),
  };
  return { type: FIKS_ARKIV_TYPES.arkivmeldingOpprett, payloadFileName: 'arkivmelding.xml', xml: arkivmelding(sys, 0, { mappe }), attachments: [] };
}

/** The key of the one document in a journalpost: a dokumentobjekt.opprett finds it by this. */
export const documentKey = (record: ArchiveRecord): string => `${record.key}/dokument`;

/** The PDF as a dokumentobjekt: production format (the export is PDF 1.7, not PDF/A), referenced by its attachment name. */
function dokumentobjekt(record: ArchiveRecord, file: FileFacts | undefined, versjonsnummer: number): Node {
  return {
    versjonsnummer,
    variantformat: kode('P'),
    mimeType: 'application/pdf',
    filnavn: record.fileName,
    referanseDokumentfil: record.fileName,
    ...(file?.sha256 ? { sjekksum: file.sha256, sjekksumAlgoritme: 'SHA256' } : {}),
    filstoerrelse: file?.sizeBytes,
  };
}

/**
 * A document of the case: a journalpost (X or N, internal note) in the case folder, ferdigstilt (F)
 * by the case officer, with the PDF as its main document. Every title and the document are skjermet.
 */
export function recordMessage(record: ArchiveRecord, s: ArchiveSettings, folder: FolderRef, sys: SenderSystem = DEFAULT_SENDER, file?: FileFacts): FiksArkivMessage {
  const referanseForelderMappe: Node = {
    'mdk:saksnummer': folder.numbers ? { 'mdk:saksaar': folder.numbers.saksaar, 'mdk:sakssekvensnummer': folder.numbers.sakssekvensnummer } : undefined,
    'mdk:referanseEksternNoekkel': eksternNoekkel(folder.key),
  };
  const registrering: Node = {
    '@xsi:type': 'journalpost',
    referanseForelderMappe,
    skjerming: skjerming(),
    dokumentbeskrivelse: {
      dokumentstatus: kode('F'),
      // A document has no public title in Fiks Arkiv: it gets the one without the name.
      tittel: record.title,
      tilknyttetRegistreringSom: kode('H'),
      dokumentnummer: 1,
      skjerming: skjerming(),
      dokumentobjekt: dokumentobjekt(record, file, 1),
      referanseEksternNoekkel: eksternNoekkel(documentKey(record)),
    },
    tittel: record.screenedTitle,
    offentligTittel: record.title,
    // An internal note's sender: the school's unit and case officer (no pupil here).
    korrespondansepart: {
      korrespondanseparttype: kode('IA'),
      korrespondansepartNavn: s.saksbehandler,
      administrativEnhet: person(s.administrativEnhet),
      saksbehandler: person(s.saksbehandler),
    },
    referanseEksternNoekkel: eksternNoekkel(record.key),
    journalposttype: kode(record.noteType),
    journalstatus: kode('F'),
    dokumentetsDato: record.documentDate,
  };
  return { type: FIKS_ARKIV_TYPES.arkivmeldingOpprett, payloadFileName: 'arkivmelding.xml', xml: arkivmelding(sys, 1, { registrering }), attachments: [record.fileName] };
}

/**
 * A new version of a journaled document's file (e.g. the PDF rendered again), added to the
 * document found by our key. The archive answers with dokumentobjekt.opprett.kvittering.
 */
export function documentObjectMessage(record: ArchiveRecord, versjonsnummer: number, file?: FileFacts): FiksArkivMessage {
  const xml = create({ version: '1.0', encoding: 'UTF-8' }, {
    dokumentobjektOpprett: {
      '@xmlns': FIKS_ARKIV_NS.dokumentobjektOpprett,
      '@xmlns:am': FIKS_ARKIV_NS.arkivmelding,
      ...MDK,
      referanseTilDokumentbeskrivelse: { 'mdk:referanseEksternNoekkel': eksternNoekkel(documentKey(record)) },
      // The dokumentobjekt's children are in the arkivmelding namespace (the type comes from there).
      dokumentobjekt: prefixed('am', dokumentobjekt(record, file, versjonsnummer)),
    },
  }).end({ prettyPrint: true });
  return { type: FIKS_ARKIV_TYPES.dokumentobjektOpprett, payloadFileName: 'dokumentobjekt-opprett.xml', xml, attachments: [record.fileName] };
}

/** Puts every element below `node` that has no prefix yet into the namespace of `prefix`. */
function prefixed(prefix: string, node: Node): Node {
  const out: Node = {};
  for (const [name, value] of Object.entries(node)) {
    if (value === undefined) continue;
    out[name.startsWith('@') || name.includes(':') ? name : `${prefix}:${name}`] = value !== null && typeof value === 'object' ? prefixed(prefix, value as Node) : value;
  }
  return out;
}
