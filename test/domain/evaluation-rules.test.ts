/**
 * Seed 004 §8.5–8.7, the rules that tie the evaluation to its date and to the dialogue, and what
 * the plan records about the pupil's and the parents' proposals and restorative processes. Each
 * test is named after the seed's own words.
 */
import { forwardCase, openCase, type SkolemiljoCase } from '../../src/domain/case';
import { closeCase, evaluatePlan, isFormErrors, makePlan, recordInvestigation, validateMeasure, validatePlan, type EvaluationDraft, type FormError, type MeasureDraft, type PlanDraft } from '../../src/domain/casework';
import { DomainError } from '../../src/domain/errors';
import { closeBlocker } from '../../src/domain/evaluation';
import { evaluationMeeting } from '../../src/domain/meetings';
import type { Membership, Role } from '../../src/domain/people';
import type { Report } from '../../src/domain/report';

const T = 'tenant';
const m = (userId: string, roles: Role[], o: Partial<Membership> = {}): Membership => ({ tenantId: T, schoolId: 'ellingsrud', userId, name: userId, roles, classes: [], trinn: [], ...o });
const rektor = m('rektor', ['ansatt', 'rektor']);
const lars = m('lars', ['ansatt', 'avdelingsleder'], { trinn: [8] });
const kari = m('kari', ['ansatt', 'kontaktlaerer'], { classes: ['8A'] });
const STAFF = [rektor, lars, kari];
const NOW = '2026-11-24T09:30:00.000Z';
const ctx = { staff: STAFF, today: '2026-11-24', now: NOW };

const report: Report = {
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};
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

const measure = (o: Partial<MeasureDraft> = {}): MeasureDraft => ({ level: 'individ', description: 'En voksen er med Ola i friminuttene', when: 'hvert friminutt', responsibleId: 'kari', ...o });
const plan = (o: Partial<PlanDraft> = {}): PlanDraft => ({
  problem: 'Ola blir holdt utenfor.', measures: [measure()], evaluationDate: '2026-12-15', pupilView: 'Ola vil ha noen å være med.', parentsView: '',
  bestInterests: 'Trygghet veier tyngst.', proposalsNotChosen: 'nei', ...o,
});
const investigated = (): SkolemiljoCase => {
  const reported = openCase({ tenantId: T, schoolId: 'ellingsrud', caseId: 'c1', ref: 'SM-2026-0001', now: NOW, reporterId: 'kari', report, suggestedLeaderId: 'lars', investigationDue: '2026-12-01' }).case;
  return ok(recordInvestigation(forwardCase(reported, rektor, lars, NOW).case, lars, { methods: ['samtale_elev'], findings: 'Ola er alene.' }, NOW)).case;
};
const planned = (): SkolemiljoCase => ok(makePlan(investigated(), lars, plan(), ctx)).case;
const yes = { tookPart: 'ja', why: '' };
const allTookPart = { pupil: yes, parents: yes, teacher: yes };
const draft = (o: Partial<EvaluationDraft> = {}): EvaluationDraft => ({ outcome: 'avslutte', note: 'Ola sier det går bra.', nextEvaluationDate: '', dialogue: allTookPart, ...o });
const onDay = (today: string, now = `${today}T07:00:00.000Z`) => ({ today, now });
const well = { pupilDoingWell: true, adultsNotWorried: true, note: '' };

/** The plan with its evaluation meeting booked at 14.00 on the evaluation date (Oslo 14.00 = 13.00 UTC in December). */
const withMeeting = (): SkolemiljoCase =>
  evaluationMeeting(planned(), 'lars', ['kari'], { meetingId: 'm1', start: '2026-12-15T13:00:00.000Z', end: '2026-12-15T13:45:00.000Z', online: false, location: '–', now: NOW });

describe('004 §8.7 «Tidspunkt for evaluering skrives inn i aktivitetsplanen»', () => {
  it('an evaluation before the plan’s evaluation date needs a recorded reason', () => {
    const c = planned();
    expect(errors(evaluatePlan(c, lars, draft(), onDay('2026-12-10')))).toEqual([{ field: 'earlyReason', problem: 'early' }]);
    expect(errors(evaluatePlan(c, lars, draft({ earlyReason: '   ' }), onDay('2026-12-10')))).toEqual([{ field: 'earlyReason', problem: 'early' }]);
    const r = ok(evaluatePlan(c, lars, draft({ earlyReason: ' Foresatte ba om et møte nå. ' }), onDay('2026-12-10')));
    expect(r.case.work?.evaluations.at(-1)?.earlyReason).toBe('Foresatte ba om et møte nå.');
    expect(r.log.detail).toContain('før_dato');
  });

  it('on or after the evaluation date no reason is asked, and none is stored', () => {
    for (const today of ['2026-12-15', '2026-12-18']) {
      const r = ok(evaluatePlan(planned(), lars, draft({ earlyReason: 'skrevet likevel' }), onDay(today)));
      expect([r.case.work?.evaluations.at(-1)?.earlyReason, r.log.detail]).toEqual(['', 'versjon=1;utfall=avslutte']);
    }
  });
});

