/**
 * «Oversikt» (issue 17): whether a school meets the aktivitetsplikt (opplæringsloven § 12-4,
 * § 12-5), in counts only, for the school owner's «forsvarlig system» and for rektor.
 *
 * How a case counts (its *tally*) is decided here, once, from the case itself: the storage keeps
 * one row of counters per school and month and adds the difference between a case's tally before
 * and after each change, in the change's own transaction (adapters/tables/overview-counters.ts).
 * So the overview reads a year of counter rows, never the cases.
 *
 * And here is the small-number rule, in one place: a count of 1–4 cases is shown as «under 5»,
 * and a share or median computed from fewer than 5 cases is not shown at all, so nobody can be
 * recognised from a cell. 0 is shown as 0: it tells nothing about any pupil, and a school with no
 * reports must be told apart from one with a few.
 */
import type { SkolemiljoCase } from './case';
import { caseworkOf, nextStep } from './casework';
import { schoolYearOf, type LocalDate } from './school-calendar';

/** A calendar month in Oslo, yyyy-mm. */
export type Month = string;

/**
 * The counters of a school's month. `due`: investigations whose deadline falls in the month;
 * `inTime`: of those, investigated on or before the deadline; `plans`: cases given their first
 * aktivitetsplan; `serious`: § 12-5 (a member of staff suspected) or marked especially serious;
 * `pd<n>`: cases whose first plan came n school days after the report (for the median).
 */
export const COUNTERS = ['reported', 'serious', 'due', 'inTime', 'plans', 'closed'] as const;
export type Counter = (typeof COUNTERS)[number];
const PLAN_DAYS = 'pd';
export const planDaysKey = (days: number): string => `${PLAN_DAYS}${Math.max(0, Math.round(days))}`;

/** Counter name → count, per month. */
export type Tally = Record<Month, Record<string, number>>;

export const monthOf = (d: LocalDate): Month => d.slice(0, 7);

/**
 * Whether the school owner was told because § 12-5 applies or the case is especially serious
 * (a reclassified report is no longer one).
 */
export const isSerious = (c: SkolemiljoCase): boolean => c.route !== 'ledelse' && c.escalation.state === 'varslet' && (c.escalation.reason === 'skjerpet' || c.escalation.reason === 'alvorlig');

/**
 * How one case counts. A case about the school's leadership is not counted: rektor must not learn
 * of it from a figure, and the school owner has each of those cases itself. `dateOf` gives the
 * Oslo date of an instant.
 */
export function tallyOf(c: SkolemiljoCase, dateOf: (iso: string) => LocalDate): Tally {
  const out: Tally = {};
  if (c.route === 'ledelse') return out;
  const add = (month: Month, key: string) => {
    const row = (out[month] ??= {});
    row[key] = (row[key] ?? 0) + 1;
  };
  const reported = monthOf(dateOf(c.createdAt));
  add(reported, 'reported');
  if (isSerious(c)) add(reported, 'serious');
  if (c.investigationDue) {
    const due = monthOf(c.investigationDue);
    add(due, 'due');
    if (c.investigationRecordedAt && dateOf(c.investigationRecordedAt) <= c.investigationDue) add(due, 'inTime');
  }
  const w = caseworkOf(c);
  if (w.firstPlan) {
    add(monthOf(w.firstPlan.date), 'plans');
    add(monthOf(w.firstPlan.date), planDaysKey(w.firstPlan.schoolDays));
  }
  if (w.closure) add(monthOf(dateOf(w.closure.at)), 'closed');
  return out;
}

/** What a change adds to each month's counters (negative where it takes away); only what changes. */
export function tallyDelta(before: Tally, after: Tally): Tally {
  const out: Tally = {};
  for (const month of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[month] ?? {};
    const a = after[month] ?? {};
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const d = (a[key] ?? 0) - (b[key] ?? 0);
      if (d !== 0) (out[month] ??= {})[key] = d;
    }
  }
  return out;
}

/** The open deadlines of a case, for the per-school index of what is open now ('' when none). */
export function openDates(c: SkolemiljoCase): { investigationDue: LocalDate; evaluationDue: LocalDate } {
  const open = c.route !== 'ledelse' && c.status !== 'avsluttet' && !caseworkOf(c).closure;
  return {
    investigationDue: open && !c.investigationRecordedAt ? c.investigationDue : '',
    evaluationDue: open && nextStep(c) === 'evaluere' ? caseworkOf(c).evaluationDue : '',
  };
}

// ——————————————————————————————————————————————————————————————— periods and figures

export type PeriodName = 'month' | 'schoolYear';

