/**
 * «Last ned som CSV» (issue 17): the overview's figures for the municipality's tilstandsrapport,
 * the same figures as the card and under the same small-number rule (domain/overview.ts). Column
 * names are in the schools' language form: nynorsk when every school in the file writes nynorsk,
 * bokmål otherwise. Semicolons and a byte-order mark, as Excel in Norway opens it.
 */
import { FIGURE_ROWS, type Shown, type ShownFigures } from '../domain/overview';
import { plural, strings, fill, type Lang } from '../i18n';
import { isRefusal } from '../domain/errors';
import type { Actor } from './actor';
import type { OverviewView, SchoolOverview } from './school-overview';

/** A figure as the card shows it: «12», «under 5», «80 %», «3 skoledager», «–». */
export function shownText(lang: Lang, s: Shown): string {
  const t = strings(lang).overview;
  switch (s.kind) {
    case 'count':
      return String(s.value);
    case 'percent':
      return fill(t.percent, { value: s.value });
    case 'days':
      return plural(lang, s.value, t.days);
    case 'few':
      return s.derived ? t.fewCases : t.few;
    case 'none':
      return t.none;
  }
}

/** A figure in the file: the bare number (the column says % or days), «under 5» («under 5 saker» for a share or median), or empty. */
const csvValue = (lang: Lang, s: Shown): string => (s.kind === 'few' || s.kind === 'none' ? (s.kind === 'none' ? '' : shownText(lang, s)) : String(s.value));

/** A field as Excel reads it safely: quoted when needed, and never taken for a formula. */
function field(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[;"\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLang = (v: OverviewView): Lang => (v.schools.length > 0 && v.schools.every((s) => s.school.languageForm === 'nn') ? 'nn' : 'nb');

export const yearsText = (year: number): string => `${year}–${String((year + 1) % 100).padStart(2, '0')}`;

export function overviewCsv(v: OverviewView): { lang: Lang; filename: string; body: string } {
  const lang = csvLang(v);
  const t = strings(lang).overview;
  const header = [t.csvSchool, t.csvPeriod, t.csvFrom, t.csvTo, ...FIGURE_ROWS.map((r) => (r === 'inTime' ? `${t.rows[r]} (%)` : t.rows[r]))];
  const first = `${v.schoolYear}-08`;
  const lines = [header.map(field).join(';')];
  for (const s of v.schools) {
    const periods: [string, string, ShownFigures][] = [
      [t.month, v.month, s.month],
      [fill(t.schoolYear, { years: yearsText(v.schoolYear) }), first, s.schoolYear],
    ];
    for (const [name, from, f] of periods) lines.push([s.school.name, name, from, v.month, ...FIGURE_ROWS.map((r) => csvValue(lang, f[r]))].map(field).join(';'));
  }
  return { lang, filename: `oversikt-${v.today}.csv`, body: `\ufeff${lines.join('\r\n')}\r\n` };
}

/** The CSV for a download link's user, their roles asked again now; undefined when no longer allowed. */
export async function overviewFile(o: SchoolOverview, who: Actor): Promise<{ filename: string; body: string } | undefined> {
  try {
    return overviewCsv(await o.show(who));
  } catch (e) {
    if (isRefusal(e, 'overview.NOT_ALLOWED')) return undefined;
    throw e;
  }
}