describe('004 §8.7 «Ved evaluering vil alltid nærmeste leder være i dialog med elev, foresatte og kontaktlærer»', () => {
  it('the evaluation records whether the pupil, the parents and the kontaktlærer took part: each yes, or no with why', () => {
    const c = planned();
    expect(errors(evaluatePlan(c, lars, draft({ dialogue: undefined }), onDay('2026-12-15')))).toEqual([
      { field: 'pupilTookPart', problem: 'required' },
      { field: 'parentsTookPart', problem: 'required' },
      { field: 'teacherTookPart', problem: 'required' },
    ]);
    const parentsNo = (why: string) => draft({ dialogue: { ...allTookPart, parents: { tookPart: 'nei', why } } });
    expect(errors(evaluatePlan(c, lars, parentsNo(' '), onDay('2026-12-15')))).toEqual([{ field: 'parentsWhy', problem: 'whyNot' }]);
    expect(errors(evaluatePlan(c, lars, draft({ dialogue: { ...allTookPart, teacher: { tookPart: 'kanskje', why: '' } } }), onDay('2026-12-15')))).toEqual([
      { field: 'teacherTookPart', problem: 'invalid' },
    ]);
    const r = ok(evaluatePlan(c, lars, parentsNo('Syke; ringt dagen etter.'), onDay('2026-12-15')));
    expect(r.case.work?.evaluations.at(-1)?.dialogue).toEqual({
      pupil: { tookPart: true, why: '' },
      parents: { tookPart: false, why: 'Syke; ringt dagen etter.' },
      teacher: { tookPart: true, why: '' },
    });
  });
});

describe('004 §8.7 «kreves det at den siste planen evalueres»: closing', () => {
  it('the case is closed only after an evaluation that ends the measures, not straight after «videreføres» or «justeres»', () => {
    expect(closeBlocker(0, undefined)).toBe('ingen_plan');
    const c = planned();
    expect([closeBlocker(1, undefined), code(() => closeCase(c, lars, well, NOW))]).toEqual(['ikke_evaluert', 'case.EVALUATE_FIRST']);
    const continued = ok(evaluatePlan(c, lars, draft({ outcome: 'fortsette', nextEvaluationDate: '2027-01-12' }), onDay('2026-12-15'))).case;
    expect([closeBlocker(1, continued.work?.evaluations.at(-1)), code(() => closeCase(continued, lars, well, NOW))]).toEqual(['fortsette', 'case.EVALUATE_FIRST']);
    const adjusted = ok(evaluatePlan(c, lars, draft({ outcome: 'justere' }), onDay('2026-12-15'))).case;
    expect([closeBlocker(1, adjusted.work?.evaluations.at(-1)), code(() => closeCase(adjusted, lars, well, NOW))]).toEqual(['justere', 'case.EVALUATE_FIRST']);
    // The continued plan, evaluated again on its next date with the outcome to end: now it closes.
    const ended = ok(evaluatePlan(continued, lars, draft(), onDay('2027-01-12'))).case;
    expect(ok(closeCase(ended, lars, well, NOW)).case.status).toBe('avsluttet');
  });
});

