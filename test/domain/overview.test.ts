/** The overview's rules in the domain (issue 17): periods, the median, the change a step makes, the small-number rule, the command. */
import { parseCommand } from '../../src/domain/commands';
import { medianOf, monthsOf, shownCount, shownMedian, shownShare, SMALL_NUMBER_LIMIT, tallyDelta } from '../../src/domain/overview';

describe('the overview in the domain', () => {
  it('the school year starts on 1 August and runs to this month', () => {
    expect(monthsOf('schoolYear', '2026-11-24')).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
    expect(monthsOf('schoolYear', '2027-07-31').length).toBe(12);
    expect(monthsOf('schoolYear', '2026-08-01')).toEqual(['2026-08']);
    expect(monthsOf('month', '2027-01-05')).toEqual(['2027-01']);
  });

  it('the median of school days is a day some case took (the lower middle for an even count)', () => {
    expect(medianOf({ 3: 2, 8: 3 })).toBe(8);
    expect(medianOf({ 1: 1, 2: 1, 9: 1, 10: 1 })).toBe(2);
    expect(medianOf({})).toBeUndefined();
  });

  it('a step counts only what it changes, and may take away (a reclassified § 12-5 report)', () => {
    expect(tallyDelta({ '2026-11': { reported: 1, serious: 1 } }, { '2026-11': { reported: 1 }, '2026-12': { plans: 1 } })).toEqual({ '2026-11': { serious: -1 }, '2026-12': { plans: 1 } });
    expect(tallyDelta({ '2026-11': { reported: 1 } }, { '2026-11': { reported: 1 } })).toEqual({});
  });

  it('shows 0 as 0, 1–4 as «under 5», and computes no share or median from fewer than 5 cases', () => {
    const shown = Array.from({ length: 12 }, (_, n) => shownCount(n).kind);
    expect(shown.slice(1, SMALL_NUMBER_LIMIT).every((k) => k === 'few')).toBe(true);
    expect(shownCount(0)).toEqual({ kind: 'count', value: 0 });
    expect(shownCount(SMALL_NUMBER_LIMIT)).toEqual({ kind: 'count', value: SMALL_NUMBER_LIMIT });
    expect(shownShare(4, 4)).toEqual({ kind: 'few', derived: true });
    expect(shownShare(0, 0)).toEqual({ kind: 'none' });
    expect(shownShare(1, 5)).toEqual({ kind: 'percent', value: 20 });
    expect(shownMedian({ 3: 4 })).toEqual({ kind: 'few', derived: true });
    expect(shownMedian({ 3: 5 })).toEqual({ kind: 'days', value: 3 });
  });

  it('understands «oversikt» in bokmål, nynorsk and English', () => {
    for (const t of ['oversikt', 'Oversikta', 'tilstandsrapport', 'overview', 'Oversikt!']) expect(parseCommand(t)).toEqual({ name: 'oversikt' });
  });
});
