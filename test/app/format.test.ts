/**
 * Dates and times as a Norwegian school writes them, checked against facts from outside the code:
 * - summer time in Norway (as in the EU, directive 2000/84/EC) begins on the last Sunday of March at
 *   01.00 UTC and ends on the last Sunday of October at 01.00 UTC: in 2026 that is Sunday 29 March
 *   (02.00 becomes 03.00) and Sunday 25 October (03.00 becomes 02.00);
 * - Språkrådet, «Datoar»: «8.2.2015», no leading zeros in running text; «kl. 13.00» with a full stop;
 * - the weekday names of Bokmålsordboka and Nynorskordboka («tirsdag» / «tysdag», «lørdag» / «laurdag»).
 */
import { formatDate, formatDateAndClock, formatDay, formatShortDay, formatTime, formatWhen } from '../../src/app/format';

describe('dates and times on the school’s clock', () => {
  it('writes a date as Språkrådet does, and English with the month as a word', () => {
    expect(formatDate('2026-12-05', 'nb')).toBe('5.12.2026');
    expect(formatDate('2026-12-05', 'nn')).toBe('5.12.2026');
    expect(formatDate('2026-12-05', 'en')).toBe('5 Dec 2026');
    expect(formatDate('', 'nb')).toBe('');
  });

  it('gives a deadline its weekday, in each language’s own words', () => {
    expect(formatDay('2026-12-01', 'nb')).toBe('tirsdag 1.12.2026');
    expect(formatDay('2026-12-01', 'nn')).toBe('tysdag 1.12.2026');
    expect(formatDay('2026-12-05', 'nn')).toBe('laurdag 5.12.2026');
    expect(formatDay('2026-12-01', 'en')).toBe('Tuesday 1 Dec 2026');
    expect(formatShortDay('2026-12-01', 'nb')).toBe('tir. 1.12.2026');
    expect(formatShortDay('2026-12-01', 'nn')).toBe('tys. 1.12.2026');
    expect(formatShortDay('2026-12-01', 'en')).toBe('Tue 1 Dec 2026');
  });

  it('shows the Oslo wall clock on the night summer time begins (29 March 2026)', () => {
    // 00.30 UTC is 01.30 in winter time; an hour later the clocks have jumped: 03.30, never 02.30.
    expect(formatWhen('2026-03-29T00:30:00Z', 'nb')).toBe('29.3.2026 kl. 01.30');
    expect(formatWhen('2026-03-29T01:30:00Z', 'nb')).toBe('29.3.2026 kl. 03.30');
    expect(formatWhen('2026-03-29T01:30:00Z', 'nn')).toBe('29.3.2026 kl. 03.30');
    expect(formatWhen('2026-03-29T01:30:00Z', 'en')).toBe('29 Mar 2026, 03:30');
    expect(formatDay('2026-03-29T01:30:00Z', 'nb')).toBe('søndag 29.3.2026');
  });

  it('shows the Oslo wall clock on the night summer time ends (25 October 2026)', () => {
    // 02.30 happens twice: at 00.30 UTC in summer time and at 01.30 UTC in winter time.
    expect(formatWhen('2026-10-25T00:30:00Z', 'nb')).toBe('25.10.2026 kl. 02.30');
    expect(formatWhen('2026-10-25T01:30:00Z', 'nb')).toBe('25.10.2026 kl. 02.30');
    expect(formatTime('2026-10-25T02:30:00Z', 'nb')).toBe('03.30');
    expect(formatTime('2026-10-25T02:30:00Z', 'en')).toBe('03:30');
  });

  it('keeps a date near midnight UTC on the Oslo date', () => {
    // 23.30 UTC on 31 December is already New Year’s Day in Oslo (UTC+1 in winter).
    expect(formatDate('2026-12-31T23:30:00Z', 'nb')).toBe('1.1.2027');
    expect(formatWhen('2026-06-30T22:15:00Z', 'nb')).toBe('1.7.2026 kl. 00.15');
  });

  it('writes a date and a time typed in a form as it was typed, even an hour summer time skips', () => {
    expect(formatDateAndClock('2026-03-29', '02:30', 'nb')).toBe('29.3.2026 kl. 02.30');
    expect(formatDateAndClock('2026-11-24', '10:15', 'nn')).toBe('24.11.2026 kl. 10.15');
    expect(formatDateAndClock('2026-11-24', '10:15', 'en')).toBe('24 Nov 2026, 10:15');
    expect(formatDateAndClock('2026-11-24', '', 'nb')).toBe('24.11.2026');
  });
});
