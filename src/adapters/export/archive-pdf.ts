/**
 * Renders the archive export of a case (ArchiveDocument) as an A4 PDF with pdfkit.
 *
 * Layout is done here, line by line, rather than by pdfkit's own flowing text: every block is
 * measured before it is drawn, so headings never end a page alone, table rows move (or split)
 * to the next page with the header row repeated, and nothing is drawn over the header or footer.
 * The header (confidentiality line) and footer ("Side 1 av 3") are written on every page at the
 * end, through bufferPages.
 *
 * Fonts are the PDF standard 14 Helvetica faces: no font files, but only the WinAnsi (Windows-1252)
 * character set. Text is normalised to that set first (see toWinAnsi): pdfkit would otherwise write a
 * character outside it as an odd-length hex code and garble the rest of the line.
 *
 * Never log or put the content in an error message: it is sensitive pupil data.
 */
import PDFDocument from 'pdfkit';
import type { ArchiveDocument, ArchiveSection } from '../../app/archive-model';

export interface ArchivePdfOptions {
  /** Compress content streams (default true). Tests pass false to read the text in the raw PDF. */
  compress?: boolean;
}

type Doc = PDFKit.PDFDocument;

const A4 = { width: 595.28, height: 841.89 };
const MARGIN_X = 50;
const HEADER_Y = 26;
const FOOTER_RULE_Y = A4.height - 44;
const CONTENT_BOTTOM = A4.height - 56;

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

const COLOR_TEXT = '#1a1a1a';
const COLOR_MUTED = '#555555';
const COLOR_RULE = '#8c8c8c';
const COLOR_BORDER = '#a6a6a6';
const COLOR_HEADER_FILL = '#e8e8e8';

interface TextStyle {
  font: string;
  size: number;
  /** Distance between baselines. */
  leading: number;
  color: string;
}

const STYLE = {
  header: { font: FONT, size: 8, leading: 10, color: COLOR_MUTED },
  footer: { font: FONT, size: 8, leading: 10, color: COLOR_MUTED },
  title: { font: BOLD, size: 18, leading: 22, color: COLOR_TEXT },
  school: { font: FONT, size: 11.5, leading: 15, color: COLOR_TEXT },
  generated: { font: FONT, size: 9, leading: 12, color: COLOR_MUTED },
  h1: { font: BOLD, size: 13, leading: 16, color: COLOR_TEXT },
  h2: { font: BOLD, size: 11, leading: 14, color: COLOR_TEXT },
  h3: { font: BOLD, size: 10, leading: 13, color: COLOR_TEXT },
  body: { font: FONT, size: 10, leading: 13.5, color: COLOR_TEXT },
  label: { font: BOLD, size: 9.5, leading: 12.5, color: COLOR_TEXT },
  value: { font: FONT, size: 9.5, leading: 12.5, color: COLOR_TEXT },
  th: { font: BOLD, size: 8.5, leading: 11, color: COLOR_TEXT },
  td: { font: FONT, size: 8.5, leading: 11, color: COLOR_TEXT },
} satisfies Record<string, TextStyle>;

const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;
const FACT_GAP_X = 12;
const FACT_ROW_GAP = 3;
const PARAGRAPH_GAP = 6;
const BLOCK_GAP = 8;
const MAX_HEADER_LINES = 6;

/** Renders the document; resolves with the whole PDF. */
export function renderArchivePdf(doc: ArchiveDocument, opts?: ArchivePdfOptions): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    try {
      const clean = sanitizeDocument(doc);
      const pdf = new PDFDocument({
        size: 'A4',
        margins: { top: MARGIN_X, bottom: A4.height - CONTENT_BOTTOM, left: MARGIN_X, right: MARGIN_X },
        bufferPages: true,
        compress: opts?.compress ?? true,
        pdfVersion: '1.7',
        lang: clean.lang === 'nn' ? 'nn-NO' : 'nb-NO',
        displayTitle: true,
        // Metadata strings are UTF-16 in the PDF: the title goes in as written.
        info: { Title: doc.title.replace(/\s*\n\s*/g, ' '), Creator: 'Meld fra' },
      });
      escapeXmpTitle(pdf);
      const chunks: Buffer[] = [];
      pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
      pdf.on('end', () => resolve(Buffer.concat(chunks)));
      pdf.on('error', () => reject(new Error('archive PDF: pdfkit failed while writing')));
      new Layout(pdf, clean).render();
      pdf.end();
    } catch (err) {
      // pdfkit's own messages do not carry the text; ours never do.
      reject(err instanceof Error ? err : new Error('archive PDF: rendering failed'));
    }
  });
}

