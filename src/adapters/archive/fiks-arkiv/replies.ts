/**
 * The archive's replies to what we send (KS Fiks Arkiv V1): `mottatt` (no payload: it has the
 * message), the `kvittering` with its numbers, and the three errors. Elements are matched by their
 * local name, so a reply with other namespace prefixes than ours reads the same.
 *
 * An error's `message` holds only the kind and the archive's feilId, because the archive's own text
 * may quote what we sent (a title with the pupil's name): that text is in `archiveMessage`, to show
 * to the archive staff, never to log.
 */
import { create } from 'xmlbuilder2';
import type { ArchiveNumbers } from '../../../domain/archive';
import { FIKS_ARKIV_TYPES } from './messages';

export type FiksArkivErrorKind =
  | 'ugyldigforespoersel'
  | 'serverfeil'
  | 'ikkefunnet'
  /** A kvittering that says the folder, or the journalpost, was not made. */
  | 'mappeFeilet'
  | 'registreringFeilet'
  /** A reply we cannot read: unknown type, not XML, or not the element its type promises. */
  | 'ugyldigSvar';

export class FiksArkivError extends Error {
  constructor(
    readonly kind: FiksArkivErrorKind,
    /** The archive's id of the error, to quote to its staff. */
    readonly feilId?: string,
    /** The archive's own words. May contain pupil data: show it to archive staff, never log it. */
    readonly archiveMessage?: string,
  ) {
    super(`Fiks Arkiv: ${kind}${feilId ? ` (feilId ${feilId})` : ''}`);
    this.name = 'FiksArkivError';
  }

  /**
   * Whether the same message may go through later: the archive failed (serverfeil), or did not
   * find the folder a journalpost goes into, which the archive may not have made yet. A message
   * the archive calls invalid, or a folder or post it refused in its receipt, fails the same way
   * every time: that needs the archive staff.
   */
  get retryable(): boolean {
    return this.kind === 'serverfeil' || this.kind === 'ikkefunnet';
  }
}

/** The archive made the folder, or had it already (created false: the message was a repeat). */
export interface FolderReceipt {
  systemID: string;
  key?: string;
  created: boolean;
  saksaar?: number;
  sakssekvensnummer?: number;
}

export interface RecordReceipt {
  systemID: string;
  key?: string;
  created: boolean;
  /** The post's number within the folder: «-3» in «2026/1234-3». */
  journalpostnummer?: number;
  journalaar?: number;
  journalsekvensnummer?: number;
}

export type FiksArkivReply =
  | { kind: 'mottatt' }
  | { kind: 'kvittering'; folder?: FolderReceipt; record?: RecordReceipt }
  | { kind: 'dokumentobjektKvittering'; systemID: string };

/** The structural part of the DOM that xmlbuilder2's parser gives us. */
interface XmlElement {
  localName: string;
  textContent: string | null;
  childNodes: ArrayLike<unknown>;
  getAttributeNS(namespace: string | null, localName: string): string | null;
}
const isElement = (n: unknown): n is XmlElement => (n as { nodeType?: number }).nodeType === 1;
const children = (el: XmlElement): XmlElement[] => Array.from(el.childNodes).filter(isElement);
const child = (el: XmlElement, name: string): XmlElement | undefined => children(el).find((c) => c.localName === name);
const text = (el: XmlElement, name: string): string | undefined => child(el, name)?.textContent?.trim() || undefined;
const int = (el: XmlElement, name: string): number | undefined => {
  const t = text(el, name);
  return t !== undefined && /^-?\d+$/.test(t) ? Number(t) : undefined;
};

function parseRoot(xml: string): XmlElement {
  // No DTDs: a reply has none, and entity expansion is how a hostile one would hurt us.
  if (/<!DOCTYPE/i.test(xml)) throw new FiksArkivError('ugyldigSvar');
  try {
    return create(xml).root().node as unknown as XmlElement;
  } catch {
    throw new FiksArkivError('ugyldigSvar');
  }
}

function expectRoot(xml: string, name: string): XmlElement {
  const root = parseRoot(xml);
  if (root.localName !== name) throw new FiksArkivError('ugyldigSvar');
  return root;
}

function feil(kind: FiksArkivErrorKind, el: XmlElement): FiksArkivError {
  return new FiksArkivError(kind, text(el, 'feilId'), text(el, 'feilmelding'));
}

