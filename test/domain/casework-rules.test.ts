/**
 * The rules of 004 §8.4–8.7 (undersøke, aktivitetsplan, evaluere, avslutte) and SPEC §3.1 steps
 * 3–5, one named test per rule. Form problems come back as FormError arrays; refusals as
 * DomainError codes.
 */
import { forwardCase, openCase, type SkolemiljoCase } from '../../src/domain/case';
import {
  CASEWORK_LIMITS,
  closeCase,
  connectMember,
  evaluatePlan,
  isFormErrors,
  keepPlanDraft,
  makePlan,
  nextStep,
  recordInvestigation,
  validateInvestigation,
  validateMeasure,
  validatePlan,
  type EvaluationDraft,
  type FormError,
  type MeasureDraft,
  type PlanDraft,
} from '../../src/domain/casework';
import { DomainError } from '../../src/domain/errors';
import type { Membership, Role } from '../../src/domain/people';
import type { Report } from '../../src/domain/report';

const T = 'tenant';
const m = (userId: string, roles: Role[], o: Partial<Membership> = {}): Membership => ({ tenantId: T, schoolId: 'ellingsrud', userId, name: userId, roles, classes: [], trinn: [], ...o });
const rektor = m('rektor', ['ansatt', 'rektor']);
const lars = m('lars', ['ansatt', 'avdelingsleder'], { trinn: [8] });
const kari = m('kari', ['ansatt', 'kontaktlaerer'], { classes: ['8A'] });
const sara = m('sara', ['ansatt', 'miljoteam']);
const elin = m('elin', ['ansatt', 'elevradgiver']);
const jon = m('jon', ['skoleeier']);
/** The school's staff list, as the server looks it up. Pupils and parents have no membership. */
const STAFF = [rektor, lars, kari, sara, elin, jon];

const NOW = '2026-11-24T09:30:00.000Z';
const TODAY = '2026-11-24';
const ctx = { staff: STAFF, today: TODAY, now: NOW };

const report: Report = {
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};
const reported = (): SkolemiljoCase =>
  openCase({ tenantId: T, schoolId: 'ellingsrud', caseId: 'c1', ref: 'SM-2026-0001', now: NOW, reporterId: 'kari', report, suggestedLeaderId: 'lars', investigationDue: '2026-12-01' }).case;
const forwarded = (): SkolemiljoCase => forwardCase(reported(), rektor, lars, NOW).case;

const ok = <R>(r: R | FormError[]): R => {
  if (isFormErrors(r)) throw new Error(`unexpected form errors: ${JSON.stringify(r)}`);
  return r;
};
const errors = (r: unknown): FormError[] => {
  if (!isFormErrors(r)) throw new Error('expected form errors, got a result');
  return r;
};
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'no error';
};

const measure = (o: Partial<MeasureDraft> = {}): MeasureDraft => ({ level: 'individ', description: 'En voksen er med Ola i friminuttene', when: 'hvert friminutt fra 1.12 til 18.12', responsibleId: 'kari', ...o });
const plan = (o: Partial<PlanDraft> = {}): PlanDraft => ({
  problem: 'Ola blir holdt utenfor i friminuttene.',
  measures: [measure()],
  evaluationDate: '2026-12-15',
  pupilView: 'Ola vil ha noen å være sammen med ute.',
  parentsView: '',
  bestInterests: 'Trygghet i friminuttene veier tyngst.',
  proposalsNotChosen: 'nei',
  ...o,
});
const investigated = (): SkolemiljoCase => ok(recordInvestigation(forwarded(), lars, { methods: ['samtale_elev', 'sosiogram'], findings: 'Ola opplever å være alene.' }, NOW)).case;
const withPlan = () => ok(makePlan(investigated(), lars, plan(), ctx));
/** 004 §8.7: the leader was in dialogue with the pupil, the parents and the kontaktlærer. */
const allTookPart = { pupil: { tookPart: 'ja', why: '' }, parents: { tookPart: 'ja', why: '' }, teacher: { tookPart: 'ja', why: '' } };
/** Evaluated on the plan's evaluation date (or the test's day when it has none). */
const evaluated = (c: SkolemiljoCase, d: Partial<EvaluationDraft> = {}): SkolemiljoCase =>
  ok(evaluatePlan(c, lars, { outcome: 'avslutte', note: 'Ola sier det går bra.', nextEvaluationDate: '', dialogue: allTookPart, ...d }, { today: c.work?.evaluationDue || '2026-12-15', now: NOW })).case;
