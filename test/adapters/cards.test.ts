/**
 * What Teams can show: every card under its size limit even at the worst a school can produce
 * (20 measures written to the limit, long texts everywhere, a big staff list), and one text
 * catalogue with the same keys in bokmål, nynorsk and English.
 */
import type { CaseForViewer } from '../../src/app/case-actions';
import { openCase } from '../../src/domain/case';
import { CASEWORK_LIMITS, type ActivityPlan, type Casework } from '../../src/domain/casework';
import type { Membership } from '../../src/domain/people';
import { LIMITS, type Report } from '../../src/domain/report';
import { caseCard } from '../../src/adapters/teams/cards/views';
import { investigationCard, measureCard, planCard } from '../../src/adapters/teams/cards/work-views';
import { closeCard, evaluationCard } from '../../src/adapters/teams/cards/evaluation-views';
import { talksCard, talksPupilCard, talksRemoveCard, talksRosterCard, talksWarnCard } from '../../src/adapters/teams/cards/talks-views';
import { ROSTER_LIMITS as TALK_LIMITS, TALK_KINDS } from '../../src/domain/pupil-talks';
import type { TalksView } from '../../src/app/pupil-talks';
import { en } from '../../src/i18n/en';
import { nb } from '../../src/i18n/nb';
import { nn } from '../../src/i18n/nn';
import { long, size, TEAMS_LIMIT } from '../support/card-limits';


