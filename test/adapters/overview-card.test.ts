/**
 * The small-number rule (issue 17) as a reader meets it: schools with 0 to 7 cases, made by the
 * domain's steps and counted as the storage counts them, rendered as the card (table and compact
 * form, with its chart) and as the CSV, in all three languages. No figure cell holds a count from
 * 1 to 4, and a school with fewer than 5 cases shows no share and no median at all.
 */
import { overviewCard } from '../../src/adapters/teams/cards/overview-views';
import { overviewCsv } from '../../src/app/overview-csv';
import { schoolFigures, type OverviewView } from '../../src/app/school-overview';
import { localDateOf } from '../../src/app/school-time';
import { monthOf, monthsOf, openDates, tallyOf, type Tally } from '../../src/domain/overview';
import type { School } from '../../src/domain/school';
import type { Lang } from '../../src/i18n';
import { caseSteps, random } from '../support/overview-cases';

const TODAY = '2027-03-15';
const months = monthsOf('schoolYear', TODAY);

/** A school with n cases, its counters summed from each case's tally, its open deadlines from each case. */
function school(n: number, seed: number, languageForm: 'nb' | 'nn') {
  const s: School = { tenantId: 't', schoolId: `s${n}-${seed}`, name: `Skole med ${n} saker (${seed})`, languageForm, investigationDays: 5 } as School;
  const rnd = random(seed);
  const counters: Tally = {};
  const open = { evaluationsOverdue: 0, investigationsNotYetDue: [] as string[] };
  for (let i = 0; i < n; i++) {
    const c = caseSteps({ tenantId: 't', schoolId: s.schoolId, n, today: TODAY, from: '2027-03-01', seed }, i, rnd).at(-1)!.case;
    for (const [m, row] of Object.entries(tallyOf(c, (iso) => localDateOf(new Date(iso))))) for (const [k, v] of Object.entries(row)) (counters[m] ??= {})[k] = (counters[m]?.[k] ?? 0) + v;
    const d = openDates(c);
    if (d.evaluationDue && d.evaluationDue < TODAY) open.evaluationsOverdue++;
    if (d.investigationDue >= TODAY) open.investigationsNotYetDue.push(d.investigationDue);
  }
  return { n, figures: schoolFigures(s, counters, open, months, monthOf(TODAY)) };
}

const schools = Array.from({ length: 8 }, (_, n) => [1, 2, 3].map((seed) => school(n, 100 * n + seed, seed % 2 ? 'nb' : 'nn'))).flat();
const view = (scope: OverviewView['scope'], list: typeof schools): OverviewView => ({ scope, today: TODAY, month: monthOf(TODAY), schoolYear: 2026, schools: list.map((s) => s.figures) });

/** Every figure cell of a rendered card, by school name: table columns 2–3, compact facts, and the chart's bars. */
function cells(card: any): { school: string; text: string }[] {
  const out: { school: string; text: string }[] = [];
  for (const c of card.body.filter((b: any) => b.type === 'Container' && b.items?.[0]?.type === 'TextBlock')) {
    const name = c.items[0].text;
    for (const el of c.items.slice(1)) {
      if (el.type === 'Table') for (const row of el.rows.slice(1)) for (const cell of row.cells.slice(1)) out.push({ school: name, text: cell.items[0].text });
      if (el.type === 'FactSet') for (const f of el.facts) for (const part of String(f.value).split(' · ')) out.push({ school: name, text: part });
    }
  }
  const chart = card.body.find((b: any) => b.type === 'Chart.VerticalBar');
  for (const bar of chart?.data ?? []) out.push({ school: bar.x, text: `${bar.y} %` });
  return out;
}

const smallCount = (text: string) => /^[1-4]$/.test(text.trim());

describe('the small-number rule in what is rendered', () => {
  it.each(['nb', 'nn', 'en'] as Lang[])('no card cell shows a count from 1 to 4, in the table and the compact form (%s)', (lang) => {
    for (const scope of ['owner', 'school'] as const) {
      for (const list of scope === 'owner' ? [schools] : schools.map((s) => [s])) {
        const card = overviewCard(lang, view(scope, list), { csvOn: true });
        const found = cells(card);
        expect(found.length).toBeGreaterThan(0);
        expect(found.filter((c) => smallCount(c.text))).toEqual([]);
        // A school with fewer than 5 cases: every cell is 0, «under 5» («under 5 saker» for a share or median) or «–»; no share, no median, no bar.
        for (const s of list.filter((x) => x.n < 5)) {
          const mine = found.filter((c) => c.school === s.figures.school.name || (scope === 'school' && c.text.endsWith('%')));
          expect(mine.filter((c) => !['0', 'under 5', 'under 5 saker', 'under 5 cases', '–'].includes(c.text))).toEqual([]);
        }
      }
    }
  });

  it('the compact form (many schools) keeps the rule too; more schools than a card holds are left to the CSV', () => {
    const many = (k: number) => Array.from({ length: k }, () => schools).flat().map((s, i) => ({ ...s, figures: { ...s.figures, school: { ...s.figures.school, schoolId: `x${i}`, name: `${s.figures.school.name} ${i}` } } }));
    const card: any = overviewCard('nb', view('owner', many(1)), { csvOn: true });
    expect(card.body.some((b: any) => b.items?.some((i: any) => i.type === 'FactSet'))).toBe(true);
    expect(cells(card).filter((c) => smallCount(c.text))).toEqual([]);
    const huge = overviewCard('nb', view('owner', many(12)), { csvOn: true });
    expect(cells(huge)).toEqual([]);
    expect(JSON.stringify(huge)).toContain('Det er 288 skoler, flere enn ett kort rommer: tallene for hver skole står i CSV-filen.');
  });

  it('no CSV value holds a count from 1 to 4, and small schools have no share or median', () => {
    const { body } = overviewCsv(view('owner', schools));
    const [header, ...rows] = body.replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.split(';'));
    expect(header.length).toBe(11);
    expect(rows.length).toBe(schools.length * 2);
    for (const row of rows) {
      const values = row.slice(4);
      expect(values.filter(smallCount)).toEqual([]);
      const n = schools.find((s) => s.figures.school.name === row[0])!.n;
      if (n < 5) expect(values.filter((v) => !['0', 'under 5', 'under 5 saker', ''].includes(v))).toEqual([]);
    }
  });

  it('writes the CSV’s column names in the schools’ language form', () => {
    const nn = overviewCsv(view('owner', schools.filter((s) => s.figures.school.languageForm === 'nn')));
    const nb = overviewCsv(view('owner', schools));
    expect(nn.body).toContain('Skole;Periode;Frå månad;Til månad;Meldingar mottekne;Undersøkt innan fristen (%)');
    expect(nb.body).toContain('Skole;Periode;Fra måned;Til måned;Meldinger mottatt;Undersøkt innen fristen (%)');
  });
});