/**
 * pdfkit writes the title into the XMP metadata packet as it is, so a "&" or "<" in it makes the XML
 * invalid. It writes the Info dictionary first, then the XMP (endMetadata): escape the title just
 * for the latter. If a pdfkit version no longer has endMetadata, nothing changes.
 */
function escapeXmpTitle(pdf: Doc): void {
  const internal = pdf as unknown as { endMetadata?: () => void; info: PDFKit.DocumentInfo };
  const endMetadata = internal.endMetadata;
  if (typeof endMetadata !== 'function') return;
  internal.endMetadata = () => {
    const title = internal.info.Title;
    if (title) internal.info.Title = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    endMetadata.call(pdf);
    if (title) internal.info.Title = title;
  };
}

class Layout {
  private readonly left = MARGIN_X;
  private readonly width = A4.width - 2 * MARGIN_X;
  private readonly headerLines: string[];
  private readonly top: number;
  private readonly bottom = CONTENT_BOTTOM;
  private y: number;
  private labelWidth: number | undefined;

  constructor(
    private readonly pdf: Doc,
    private readonly doc: ArchiveDocument,
  ) {
    this.headerLines = this.wrap(doc.confidentiality, STYLE.header, this.width).slice(0, 3);
    // Header text, a rule under it, then the content.
    this.top = HEADER_Y + this.headerLines.length * STYLE.header.leading + 20;
    this.y = this.top;
  }

  render(): void {
    this.renderTitle();
    for (const section of this.doc.sections) this.renderSection(section, 0);
    this.renderPageFurniture();
  }

  // ---- title block ------------------------------------------------------------------------

  private renderTitle(): void {
    this.drawBlock(this.wrap(this.doc.title, STYLE.title, this.width), STYLE.title, this.left);
    this.y += 4;
    if (this.doc.school.trim()) this.drawBlock(this.wrap(this.doc.school, STYLE.school, this.width), STYLE.school, this.left);
    if (this.doc.generated.trim()) this.drawBlock(this.wrap(this.doc.generated, STYLE.generated, this.width), STYLE.generated, this.left);
    this.y += 6;
    this.rule(this.y, 1, COLOR_TEXT);
    this.y += 10;
  }

  // ---- sections ---------------------------------------------------------------------------

  private renderSection(section: ArchiveSection, level: number): void {
    const style = level === 0 ? STYLE.h1 : level === 1 ? STYLE.h2 : STYLE.h3;
    const before = level === 0 ? 14 : 10;
    if (this.y > this.top) this.y += before;
    const heading = this.wrap(section.heading, style, this.width);
    const headingHeight = heading.length * style.leading + (level === 0 ? 8 : 4);
    // Keep the heading with the start of what follows it.
    this.ensure(headingHeight + this.leadHeight(section, level));
    this.drawBlock(heading, style, this.left);
    if (level === 0) {
      this.y += 2;
      this.rule(this.y, 0.5, COLOR_RULE);
      this.y += 6;
    } else {
      this.y += 4;
    }

    let first = true;
    const gap = (): void => {
      if (!first) this.y += BLOCK_GAP;
      first = false;
    };
    if (section.facts?.length) {
      gap();
      this.renderFacts(section.facts);
    }
    if (section.paragraphs?.length) {
      gap();
      this.renderParagraphs(section.paragraphs);
    }
    if (section.table) {
      gap();
      this.renderTable(section.table.columns, section.table.rows);
    }
    for (const sub of section.subsections ?? []) this.renderSection(sub, level + 1);
  }

  /** The height of the first few lines of a section's content (what a heading must not be parted from). */
  private leadHeight(section: ArchiveSection, level: number): number {
    if (section.facts?.length) {
      const [label, value] = section.facts[0];
      const labelWidth = this.factLabelWidth();
      const lines = Math.max(this.wrap(label, STYLE.label, labelWidth).length, this.wrap(value, STYLE.value, this.width - labelWidth - FACT_GAP_X).length);
      return Math.min(lines, 3) * STYLE.value.leading;
    }
    if (section.paragraphs?.length) {
      const lines = this.wrap(section.paragraphs[0], STYLE.body, this.width).length;
      return Math.min(lines, 3) * STYLE.body.leading;
    }
    if (section.table) {
      const table = this.tableLayout(section.table.columns, section.table.rows);
      const firstRow = table.rows[0] ? Math.min(this.rowLines(table.rows[0]), 3) * STYLE.td.leading + 2 * CELL_PAD_Y : 0;
      return table.headerHeight + firstRow;
    }
    const sub = section.subsections?.[0];
    if (sub) {
      const style = level + 1 === 1 ? STYLE.h2 : STYLE.h3;
      return 10 + this.wrap(sub.heading, style, this.width).length * style.leading + 4 + this.leadHeight(sub, level + 1);
    }
    return 0;
  }

