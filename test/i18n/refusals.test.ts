/**
 * The one refusal catalogue (src/domain/errors.ts) and the one mapper (src/adapters/teams/refusals.ts):
 * every code the app can raise has its words in nb, nn and en, with every placeholder filled from
 * the detail the code declares, and nothing that is not a refusal is taken for one. The codes come
 * from the catalogue itself, so a code added there without its texts fails here.
 */
import { DomainError, detailFields, ERROR_CODES, NAMESPACES, REFUSALS, splitCode, type DetailKind, type ErrorCode } from '../../src/domain/errors';
import { ComplaintError } from '../../src/domain/complaint';
import { StaffComplaintError } from '../../src/domain/staff-complaint';
import { strings, type Lang } from '../../src/i18n';
import { codeText, refusalText } from '../../src/adapters/teams/refusals';

const LANGS: Lang[] = ['nb', 'nn', 'en'];
const SAMPLE: Record<DetailKind, string | number> = { log: 'id-1', number: 3, date: '2026-12-07', minutesKind: 'mote_tillitselev', ask: 'rektor' };
/** A refusal of `code` carrying every detail field it declares. */
const full = (code: ErrorCode) => new DomainError(code, Object.fromEntries(Object.entries(detailFields(code)).map(([f, k]) => [f, SAMPLE[k]])));
const raw = (lang: Lang, code: ErrorCode) => {
  const [n, k] = splitCode(code);
  return (strings(lang).refusals[n] as Record<string, string>)[k];
};
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const cases = ERROR_CODES.flatMap((code) => LANGS.map((lang) => [code, lang] as const));

describe('the refusal catalogue', () => {
  it('is namespaced, and holds each routine\'s refusals', () => {
    expect(NAMESPACES).toEqual(['common', 'case', 'leave', 'complaint', 'staffComplaint', 'overview']);
    expect(ERROR_CODES.every((c) => /^[a-zA-Z]+\.[A-Z_]+$/.test(c))).toBe(true);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(ERROR_CODES.length).toBe(Object.values(REFUSALS).reduce((n, codes) => n + Object.keys(codes).length, 0));
  });

  it('lets a refusal carry only the detail its code declares (checked by tsc), so no pupil data rides along', () => {
    // @ts-expect-error a pupil's name is no detail of leave.DECIDED
    expect(new DomainError('leave.DECIDED', { pupilName: 'Nora' }).code).toBe('leave.DECIDED');
    // @ts-expect-error NOT_AT_STAGE carries the stage and the minutes kind, not a note
    expect(new ComplaintError('complaint.NOT_AT_STAGE', { stage: 2, note: 'fritekst' }).detail).toEqual({ stage: 2, note: 'fritekst' });
    // @ts-expect-error a code that is not in the catalogue
    expect(new DomainError('case.NO_SUCH_CODE').code).toBe('case.NO_SUCH_CODE');
  });

  it.each(LANGS)('%s has a text for exactly the codes in the catalogue', (lang) => {
    const keys = Object.entries(strings(lang).refusals).flatMap(([n, texts]) => Object.keys(texts).map((k) => `${n}.${k}`));
    expect(keys.sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each(cases)('%s in %s: its placeholders are exactly the detail it declares to show', (code, lang) => {
    const shown = Object.entries(detailFields(code)).filter(([, k]) => k !== 'log' && k !== 'ask').map(([f]) => f).sort();
    expect(placeholders(raw(lang, code))).toEqual(shown);
  });

  it.each(cases)('%s in %s: the mapper gives a text with every placeholder filled', (code, lang) => {
    const text = refusalText(lang, full(code));
    expect(text?.trim()).toBeTruthy();
    expect(text).not.toMatch(/[{}]/);
    expect(text).not.toContain('undefined');
  });

  it.each(ERROR_CODES)('%s reads differently in bokmål and English', (code) => {
    expect(refusalText('nb', full(code))).not.toBe(refusalText('en', full(code)));
  });
});

describe('the refusal mapper', () => {
  it('shows the detail in the user\'s words: the stage, the minutes\' name, the day', () => {
    expect(refusalText('nb', new ComplaintError('complaint.NOT_AT_STAGE', { stage: 3 }))).toContain('(trinn 3)');
    expect(refusalText('nn', new ComplaintError('complaint.MINUTES_MISSING', { kind: 'mote_tillitselev' }))).toContain(`«${strings('nn').teachingComplaint.kinds.mote_tillitselev}»`);
    expect(refusalText('nb', new ComplaintError('complaint.FOLLOW_UP_NOT_HELD', { oppfolging: '2026-12-07' }))).toContain('(man. 7.12.2026)');
    expect(refusalText('en', new ComplaintError('complaint.FOLLOW_UP_NOT_HELD', { oppfolging: '2026-12-07' }))).toContain('(Mon 7 Dec 2026)');
    expect(codeText('en', 'common.PAYLOAD_TOO_LARGE', { limit: 20000 })).toContain('at most 20000 characters');
  });

  it('says whom to ask, except on «not found», which must read the same whether the record exists or not', () => {
    expect(refusalText('nb', new DomainError('common.NO_ROLE', { action: 'permisjon', ask: 'rektor' }))).toBe(`${strings('nb').refusals.common.NO_ROLE} ${strings('nb').errors.ask.rektor}`);
    expect(refusalText('nb', new DomainError('common.NO_ROLE', { action: 'permisjon', ask: 'ingen' }))).toBe(strings('nb').refusals.common.NO_ROLE);
    expect(refusalText('nb', new DomainError('common.NOT_FOUND', { ask: 'rektor' }))).toBe(refusalText('nb', new DomainError('common.NOT_FOUND')));
  });

  it('maps every routine\'s refusal class alike', () => {
    expect(refusalText('nb', new StaffComplaintError('staffComplaint.ALREADY_RECORDED', { step: 'tiltak' }))).toBe(strings('nb').refusals.staffComplaint.ALREADY_RECORDED);
    expect(refusalText('nb', new DomainError('case.ALREADY_RECORDED'))).toBe(strings('nb').refusals.case.ALREADY_RECORDED);
  });

  it.each([
    ['an Error whose message is a code', new Error('common.CONFLICT')],
    ['an object that looks like a refusal', { code: 'common.CONFLICT', detail: {} }],
    ['a code as a string', 'common.CONFLICT'],
    ['a TypeError', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('is undefined for %s, so it is thrown on', (_what, e) => {
    expect(refusalText('nb', e)).toBeUndefined();
  });
});
