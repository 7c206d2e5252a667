/**
 * Text for the PDF standard 14 fonts: they need no font files, but have only the WinAnsi
 * (Windows-1252) character set. Everything the archive prints is normalised to that set first:
 * pdfkit would otherwise write a character outside it as an odd-length hex code and garble the
 * rest of the line.
 */
import type { ArchiveDocument, ArchiveSection } from '../../../app/archive-model';

/** The characters above Latin-1 that WinAnsiEncoding (and so pdfkit's standard fonts) has. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Common characters outside WinAnsi, and what to print instead. */
const REPLACEMENTS: Record<string, string> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '–', // figure dash
  '\u2015': '—', // horizontal bar
  '\u2212': '-', // minus sign (Intl number formatting)
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u202F': ' ', // narrow no-break space (Intl number and time formatting)
  '\u2028': '\n',
  '\u2029': '\n',
  '\u2032': "'",
  '\u2033': '"',
  '\u2192': '->',
  '\u2190': '<-',
  '\u21D2': '=>',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u25CF': '•',
  '\u25E6': '•',
  '\u2023': '•',
  '\u2043': '-',
  '\u2713': 'x', // check mark
  '\u2714': 'x',
  '\u2717': 'x',
  '\u2718': 'x',
  '\u00AD': '', // soft hyphen
  '\u200B': '', // zero-width space
  '\u200C': '',
  '\u200D': '',
  '\u2060': '',
  '\uFEFF': '',
  '\u0110': 'D', // Sámi đ/Đ have no decomposition
  '\u0111': 'd',
  '\u014A': 'N', // Sámi ŋ/Ŋ
  '\u014B': 'n',
  '\u0166': 'T', // Sámi ŧ/Ŧ
  '\u0167': 't',
  '\u0141': 'L', // Polish ł/Ł
  '\u0142': 'l',
  '\u0131': 'i',
  '\u0130': 'I',
};

function isWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  if (code === 0x0a) return true;
  if (code >= 0x20 && code <= 0x7e) return true;
  if (code >= 0xa0 && code <= 0xff) return true;
  return WIN_ANSI_EXTRA.has(ch);
}

/**
 * Makes text printable with the standard fonts: NFC (so "å" typed as a + ring is one character),
 * line breaks as \n, tabs as spaces, control characters dropped, typographic characters outside
 * WinAnsi replaced by their nearest equivalent, accented letters outside it (č, ő, ș …) by their
 * base letter, and anything else (emoji, other scripts) by "?".
 */
export function toWinAnsi(text: string): string {
  const normalised = text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
  let out = '';
  for (const ch of normalised) {
    if (isWinAnsi(ch)) {
      out += ch;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    const replacement = REPLACEMENTS[ch];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    // Variation selectors and combining marks left after NFC: drop them.
    if (/\p{M}/u.test(ch) || (code >= 0xfe00 && code <= 0xfe0f)) continue;
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    out += base && [...base].every(isWinAnsi) ? base : '?';
  }
  return out;
}

function sanitizeSection(section: ArchiveSection): ArchiveSection {
  return {
    heading: toWinAnsi(section.heading),
    facts: section.facts?.map(([label, value]) => [toWinAnsi(label), toWinAnsi(value)] as [string, string]),
    paragraphs: section.paragraphs?.map(toWinAnsi),
    table: section.table && { columns: section.table.columns.map(toWinAnsi), rows: section.table.rows.map((row) => row.map(toWinAnsi)) },
    subsections: section.subsections?.map(sanitizeSection),
  };
}

export function sanitizeDocument(doc: ArchiveDocument): ArchiveDocument {
  return {
    lang: doc.lang,
    title: toWinAnsi(doc.title),
    school: toWinAnsi(doc.school),
    confidentiality: toWinAnsi(doc.confidentiality),
    generated: toWinAnsi(doc.generated),
    pageLabel: toWinAnsi(doc.pageLabel),
    sections: doc.sections.map(sanitizeSection),
  };
}
