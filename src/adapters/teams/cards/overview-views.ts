/**
 * «Oversikt» (issue 17): the figures per school for this month and the school year, a chart of
 * investigations within the deadline (Chart.VerticalBar, with a text-bar fallback for hosts that
 * draw no charts; the Agents Playground draws the chart), and «Last ned som CSV». Every figure has passed
 * the small-number rule before it gets here (domain/overview.ts).
 */
import { formatDate } from '../../../app/format';
import { shownText, yearsText } from '../../../app/overview-csv';
import type { OverviewView, SchoolFigures } from '../../../app/school-overview';
import { FIGURE_ROWS, type Shown } from '../../../domain/overview';
import { fill, strings, type Lang } from '../../../i18n';
import { EXPORT_LINK_MINUTES } from '../../export/export-links';
import { renderFitting, type Card } from './render';

interface Bar {
  label: string;
  value: number;
  shown: string;
  bar: string;
}

export interface OverviewModel {
  title: string;
  intro: string;
  asOf: string;
  compact: boolean;
  head: { figure: string; month: string; year: string; compactNote: string };
  chart: { title: string; bars: Bar[]; note: string };
  schools: { name: string; rows: { label: string; month: string; year: string }[] }[];
  csv: { title: string; open: string; url: string };
}

const BAR_WIDTH = 20;
/** A share drawn in text for the fallback: «██████████░░░░░░░░░░». */
const textBar = (percent: number): string => {
  const full = Math.round((percent / 100) * BAR_WIDTH);
  return '█'.repeat(full) + '░'.repeat(BAR_WIDTH - full);
};

function chartOf(lang: Lang, v: OverviewView): OverviewModel['chart'] {
  const t = strings(lang).overview;
  const points: { label: string; shown: Shown }[] =
    v.scope === 'owner'
      ? v.schools.map((s) => ({ label: s.school.name, shown: s.schoolYear.inTime }))
      : v.schools[0].inTimeByMonth.map((m) => ({ label: `${t.months[Number(m.month.slice(5, 7)) - 1]} ${m.month.slice(0, 4)}`, shown: m.inTime }));
  const bars: Bar[] = points.flatMap((p) => (p.shown.kind === 'percent' ? [{ label: p.label, value: p.shown.value, shown: shownText(lang, p.shown), bar: textBar(p.shown.value) }] : []));
  const left = points.filter((p) => p.shown.kind === 'few').map((p) => p.label);
  const note = [bars.length === 0 ? t.chartEmpty : '', left.length ? fill(t.chartLeft, { list: left.join(', ') }) : ''].filter(Boolean).join(' ');
  return { title: v.scope === 'owner' ? t.chartSchools : t.chartMonths, bars, note };
}

const rowsOf = (lang: Lang, s: SchoolFigures) => FIGURE_ROWS.map((r) => ({ label: strings(lang).overview.rows[r], month: shownText(lang, s.month[r]), year: shownText(lang, s.schoolYear[r]) }));

function model(lang: Lang, v: OverviewView, o: { compact: boolean; url: string; csvOn: boolean; schools: boolean }): OverviewModel {
  const t = strings(lang).overview;
  const year = fill(t.schoolYear, { years: yearsText(v.schoolYear) });
  return {
    title: v.scope === 'owner' ? t.titleOwner : fill(t.titleSchool, { school: v.schools[0]?.school.name ?? '' }),
    intro: t.intro,
    asOf: fill(t.asOf, { date: formatDate(v.today, lang) }),
    compact: o.compact,
    head: { figure: t.figure, month: t.month, year, compactNote: `${t.month} · ${year}` },
    chart: o.schools ? chartOf(lang, v) : { title: '', bars: [], note: fill(t.tooMany, { count: v.schools.length }) },
    schools: o.schools ? v.schools.map((s) => ({ name: s.school.name, rows: rowsOf(lang, s) })) : [],
    csv: { title: o.csvOn ? t.csv : '', open: fill(t.openCsv, { minutes: EXPORT_LINK_MINUTES }), url: o.url },
  };
}

/**
 * The overview card: a table per school; a compact list when many schools would not fit; and for
 * a municipality with more schools than one card holds, the CSV alone.
 */
export function overviewCard(lang: Lang, v: OverviewView, o: { url?: string; csvOn: boolean }): Card {
  const opts = { url: o.url ?? '', csvOn: o.csvOn };
  // Without downloads configured the CSV button is left out (csv.title '') rather than offered to fail.
  return renderFitting('overview', [model(lang, v, { ...opts, compact: false, schools: true }), model(lang, v, { ...opts, compact: true, schools: true }), model(lang, v, { ...opts, compact: true, schools: false })]);
}
