/** Deadlines in school days: weekends, public holidays and the school's breaks do not count. */
import { calendarFor, instantAt, isPublicHoliday, localDateOf } from '../../src/app/school-time';
import {
  addDays, addSchoolDays, defaultBreaks, easterSunday, isoWeekday, isSchoolDay, mondayOfIsoWeek, schoolDaysBetween,
} from '../../src/domain/school-calendar';

const cal = (around: string, breaks?: { name: string; from: string; to: string }[]) => calendarFor({ breaks }, around);
const plus = (from: string, n: number, breaks?: { name: string; from: string; to: string }[]) => addSchoolDays(from, n, cal(from, breaks));

describe('calendar arithmetic', () => {
  it('knows weekdays, ISO weeks and Easter', () => {
    expect(isoWeekday('2026-11-24')).toBe(2);
    expect(isoWeekday('2027-01-03')).toBe(7);
    expect(mondayOfIsoWeek(2026, 40)).toBe('2026-09-28');
    expect(mondayOfIsoWeek(2027, 8)).toBe('2027-02-22');
    expect([easterSunday(2026), easterSunday(2027), easterSunday(2030)]).toEqual(['2026-04-05', '2027-03-28', '2030-04-21']);
  });
  it('adds days across month, leap day and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });
  it('takes public holidays from date-holidays', () => {
    for (const d of ['2026-05-14', '2026-05-17', '2026-05-25', '2026-12-25', '2027-03-25', '2027-03-26', '2027-03-29']) expect(isPublicHoliday(d)).toBe(true);
    expect(isPublicHoliday('2026-11-24')).toBe(false);
  });
});

describe('school days', () => {
  it('5 school days after Tuesday 24 November 2026 is Tuesday 1 December', () => expect(plus('2026-11-24', 5)).toBe('2026-12-01'));
  it('a weekend does not count: Friday + 1 is Monday', () => expect(plus('2026-11-27', 1)).toBe('2026-11-30'));
  it('Kristi himmelfartsdag does not count', () => expect(plus('2026-05-13', 1)).toBe('2026-05-15'));
  it('17. mai on a Monday does not count', () => expect(plus('2027-05-14', 1)).toBe('2027-05-18'));
  it('høstferie (week 40) does not count', () => expect(plus('2026-09-25', 1)).toBe('2026-10-05'));
  it('juleferie and the year change do not count', () => expect(plus('2026-12-18', 1)).toBe('2027-01-04'));
  it('vinterferie (week 8) does not count', () => expect(plus('2027-02-19', 1)).toBe('2027-03-01'));
  it('påskeferie, skjærtorsdag to 2. påskedag, does not count', () => expect(plus('2027-03-19', 1)).toBe('2027-03-30'));
  it('sommerferie does not count: a report on the last days waits for August', () => expect(plus('2027-06-18', 1)).toBe('2027-08-23'));
  it('a report on a Saturday counts from Monday', () => expect(plus('2026-11-28', 1)).toBe('2026-11-30'));
  it('a school’s own høstferie replaces the default for that school year only', () => {
    const own = [{ name: 'høstferie', from: '2026-10-05', to: '2026-10-09' }];
    expect(plus('2026-09-25', 1, own)).toBe('2026-09-28');
    expect(plus('2026-10-02', 1, own)).toBe('2026-10-12');
    expect(plus('2027-10-01', 1, own)).toBe('2027-10-11'); // next year: the default week 40 again
  });
  it('counts school days between two dates', () => {
    expect(schoolDaysBetween('2026-11-24', '2026-12-01', cal('2026-11-24'))).toBe(5);
    expect(schoolDaysBetween('2026-12-01', '2026-11-24', cal('2026-11-24'))).toBe(-5);
  });
  it('the default breaks of 2026/27 are where Norwegian schools usually have them', () => {
    expect(defaultBreaks(2026).map((b) => `${b.name} ${b.from}–${b.to}`)).toEqual([
      'høstferie 2026-09-28–2026-10-04',
      'juleferie 2026-12-21–2027-01-01',
      'vinterferie 2027-02-22–2027-02-28',
      'påskeferie 2027-03-22–2027-03-29',
      'sommerferie 2027-06-20–2027-08-22',
    ]);
  });
  it('a weekday in a break is not a school day, a normal Tuesday is', () => {
    expect(isSchoolDay('2026-12-22', cal('2026-12-22'))).toBe(false);
    expect(isSchoolDay('2026-11-24', cal('2026-11-24'))).toBe(true);
  });
});

describe('time zone and daylight saving', () => {
  it('the date of an instant is the Oslo date, not the server’s', () => {
    expect(localDateOf(new Date('2026-11-24T23:30:00Z'))).toBe('2026-11-25');
    expect(localDateOf(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });
  it('08:00 on a deadline is 07:00Z in winter and 06:00Z in summer: the local time stays', () => {
    expect(instantAt('2027-03-26').toISOString()).toBe('2027-03-26T07:00:00.000Z');
    expect(instantAt('2027-03-29').toISOString()).toBe('2027-03-29T06:00:00.000Z');
    expect(instantAt('2026-10-26').toISOString()).toBe('2026-10-26T07:00:00.000Z');
  });
  it('a deadline across the DST change counts the same school days', () => {
    // Summer time starts Sunday 28 March 2027: Friday 26 + 1 school day is still Monday 29 … in påskeferie, so Tuesday 30.
    expect(plus('2027-03-26', 1)).toBe('2027-03-30');
    expect(plus('2026-10-23', 1)).toBe('2026-10-26'); // winter time starts Sunday 25 October 2026
  });
});
