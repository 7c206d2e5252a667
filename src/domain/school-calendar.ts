/**
 * School days: the unit of the school's deadlines ("snarest", evaluation after some weeks).
 * Weekends, public holidays and the school's own breaks do not count. Pure calendar arithmetic
 * on local dates (yyyy-mm-dd in Europe/Oslo): a date has no time, so DST cannot move a deadline.
 */

/** A calendar date in the school's time zone, yyyy-mm-dd. */
export type LocalDate = string;

export interface SchoolBreak {
  /** As the school names it: høstferie, juleferie, vinterferie, påskeferie, sommerferie … */
  name: string;
  /** First and last day off, both included. */
  from: LocalDate;
  to: LocalDate;
}

export interface SchoolCalendar {
  /** Public holidays (helligdager), from a maintained source. */
  isPublicHoliday(d: LocalDate): boolean;
  breaks: SchoolBreak[];
}

// Days since 1970-01-01 and back (H. Hinnant's civil-date algorithms): exact for any Gregorian date.
export function dayNumber(d: LocalDate): number {
  const [y0, m, day] = d.split('-').map(Number);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): LocalDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const addDays = (d: LocalDate, n: number): LocalDate => fromDayNumber(dayNumber(d) + n);

/** 1 = Monday … 7 = Sunday (ISO). */
export const isoWeekday = (d: LocalDate): number => ((((dayNumber(d) + 3) % 7) + 7) % 7) + 1;

/** Monday of ISO week `week` in `year`. */
export function mondayOfIsoWeek(year: number, week: number): LocalDate {
  const jan4 = `${year}-01-04`;
  return addDays(jan4, (week - 1) * 7 - (isoWeekday(jan4) - 1));
}

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The usual breaks of the school year that starts in August of `startYear`, as most
 * municipalities in Eastern Norway set them: høstferie in week 40, juleferie from 21 December
 * to 1 January, vinterferie in week 8, påskeferie from the Monday before Easter to Easter
 * Monday, sommerferie from 20 June to the Monday of week 34. A school changes them in its
 * settings.
 */
export function defaultBreaks(startYear: number): SchoolBreak[] {
  const next = startYear + 1;
  const easter = easterSunday(next);
  return [
    { name: 'høstferie', from: mondayOfIsoWeek(startYear, 40), to: addDays(mondayOfIsoWeek(startYear, 40), 6) },
    { name: 'juleferie', from: `${startYear}-12-21`, to: `${next}-01-01` },
    { name: 'vinterferie', from: mondayOfIsoWeek(next, 8), to: addDays(mondayOfIsoWeek(next, 8), 6) },
    { name: 'påskeferie', from: addDays(easter, -6), to: addDays(easter, 1) },
    { name: 'sommerferie', from: `${next}-06-20`, to: addDays(mondayOfIsoWeek(next, 34), -1) },
  ];
}

/** The school year a date belongs to: from 1 August. */
export const schoolYearOf = (d: LocalDate): number => (Number(d.slice(5, 7)) >= 8 ? Number(d.slice(0, 4)) : Number(d.slice(0, 4)) - 1);

export function isSchoolDay(d: LocalDate, cal: SchoolCalendar): boolean {
  if (isoWeekday(d) > 5) return false;
  if (cal.isPublicHoliday(d)) return false;
  return !cal.breaks.some((b) => d >= b.from && d <= b.to);
}

/** The date `n` school days after `from` (which itself does not count); n = 0 is `from`. */
export function addSchoolDays(from: LocalDate, n: number, cal: SchoolCalendar): LocalDate {
  let d = from;
  // A school year has about 190 school days; a bound stops a calendar with no school days at all.
  for (let left = n, guard = 0; left > 0; guard++) {
    if (guard > 3660) throw new Error('the school calendar has no school days');
    d = addDays(d, 1);
    if (isSchoolDay(d, cal)) left--;
  }
  return d;
}

/** School days from `from` (excluded) to `to` (included); negative when `to` is earlier. */
export function schoolDaysBetween(from: LocalDate, to: LocalDate, cal: SchoolCalendar): number {
  if (to < from) return -schoolDaysBetween(to, from, cal);
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isSchoolDay(d, cal)) n++;
  return n;
}
