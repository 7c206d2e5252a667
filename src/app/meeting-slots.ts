/**
 * Where a meeting can go: school hours on school days in Oslo, from a little after now. The
 * calendar says who is busy; the first time everyone is free is proposed, and the leader can
 * change it.
 */
import { DateTime } from 'luxon';
import type { School } from '../domain/school';
import { firstFreeSlot, type Interval } from '../domain/meetings';
import { isSchoolDay } from '../domain/school-calendar';
import type { BusyInterval } from '../ports';
import { calendarFor, localDateOf, SCHOOL_ZONE } from './school-time';

export const SCHOOL_HOURS = { from: '08:00', until: '15:30' } as const;
/** "Snarest": look this many school days ahead. */
export const LOOKAHEAD_SCHOOL_DAYS = 5;

/** School-hour windows on the next school days, starting at least `leadMinutes` from now on a quarter hour. */
export function schoolHourWindows(now: Date, school: Pick<School, 'breaks'>, days = LOOKAHEAD_SCHOOL_DAYS, leadMinutes = 60): Interval[] {
  const cal = calendarFor(school, localDateOf(now));
  const earliest = DateTime.fromJSDate(now, { zone: SCHOOL_ZONE }).plus({ minutes: leadMinutes });
  const q = Math.ceil(earliest.minute / 15) * 15;
  const startAt = earliest.set({ minute: 0, second: 0, millisecond: 0 }).plus({ minutes: q });
  const out: Interval[] = [];
  for (let d = startAt.startOf('day'); out.length < days && d < startAt.plus({ days: 60 }); d = d.plus({ days: 1 })) {
    const date = d.toISODate() ?? '';
    if (!isSchoolDay(date, cal)) continue;
    const open = at(date, SCHOOL_HOURS.from);
    const close = at(date, SCHOOL_HOURS.until);
    const from = Math.max(open, startAt.toMillis());
    if (from < close) out.push({ start: from, end: close });
    else if (date !== startAt.toISODate()) out.push({ start: open, end: close });
  }
  return out;
}

const at = (date: string, hhmm: string): number => {
  const [hour, minute] = hhmm.split(':').map(Number);
  return DateTime.fromISO(date, { zone: SCHOOL_ZONE }).set({ hour, minute }).toMillis();
};

/** The first slot where nobody is busy; undefined when the next school days are full. */
export function proposeSlot(windows: Interval[], busy: Record<string, BusyInterval[]>, minutes: number): Interval | undefined {
  const all = Object.values(busy).flat().map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }));
  return firstFreeSlot(windows, all, minutes);
}

/** Oslo date and time of an instant, as the meeting form's Input.Date and Input.Time hold them. */
export function localParts(ms: number): { date: string; time: string } {
  const d = DateTime.fromMillis(ms, { zone: SCHOOL_ZONE });
  // Input.Time's machine value ("10:15"), not a text a person reads: the card writes it with format.ts.
  // eslint-disable-next-line no-restricted-syntax
  return { date: d.toISODate() ?? '', time: d.toFormat('HH:mm') };
}

/** The instant of an Oslo date and time the leader typed; undefined when it is not a real time. */
export function instantOf(date: string, time: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{1,2}:\d{2}$/.test(time)) return undefined;
  const [hour, minute] = time.split(':').map(Number);
  const d = DateTime.fromISO(date, { zone: SCHOOL_ZONE }).set({ hour, minute, second: 0, millisecond: 0 });
  if (!d.isValid || hour > 23 || minute > 59) return undefined;
  return d.toJSDate();
}
