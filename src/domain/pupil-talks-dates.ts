/**
 * When the kontaktlærer's conversations fall due in a school year (seed 003): the first and last
 * school day, the startsamtale window (also for a pupil who came later), the two elevsamtaler and
 * one klassens time a month. Exported from pupil-talks.ts.
 */
import { DEFAULT_TASKS, postingDay } from './annual';
import { DomainError } from './errors';
import { addDays, addSchoolDays, isSchoolDay, type LocalDate, type SchoolCalendar } from './school-calendar';
import { type RosterPupil, type TalkKind } from './pupil-talks-roster';

/**
 * The first school day of the school year that starts in August of `schoolYear`: the first school
 * day from 1 August. The calendar must carry the summer break that ends in that August (the previous
 * school year's sommerferie), as `calendarFor` in src/app/school-time does.
 */
export function firstSchoolDay(schoolYear: number, cal: SchoolCalendar): LocalDate {
  let d = `${schoolYear}-08-01`;
  for (let i = 0; i < 120 && !isSchoolDay(d, cal); i++) d = addDays(d, 1);
  if (!isSchoolDay(d, cal)) throw new Error('the school calendar has no school days in the autumn');
  return d;
}

/** The last school day on or before `d`. */
function schoolDayOnOrBefore(d: LocalDate, cal: SchoolCalendar): LocalDate {
  let x = d;
  for (let i = 0; i < 120 && !isSchoolDay(x, cal); i++) x = addDays(x, -1);
  return x;
}

/** The last school day of the school year (before sommerferie). */
export function lastSchoolDay(schoolYear: number, cal: SchoolCalendar): LocalDate {
  return schoolDayOnOrBefore(`${schoolYear + 1}-07-31`, cal);
}

/**
 * The days of the autumn and spring utviklingssamtaler (foreldresamtaler), as month-day. Default:
 * the årshjul's tasks `utviklingssamtaler_host` / `utviklingssamtaler_var` (annual.ts); a school that
 * moved those tasks passes its own.
 */
export interface TalkDates {
  utviklingssamtalerHost: string;
  utviklingssamtalerVar: string;
}
const annualDay = (id: string): string => DEFAULT_TASKS.find((t) => t.taskId === id)!.monthDay;
export const DEFAULT_TALK_DATES: TalkDates = {
  utviklingssamtalerHost: annualDay('utviklingssamtaler_host'),
  utviklingssamtalerVar: annualDay('utviklingssamtaler_var'),
};

/** Startsamtaler: "i løpet av de to første ukene" = by the 10th school day, the first one included. */
export const STARTSAMTALE_SCHOOL_DAYS = 10;
/** The personal reminder of an elevsamtale opens this many school days (three weeks) before its due day. */
export const ELEVSAMTALE_LEAD_SCHOOL_DAYS = 15;
/** Reminders before a due day and, while overdue, again every this many school days (a school week). */
export const REMINDER_STEP_SCHOOL_DAYS = 5;

/** One thing to be done by a day: for all pupils of a kind, or one klassens time a month. */
export interface TalkWindow {
  kind: TalkKind;
  /** 'YYYY-MM' for klassens_time; absent for the per-pupil kinds. */
  month?: string;
  /** The first day the kontaktlærer is reminded. */
  opens: LocalDate;
  due: LocalDate;
}

/** The months of the school year that have school days, August to June. */
export function classHourWindows(schoolYear: number, cal: SchoolCalendar): TalkWindow[] {
  const first = firstSchoolDay(schoolYear, cal);
  const last = lastSchoolDay(schoolYear, cal);
  const out: TalkWindow[] = [];
  for (let i = 0; i < 12; i++) {
    const m = ((7 + i) % 12) + 1;
    const y = m >= 8 ? schoolYear : schoolYear + 1;
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const start = `${month}-01` < first ? first : `${month}-01`;
    const endOfMonth = addDays(`${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`, -1);
    const end = endOfMonth > last ? last : endOfMonth;
    if (start > end) continue;
    let opens = start;
    while (opens <= end && !isSchoolDay(opens, cal)) opens = addDays(opens, 1);
    if (opens > end) continue; // a month with no school day (July) has no klassens time
    out.push({ kind: 'klassens_time', month, opens, due: schoolDayOnOrBefore(end, cal) });
  }
  return out;
}