/** The months of the period up to today's month: this month, or the school year from 1 August. */
export function monthsOf(period: PeriodName, today: LocalDate): Month[] {
  const now = monthOf(today);
  if (period === 'month') return [now];
  const out: Month[] = [];
  for (let y = schoolYearOf(today), m = 8; ; m++) {
    if (m > 12) {
      y++;
      m = 1;
    }
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= now) return out;
  }
}

/** The raw figures of a period at one school (before the small-number rule). */
export interface Figures {
  reported: number;
  /** Investigations due in the period whose deadline has passed or that are done. */
  decided: number;
  inTime: number;
  plans: number;
  closed: number;
  serious: number;
  /** School days from report to first plan: days → cases. */
  planDays: Record<number, number>;
  /** Now, not per period: evaluations whose date has passed. */
  evaluationsOverdue: number;
}

/**
 * The period's figures from its months' counters. `pending`: investigations due in the period
 * not yet done whose deadline is today or later (neither in time nor late yet).
 */
export function figuresOf(months: Record<string, number>[], pending: number, evaluationsOverdue: number): Figures {
  const sum = (k: string) => months.reduce((n, m) => n + (m[k] ?? 0), 0);
  const planDays: Record<number, number> = {};
  for (const m of months) {
    for (const [k, v] of Object.entries(m)) {
      if (!k.startsWith(PLAN_DAYS) || !/^\d+$/.test(k.slice(PLAN_DAYS.length)) || !v) continue;
      const d = Number(k.slice(PLAN_DAYS.length));
      planDays[d] = (planDays[d] ?? 0) + v;
    }
  }
  return {
    reported: sum('reported'),
    decided: Math.max(0, sum('due') - pending),
    inTime: sum('inTime'),
    plans: sum('plans'),
    closed: sum('closed'),
    serious: sum('serious'),
    planDays,
    evaluationsOverdue,
  };
}

/** The lower median of a histogram (days → cases); undefined when empty. */
export function medianOf(hist: Record<number, number>): number | undefined {
  const days = Object.keys(hist).map(Number).sort((a, b) => a - b);
  const n = days.reduce((s, d) => s + hist[d], 0);
  if (n === 0) return undefined;
  let seen = 0;
  for (const d of days) {
    seen += hist[d];
    if (seen * 2 >= n) return d;
  }
  return days.at(-1);
}

// ——————————————————————————————————————————————————————————————— the small-number rule

/** Fewer cases than this are never shown as a number, nor used for a share or a median. */
export const SMALL_NUMBER_LIMIT = 5;

/**
 * A figure as it may be shown: a count, a share in per cent, a number of days; `few` («under 5»)
 * when it rests on 1–4 cases (`derived`: a share or median left uncomputed, shown «under 5 saker»
 * so it is not read as «under 5 %»); `none` («–») when there is nothing to compute it from.
 */
export type Shown = { kind: 'count'; value: number } | { kind: 'percent'; value: number } | { kind: 'days'; value: number } | { kind: 'few'; derived?: true } | { kind: 'none' };

export const shownCount = (n: number): Shown => (n === 0 ? { kind: 'count', value: 0 } : n < SMALL_NUMBER_LIMIT ? { kind: 'few' } : { kind: 'count', value: n });

export function shownShare(part: number, whole: number): Shown {
  if (whole === 0) return { kind: 'none' };
  if (whole < SMALL_NUMBER_LIMIT) return { kind: 'few', derived: true };
  return { kind: 'percent', value: Math.round((100 * part) / whole) };
}

export function shownMedian(hist: Record<number, number>): Shown {
  const n = Object.values(hist).reduce((s, v) => s + v, 0);
  if (n === 0) return { kind: 'none' };
  if (n < SMALL_NUMBER_LIMIT) return { kind: 'few', derived: true };
  return { kind: 'days', value: medianOf(hist)! };
}

/** The rows of the overview, in the order they are shown (card and CSV alike). */
export const FIGURE_ROWS = ['reported', 'inTime', 'plans', 'evaluationsOverdue', 'closed', 'serious', 'medianDays'] as const;
export type FigureRow = (typeof FIGURE_ROWS)[number];

/** A period's figures with the small-number rule applied: the only form that leaves the app. */
export type ShownFigures = Record<FigureRow, Shown>;

export const shownFigures = (f: Figures): ShownFigures => ({
  reported: shownCount(f.reported),
  inTime: shownShare(f.inTime, f.decided),
  plans: shownCount(f.plans),
  evaluationsOverdue: shownCount(f.evaluationsOverdue),
  closed: shownCount(f.closed),
  serious: shownCount(f.serious),
  medianDays: shownMedian(f.planDays),
});
