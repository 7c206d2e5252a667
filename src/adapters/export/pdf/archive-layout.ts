/**
 * Lays out an ArchiveDocument on the pages: the title block, the sections with their facts,
 * paragraphs and tables, and at the end the header (confidentiality line) and footer ("Side 1 av 3")
 * on every page, through bufferPages.
 *
 * Every block is measured before it is drawn, so headings never end a page alone and a block that
 * does not fit moves whole to the next page, or splits there when it is long.
 */
import type { ArchiveDocument, ArchiveSection } from '../../../app/archive-model';
import { COLOR_RULE, COLOR_TEXT, FOOTER_RULE_Y, HEADER_Y, Pen, STYLE, type Doc, type TextStyle } from './pen';
import { renderTable, tableLayout, tableLeadHeight } from './table';

const FACT_GAP_X = 12;
const FACT_ROW_GAP = 3;
const PARAGRAPH_GAP = 6;
const BLOCK_GAP = 8;

const headingStyle = (level: number): TextStyle => (level === 0 ? STYLE.h1 : level === 1 ? STYLE.h2 : STYLE.h3);

export class ArchiveLayout {
  private readonly pen: Pen;
  private readonly headerLines: string[];
  private labelWidth: number | undefined;

  constructor(
    pdf: Doc,
    private readonly doc: ArchiveDocument,
  ) {
    this.pen = new Pen(pdf);
    this.headerLines = this.pen.wrap(doc.confidentiality, STYLE.header, this.pen.width).slice(0, 3);
    // Header text, a rule under it, then the content.
    this.pen.startAt(HEADER_Y + this.headerLines.length * STYLE.header.leading + 20);
  }

  render(): void {
    this.renderTitle();
    for (const section of this.doc.sections) this.renderSection(section, 0);
    this.renderPageFurniture();
  }

  private renderTitle(): void {
    const pen = this.pen;
    const block = (text: string, style: TextStyle): void => pen.drawBlock(pen.wrap(text, style, pen.width), style);
    block(this.doc.title, STYLE.title);
    pen.y += 4;
    if (this.doc.school.trim()) block(this.doc.school, STYLE.school);
    if (this.doc.generated.trim()) block(this.doc.generated, STYLE.generated);
    pen.y += 6;
    pen.rule(pen.y, 1, COLOR_TEXT);
    pen.y += 10;
  }

  private renderSection(section: ArchiveSection, level: number): void {
    const pen = this.pen;
    const style = headingStyle(level);
    const before = level === 0 ? 14 : 10;
    if (pen.y > pen.top) pen.y += before;
    const heading = pen.wrap(section.heading, style, pen.width);
    const headingHeight = heading.length * style.leading + (level === 0 ? 8 : 4);
    // Keep the heading with the start of what follows it.
    pen.ensure(headingHeight + this.leadHeight(section, level));
    pen.drawBlock(heading, style);
    if (level === 0) {
      pen.y += 2;
      pen.rule(pen.y, 0.5, COLOR_RULE);
      pen.y += 6;
    } else {
      pen.y += 4;
    }

    let first = true;
    const gap = (): void => {
      if (!first) pen.y += BLOCK_GAP;
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
      renderTable(pen, section.table.columns, section.table.rows);
    }
    for (const sub of section.subsections ?? []) this.renderSection(sub, level + 1);
  }

  /** The height of the first few lines of a section's content (what a heading must not be parted from). */
  private leadHeight(section: ArchiveSection, level: number): number {
    const pen = this.pen;
    if (section.facts?.length) {
      const [label, value] = section.facts[0];
      const labelWidth = this.factLabelWidth();
      const lines = Math.max(pen.wrap(label, STYLE.label, labelWidth).length, pen.wrap(value, STYLE.value, pen.width - labelWidth - FACT_GAP_X).length);
      return Math.min(lines, 3) * STYLE.value.leading;
    }
    if (section.paragraphs?.length) {
      const lines = pen.wrap(section.paragraphs[0], STYLE.body, pen.width).length;
      return Math.min(lines, 3) * STYLE.body.leading;
    }
    if (section.table) return tableLeadHeight(tableLayout(pen, section.table.columns, section.table.rows));
    const sub = section.subsections?.[0];
    if (sub) {
      const style = headingStyle(level + 1);
      return 10 + pen.wrap(sub.heading, style, pen.width).length * style.leading + 4 + this.leadHeight(sub, level + 1);
    }
    return 0;
  }