const wellAndNotWorried = { pupilDoingWell: true, adultsNotWorried: true, note: 'Referat arkivert i Websak.' };

describe('8.4 undersøke (delplikt 4)', () => {
  it('the investigation must say what was done and what was found', () => {
    expect(validateInvestigation({ methods: [], findings: '  ' })).toEqual([{ field: 'methods', problem: 'required' }, { field: 'findings', problem: 'required' }]);
    expect(errors(recordInvestigation(forwarded(), lars, { methods: [], findings: '' }, NOW))).toEqual([{ field: 'methods', problem: 'required' }, { field: 'findings', problem: 'required' }]);
  });

  it('only the ways of investigating named in 8.4 are accepted', () => {
    expect(validateInvestigation({ methods: ['samtale_elev', 'etterforskning'], findings: 'x' })).toEqual([{ field: 'methods', problem: 'invalid' }]);
    expect(validateInvestigation({ methods: ['samtale_elev', 'samtale_andre_elever', 'samtale_foresatte', 'sosiogram', 'kvantitative', 'loggbok', 'observasjoner'], findings: 'x' })).toEqual([]);
  });

  it('findings longer than the limit are refused', () => {
    expect(validateInvestigation({ methods: ['loggbok'], findings: 'x'.repeat(CASEWORK_LIMITS.findings + 1) })).toEqual([{ field: 'findings', problem: 'tooLong', limit: 3000 }]);
    expect(validateInvestigation({ methods: ['loggbok'], findings: 'x'.repeat(CASEWORK_LIMITS.findings) })).toEqual([]);
  });

  it('recording the investigation notes when (which stops its reminders); recording again is logged as a change and keeps the first date', () => {
    const first = ok(recordInvestigation(forwarded(), lars, { methods: ['samtale_elev'], findings: ' Ola er alene. ' }, NOW));
    expect([first.case.investigationRecordedAt, first.case.work?.investigation?.findings, first.log.action]).toEqual([NOW, 'Ola er alene.', 'undersokelse_registrert']);
    const again = ok(recordInvestigation(first.case, lars, { methods: ['observasjoner'], findings: 'Mer funnet.' }, '2026-11-25T10:00:00.000Z'));
    expect([again.case.investigationRecordedAt, again.log.action]).toEqual([NOW, 'undersokelse_endret']);
  });

  it('the investigation waits until rektor has forwarded the case to the nærmeste leder', () =>
    expect(code(() => recordInvestigation(reported(), rektor, { methods: ['samtale_elev'], findings: 'x' }, NOW))).toBe('case.NOT_FORWARDED'));
});

