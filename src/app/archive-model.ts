/**
 * The archive export of a case (SPEC §3.1.6) as a neutral document model: the app fills it with
 * the case in the pupil's language form (bokmål or nynorsk); an adapter renders it (PDF).
 */
export interface ArchiveDocument {
  lang: 'nb' | 'nn';
  /** e.g. "Sak SM-2026-0001 – elevens skolemiljø (opplæringsloven § 12-4)" */
  title: string;
  /** e.g. "Ellingsrud skule" */
  school: string;
  /** A line printed on every page, e.g. "Unntatt offentlighet, jf. offl. § 13 og fvl. § 13". */
  confidentiality: string;
  /** e.g. "Skrevet ut 25.11.2026 kl. 14.05" */
  generated: string;
  /** "Side {page} av {pages}" in the document's language. */
  pageLabel: string;
  sections: ArchiveSection[];
}

export interface ArchiveSection {
  heading: string;
  /** Label–value pairs shown as a two-column list. */
  facts?: [string, string][];
  /** Free text paragraphs (may be long, may contain line breaks). */
  paragraphs?: string[];
  /** A table with a header row; cells may be long and must wrap. */
  table?: { columns: string[]; rows: string[][] };
  /** Sub-sections (e.g. each plan version), rendered with a smaller heading. */
  subsections?: ArchiveSection[];
}