/** The windows of one kind in a school year: one for a per-pupil kind, one a month for klassens time. */
export function windowsOf(kind: TalkKind, schoolYear: number, cal: SchoolCalendar, dates: TalkDates = DEFAULT_TALK_DATES): TalkWindow[] {
  const first = firstSchoolDay(schoolYear, cal);
  // Before the utviklingssamtaler: the last school day before the årshjul's day for them.
  const before = (monthDay: string) => schoolDayOnOrBefore(addDays(postingDay(monthDay, schoolYear, cal), -1), cal);
  const lead = (due: LocalDate) => {
    let d = due;
    for (let n = 0; n < ELEVSAMTALE_LEAD_SCHOOL_DAYS && d > first; ) {
      d = addDays(d, -1);
      if (isSchoolDay(d, cal)) n++;
    }
    return d < first ? first : d;
  };
  switch (kind) {
    case 'startsamtale':
      return [{ kind, opens: first, due: addSchoolDays(first, STARTSAMTALE_SCHOOL_DAYS - 1, cal) }];
    case 'elevsamtale_host': {
      const due = before(dates.utviklingssamtalerHost);
      return [{ kind, opens: lead(due), due }];
    }
    case 'elevsamtale_var': {
      const due = before(dates.utviklingssamtalerVar);
      return [{ kind, opens: lead(due), due }];
    }
    case 'foreldresamtale_tilbud':
      // The offer goes out from the start of the year ("Sende tilbud til foresatte") and must come
      // early enough for the conversation to be held in the first half-year: by the autumn
      // utviklingssamtaler.
      return [{ kind, opens: first, due: before(dates.utviklingssamtalerHost) }];
    case 'klassens_time':
      return classHourWindows(schoolYear, cal);
  }
}

/** The first school day on or after `d`. */
function schoolDayOnOrAfter(d: LocalDate, cal: SchoolCalendar): LocalDate {
  let x = d;
  for (let i = 0; i < 120 && !isSchoolDay(x, cal); i++) x = addDays(x, 1);
  return x;
}

/**
 * 003: "Gjennomføre startsamtaler med elevene i løpet av de to første ukene" – for a pupil who came
 * to the class after the school year started, the first two weeks are theirs: the startsamtale is
 * due on their 10th school day, counted from the day they came. Undefined when that is no later
 * than the class's own due day (they came in the first days and go with the class).
 */
export function joinerStartWindow(joinedOn: LocalDate, schoolYear: number, cal: SchoolCalendar): TalkWindow | undefined {
  const [cls] = windowsOf('startsamtale', schoolYear, cal);
  const opens = schoolDayOnOrAfter(joinedOn, cal);
  if (opens <= cls.opens) return undefined;
  const due = addSchoolDays(opens, STARTSAMTALE_SCHOOL_DAYS - 1, cal);
  return due <= cls.due ? undefined : { kind: 'startsamtale', opens, due };
}

/** The day a pupil's startsamtale is due: the class's, or their own when they came later. */
export function startsamtaleDue(p: Pick<RosterPupil, 'joinedOn'>, schoolYear: number, cal: SchoolCalendar): LocalDate {
  return (p.joinedOn ? joinerStartWindow(p.joinedOn, schoolYear, cal) : undefined)?.due ?? windowsOf('startsamtale', schoolYear, cal)[0].due;
}

/**
 * The due day of a kind in a school year. For klassens_time give the month ('YYYY-MM'); without it,
 * the due day of the last month.
 */
export function due(kind: TalkKind, schoolYear: number, cal: SchoolCalendar, o: { month?: string; dates?: TalkDates } = {}): LocalDate {
  const ws = windowsOf(kind, schoolYear, cal, o.dates);
  if (o.month === undefined) return ws[ws.length - 1].due;
  const w = ws.find((x) => x.month === o.month);
  if (!w) throw new DomainError('common.INVALID_INPUT', { field: 'month' });
  return w.due;
}