describe('8.5 aktivitetsplan (delplikt 5)', () => {
  it('a plan needs the problem, at least one measure, when, who is responsible and the evaluation date', () => {
    expect(validatePlan(plan({ problem: ' ', measures: [], evaluationDate: '' }), ctx)).toEqual([
      { field: 'problem', problem: 'required' },
      { field: 'evaluationDate', problem: 'required' },
      { field: 'measures', problem: 'required' },
    ]);
    expect(validatePlan(plan({ measures: [measure({ level: '', description: '', when: ' ', responsibleId: '' })] }), ctx)).toEqual([
      { field: 'measure0.level', problem: 'required' },
      { field: 'measure0.description', problem: 'required' },
      { field: 'measure0.when', problem: 'required' },
      { field: 'measure0.responsibleId', problem: 'required' },
    ]);
    expect(validatePlan(plan(), ctx)).toEqual([]);
  });

  it('each measure is at individ, klasse or skole level', () => {
    expect(validateMeasure(measure({ level: 'kommune' }), STAFF)).toEqual([{ field: 'level', problem: 'invalid' }]);
    expect(['individ', 'klasse', 'skole'].map((level) => validateMeasure(measure({ level }), STAFF))).toEqual([[], [], []]);
  });

  it('a measure’s responsible person must be staff at the school, never a pupil or a parent', () => {
    // A pupil, a parent, the school owner contact and a teacher at another school (not in this school's staff list).
    for (const responsibleId of ['elev-ola', 'forelder-ola', 'jon', 'laerer-nordberg'])
      expect(validateMeasure(measure({ responsibleId }), STAFF)).toEqual([{ field: 'responsibleId', problem: 'notStaff' }]);
    expect(validateMeasure(measure({ responsibleId: 'sara' }), STAFF)).toEqual([]);
    expect(validatePlan(plan({ measures: [measure(), measure({ responsibleId: 'elev-ola' })] }), ctx)).toEqual([{ field: 'measure1.responsibleId', problem: 'notStaff' }]);
  });

  it('the pupil’s own view is required', () => expect(validatePlan(plan({ pupilView: '  ' }), ctx)).toEqual([{ field: 'pupilView', problem: 'required' }]));

  it('the parents’ view is recorded when given, but the plan does not wait for it', () => {
    expect(validatePlan(plan({ parentsView: '' }), ctx)).toEqual([]);
    expect(ok(makePlan(investigated(), lars, plan({ parentsView: ' Foresatte ønsker tett kontakt. ' }), ctx)).plan.parentsView).toBe('Foresatte ønsker tett kontakt.');
  });

  it('the best-interests assessment is required', () => expect(validatePlan(plan({ bestInterests: '' }), ctx)).toEqual([{ field: 'bestInterests', problem: 'required' }]));

  it('the evaluation date must be after today', () => {
    expect(validatePlan(plan({ evaluationDate: TODAY }), ctx)).toEqual([{ field: 'evaluationDate', problem: 'past' }]);
    expect(validatePlan(plan({ evaluationDate: '2026-11-01' }), ctx)).toEqual([{ field: 'evaluationDate', problem: 'past' }]);
    expect(validatePlan(plan({ evaluationDate: '2026-11-25' }), ctx)).toEqual([]);
  });

  it('the evaluation date must be a real date', () =>
    expect(['2026-02-30', '15.12.2026', '2026-13-01'].map((evaluationDate) => validatePlan(plan({ evaluationDate }), ctx))).toEqual(
      [1, 2, 3].map(() => [{ field: 'evaluationDate', problem: 'invalid' }]),
    ));

  it('texts longer than their limits are refused', () => {
    const long = (n: number) => 'x'.repeat(n + 1);
    expect(validatePlan(plan({ problem: long(1500), pupilView: long(1500), parentsView: long(1500), bestInterests: long(1500) }), ctx)).toEqual([
      { field: 'problem', problem: 'tooLong', limit: 1500 },
      { field: 'pupilView', problem: 'tooLong', limit: 1500 },
      { field: 'parentsView', problem: 'tooLong', limit: 1500 },
      { field: 'bestInterests', problem: 'tooLong', limit: 1500 },
    ]);
    expect(validateMeasure(measure({ description: long(CASEWORK_LIMITS.measure), when: long(CASEWORK_LIMITS.when) }), STAFF)).toEqual([
      { field: 'description', problem: 'tooLong', limit: 300 },
      { field: 'when', problem: 'tooLong', limit: 100 },
    ]);
  });

  it('at most 20 measures', () => {
    const n = (k: number) => Array.from({ length: k }, () => measure());
    expect(validatePlan(plan({ measures: n(20) }), ctx)).toEqual([]);
    expect(validatePlan(plan({ measures: n(21) }), ctx)).toEqual([{ field: 'measures', problem: 'tooMany', limit: 20 }]);
    expect(code(() => keepPlanDraft(investigated(), lars, plan({ measures: n(21) })))).toBe('common.INVALID_INPUT');
  });

  it('a plan cannot be made before the investigation is recorded', () => {
    expect(code(() => makePlan(forwarded(), lars, plan(), ctx))).toBe('case.INVESTIGATION_FIRST');
    expect(code(() => keepPlanDraft(forwarded(), lars, plan()))).toBe('case.INVESTIGATION_FIRST');
  });

  it('a plan being written is kept on the case, and dropped when the plan is saved', () => {
    const draft = plan({ problem: 'halvferdig' });
    const kept = keepPlanDraft(investigated(), lars, draft);
    expect(kept.work?.planDraft).toEqual(draft);
    expect(ok(makePlan(kept, lars, plan(), ctx)).case.work?.planDraft).toBeUndefined();
  });

  it('a plan that is not saved leaves the case as it was', () => {
    const c = investigated();
    expect(errors(makePlan(c, lars, plan({ pupilView: '' }), ctx))).toEqual([{ field: 'pupilView', problem: 'required' }]);
    expect(nextStep(c)).toBe('lage_plan');
  });

  it('the plan’s evaluation date becomes the case’s next evaluation', () => {
    const r = withPlan();
    expect([r.plan.version, r.case.work?.planVersion, r.case.work?.evaluationDue, nextStep(r.case)]).toEqual([1, 1, '2026-12-15', 'evaluere']);
    expect(r.log).toEqual({ at: NOW, actorId: 'lars', action: 'plan_laget', detail: 'versjon=1;tiltak=1;evaluering=2026-12-15' });
  });

  it('a new plan is not made while the current one waits for its evaluation', () => expect(code(() => makePlan(withPlan().case, lars, plan(), ctx))).toBe('case.PLAN_NOT_DUE'));

  it('a new plan version never overwrites the earlier one: version numbers go up', () => {
    const v1 = withPlan();
    const snapshot = structuredClone(v1.plan);
    const adjusted = evaluated(v1.case, { outcome: 'justere', note: 'Tiltakene virker delvis.' });
    const v2 = ok(makePlan(adjusted, lars, plan({ problem: 'Ola er fortsatt mye alene.', evaluationDate: '2027-01-12' }), { ...ctx, today: '2026-12-15' }));
    expect([v2.plan.version, v2.case.work?.planVersion, v2.case.work?.evaluationDue]).toEqual([2, 2, '2027-01-12']);
    expect(v1.plan).toEqual(snapshot);
    expect(v2.case.work?.evaluations.map((e) => [e.planVersion, e.outcome])).toEqual([[1, 'justere']]);
    expect(v2.log.detail).toBe('versjon=2;tiltak=1;evaluering=2027-01-12');
  });
});