  // ---- facts: a two-column label/value list --------------------------------------------------

  /** One label column for the whole document, so the values line up from section to section. */
  private factLabelWidth(): number {
    if (this.labelWidth !== undefined) return this.labelWidth;
    this.use(STYLE.label);
    let widest = 0;
    const visit = (section: ArchiveSection): void => {
      for (const [label] of section.facts ?? []) for (const line of label.split('\n')) widest = Math.max(widest, this.pdf.widthOfString(line));
      section.subsections?.forEach(visit);
    };
    this.doc.sections.forEach(visit);
    // A long label wraps rather than push every value to the right.
    this.labelWidth = Math.min(Math.max(widest + 2, 90), this.width * 0.3);
    return this.labelWidth;
  }

  private renderFacts(facts: [string, string][]): void {
    const labelWidth = this.factLabelWidth();
    const valueX = this.left + labelWidth + FACT_GAP_X;
    const valueWidth = this.width - labelWidth - FACT_GAP_X;
    facts.forEach(([label, value], i) => {
      let labels = this.wrap(label, STYLE.label, labelWidth);
      let values = this.wrap(value.trim() ? value : '–', STYLE.value, valueWidth);
      if (i > 0) this.y += FACT_ROW_GAP;
      for (;;) {
        const lines = Math.max(labels.length, values.length);
        const fit = this.linesThatFit(STYLE.value.leading);
        if (lines <= fit) {
          this.drawLines(labels, STYLE.label, this.left, this.y);
          this.drawLines(values, STYLE.value, valueX, this.y);
          this.y += lines * STYLE.value.leading;
          return;
        }
        // Does not fit: move it whole unless it is long, then split it (never fewer than 2 lines here).
        if (this.y > this.top && (fit < 2 || lines <= this.pageLines(STYLE.value.leading) / 3)) {
          this.newPage();
          continue;
        }
        const take = Math.max(fit, 1);
        this.drawLines(labels.slice(0, take), STYLE.label, this.left, this.y);
        this.drawLines(values.slice(0, take), STYLE.value, valueX, this.y);
        labels = labels.slice(take);
        values = values.slice(take);
        this.newPage();
      }
    });
  }

  // ---- paragraphs -------------------------------------------------------------------------------

  private renderParagraphs(paragraphs: string[]): void {
    paragraphs.forEach((paragraph, i) => {
      if (i > 0) this.y += PARAGRAPH_GAP;
      const lines = this.wrap(paragraph, STYLE.body, this.width);
      // No single first line at the foot of a page.
      if (lines.length >= 2 && this.linesThatFit(STYLE.body.leading) < 2) this.newPage();
      lines.forEach((line, n) => {
        if (this.linesThatFit(STYLE.body.leading) < 1) {
          this.newPage();
        }
        // A page never starts with an empty line.
        if (line === '' && this.y === this.top) return;
        // Keep the last line of a paragraph with the one before it (no widow).
        if (n === lines.length - 2 && lines.length >= 3 && this.linesThatFit(STYLE.body.leading) === 1) this.newPage();
        this.drawLines([line], STYLE.body, this.left, this.y);
        this.y += STYLE.body.leading;
      });
    });
  }

  // ---- tables ------------------------------------------------------------------------------------

  private tableLayout(columns: string[], rows: string[][]): { widths: number[]; header: string[][]; headerHeight: number; rows: string[][][] } {
    const n = Math.max(columns.length, 1);
    const minWidths: number[] = [];
    const maxWidths: number[] = [];
    for (let c = 0; c < n; c++) {
      let widestWord = 0;
      let widestLine = 0;
      const measure = (text: string, style: TextStyle): void => {
        this.use(style);
        for (const line of text.split('\n')) {
          widestLine = Math.max(widestLine, this.pdf.widthOfString(line));
          for (const word of line.split(' ')) widestWord = Math.max(widestWord, this.pdf.widthOfString(word));
        }
      };
      measure(columns[c] ?? '', STYLE.th);
      for (const row of rows) measure(row[c] ?? '', STYLE.td);
      const pad = 2 * CELL_PAD_X + 1;
      // A very long word (a URL) may break rather than take the table.
      minWidths.push(Math.min(widestWord + pad, (this.width / n) * 1.5));
      // One long text column must not starve the others: cap the natural width.
      maxWidths.push(Math.max(Math.min(widestLine + pad, this.width * 0.55), minWidths[c]));
    }
    const widths = distribute(minWidths, maxWidths, this.width, this.width * 0.2);
    // Column names are short labels; a runaway one must not push the header row off the page.
    const header = widths.map((w, c) => this.wrap(columns[c] ?? '', STYLE.th, w - 2 * CELL_PAD_X).slice(0, MAX_HEADER_LINES));
    const headerHeight = Math.max(...header.map((l) => l.length)) * STYLE.th.leading + 2 * CELL_PAD_Y;
    const cells = rows.map((row) => widths.map((w, c) => this.wrap(row[c] ?? '', STYLE.td, w - 2 * CELL_PAD_X)));
    return { widths, header, headerHeight, rows: cells };
  }