const staff: Membership[] = Array.from({ length: 250 }, (_, i) => ({
  tenantId: 't', schoolId: 's', userId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Ansatt Etternavnsen-Dobbeltnavn ${i}`,
  roles: i === 0 ? ['ansatt', 'rektor'] : i === 1 ? ['ansatt', 'avdelingsleder'] : ['ansatt', 'kontaktlaerer'], classes: [], trinn: i === 1 ? [8] : [],
}));
const report: Report = {
  pupilName: long(LIMITS.pupilName), pupilClass: '8A', signs: ['kvier_seg', 'skoleveien', 'fravaer', 'faglig', 'klaer_utstyr', 'folelser', 'spise_sovn', 'fritid', 'somatisk', 'sosial_dynamikk', 'oppholdssted', 'sosiale_medier'],
  observed: long(LIMITS.longText), kinds: ['mobbing', 'krenkelse', 'utenforskap', 'annet'], kindOther: long(LIMITS.shortText), where: long(LIMITS.shortText), date: '2026-11-23', time: '10:15',
  source: 'egen_observasjon', intervened: true, intervention: long(LIMITS.longText), pupilInformed: 'nei_grunn', pupilInformedWhy: long(LIMITS.shortText),
  vulnerabilities: ['funksjonsevne', 'sosiale_emosjonelle', 'familie'], staffSuspected: false, leadershipSuspected: false,
};
const measures = Array.from({ length: CASEWORK_LIMITS.measures }, (_, i) => ({
  level: (['individ', 'klasse', 'skole'] as const)[i % 3], description: long(CASEWORK_LIMITS.measure), when: long(CASEWORK_LIMITS.when), responsibleId: staff[i + 2].userId, restorative: 'skole_foresatte' as const,
}));
const plan: ActivityPlan = {
  version: 7, problem: long(CASEWORK_LIMITS.text), measures, evaluationDate: '2026-12-16', pupilView: long(CASEWORK_LIMITS.text), parentsView: long(CASEWORK_LIMITS.text),
  bestInterests: long(CASEWORK_LIMITS.text), proposalsNotChosen: 'ja', notChosenWhy: long(CASEWORK_LIMITS.text), createdAt: '2026-11-25T10:00:00.000Z', createdBy: staff[1].userId,
};
const work: Casework = {
  members: staff.slice(2, 12).map((m) => ({ userId: m.userId, at: '2026-11-25T10:00:00.000Z', by: staff[1].userId })),
  investigation: { methods: ['samtale_elev', 'samtale_andre_elever', 'samtale_foresatte', 'sosiogram', 'kvantitative', 'loggbok', 'observasjoner'], findings: long(CASEWORK_LIMITS.findings), recordedAt: '2026-11-26T10:00:00.000Z', recordedBy: staff[1].userId },
  planVersion: 7,
  evaluationDue: '2026-12-16',
  evaluations: Array.from({ length: 6 }, (_, i) => ({ planVersion: i + 1, outcome: 'justere' as const, note: long(CASEWORK_LIMITS.text), nextEvaluationDate: '', at: '2026-12-01T10:00:00.000Z', by: staff[1].userId })),
};
const base = openCase({ tenantId: 't', schoolId: 's', caseId: 'c1', ref: 'SM-2026-9999', now: '2026-11-24T09:30:00.000Z', reporterId: staff[5].userId, report, suggestedLeaderId: staff[1].userId, investigationDue: '2026-12-01' }).case;
const c = { ...base, status: 'videresendt' as const, forwardedAt: '2026-11-24T10:00:00.000Z', forwardedBy: staff[0].userId, work };
const view = (viewer: Membership): CaseForViewer => ({
  case: c, view: 'full', viewer, schoolName: 'Ellingsrud skole', unreached: [], leaders: staff.filter((m) => m.roles.includes('avdelingsleder')), actors: [staff[0].userId, staff[1].userId],
  staffNames: Object.fromEntries(staff.map((m) => [m.userId, m.name])), plan, mayExport: true, exportUrl: `https://meldfra.example/exports/${'x'.repeat(32)}?sig=${'x'.repeat(43)}`,
});

describe('where the case is archived (issue 16), in each language', () => {
  const archived = (lang: 'nb' | 'nn' | 'en', archive: CaseForViewer['archive']) => JSON.stringify(caseCard(lang, { ...view(staff[1]), archive }, { kind: 'leder' }));
  it.each([
    ['nb', { state: 'archived', number: '2026/1234-3', systemName: 'Websak' }, 'Arkivert i Websak: 2026/1234-3'],
    ['nn', { state: 'delivered', at: '2026-12-05T23:30:00.000Z', systemName: 'Websak' }, 'Sendt til arkivet 6.12.2026'], // half past midnight in Oslo,
    ['nn', { state: 'waiting', systemName: 'Websak' }, 'Ventar på arkivet'],
    ['en', { state: 'refused', systemName: 'Websak' }, 'The archive refused the case. Contact the archive staff.'],
  ] as const)('%s: %j reads «%s»', (lang, archive, text) => {
    expect(archived(lang, archive)).toContain(text);
  });
  it('nothing about an archive when the case has none', () => {
    expect(archived('nb', undefined)).not.toContain('Arkiv');
  });
});

describe('card sizes at the limits', () => {
  it.each(['nb', 'nn', 'en'] as const)('the case card with 20 measures, every text at its limit and 10 connected members stays under 28 KB (%s)', (lang) => {
    const card = caseCard(lang, view(staff[1]), { kind: 'leder' });
    expect(size(card)).toBeLessThan(TEAMS_LIMIT);
    expect(JSON.stringify(card)).toContain(plan.measures[19].description.slice(0, 20));
  });
  it('the plan card with 20 measures at their limits stays under 28 KB', () => {
    const draft = { problem: plan.problem, measures, evaluationDate: plan.evaluationDate, pupilView: plan.pupilView, parentsView: plan.parentsView, bestInterests: plan.bestInterests, proposalsNotChosen: 'ja', notChosenWhy: plan.notChosenWhy };
    expect(size(planCard('nb', view(staff[1]), draft, staff, '2026-11-25'))).toBeLessThan(TEAMS_LIMIT);
  });
  it('the measure card with 250 staff to choose from stays under 28 KB', () => {
    expect(size(measureCard('nn', view(staff[1]), { level: '', description: long(CASEWORK_LIMITS.measure), when: long(CASEWORK_LIMITS.when), responsibleId: '' }, staff))).toBeLessThan(TEAMS_LIMIT);
  });
  it('the measure card offers the restorative-process choice (004 §8.6) with 200 staff to choose from, and stays under 28 KB', () => {
    const card = measureCard('nn', view(staff[1]), { level: '', description: long(CASEWORK_LIMITS.measure), when: long(CASEWORK_LIMITS.when), responsibleId: '' }, staff.slice(0, 200));
    expect(size(card)).toBeLessThan(TEAMS_LIMIT);
    expect(JSON.stringify(card)).toContain('"id":"restorative"');
  });
  it('the investigation, evaluation and closing forms with full texts stay under 28 KB', () => {
    expect(size(investigationCard('nb', view(staff[1]), { methods: [...work.investigation!.methods], findings: long(CASEWORK_LIMITS.findings) }))).toBeLessThan(TEAMS_LIMIT);
    // Early (a reason), every «no» with its why, and the meeting still ahead to keep or cancel.
    const no = { tookPart: 'nei', why: long(CASEWORK_LIMITS.text) };
    const evaluation = { outcome: 'fortsette', note: long(CASEWORK_LIMITS.text), nextEvaluationDate: '2027-01-10', earlyReason: long(CASEWORK_LIMITS.text), dialogue: { pupil: no, parents: no, teacher: no }, meetingChoice: 'avlys' };
    expect(size(evaluationCard('nb', view(staff[1]), evaluation, { today: '2026-11-25', meetingStart: '2026-12-16T13:00:00.000Z' }))).toBeLessThan(TEAMS_LIMIT);
    expect(size(closeCard('nb', view(staff[1]), { pupilDoingWell: true, adultsNotWorried: true, note: long(CASEWORK_LIMITS.text) }))).toBeLessThan(TEAMS_LIMIT);
  });
});

describe('elevsamtaler cards at the limits', () => {
  // 40 pupils with names at the limit, every one new in the class, every conversation and four
  // varsler each registered, a long school name and twelve classes to choose from.
  const pupils = Array.from({ length: TALK_LIMITS.pupils }, (_, i) => ({ pupilId: staff[i].userId, name: `${i} ${long(TALK_LIMITS.name - 3)}`, under18: true, joinedOn: '2026-11-25' }));
  const talkWarnings = pupils.flatMap((p) => (['orden', 'atferd'] as const).flatMap((area) => ['2026-10-01', '2027-02-01'].map((on) => ({ pupilId: p.pupilId, area, on, by: 'x' }))));
  const done = pupils.flatMap((p) => (['startsamtale', 'elevsamtale_host', 'elevsamtale_var', 'foreldresamtale_tilbud'] as const).map((kind) => ({ kind, subjectId: p.pupilId, on: '2026-11-01', by: 'x' })));
  const v: TalksView = {
    school: { tenantId: 't', schoolId: 's', name: long(100), languageForm: 'nb', investigationDays: 5 },
    className: '10ABC', today: '2026-11-25', roster: { tenantId: 't', schoolId: 's', className: '10ABC', schoolYear: 2026, pupils }, done, warnings: talkWarnings,
    progress: TALK_KINDS.map((kind) => ({ kind, p: { done: 40, total: 40, overdue: 40 } })), warningCounts: { orden: 80, atferd: 80, thisTerm: 80 },
    newcomers: pupils.map((p) => ({ pupilId: p.pupilId, name: p.name, joinedOn: '2026-11-25', due: '2026-12-08' })),
    classes: Array.from({ length: 12 }, (_, i) => ({ schoolId: `school-${i}`, schoolName: long(100), className: `${i}A` })),
    form: { names: long(TALK_LIMITS.pupils * (TALK_LIMITS.name + 2)), under18: true, newcomers: true, errors: [] },
  };
  it.each(['nb', 'nn', 'en'] as const)('the class card, the class list, one pupil and the varsler stay under 28 KB, and what she typed is whole (%s)', (lang) => {
    const main = talksCard(lang, v, { dutyToReport: true });
    expect(size(main)).toBeLessThan(TEAMS_LIMIT);
    expect(JSON.stringify(main)).toContain(v.form.names);
    expect(size(talksRosterCard(lang, v))).toBeLessThan(TEAMS_LIMIT);
    expect(size(talksWarnCard(lang, v))).toBeLessThan(TEAMS_LIMIT);
    const pv = { view: v, pupil: pupils[0], startDue: '2026-12-08', done: done.slice(0, 4), warnings: talkWarnings.slice(0, 4) };
    expect(size(talksPupilCard(lang, pv, { name: long(TALK_LIMITS.name * 2), under18: true, joinedOn: '2026-11-25', errors: [{ index: 0, field: 'name', problem: 'tooLong', limit: 80 }] }))).toBeLessThan(TEAMS_LIMIT);
    expect(size(talksRemoveCard(lang, pv))).toBeLessThan(TEAMS_LIMIT);
  });
});

/** Every key path of a catalogue, with arrays by index. */
const keys = (o: unknown, at = ''): string[] =>
  o && typeof o === 'object' ? Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => keys(v, at ? `${at}.${k}` : k)) : [at];

describe('one text catalogue in three languages', () => {
  it.each([
    ['nynorsk', nn],
    ['English', en],
  ])('%s has exactly the keys bokmål has', (_name, other) => {
    const want = keys(nb).filter((k) => !/\.\d+(\.\d+)?$/.test(k)).sort();
    const got = keys(other).filter((k) => !/\.\d+(\.\d+)?$/.test(k)).sort();
    expect(got.filter((k) => !want.includes(k))).toEqual([]);
    expect(want.filter((k) => !got.includes(k))).toEqual([]);
  });
  it.each([
    ['nynorsk', nn],
    ['English', en],
  ])('%s leaves no text empty where bokmål has one', (_name, other) => {
    const value = (o: unknown, path: string) => path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)?.[k], o);
    const empty = keys(nb).filter((k) => value(nb, k) !== '' && value(other, k) === '');
    expect(empty).toEqual([]);
  });
});