describe('8.7 evaluere', () => {
  it('a plan cannot be evaluated before it exists', () => expect(code(() => evaluatePlan(investigated(), lars, { outcome: 'fortsette', note: 'x', nextEvaluationDate: '2027-01-01' }, ctx))).toBe('case.PLAN_FIRST'));

  it('an evaluation needs an outcome (continue, adjust or end) and what it found', () => {
    const c = withPlan().case;
    const onTheDay = { ...ctx, today: '2026-12-15' };
    expect(errors(evaluatePlan(c, lars, { outcome: '', note: ' ', nextEvaluationDate: '', dialogue: allTookPart }, onTheDay))).toEqual([{ field: 'outcome', problem: 'required' }, { field: 'evalNote', problem: 'required' }]);
    expect(errors(evaluatePlan(c, lars, { outcome: 'pause', note: 'x'.repeat(CASEWORK_LIMITS.text + 1), nextEvaluationDate: '', dialogue: allTookPart }, onTheDay))).toEqual([
      { field: 'outcome', problem: 'invalid' },
      { field: 'evalNote', problem: 'tooLong', limit: 1500 },
    ]);
  });

  it('evaluation: continue needs the next evaluation date', () => {
    const c = withPlan().case;
    const cont = (nextEvaluationDate: string) => evaluatePlan(c, lars, { outcome: 'fortsette', note: 'Bedre, men fortsett.', nextEvaluationDate, dialogue: allTookPart }, { today: '2026-12-15', now: NOW });
    expect(errors(cont(''))).toEqual([{ field: 'nextEvaluationDate', problem: 'required' }]);
    expect(errors(cont('2026-12-15'))).toEqual([{ field: 'nextEvaluationDate', problem: 'past' }]);
    expect(errors(cont('2026-12-32'))).toEqual([{ field: 'nextEvaluationDate', problem: 'invalid' }]);
    const r = ok(cont('2027-01-12'));
    expect([r.case.work?.evaluationDue, r.case.work?.planVersion, nextStep(r.case)]).toEqual(['2027-01-12', 1, 'evaluere']);
  });

  it('a continued plan is evaluated again on its next date', () => {
    const continued = evaluated(withPlan().case, { outcome: 'fortsette', nextEvaluationDate: '2027-01-12' });
    const again = evaluated(continued, { outcome: 'avslutte' });
    expect(again.work?.evaluations.map((e) => [e.planVersion, e.outcome])).toEqual([[1, 'fortsette'], [1, 'avslutte']]);
  });

  it('adjust leads to a new plan version', () => {
    const adjusted = evaluated(withPlan().case, { outcome: 'justere' });
    expect([nextStep(adjusted), adjusted.work?.evaluationDue]).toEqual(['justere', '']);
    expect(code(() => evaluated(adjusted))).toBe('case.ALREADY_EVALUATED');
    const v2 = ok(makePlan(adjusted, lars, plan({ evaluationDate: '2027-01-12' }), { ...ctx, today: '2026-12-15' })).case;
    expect([v2.work?.planVersion, nextStep(v2)]).toEqual([2, 'evaluere']);
  });

  it('ending a plan leads to closing the case, not to another evaluation or plan', () => {
    const ended = evaluated(withPlan().case, { outcome: 'avslutte' });
    expect(nextStep(ended)).toBe('avslutte');
    expect(code(() => evaluated(ended))).toBe('case.ALREADY_EVALUATED');
    expect(code(() => makePlan(ended, lars, plan({ evaluationDate: '2027-01-12' }), { ...ctx, today: '2026-12-15' }))).toBe('case.PLAN_NOT_DUE');
  });
});

