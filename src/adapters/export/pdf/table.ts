/**
 * Tables in the archive PDF: column widths from what the cells hold, cells wrapped to them, and
 * rows that move (or split) to the next page with the header row repeated there.
 */
import { COLOR_BORDER, COLOR_HEADER_FILL, STYLE, type Pen, type TextStyle } from './pen';

const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;
const MAX_HEADER_LINES = 6;

/** A table measured for the page: column widths, and every cell (header row too) wrapped to its lines. */
export interface TableLayout {
  widths: number[];
  header: string[][];
  headerHeight: number;
  rows: string[][][];
}

export function tableLayout(pen: Pen, columns: string[], rows: string[][]): TableLayout {
  const n = Math.max(columns.length, 1);
  const minWidths: number[] = [];
  const maxWidths: number[] = [];
  for (let c = 0; c < n; c++) {
    let widestWord = 0;
    let widestLine = 0;
    const measure = (text: string, style: TextStyle): void => {
      pen.use(style);
      for (const line of text.split('\n')) {
        widestLine = Math.max(widestLine, pen.pdf.widthOfString(line));
        for (const word of line.split(' ')) widestWord = Math.max(widestWord, pen.pdf.widthOfString(word));
      }
    };
    measure(columns[c] ?? '', STYLE.th);
    for (const row of rows) measure(row[c] ?? '', STYLE.td);
    const pad = 2 * CELL_PAD_X + 1;
    // A very long word (a URL) may break rather than take the table.
    minWidths.push(Math.min(widestWord + pad, (pen.width / n) * 1.5));
    // One long text column must not starve the others: cap the natural width.
    maxWidths.push(Math.max(Math.min(widestLine + pad, pen.width * 0.55), minWidths[c]));
  }
  const widths = distribute(minWidths, maxWidths, pen.width, pen.width * 0.2);
  // Column names are short labels; a runaway one must not push the header row off the page.
  const header = widths.map((w, c) => pen.wrap(columns[c] ?? '', STYLE.th, w - 2 * CELL_PAD_X).slice(0, MAX_HEADER_LINES));
  const headerHeight = Math.max(...header.map((l) => l.length)) * STYLE.th.leading + 2 * CELL_PAD_Y;
  const cells = rows.map((row) => widths.map((w, c) => pen.wrap(row[c] ?? '', STYLE.td, w - 2 * CELL_PAD_X)));
  return { widths, header, headerHeight, rows: cells };
}

const rowLines = (row: string[][]): number => Math.max(1, ...row.map((lines) => lines.length));

/** The header row with (up to 3 lines of) the first row: what must not be parted at a page break. */
export function tableLeadHeight(table: TableLayout): number {
  const firstRow = table.rows[0] ? Math.min(rowLines(table.rows[0]), 3) * STYLE.td.leading + 2 * CELL_PAD_Y : 0;
  return table.headerHeight + firstRow;
}

export function renderTable(pen: Pen, columns: string[], rows: string[][]): void {
  const table = tableLayout(pen, columns, rows);
  const leading = STYLE.td.leading;
  const drawHeader = (): void => {
    drawRow(pen, table.widths, table.header, STYLE.th, table.headerHeight, true);
  };
  // The header row never ends a page alone.
  pen.ensure(tableLeadHeight(table));
  drawHeader();
  const fullPage = Math.floor((pen.bottom - pen.top - table.headerHeight - 2 * CELL_PAD_Y) / leading);
  /** True right after a page break and its header row: a row must go in here, at least partly. */
  let fresh = false;
  for (const row of table.rows) {
    let rest = row;
    for (;;) {
      const lines = rowLines(rest);
      const fit = Math.floor((pen.bottom - pen.y - 2 * CELL_PAD_Y) / leading);
      if (lines <= fit) {
        drawRow(pen, table.widths, rest, STYLE.td, lines * leading + 2 * CELL_PAD_Y, false);
        fresh = false;
        break;
      }
      // Move the row whole to the next page if it would fit there and is not large; otherwise
      // split it at a line, the rest continuing under the repeated header row.
      if (!fresh && (fit < 2 || (lines <= fullPage && lines <= fullPage / 3))) {
        pen.newPage();
        drawHeader();
        fresh = true;
        continue;
      }
      const take = Math.max(fit, 1);
      drawRow(pen, table.widths, rest.map((cell) => cell.slice(0, take)), STYLE.td, take * leading + 2 * CELL_PAD_Y, false);
      rest = rest.map((cell) => cell.slice(take));
      if (rest.every((cell) => cell.length === 0)) {
        fresh = false;
        break;
      }
      pen.newPage();
      drawHeader();
      fresh = true;
    }
  }
}

function drawRow(pen: Pen, widths: number[], cells: string[][], style: TextStyle, height: number, header: boolean): void {
  const pdf = pen.pdf;
  let x = pen.left;
  pdf.save();
  pdf.lineWidth(0.5);
  for (let c = 0; c < widths.length; c++) {
    if (header) pdf.rect(x, pen.y, widths[c], height).fillAndStroke(COLOR_HEADER_FILL, COLOR_BORDER);
    else pdf.rect(x, pen.y, widths[c], height).stroke(COLOR_BORDER);
    x += widths[c];
  }
  pdf.restore();
  x = pen.left;
  for (let c = 0; c < widths.length; c++) {
    pen.drawLines(cells[c] ?? [], style, x + CELL_PAD_X, pen.y + CELL_PAD_Y);
    x += widths[c];
  }
  pen.y += height;
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
