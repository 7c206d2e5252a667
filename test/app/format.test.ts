/**
 * Dates and times as a Norwegian school writes them, checked against facts from outside the code:
 * - summer time in Norway (as in the EU, directive 2000/84/EC) begins on the last Sunday of March at
 *   01.00 UTC and ends on the last Sunday of October at 01.00 UTC: in 2026 that is Sunday 29 March
 *   (02.00 becomes 03.00) and Sunday 25 October (03.00 becomes 02.00);
 * - Språkrådet, «Datoar»: «8.2.2015», no leading zeros in running text; «kl. 13.00» with a full stop;
 * - the weekday names of Bokmålsordboka and Nynorskordboka («tirsdag» / «tysdag», «lørdag» / «laurdag»);
 * - Node's own Intl (ICU's CLDR data for nb, nn and en-GB), built in this file and asked about a year
 *   of instants: the day, the month, the weekday and the Oslo wall clock must be what it says.
 */
import { formatClock, formatDate, formatDateAndClock, formatDay, formatShortDay, formatTime, formatWhen } from '../../src/app/format';
import type { Lang } from '../../src/i18n';

const LANGS: Lang[] = ['nb', 'nn', 'en'];

/** What each language's rules say, written by hand from the sources above (not from our output). */
const WRITTEN: Record<Lang, { date: string; day: string; saturday: string; shortDay: string; springForward: string; clock: string; typed: string }> = {
  nb: { date: '5.12.2026', day: 'tirsdag 1.12.2026', saturday: 'lørdag 5.12.2026', shortDay: 'tir. 1.12.2026', springForward: '29.3.2026 kl. 03.30', clock: '03.30', typed: '24.11.2026 kl. 10.15' },
  nn: { date: '5.12.2026', day: 'tysdag 1.12.2026', saturday: 'laurdag 5.12.2026', shortDay: 'tys. 1.12.2026', springForward: '29.3.2026 kl. 03.30', clock: '03.30', typed: '24.11.2026 kl. 10.15' },
  en: { date: '5 Dec 2026', day: 'Tuesday 1 Dec 2026', saturday: 'Saturday 5 Dec 2026', shortDay: 'Tue 1 Dec 2026', springForward: '29 Mar 2026, 03:30', clock: '03:30', typed: '24 Nov 2026, 10:15' },
};

describe('dates and times on the school’s clock', () => {
  it.each(LANGS)('writes dates, weekdays and times by the language’s own rules (%s)', (lang) => {
    const w = WRITTEN[lang];
    expect(formatDate('2026-12-05', lang)).toBe(w.date);
    expect(formatDate('', lang)).toBe('');
    expect(formatDay('2026-12-01', lang)).toBe(w.day);
    expect(formatDay('2026-12-05', lang)).toBe(w.saturday);
    expect(formatShortDay('2026-12-01', lang)).toBe(w.shortDay);
    // 01.30 UTC on 29 March 2026 is an hour after the clocks jumped from 02.00 to 03.00: 03.30, never 02.30.
    expect(formatWhen('2026-03-29T01:30:00Z', lang)).toBe(w.springForward);
    // 02.30 UTC on 25 October 2026 is after the clocks went back from 03.00 to 02.00: 03.30 in winter time.
    expect(formatTime('2026-10-25T02:30:00Z', lang)).toBe(w.clock);
    expect(formatClock('03:30', lang)).toBe(w.clock);
    expect(formatDateAndClock('2026-11-24', '10:15', lang)).toBe(w.typed);
  });

  it('shows the Oslo wall clock on the nights summer time begins and ends', () => {
    // 00.30 UTC on 29 March is 01.30 in winter time, before the jump.
    expect(formatWhen('2026-03-29T00:30:00Z', 'nb')).toBe('29.3.2026 kl. 01.30');
    expect(formatDay('2026-03-29T01:30:00Z', 'nb')).toBe('søndag 29.3.2026');
    // 02.30 happens twice on 25 October: at 00.30 UTC in summer time and at 01.30 UTC in winter time.
    expect(formatWhen('2026-10-25T00:30:00Z', 'nb')).toBe('25.10.2026 kl. 02.30');
    expect(formatWhen('2026-10-25T01:30:00Z', 'nb')).toBe('25.10.2026 kl. 02.30');
  });

  it('keeps a date near midnight UTC on the Oslo date', () => {
    // 23.30 UTC on 31 December is already New Year’s Day in Oslo (UTC+1 in winter), 22.15 UTC on 30 June 00.15 (UTC+2).
    expect(formatDate('2026-12-31T23:30:00Z', 'nb')).toBe('1.1.2027');
    expect(formatWhen('2026-06-30T22:15:00Z', 'nb')).toBe('1.7.2026 kl. 00.15');
  });

  it('writes a date and a time typed in a form as it was typed, even an hour summer time skips', () => {
    expect(formatDateAndClock('2026-03-29', '02:30', 'nb')).toBe('29.3.2026 kl. 02.30');
    expect(formatDateAndClock('2026-11-24', '', 'nb')).toBe('24.11.2026');
  });
});

describe('the same as Node’s own Intl says, for every day of a year', () => {
  const LOCALE: Record<Lang, string> = { nb: 'nb', nn: 'nn', en: 'en-GB' };
  /** The parts Intl gives for an instant on the Oslo clock. */
  const partsIn = (lang: Lang) => {
    const zone = { timeZone: 'Europe/Oslo' } as const;
    const long = new Intl.DateTimeFormat(LOCALE[lang], { ...zone, weekday: 'long', day: 'numeric', month: lang === 'en' ? 'short' : 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const short = new Intl.DateTimeFormat(LOCALE[lang], { ...zone, weekday: 'short' });
    return (iso: string) => {
      const p = Object.fromEntries(long.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
      return { ...p, short: short.format(new Date(iso)) } as Record<'weekday' | 'day' | 'month' | 'year' | 'hour' | 'minute' | 'short', string>;
    };
  };
  // Every 5 h 17 min through 2026: each hour of the day falls on many dates, the two nights summer time changes included.
  const instants = Array.from({ length: Math.ceil((365 * 24 * 60) / 317) }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 317 * 60_000).toISOString());

  it.each(LANGS)('%s: day, month, year, weekday and the wall clock', (lang) => {
    const parts = partsIn(lang);
    const wrong: string[] = [];
    for (const iso of instants) {
      const p = parts(iso);
      // Our separators are the rules' (Språkrådet's full stops; en-GB's colon); the numbers and names are Intl's.
      const date = lang === 'en' ? `${p.day} ${p.month} ${p.year}` : `${p.day}.${p.month}.${p.year}`;
      const clock = lang === 'en' ? `${p.hour}:${p.minute}` : `${p.hour}.${p.minute}`;
      // An abbreviation takes a full stop in nynorsk as in bokmål; English writes «Tue».
      const short = lang === 'en' || p.short.endsWith('.') ? p.short : `${p.short}.`;
      const want = [date, `${p.weekday} ${date}`, `${short} ${date}`, clock];
      const got = [formatDate(iso, lang), formatDay(iso, lang), formatShortDay(iso, lang), formatTime(iso, lang)];
      if (got.join('|') !== want.join('|')) wrong.push(`${iso}: ${got.join(' | ')} ≠ ${want.join(' | ')}`);
    }
    expect(instants.length).toBeGreaterThan(1600);
    expect(wrong).toEqual([]);
  });
});
