/**
 * School time: the school's time zone, its calendar (public holidays from date-holidays, the
 * school's breaks) and deadlines in school days. Instants are converted to local dates here, so
 * a deadline never moves with daylight saving time.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { School } from '../domain/school';
import { defaultBreaks, LocalDate, SchoolBreak, SchoolCalendar, schoolYearOf } from '../domain/school-calendar';

export const SCHOOL_ZONE = 'Europe/Oslo';

/** Today's date and the year as a Norwegian school sees them, whatever the server's zone. */
export function schoolDate(now: Date): { today: string; year: number } {
  const d = DateTime.fromJSDate(now, { zone: SCHOOL_ZONE });
  return { today: d.toISODate() ?? '', year: d.year };
}

export const localDateOf = (instant: Date): LocalDate => DateTime.fromJSDate(instant, { zone: SCHOOL_ZONE }).toISODate() ?? '';

/** The instant of a local date and clock time in Oslo, e.g. 08:00 on the deadline. */
export function instantAt(date: LocalDate, time = '08:00'): Date {
  const [h, m] = time.split(':').map(Number);
  return DateTime.fromISO(date, { zone: SCHOOL_ZONE }).set({ hour: h, minute: m }).toJSDate();
}

const holidays = new Holidays('NO');
const publicByYear = new Map<number, Set<string>>();
/** Norwegian public holidays (helligdager and høytidsdager), from date-holidays. */
export function isPublicHoliday(d: LocalDate): boolean {
  const year = Number(d.slice(0, 4));
  let set = publicByYear.get(year);
  if (!set) {
    set = new Set(holidays.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    publicByYear.set(year, set);
  }
  return set.has(d);
}

/**
 * The school's calendar around a date: its own breaks for the school years it has set, the
 * defaults for the others.
 */
export function calendarFor(school: Pick<School, 'breaks'>, around: LocalDate): SchoolCalendar {
  const own = school.breaks ?? [];
  const ownYears = new Set(own.map((b) => schoolYearOf(b.from)));
  const y = schoolYearOf(around);
  const breaks: SchoolBreak[] = [...own];
  for (const year of [y - 1, y, y + 1]) if (!ownYears.has(year)) breaks.push(...defaultBreaks(year));
  return { isPublicHoliday, breaks };
}
