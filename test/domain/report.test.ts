/** What a report must contain (SPEC §3.1.1, 004 §8.3): every problem named at once, nothing typed changed. */
import { EMPTY_DRAFT, FieldError, isCalendarDate, isReport, LIMITS, ReportDraft, validateReport } from '../../src/domain/report';

const ctx = { classes: ['8A', '8B', '9A'], today: '2026-11-24' };
const valid: ReportDraft = {
  ...EMPTY_DRAFT,
  schoolId: 'ellingsrud',
  pupilName: '  Ola Nordmann ',
  pupilClass: '8A',
  signs: ['kvier_seg'],
  observed: 'Holdt utenfor i friminuttet.',
  kinds: ['utenforskap'],
  where: 'Skolegården',
  date: '2026-11-23',
  source: 'egen_observasjon',
  intervened: 'nei',
  pupilInformed: 'ja',
  staffSuspected: 'nei',
  leadershipSuspected: 'nei',
};
const problems = (d: Partial<ReportDraft>) => {
  const r = validateReport({ ...valid, ...d }, ctx);
  return isReport(r) ? [] : (r as FieldError[]).map((e) => `${e.field}:${e.problem}`);
};

describe('a report', () => {
  it('is accepted when every required field is there, with names trimmed', () => {
    const r = validateReport(valid, ctx);
    expect(isReport(r) && r.pupilName).toBe('Ola Nordmann');
  });

  it('names every missing required field at once', () => {
    expect(problems({ ...EMPTY_DRAFT, schoolId: 'ellingsrud' }).sort()).toEqual(
      ['date', 'intervened', 'kinds', 'leadershipSuspected', 'observed', 'pupilClass', 'pupilInformed', 'pupilName', 'source', 'staffSuspected', 'where']
        .map((f) => `${f}:required`)
        .sort(),
    );
  });

  it('does not change the draft it checks, so nothing typed is lost', () => {
    const draft = { ...valid, pupilName: '', observed: 'x'.repeat(LIMITS.longText + 1) };
    const copy = JSON.parse(JSON.stringify(draft));
    validateReport(draft, ctx);
    expect(draft).toEqual(copy);
  });

  it('treats whitespace alone as missing', () => expect(problems({ pupilName: '   ', observed: '\n\t' })).toEqual(['pupilName:required', 'observed:required']));

  it('treats zero-width, direction and control characters alone as missing (a report about nobody)', () =>
    expect(problems({ pupilName: '\u200b\u200d\u202e\u0007', where: '\u2066\u2069' })).toEqual(['pupilName:required', 'where:required']));

  it('refuses a class the school does not have', () => expect(problems({ pupilClass: '10Z' })).toEqual(['pupilClass:invalid']));

  it('refuses codes that are not on the card (forged choices)', () => {
    expect(problems({ signs: ['kvier_seg', 'hacked'] })).toEqual(['signs:invalid']);
    expect(problems({ kinds: ['<script>'] })).toEqual(['kinds:invalid']);
    expect(problems({ source: 'rykte' })).toEqual(['source:invalid']);
    expect(problems({ staffSuspected: 'kanskje' })).toEqual(['staffSuspected:invalid']);
  });

  it('names each field that is too long, with its limit', () => {
    const r = validateReport({ ...valid, observed: 'x'.repeat(LIMITS.longText + 1) }, ctx) as FieldError[];
    expect(r).toEqual([{ field: 'observed', problem: 'tooLong', limit: LIMITS.longText }]);
  });

  it('asks what "annet" is when the kind is annet', () => expect(problems({ kinds: ['annet'] })).toEqual(['kindOther:required']));
  it('asks how the reporter intervened when they did (delplikt 2)', () => expect(problems({ intervened: 'ja' })).toEqual(['intervention:required']));
  it('asks why the pupil was not told when not for another reason', () => expect(problems({ pupilInformed: 'nei_grunn' })).toEqual(['pupilInformedWhy:required']));
  it('refuses a date in the future in the school’s time zone', () => expect(problems({ date: '2026-11-25' })).toEqual(['date:future']));
  it('accepts today', () => expect(problems({ date: '2026-11-24' })).toEqual([]));
  it('refuses a time that is not hh:mm', () => expect(problems({ time: '25:00' })).toEqual(['time:invalid']));

  it('keeps a suspected staff member and a suspected leader as yes/no', () => {
    const r = validateReport({ ...valid, staffSuspected: 'ja', leadershipSuspected: 'ja' }, ctx);
    expect(isReport(r) && [r.staffSuspected, r.leadershipSuspected]).toEqual([true, true]);
  });
});

describe('calendar dates', () => {
  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-4-1', '26-04-01', ''])('%s is not a date', (d) => expect(isCalendarDate(d)).toBe(false));
  it.each(['2024-02-29', '2026-12-31', '2000-02-29'])('%s is a date', (d) => expect(isCalendarDate(d)).toBe(true));
  it('1900 was not a leap year', () => expect(isCalendarDate('1900-02-29')).toBe(false));
});
