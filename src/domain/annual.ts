/**
 * The school's årshjul (seed 004 §3, §4, §7; SPEC §3.6): recurring school-level tasks of the
 * school-environment work, with defaults from the plan, each on a day of the school year. The
 * admin (or rektor) may move, switch off or add tasks; each is posted once a year in the school's
 * channel on its day.
 */
import { addDays, isSchoolDay, type LocalDate, type SchoolCalendar } from './school-calendar';

export interface AnnualTask {
  taskId: string;
  /** Month and day in the school year ("08-15"): August–December in its first calendar year. */
  monthDay: string;
  /** Default tasks take their text from the catalogue; the school's own tasks carry it here. */
  title: string;
  description: string;
  active: boolean;
  /** A task the school added itself (may be removed; defaults can only be switched off). */
  custom: boolean;
}

/** The defaults, in the words of the school's plan (004 §3.1, §4, §7.3, §7.4). */
export const DEFAULT_TASKS: { taskId: string; monthDay: string }[] = [
  { taskId: 'kap12_ansatte', monthDay: '08-12' },
  { taskId: 'kap12_elever', monthDay: '08-19' },
  { taskId: 'kap12_foresatte', monthDay: '09-08' },
  { taskId: 'sosiogram_host', monthDay: '10-13' },
  { taskId: 'utviklingssamtaler_host', monthDay: '11-03' },
  { taskId: 'elevundersokelsen', monthDay: '01-19' },
  { taskId: 'sosiogram_var', monthDay: '03-09' },
  { taskId: 'utviklingssamtaler_var', monthDay: '04-13' },
  { taskId: 'evaluering_plan', monthDay: '06-01' },
];

export const ANNUAL_LIMITS = { title: 120, description: 500, tasks: 30 } as const;

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const isMonthDay = (s: string): boolean => MONTH_DAY.test(s);

/** The date of a task in the school year that starts in August of `startYear`. */
export function dateInSchoolYear(monthDay: string, startYear: number): LocalDate {
  const month = Number(monthDay.slice(0, 2));
  const year = month >= 8 ? startYear : startYear + 1;
  let d = `${year}-${monthDay}`;
  // 29 February in a year without it: the 28th.
  if (monthDay === '02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) d = `${year}-02-28`;
  return d;
}

/**
 * The day it is posted: its date, or the next working day when that is a weekend or a public
 * holiday. The tasks are for staff, who work in the planning days before the pupils start, so
 * the school's breaks do not move them (information about chapter 12 is for the planning week).
 */
export function postingDay(monthDay: string, startYear: number, cal: SchoolCalendar): LocalDate {
  const workdays: SchoolCalendar = { isPublicHoliday: cal.isPublicHoliday, breaks: [] };
  let d = dateInSchoolYear(monthDay, startYear);
  for (let i = 0; i < 60 && !isSchoolDay(d, workdays); i++) d = addDays(d, 1);
  return d;
}

/** The school's tasks: the defaults with the school's changes applied, then its own, in date order. */
export function tasksOf(overrides: AnnualTask[], defaults = DEFAULT_TASKS): AnnualTask[] {
  const byId = new Map(overrides.map((t) => [t.taskId, t]));
  const merged = defaults.map((d) => byId.get(d.taskId) ?? { taskId: d.taskId, monthDay: d.monthDay, title: '', description: '', active: true, custom: false });
  const own = overrides.filter((t) => t.custom);
  // School-year order: August first.
  const order = (t: AnnualTask) => (Number(t.monthDay.slice(0, 2)) + 4) % 12 * 100 + Number(t.monthDay.slice(3));
  return [...merged, ...own].sort((a, b) => order(a) - order(b));
}

export interface AnnualError {
  field: string;
  problem: 'required' | 'invalid' | 'tooLong' | 'tooMany';
  limit?: number;
}

export function validateTask(t: Pick<AnnualTask, 'monthDay' | 'title' | 'description' | 'custom'>, prefix = ''): AnnualError[] {
  const errors: AnnualError[] = [];
  if (!isMonthDay(t.monthDay)) errors.push({ field: `${prefix}date`, problem: t.monthDay ? 'invalid' : 'required' });
  if (t.custom && t.title.trim() === '') errors.push({ field: `${prefix}title`, problem: 'required' });
  if (t.title.length > ANNUAL_LIMITS.title) errors.push({ field: `${prefix}title`, problem: 'tooLong', limit: ANNUAL_LIMITS.title });
  if (t.description.length > ANNUAL_LIMITS.description) errors.push({ field: `${prefix}description`, problem: 'tooLong', limit: ANNUAL_LIMITS.description });
  return errors;
}