  // ---- facts: a two-column label/value list --------------------------------------------------

  /** One label column for the whole document, so the values line up from section to section. */
  private factLabelWidth(): number {
    if (this.labelWidth !== undefined) return this.labelWidth;
    const pen = this.pen;
    pen.use(STYLE.label);
    let widest = 0;
    const visit = (section: ArchiveSection): void => {
      for (const [label] of section.facts ?? []) for (const line of label.split('\n')) widest = Math.max(widest, pen.pdf.widthOfString(line));
      section.subsections?.forEach(visit);
    };
    this.doc.sections.forEach(visit);
    // A long label wraps rather than push every value to the right.
    this.labelWidth = Math.min(Math.max(widest + 2, 90), pen.width * 0.3);
    return this.labelWidth;
  }

  private renderFacts(facts: [string, string][]): void {
    const pen = this.pen;
    const labelWidth = this.factLabelWidth();
    const valueX = pen.left + labelWidth + FACT_GAP_X;
    const valueWidth = pen.width - labelWidth - FACT_GAP_X;
    facts.forEach(([label, value], i) => {
      let labels = pen.wrap(label, STYLE.label, labelWidth);
      let values = pen.wrap(value.trim() ? value : '–', STYLE.value, valueWidth);
      if (i > 0) pen.y += FACT_ROW_GAP;
      for (;;) {
        const lines = Math.max(labels.length, values.length);
        const fit = pen.linesThatFit(STYLE.value.leading);
        if (lines <= fit) {
          pen.drawLines(labels, STYLE.label, pen.left, pen.y);
          pen.drawLines(values, STYLE.value, valueX, pen.y);
          pen.y += lines * STYLE.value.leading;
          return;
        }
        // Does not fit: move it whole unless it is long, then split it (never fewer than 2 lines here).
        if (pen.y > pen.top && (fit < 2 || lines <= pen.pageLines(STYLE.value.leading) / 3)) {
          pen.newPage();
          continue;
        }
        const take = Math.max(fit, 1);
        pen.drawLines(labels.slice(0, take), STYLE.label, pen.left, pen.y);
        pen.drawLines(values.slice(0, take), STYLE.value, valueX, pen.y);
        labels = labels.slice(take);
        values = values.slice(take);
        pen.newPage();
      }
    });
  }

  private renderParagraphs(paragraphs: string[]): void {
    const pen = this.pen;
    const leading = STYLE.body.leading;
    paragraphs.forEach((paragraph, i) => {
      if (i > 0) pen.y += PARAGRAPH_GAP;
      const lines = pen.wrap(paragraph, STYLE.body, pen.width);
      // No single first line at the foot of a page.
      if (lines.length >= 2 && pen.linesThatFit(leading) < 2) pen.newPage();
      lines.forEach((line, n) => {
        if (pen.linesThatFit(leading) < 1) pen.newPage();
        // A page never starts with an empty line.
        if (line === '' && pen.y === pen.top) return;
        // Keep the last line of a paragraph with the one before it (no widow).
        if (n === lines.length - 2 && lines.length >= 3 && pen.linesThatFit(leading) === 1) pen.newPage();
        pen.drawLines([line], STYLE.body, pen.left, pen.y);
        pen.y += leading;
      });
    });
  }

  /** The confidentiality line and a rule at the top of every page; a rule, the title and "Side n av m" at the foot. */
  private renderPageFurniture(): void {
    const pen = this.pen;
    const pdf = pen.pdf;
    const { start, count } = pdf.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      pdf.switchToPage(i);
      pen.drawLines(this.headerLines, STYLE.header, pen.left, HEADER_Y);
      pen.rule(HEADER_Y + this.headerLines.length * STYLE.header.leading + 4, 0.5, COLOR_RULE);
      pen.rule(FOOTER_RULE_Y, 0.5, COLOR_RULE);
      const label = this.doc.pageLabel.replace(/\{page\}/g, String(i - start + 1)).replace(/\{pages\}/g, String(count));
      pen.use(STYLE.footer);
      const labelWidth = pdf.widthOfString(label);
      const y = FOOTER_RULE_Y + 6;
      pdf.text(label, pen.left + pen.width - labelWidth, y, { lineBreak: false });
      // The title on the left, shortened to what the page label leaves.
      const title = pen.shorten(this.doc.title.replace(/\s*\n\s*/g, ' '), STYLE.footer, pen.width - labelWidth - 20);
      pdf.text(title, pen.left, y, { lineBreak: false });
    }
  }
}