const created = (el: XmlElement): boolean => text(el, 'opprettetEllerEksisterende') !== 'Eksisterende';
const key = (el: XmlElement): string | undefined => {
  const k = child(el, 'referanseEksternNoekkel');
  return k ? text(k, 'noekkel') : undefined;
};

function kvittering(root: XmlElement): FiksArkivReply {
  const mappeFeilet = child(root, 'mappeFeilet');
  if (mappeFeilet) throw feil('mappeFeilet', mappeFeilet);
  const registreringFeilet = child(root, 'registreringFeilet');
  if (registreringFeilet) throw feil('registreringFeilet', registreringFeilet);
  const m = child(root, 'mappeKvittering');
  const r = child(root, 'registreringKvittering');
  const systemID = (el: XmlElement): string => {
    const id = text(el, 'systemID');
    if (!id) throw new FiksArkivError('ugyldigSvar');
    return id;
  };
  const folder: FolderReceipt | undefined = m && { systemID: systemID(m), key: key(m), created: created(m), saksaar: int(m, 'saksaar'), sakssekvensnummer: int(m, 'sakssekvensnummer') };
  const record: RecordReceipt | undefined = r && {
    systemID: systemID(r), key: key(r), created: created(r),
    journalpostnummer: int(r, 'journalpostnummer'), journalaar: int(r, 'journalaar'), journalsekvensnummer: int(r, 'journalsekvensnummer'),
  };
  return { kind: 'kvittering', folder, record };
}

/**
 * Reads a reply by its Fiks IO message type. A receipt comes back as FiksArkivReply; an error reply
 * (or a receipt that says the folder or post failed) is thrown as FiksArkivError.
 */
export function parseReply(type: string, xml: string | undefined): FiksArkivReply {
  switch (type) {
    case FIKS_ARKIV_TYPES.arkivmeldingMottatt:
    case FIKS_ARKIV_TYPES.dokumentobjektMottatt:
      return { kind: 'mottatt' };
    case FIKS_ARKIV_TYPES.arkivmeldingKvittering:
      return kvittering(expectRoot(xml ?? '', 'arkivmeldingKvittering'));
    case FIKS_ARKIV_TYPES.dokumentobjektKvittering: {
      const id = text(expectRoot(xml ?? '', 'dokumentobjektOpprettKvittering'), 'systemID');
      if (!id) throw new FiksArkivError('ugyldigSvar');
      return { kind: 'dokumentobjektKvittering', systemID: id };
    }
    // meldingstyper.json spells it «no.ks.fik.arkiv» in places; an archive may copy that.
    case 'no.ks.fik.arkiv.v1.feilmelding.ugyldigforespoersel':
    case FIKS_ARKIV_TYPES.ugyldigforespoersel:
      throw feil('ugyldigforespoersel', expectRoot(xml ?? '', 'ugyldigforespoersel'));
    case FIKS_ARKIV_TYPES.serverfeil:
      throw feil('serverfeil', expectRoot(xml ?? '', 'serverfeil'));
    case FIKS_ARKIV_TYPES.ikkefunnet:
      throw feil('ikkefunnet', expectRoot(xml ?? '', 'ikkefunnet'));
    default:
      throw new FiksArkivError('ugyldigSvar');
  }
}

/**
 * The numbers to store and show («2026/1234-3»): the folder's from its own receipt, or from the
 * folder's stored numbers for a journalpost's receipt. Undefined when the archive gave none.
 */
export function archiveNumbersOf(reply: FiksArkivReply, folder?: Pick<ArchiveNumbers, 'saksaar' | 'sakssekvensnummer'>): ArchiveNumbers | undefined {
  if (reply.kind !== 'kvittering') return undefined;
  const saksaar = reply.folder?.saksaar ?? folder?.saksaar;
  const sakssekvensnummer = reply.folder?.sakssekvensnummer ?? folder?.sakssekvensnummer;
  if (saksaar === undefined || sakssekvensnummer === undefined) return undefined;
  const journalpostnummer = reply.record?.journalpostnummer;
  return journalpostnummer === undefined ? { saksaar, sakssekvensnummer } : { saksaar, sakssekvensnummer, journalpostnummer };
}
