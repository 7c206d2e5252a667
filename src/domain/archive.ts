/**
 * Journaling a skolemiljø case in the municipality's Noark archive (seed 004 §8.3: «Varselet blir
 * dokumentert i Websak»), independent of the protocol that carries it (KS Fiks Arkiv, or files an
 * integration platform picks up). The case becomes one case folder (saksmappe) when it is
 * forwarded, and each document one journal post (registrering): the report, each aktivitetsplan
 * version, each evaluation, the closing. Everything is skjermet (offentleglova § 13 with
 * forvaltningsloven § 13 første ledd nr. 1); a title that the archive may show holds no pupil
 * name: the name is only in the skjermet part of the title.
 */

/** The documents of a case that are journaled, in the order they happen. */
export const ARCHIVE_DOC_KINDS = ['melding', 'aktivitetsplan', 'evaluering', 'avslutning'] as const;
export type ArchiveDocKind = (typeof ARCHIVE_DOC_KINDS)[number];

/** Noark's journalposttype: X internal note without follow-up, N internal note with follow-up. */
export type InternalNoteType = 'X' | 'N';

/** The school's archive settings, imported with the other school settings by the archive staff. */
export interface ArchiveSettings {
  /** What the school calls its archive, shown on the card: «Arkivert i Websak: 2026/1234-3». */
  systemName: string;
  /** The archive part (arkivdel) the folders go into, e.g. «ELEV». */
  arkivdel: string;
  /** The classification: ordningsprinsipp (e.g. «FELLESKLASSE») and ordningsverdi (e.g. «B31»). */
  ordningsprinsipp: string;
  ordningsverdi: string;
  /** The archive's unit (administrativ enhet) and case officer (saksbehandler) for the school. */
  administrativEnhet: string;
  saksbehandler: string;
  /** X or N for the report, per the school's practice; plans, evaluations and the closing are N, X, X. */
  reportNoteType: InternalNoteType;
}

/** The screening every title and document carries. */
export const SKJERMING = {
  /** Noark tilgangsrestriksjon code for offentleglova § 13. */
  tilgangsrestriksjon: '13',
  skjermingshjemmel: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
} as const;

/** The case folder, created once per case when the case is forwarded. */
export interface ArchiveFolder {
  /** Our own stable key for the folder (the archive's external key): never changes, never reused. */
  key: string;
  /** The case's reference in Meld fra, e.g. «SM-2026-0001». */
  ref: string;
  schoolId: string;
  /** The title the archive may show: no pupil name («Elevens skolemiljø – oppfølging etter opplæringsloven § 12-4»). */
  title: string;
  /** The full title with the pupil's name, for the archive's skjermet title field only. */
  screenedTitle: string;
  /** yyyy-mm-dd */
  openedOn: string;
}

/** One journal post: a document of the case, with its PDF. */
export interface ArchiveRecord {
  /** Our own stable key for the post: `${folder key}/${kind}/${n}`. */
  key: string;
  folderKey: string;
  kind: ArchiveDocKind;
  /** 1 for the report and the closing; the plan version or the evaluation's number. */
  n: number;
  noteType: InternalNoteType;
  /** The title the archive may show (no pupil name), and the full one for the skjermet field. */
  title: string;
  screenedTitle: string;
  /** yyyy-mm-dd: when the document was made. */
  documentDate: string;
  /** The file: the PDF of the document, as the export renders it. */
  fileName: string;
}

/** The archive's numbers for a folder and a post, from its receipts. */
export interface ArchiveNumbers {
  /** Saksår and sakssekvensnummer: «2026/1234». */
  saksaar: number;
  sakssekvensnummer: number;
  /** The post's number within the folder (journalpostnummer / dokumentnummer): «-3». */
  journalpostnummer?: number;
}

/** «2026/1234» for a folder, «2026/1234-3» for a post: as archive staff write them. */
export const archiveNumber = (n: ArchiveNumbers): string =>
  `${n.saksaar}/${n.sakssekvensnummer}${n.journalpostnummer !== undefined ? `-${n.journalpostnummer}` : ''}`;

/** Stable keys: the archive's external keys, so a message sent twice is recognised as the same. */
export const folderKey = (tenantId: string, schoolId: string, caseId: string): string => `meldfra/${tenantId}/${schoolId}/${caseId}`;
export const recordKey = (folder: string, kind: ArchiveDocKind, n: number): string => `${folder}/${kind}/${n}`;

// ---------------------------------------------------------------------------------------------
// A case as the archive sees it, in the words of the school's language form (given by the caller).

/** The words of the titles, in the school's language form (src/i18n: archive.journal); `{n}` is a version or number. */
export interface ArchiveWords {
  folder: string;
  doc: Record<ArchiveDocKind, string>;
}

/** What the archive needs of a case; the pupil's name goes only into the skjermet titles. */
export interface CaseForArchive {
  tenantId: string;
  schoolId: string;
  caseId: string;
  ref: string;
  pupilName: string;
  pupilClass: string;
  /** yyyy-mm-dd: when the case was forwarded to its leader (the folder opens then). */
  openedOn: string;
  words: ArchiveWords;
}

export function archiveFolderOf(c: CaseForArchive): ArchiveFolder {
  const title = `${c.words.folder} (${c.ref})`;
  return { key: folderKey(c.tenantId, c.schoolId, c.caseId), ref: c.ref, schoolId: c.schoolId, title, screenedTitle: `${title} – ${c.pupilName}, ${c.pupilClass}`, openedOn: c.openedOn };
}

/** The note type of each document: the report per the school's practice; a plan is followed up (N); an evaluation and the closing are not (X). */
const noteTypeOf = (kind: ArchiveDocKind, s: Pick<ArchiveSettings, 'reportNoteType'>): InternalNoteType =>
  kind === 'melding' ? s.reportNoteType : kind === 'aktivitetsplan' ? 'N' : 'X';

export function archiveRecordOf(c: CaseForArchive, kind: ArchiveDocKind, n: number, documentDate: string, s: Pick<ArchiveSettings, 'reportNoteType'>): ArchiveRecord {
  const folder = folderKey(c.tenantId, c.schoolId, c.caseId);
  const title = `${c.words.doc[kind].replace('{n}', String(n))} (${c.ref})`;
  return {
    key: recordKey(folder, kind, n),
    folderKey: folder,
    kind,
    n,
    noteType: noteTypeOf(kind, s),
    title,
    screenedTitle: `${title} – ${c.pupilName}, ${c.pupilClass}`,
    documentDate,
    fileName: `${c.ref}-${kind}${kind === 'aktivitetsplan' || kind === 'evaluering' ? `-${n}` : ''}.pdf`,
  };
}