describe('8.7 avslutte', () => {
  it('a case can only be closed after its latest plan has been evaluated', () => {
    expect(code(() => closeCase(investigated(), lars, wellAndNotWorried, NOW))).toBe('case.EVALUATE_FIRST');
    expect(code(() => closeCase(withPlan().case, lars, wellAndNotWorried, NOW))).toBe('case.EVALUATE_FIRST');
    const adjusted = evaluated(withPlan().case, { outcome: 'justere' });
    const v2 = ok(makePlan(adjusted, lars, plan({ evaluationDate: '2027-01-12' }), { ...ctx, today: '2026-12-15' })).case;
    expect(code(() => closeCase(v2, lars, wellAndNotWorried, NOW))).toBe('case.EVALUATE_FIRST');
    expect(ok(closeCase(evaluated(v2), lars, wellAndNotWorried, NOW)).case.status).toBe('avsluttet');
  });

  it('closing records that the pupil says things are well and the adults are no longer worried', () => {
    const ended = evaluated(withPlan().case);
    expect(errors(closeCase(ended, lars, { pupilDoingWell: false, adultsNotWorried: false, note: '' }, NOW))).toEqual([
      { field: 'pupilDoingWell', problem: 'required' },
      { field: 'adultsNotWorried', problem: 'required' },
    ]);
    expect(errors(closeCase(ended, lars, { pupilDoingWell: true, adultsNotWorried: false, note: '' }, NOW))).toEqual([{ field: 'adultsNotWorried', problem: 'required' }]);
    const r = ok(closeCase(ended, lars, wellAndNotWorried, NOW));
    expect([r.case.status, r.case.work?.closure, r.case.work?.evaluationDue, r.log.action, nextStep(r.case)]).toEqual([
      'avsluttet',
      { pupilDoingWell: true, adultsNotWorried: true, note: 'Referat arkivert i Websak.', at: NOW, by: 'lars' },
      '',
      'avsluttet',
      'avsluttet',
    ]);
  });

  it('a closing note longer than the limit is refused', () =>
    expect(errors(closeCase(evaluated(withPlan().case), lars, { ...wellAndNotWorried, note: 'x'.repeat(CASEWORK_LIMITS.text + 1) }, NOW))).toEqual([
      { field: 'closeNote', problem: 'tooLong', limit: 1500 },
    ]));

  it('a closed case takes no more casework', () => {
    const done = ok(closeCase(evaluated(withPlan().case), lars, wellAndNotWorried, NOW)).case;
    expect(code(() => recordInvestigation(done, lars, { methods: ['loggbok'], findings: 'x' }, NOW))).toBe('common.CLOSED');
    expect(code(() => closeCase(done, lars, wellAndNotWorried, NOW))).toBe('common.CLOSED');
    expect(code(() => connectMember(done, lars, elin, NOW))).toBe('common.CLOSED');
  });
});