  private rowLines(row: string[][]): number {
    return Math.max(1, ...row.map((lines) => lines.length));
  }

  private renderTable(columns: string[], rows: string[][]): void {
    const table = this.tableLayout(columns, rows);
    const leading = STYLE.td.leading;
    const drawHeader = (): void => {
      this.drawRow(table.widths, table.header, STYLE.th, table.headerHeight, true);
    };
    // The header row never ends a page alone: it goes with (up to 3 lines of) the first row.
    const firstRow = table.rows[0] ? Math.min(this.rowLines(table.rows[0]), 3) * leading + 2 * CELL_PAD_Y : 0;
    this.ensure(table.headerHeight + firstRow);
    drawHeader();
    const fullPage = Math.floor((this.bottom - this.top - table.headerHeight - 2 * CELL_PAD_Y) / leading);
    /** True right after a page break and its header row: a row must go in here, at least partly. */
    let fresh = false;
    for (const row of table.rows) {
      let rest = row;
      for (;;) {
        const lines = this.rowLines(rest);
        const fit = Math.floor((this.bottom - this.y - 2 * CELL_PAD_Y) / leading);
        if (lines <= fit) {
          this.drawRow(table.widths, rest, STYLE.td, lines * leading + 2 * CELL_PAD_Y, false);
          fresh = false;
          break;
        }
        // Move the row whole to the next page if it would fit there and is not large; otherwise
        // split it at a line, the rest continuing under the repeated header row.
        if (!fresh && (fit < 2 || (lines <= fullPage && lines <= fullPage / 3))) {
          this.newPage();
          drawHeader();
          fresh = true;
          continue;
        }
        const take = Math.max(fit, 1);
        this.drawRow(table.widths, rest.map((cell) => cell.slice(0, take)), STYLE.td, take * leading + 2 * CELL_PAD_Y, false);
        rest = rest.map((cell) => cell.slice(take));
        if (rest.every((cell) => cell.length === 0)) {
          fresh = false;
          break;
        }
        this.newPage();
        drawHeader();
        fresh = true;
      }
    }
  }

  private drawRow(widths: number[], cells: string[][], style: TextStyle, height: number, header: boolean): void {
    const pdf = this.pdf;
    let x = this.left;
    pdf.save();
    pdf.lineWidth(0.5);
    for (let c = 0; c < widths.length; c++) {
      if (header) pdf.rect(x, this.y, widths[c], height).fillAndStroke(COLOR_HEADER_FILL, COLOR_BORDER);
      else pdf.rect(x, this.y, widths[c], height).stroke(COLOR_BORDER);
      x += widths[c];
    }
    pdf.restore();
    x = this.left;
    for (let c = 0; c < widths.length; c++) {
      this.drawLines(cells[c] ?? [], style, x + CELL_PAD_X, this.y + CELL_PAD_Y);
      x += widths[c];
    }
    this.y += height;
  }

  // ---- header and footer on every page ---------------------------------------------------------

