/**
 * The drawing primitives of the archive PDF: the A4 page and its text styles, and a pen that
 * measures, wraps and draws lines of text at a running position, breaking pages between lines.
 *
 * Layout is done line by line rather than by pdfkit's own flowing text, so every block can be
 * measured before it is drawn (see archive-layout.ts), and nothing is drawn over the header or
 * footer.
 */
export type Doc = PDFKit.PDFDocument;

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN_X = 50;
export const HEADER_Y = 26;
export const FOOTER_RULE_Y = A4.height - 44;
export const CONTENT_BOTTOM = A4.height - 56;

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

export const COLOR_TEXT = '#1a1a1a';
const COLOR_MUTED = '#555555';
export const COLOR_RULE = '#8c8c8c';
export const COLOR_BORDER = '#a6a6a6';
export const COLOR_HEADER_FILL = '#e8e8e8';

export interface TextStyle {
  font: string;
  size: number;
  /** Distance between baselines. */
  leading: number;
  color: string;
}

const style = (font: string, size: number, leading: number, color = COLOR_TEXT): TextStyle => ({ font, size, leading, color });

export const STYLE = {
  header: style(FONT, 8, 10, COLOR_MUTED),
  footer: style(FONT, 8, 10, COLOR_MUTED),
  title: style(BOLD, 18, 22),
  school: style(FONT, 11.5, 15),
  generated: style(FONT, 9, 12, COLOR_MUTED),
  h1: style(BOLD, 13, 16),
  h2: style(BOLD, 11, 14),
  h3: style(BOLD, 10, 13),
  body: style(FONT, 10, 13.5),
  label: style(BOLD, 9.5, 12.5),
  value: style(FONT, 9.5, 12.5),
  th: style(BOLD, 8.5, 11),
  td: style(FONT, 8.5, 11),
} satisfies Record<string, TextStyle>;

/** Draws on the document's pages from `top` to `bottom` between the margins; `y` is where the next line goes. */
export class Pen {
  readonly left = MARGIN_X;
  readonly width = A4.width - 2 * MARGIN_X;
  readonly bottom = CONTENT_BOTTOM;
  /** Where the content starts on every page (below the header); set once the header is measured. */
  top = 0;
  y = 0;

  constructor(readonly pdf: Doc) {}

  startAt(top: number): void {
    this.top = top;
    this.y = top;
  }

  newPage(): void {
    this.pdf.addPage();
    this.y = this.top;
  }

  /** Starts a new page unless `height` fits below the current position (and the page is not empty). */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > this.top) this.newPage();
  }

  linesThatFit(leading: number): number {
    return Math.floor((this.bottom - this.y + 0.01) / leading);
  }

  pageLines(leading: number): number {
    return Math.floor((this.bottom - this.top) / leading);
  }

  rule(y: number, width: number, color: string): void {
    this.pdf
      .save()
      .lineWidth(width)
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .stroke(color)
      .restore();
  }

  use(style: TextStyle): void {
    this.pdf.font(style.font).fontSize(style.size);
  }

  /** Draws lines at y from the left margin, breaking pages between lines as needed (title, headings). */
  drawBlock(lines: string[], style: TextStyle): void {
    for (const line of lines) {
      if (this.linesThatFit(style.leading) < 1) this.newPage();
      this.drawLines([line], style, this.left, this.y);
      this.y += style.leading;
    }
  }

  /** Draws lines one under the other from y (the top of the first line); no wrapping, no page breaks. */
  drawLines(lines: string[], style: TextStyle, x: number, y: number): void {
    this.use(style);
    this.pdf.fillColor(style.color);
    // Centre the glyphs' box (ascender to descender) in the leading.
    const offset = (style.leading - style.size * 1.15) / 2;
    lines.forEach((line, i) => {
      if (line) this.pdf.text(line, x, y + offset + i * style.leading, { lineBreak: false });
    });
  }

  /** Wraps text to width: keeps its line breaks, breaks at spaces, and breaks a word longer than a line. */
  wrap(text: string, style: TextStyle, width: number): string[] {
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

  shorten(text: string, style: TextStyle, width: number): string {
    this.use(style);
    if (this.pdf.widthOfString(text) <= width) return text;
    let s = text;
    while (s && this.pdf.widthOfString(`${s}…`) > width) s = s.slice(0, -1);
    return s ? `${s.trimEnd()}…` : '';
  }
}