describe('who does the casework', () => {
  it('connected members must be miljøteam or elevrådgiver at the same school; connecting twice is refused', () => {
    const c = forwarded();
    expect(code(() => connectMember(c, lars, kari, NOW))).toBe('case.MEMBER_INVALID');
    expect(code(() => connectMember(c, lars, jon, NOW))).toBe('case.MEMBER_INVALID');
    expect(code(() => connectMember(c, lars, m('sara', ['ansatt', 'miljoteam'], { schoolId: 'nordberg' }), NOW))).toBe('case.MEMBER_INVALID');
    expect(code(() => connectMember(c, lars, undefined, NOW))).toBe('case.MEMBER_INVALID');
    const one = connectMember(c, lars, sara, NOW);
    expect([one.case.work?.members, one.log]).toEqual([[{ userId: 'sara', at: NOW, by: 'lars' }], { at: NOW, actorId: 'lars', action: 'koblet_til', detail: 'bruker=sara' }]);
    const two = connectMember(one.case, rektor, elin, NOW).case;
    expect(two.work?.members.map((x) => x.userId)).toEqual(['sara', 'elin']);
    expect(code(() => connectMember(two, lars, sara, NOW))).toBe('case.ALREADY_CONNECTED');
  });

  it('a connected miljøteam member sees the case but does not record the investigation or the plan', () => {
    const c = connectMember(investigated(), lars, sara, NOW).case;
    expect(code(() => recordInvestigation(c, sara, { methods: ['observasjoner'], findings: 'x' }, NOW))).toBe('common.NO_ROLE');
    expect(code(() => makePlan(c, sara, plan(), ctx))).toBe('common.NO_ROLE');
  });

  it('the next step follows the order of 004 §8: forward, investigate, plan, evaluate, close', () => {
    const c = withPlan().case;
    const ended = evaluated(c);
    expect([reported(), forwarded(), investigated(), c, ended, ok(closeCase(ended, lars, wellAndNotWorried, NOW)).case].map(nextStep)).toEqual([
      'videresende',
      'undersoke',
      'lage_plan',
      'evaluere',
      'avslutte',
      'avsluttet',
    ]);
  });
});

describe('found in review, now rules', () => {
  it('a case whose plan is to be adjusted cannot be closed until the new version is evaluated', () => {
    const adjusting = evaluated(withPlan().case, { outcome: 'justere' });
    expect(code(() => closeCase(adjusting, lars, wellAndNotWorried, NOW))).toBe('case.EVALUATE_FIRST');
  });
});

describe('closing calls off what is still ahead', () => {
  it('evaluation meetings after the closing are cancelled with the case; those held stay as they were', () => {
    const meeting = (meetingId: string, start: string) => ({
      meetingId, purpose: 'evaluering' as const, organizerId: 'lars', attendeeIds: ['kari'], start, end: start, location: '', online: false, status: 'booket' as const,
      version: 1, bookedVersion: 1, eventId: 'e', joinUrl: '', webLink: '', requestedAt: NOW, requestedBy: 'lars',
    });
    const c = { ...evaluated(withPlan().case), meetings: [meeting('held', '2026-11-20T13:00:00.000Z'), meeting('ahead', '2027-01-15T13:00:00.000Z')] };
    const closed = ok(closeCase(c, lars, wellAndNotWorried, NOW)).case;
    expect(closed.meetings!.map((m) => [m.meetingId, m.status])).toEqual([['held', 'booket'], ['ahead', 'avlyst']]);
  });
});
