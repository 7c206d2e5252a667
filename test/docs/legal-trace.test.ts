/**
 * docs/legal-trace.md promises, per rule of the seeds, the test that fails if the rule is broken. That
 * promise is only worth something while the tests it names exist: a renamed or deleted test must fail
 * here, not leave a row pointing at nothing. The titles are read from the test files without running
 * them (test/docs/test-titles.ts), as jest prints them: «file › describe › … › it».
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTitles, type TestTitle } from './test-titles';

const ROOT = join(__dirname, '../..');

interface Row {
  line: number;
  id: string;
  quote: string;
  code: string;
  tests: string;
}

/** The table rows of the seed sections; the section «To be traced when item N lands» is left for the merge. */
export function traceRows(markdown: string): Row[] {
  const rows: Row[] = [];
  let skipping = false;
  markdown.split('\n').forEach((text, i) => {
    if (text.startsWith('## ')) skipping = /^## To be traced when/.test(text);
    if (skipping || !text.startsWith('|') || /^\|\s*(#|-)/.test(text)) return;
    const cells = text.slice(1, text.endsWith('|') ? -1 : undefined).split('|').map((c) => c.trim());
    rows.push({ line: i + 1, id: cells[0], quote: cells[2] ?? '', code: cells[3] ?? '', tests: cells[4] ?? '', ...(cells.length !== 5 ? { id: `${cells[0]} (has ${cells.length} cells, not 5)` } : {}) });
  });
  return rows;
}

/** What is wrong with one row, or nothing. */
export function rowProblems(row: Row, titles: TestTitle[], root = ROOT): string[] {
  const where = `line ${row.line} (${row.id})`;
  const out: string[] = [];
  if (/has \d+ cells/.test(row.id)) out.push(`${where}: a row has 5 cells`);
  if (!/^«.+»$/.test(row.quote)) out.push(`${where}: the seed's words are quoted in «»`);
  if (row.tests.startsWith('not implemented:')) {
    if (row.tests.replace('not implemented:', '').trim().split(/\s+/).length < 4) out.push(`${where}: «not implemented» needs a reason`);
    return out;
  }
  if (!row.tests) {
    out.push(`${where}: neither a test nor «not implemented: why»`);
    return out;
  }
  for (const ref of row.tests.split('<br>').map((s) => s.trim())) {
    const file = ref.split(' › ')[0];
    if (!titles.some((t) => t.file === file && t.pattern.test(ref.slice(file.length + 3)))) out.push(`${where}: no test «${ref}»`);
  }
  for (const c of row.code.split('<br>').map((s) => s.trim().replace(/`/g, ''))) {
    const m = /^(src\/[^:]+):([A-Za-z_$][\w$]*)$/.exec(c);
    if (!m) out.push(`${where}: code is «src/file.ts:function», not «${c}»`);
    else if (!existsSync(join(root, m[1]))) out.push(`${where}: no file ${m[1]}`);
    else if (!new RegExp(`\\b${m[2].replace(/\$/g, '\\$')}\\b`).test(readFileSync(join(root, m[1]), 'utf8'))) out.push(`${where}: ${m[2]} is not in ${m[1]}`);
  }
  return out;
}

describe('docs/legal-trace.md', () => {
  const markdown = readFileSync(join(ROOT, 'docs/legal-trace.md'), 'utf8');
  const rows = traceRows(markdown);
  const titles = allTitles(ROOT);

  it('traces at least 100 rules of the seeds 000–004, each seed with its own rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
    for (const seed of ['000', '001', '002', '003', '004']) expect(rows.filter((r) => r.id.startsWith(`${seed}-`)).length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('names, for every rule, tests that exist in test/ and code that exists in src/, or says why it is not implemented', () => {
    expect(rows.flatMap((r) => rowProblems(r, titles))).toEqual([]);
  });

  it('says what is wrong with a row that points at nothing', () => {
    const bad = [
      '## 000',
      '| # | seed § | words | code | test |',
      '|---|---|---|---|---|',
      '| 000-1 | 1 | «quoted» | src/domain/complaint.ts:registerComplaint | test/domain/complaint.test.ts › klage på opplæring (seed 000) › a title nobody wrote |',
      '| 000-2 | 1 | «quoted» | src/domain/complaint.ts:noSuchFunction | test/domain/complaint.test.ts › klage på opplæring (seed 000) › a complaint starts at the conversation with the subject teacher |',
      '| 000-3 | 1 | «quoted» | — |  |',
      '| 000-4 | 1 | not quoted | — | not implemented: the school does it on paper |',
      '| 000-5 | 1 | «quoted» | — | not implemented: |',
      '| 000-6 | 1 | «quoted» | src/domain/commands.ts:parseCommand | test/bot/meld-fra.test.ts › asking to report › "meld fra" gives the report card |',
      '## To be traced when item 1 lands',
      '| P-1 | 8.3 | «quoted» | — | pending: issue 12 item 1 |',
    ].join('\n');
    expect(traceRows(bad).flatMap((r) => rowProblems(r, titles))).toEqual([
      'line 4 (000-1): no test «test/domain/complaint.test.ts › klage på opplæring (seed 000) › a title nobody wrote»',
      'line 5 (000-2): noSuchFunction is not in src/domain/complaint.ts',
      'line 6 (000-3): neither a test nor «not implemented: why»',
      "line 7 (000-4): the seed's words are quoted in «»",
      'line 8 (000-5): «not implemented» needs a reason',
    ]);
  });
});