describe('004 §8.7 the evaluation meeting is not called off behind the invitees’ backs', () => {
  it('an evaluation recorded before its booked meeting asks whether the meeting is kept or cancelled', () => {
    const c = withMeeting();
    expect(errors(evaluatePlan(c, lars, draft(), onDay('2026-12-15', '2026-12-15T08:00:00.000Z')))).toEqual([{ field: 'meetingChoice', problem: 'required' }]);
    // Once the meeting has started, there is nothing to ask.
    expect(ok(evaluatePlan(c, lars, draft(), onDay('2026-12-15', '2026-12-15T13:30:00.000Z'))).case.meetings?.[0].status).toBe('venter');
  });

  it('cancelling it marks the reason, so the calendar and the invitees are told the evaluation is done', () => {
    const r = ok(evaluatePlan(withMeeting(), lars, draft({ meetingChoice: 'avlys' }), onDay('2026-12-15', '2026-12-15T08:00:00.000Z')));
    expect(r.case.meetings?.map((x) => [x.status, x.version, x.cancelReason])).toEqual([['avlyst', 2, 'evaluert']]);
    expect([r.case.work?.evaluations.at(-1)?.meeting, r.log.detail]).toEqual(['avlys', 'versjon=1;utfall=avslutte;møte=avlys']);
  });

  it('a kept meeting stays when the case is closed or a new plan version is made', () => {
    const kept = ok(evaluatePlan(withMeeting(), lars, draft({ meetingChoice: 'behold' }), onDay('2026-12-15', '2026-12-15T08:00:00.000Z'))).case;
    expect(kept.meetings?.map((x) => [x.status, x.kept])).toEqual([['venter', true]]);
    expect(ok(closeCase(kept, lars, well, '2026-12-15T09:00:00.000Z')).case.meetings?.map((x) => x.status)).toEqual(['venter']);
    const adjusted = ok(evaluatePlan(withMeeting(), lars, draft({ outcome: 'justere', meetingChoice: 'behold' }), onDay('2026-12-15', '2026-12-15T08:00:00.000Z'))).case;
    const v2 = ok(makePlan(adjusted, lars, plan({ evaluationDate: '2027-01-12' }), { ...ctx, today: '2026-12-15', now: '2026-12-15T09:00:00.000Z' })).case;
    const next = evaluationMeeting(v2, 'lars', ['kari'], { meetingId: 'm2', start: '2027-01-12T13:00:00.000Z', end: '2027-01-12T13:45:00.000Z', online: false, location: '–', now: '2026-12-15T09:00:00.000Z' });
    expect(next.meetings?.map((x) => [x.meetingId, x.status])).toEqual([['m1', 'venter'], ['m2', 'venter']]);
  });
});

describe('004 §8.5 «Hvis foresatte foreslår tiltak … og dermed velger å ikke sette inn disse tiltakene, må skolen begrunne dette i aktivitetsplanen»', () => {
  it('the plan says whether the pupil or the parents proposed measures the school does not put in, and why when they did', () => {
    expect(validatePlan(plan({ proposalsNotChosen: '' }), ctx)).toEqual([{ field: 'proposalsNotChosen', problem: 'required' }]);
    expect(validatePlan(plan({ proposalsNotChosen: 'ja', notChosenWhy: ' ' }), ctx)).toEqual([{ field: 'notChosenWhy', problem: 'required' }]);
    expect(validatePlan(plan({ proposalsNotChosen: 'kanskje' }), ctx)).toEqual([{ field: 'proposalsNotChosen', problem: 'invalid' }]);
    const why = 'Foresatte ba om at den andre eleven bytter klasse; det er ikke til hans beste, og skolen velger tett voksenoppfølging i stedet.';
    const saved = ok(makePlan(investigated(), lars, plan({ proposalsNotChosen: 'ja', notChosenWhy: ` ${why} ` }), ctx)).plan;
    expect([saved.proposalsNotChosen, saved.notChosenWhy]).toEqual(['ja', why]);
    expect(ok(makePlan(investigated(), lars, plan({ notChosenWhy: 'glemt tekst' }), ctx)).plan.notChosenWhy).toBe('');
  });
});

describe('004 §8.6 «gjenopprettende prosess når tilliten er brutt mellom elev-elev, lærer-elev eller skole-foresatte»', () => {
  it('a measure can be a restorative process between pupils, a teacher and a pupil, or the school and the parents', () => {
    for (const restorative of ['elev_elev', 'laerer_elev', 'skole_foresatte', '']) expect(validateMeasure(measure({ restorative }), STAFF)).toEqual([]);
    expect(validateMeasure(measure({ restorative: 'foreldre_foreldre' }), STAFF)).toEqual([{ field: 'restorative', problem: 'invalid' }]);
    const saved = ok(makePlan(investigated(), lars, plan({ measures: [measure(), measure({ restorative: 'laerer_elev', description: 'Gjenopprettende samtale mellom Ola og kontaktlæreren' })] }), ctx)).plan;
    expect(saved.measures.map((x) => x.restorative)).toEqual([undefined, 'laerer_elev']);
  });
});