  private renderPageFurniture(): void {
    const { start, count } = this.pdf.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.pdf.switchToPage(i);
      // Header: the confidentiality line, a thin rule under it.
      this.drawLines(this.headerLines, STYLE.header, this.left, HEADER_Y);
      this.rule(HEADER_Y + this.headerLines.length * STYLE.header.leading + 4, 0.5, COLOR_RULE);
      // Footer: a rule, the title on the left (shortened to fit), "Side n av m" on the right.
      this.rule(FOOTER_RULE_Y, 0.5, COLOR_RULE);
      const label = this.doc.pageLabel.replace(/\{page\}/g, String(i - start + 1)).replace(/\{pages\}/g, String(count));
      this.use(STYLE.footer);
      const labelWidth = this.pdf.widthOfString(label);
      const y = FOOTER_RULE_Y + 6;
      this.pdf.text(label, this.left + this.width - labelWidth, y, { lineBreak: false });
      const title = this.shorten(this.doc.title.replace(/\s*\n\s*/g, ' '), STYLE.footer, this.width - labelWidth - 20);
      this.pdf.text(title, this.left, y, { lineBreak: false });
    }
  }

  // ---- primitives ------------------------------------------------------------------------------------

  private newPage(): void {
    this.pdf.addPage();
    this.y = this.top;
  }

  /** Starts a new page unless `height` fits below the current position (and the page is not empty). */
  private ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > this.top) this.newPage();
  }

  private linesThatFit(leading: number): number {
    return Math.floor((this.bottom - this.y + 0.01) / leading);
  }

  private pageLines(leading: number): number {
    return Math.floor((this.bottom - this.top) / leading);
  }

  private rule(y: number, width: number, color: string): void {
    this.pdf
      .save()
      .lineWidth(width)
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .stroke(color)
      .restore();
  }

  private use(style: TextStyle): void {
    this.pdf.font(style.font).fontSize(style.size);
  }

  /** Draws lines at y, breaking pages between lines as needed (for the title block). */
  private drawBlock(lines: string[], style: TextStyle, x: number): void {
    for (const line of lines) {
      if (this.linesThatFit(style.leading) < 1) this.newPage();
      this.drawLines([line], style, x, this.y);
      this.y += style.leading;
    }
  }

  /** Draws lines one under the other from y (the top of the first line); no wrapping, no page breaks. */
  private drawLines(lines: string[], style: TextStyle, x: number, y: number): void {
    this.use(style);
    this.pdf.fillColor(style.color);
    // Centre the glyphs' box (ascender to descender) in the leading.
    const offset = (style.leading - style.size * 1.15) / 2;
    lines.forEach((line, i) => {
      if (line) this.pdf.text(line, x, y + offset + i * style.leading, { lineBreak: false });
    });
  }

  /** Wraps text to width: keeps its line breaks, breaks at spaces, and breaks a word longer than a line. */
  private wrap(text: string, style: TextStyle, width: number): string[] {
    this.use(style);
    const measure = (s: string): number => this.pdf.widthOfString(s);
    const out: string[] = [];
    for (const paragraph of text.split('\n')) {
      const words = paragraph.split(' ').filter((w) => w !== '');
      if (words.length === 0) {
        out.push('');
        continue;
      }
      let line = '';
      for (const word of words) {
        const candidate = line ? `${line} ${word}` : word;
        if (measure(candidate) <= width) {
          line = candidate;
          continue;
        }
        if (line) out.push(line);
        line = '';
        if (measure(word) <= width) {
          line = word;
          continue;
        }
        // A word wider than the line: break it by characters.
        let piece = '';
        for (const ch of word) {
          if (piece && measure(piece + ch) > width) {
            out.push(piece);
            piece = '';
          }
          piece += ch;
        }
        line = piece;
      }
      out.push(line);
    }
    return out;
  }

  private shorten(text: string, style: TextStyle, width: number): string {
    this.use(style);
    if (this.pdf.widthOfString(text) <= width) return text;
    let s = text;
    while (s && this.pdf.widthOfString(`${s}…`) > width) s = s.slice(0, -1);
    return s ? `${s.trimEnd()}…` : '';
  }
}

/**
 * Column widths between each column's minimum (its longest word) and natural width (its longest
 * line), filling total. A short column (natural width up to `short`: a date, a name) keeps its
 * natural width when the others can still have their minimum; the rest share what is left in
 * proportion to how much more than their minimum they would like.
 */
function distribute(min: number[], max: number[], total: number, short: number): number[] {
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  if (sum(max) <= total) {
    // Everything fits on one line: share the spare room in proportion to the natural widths.
    return max.map((w) => (w / sum(max)) * total);
  }
  if (sum(min) >= total) return min.map((w) => (w / sum(min)) * total);
  const fixed = max.map((w) => w <= short);
  const floor = min.map((w, i) => (fixed[i] ? max[i] : w));
  const lower = sum(floor) <= total ? floor : min;
  const spare = total - sum(lower);
  const slack = sum(max.map((w, i) => w - lower[i]));
  if (slack <= 0) return lower.map((w) => (w / sum(lower)) * total);
  return lower.map((w, i) => w + (spare * (max[i] - w)) / slack);
}

// ---- text normalisation to WinAnsi ------------------------------------------------------------------

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

function sanitizeDocument(doc: ArchiveDocument): ArchiveDocument {
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
