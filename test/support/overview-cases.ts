/**
 * Skolemiljø cases for the overview (issue 17), made by the domain's own steps (report, forward,
 * mark serious, investigate, plan, evaluate, close) with dates spread over the school year, and
 * saved straight into the case repository: one transaction per case, or (every `stepEvery`-th
 * case) one per step, so the counters are kept by both the create and the change path.
 * Used by test/tables/overview-counters.test.ts, test/bot/overview.test.ts and bench/overview.ts.
 */
import { forwardCase, markSerious, openCase, type SkolemiljoCase } from '../../src/domain/case';
import { closeCase, evaluatePlan, makePlan, recordInvestigation, type ActivityPlan } from '../../src/domain/casework';
import type { Membership } from '../../src/domain/people';
import type { Report } from '../../src/domain/report';
import { addDays, addSchoolDays, schoolDaysBetween } from '../../src/domain/school-calendar';
import { calendarFor } from '../../src/app/school-time';
import type { CaseRepository } from '../../src/adapters/tables/case-repository';

const report = (o: Partial<Report>): Report => ({
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-09-01', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false, ...o,
});

/** A small deterministic random source (mulberry32), so a failing run can be repeated. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  tenantId: string;
  schoolId: string;
  /** Cases to make. */
  n: number;
  /** Today (Oslo): nothing happens after it. */
  today: string;
  /** The first day a case may be reported. */
  from: string;
  seed: number;
  /** Every this-many-th case is saved step by step (update/savePlan) instead of at once. */
  stepEvery?: number;
  /** Who acts: rektor and the nærmeste leder at the school (ids). */
  rektorId?: string;
  leaderId?: string;
  idPrefix?: string;
  /** The first case's reference number (0 unless given): references are unique at a school, as the case store keeps them. */
  firstRef?: number;
}

const at = (date: string) => `${date}T09:00:00.000Z`;
const ok = <T>(r: T | unknown[]): T => {
  if (Array.isArray(r)) throw new Error(`generated step refused: ${JSON.stringify(r)}`);
  return r as T;
};

/** One case's life as steps: each is the case after it, and the plan when the step made one. */
export function caseSteps(o: GenerateOptions, i: number, rnd: () => number): { case: SkolemiljoCase; plan?: ActivityPlan }[] {
  const m = (userId: string, roles: Membership['roles']): Membership => ({ tenantId: o.tenantId, schoolId: o.schoolId, userId, name: userId, roles, classes: [], trinn: [] });
  const rektor = m(o.rektorId ?? 'rektor', ['ansatt', 'rektor']);
  const leader = m(o.leaderId ?? 'leder', ['ansatt', 'avdelingsleder']);
  const staff = [rektor, leader];
  const cal = calendarFor({}, o.today);
  const span = Math.max(1, Number(new Date(o.today)) / 86_400_000 - Number(new Date(o.from)) / 86_400_000);
  const created = addDays(o.from, Math.floor(rnd() * span));
  const kind = rnd();
  const opened = openCase({
    tenantId: o.tenantId, schoolId: o.schoolId, caseId: `${o.idPrefix ?? o.schoolId}-${String(i).padStart(5, '0')}`, ref: `SM-2026-${String((o.firstRef ?? 0) + i).padStart(4, '0')}`, now: at(created),
    reporterId: 'kari', report: report({ staffSuspected: kind < 0.04, leadershipSuspected: kind > 0.98 }), suggestedLeaderId: leader.userId,
    investigationDue: addSchoolDays(created, kind < 0.04 ? 1 : 5, cal),
  }).case;
  const steps: { case: SkolemiljoCase; plan?: ActivityPlan }[] = [{ case: opened }];
  let c = opened;
  const next = (s: SkolemiljoCase, plan?: ActivityPlan) => {
    c = s;
    steps.push(plan ? { case: s, plan } : { case: s });
  };
  if (c.route === 'ledelse' || rnd() < 0.08) return steps;
  const fwd = addDays(created, 1) > o.today ? created : addDays(created, 1);
  next(forwardCase(c, rektor, leader, at(fwd)).case);
  if (c.route === 'ordinaer' && rnd() < 0.05) next(markSerious(c, rektor, at(fwd)).case);
  if (c.route === 'skjerpet' && rnd() < 0.2) return steps;
  const investigated = addDays(c.investigationDue, Math.floor(rnd() * 9) - 5);
  if (rnd() < 0.15 || investigated > o.today) return steps;
  const inv = investigated < created ? created : investigated;
  next(ok(recordInvestigation(c, leader, { methods: ['samtale_elev'], findings: 'funn' }, at(inv))).case);
  const planned = addDays(inv, Math.floor(rnd() * 12));
  if (rnd() < 0.25 || planned > o.today) return steps;
  const evalDate = addDays(planned, 21);
  const draft = { problem: 'p', measures: [{ level: 'individ', description: 'd', when: 'w', responsibleId: leader.userId }], evaluationDate: evalDate, pupilView: 'v', parentsView: '', bestInterests: 'b', proposalsNotChosen: 'nei' };
  const made = ok(makePlan(c, leader, draft, { staff, today: planned, now: at(planned) }));
  next({ ...made.case, work: { ...made.case.work!, firstPlan: { date: planned, schoolDays: schoolDaysBetween(created, planned, cal) } } }, made.plan);
  if (rnd() < 0.35 || evalDate > o.today) return steps;
  const yes = { tookPart: 'ja', why: '' };
  const outcome = rnd() < 0.6 ? 'avslutte' : 'fortsette';
  const draftEval = { outcome, note: 'n', nextEvaluationDate: outcome === 'fortsette' ? addDays(evalDate, 14) : '', dialogue: { pupil: yes, parents: yes, teacher: yes } };
  next(ok(evaluatePlan(c, leader, draftEval, { today: evalDate, now: at(evalDate) })).case);
  const closed = addDays(evalDate, 1);
  if (outcome !== 'avslutte' || rnd() < 0.2 || closed > o.today) return steps;
  next(ok(closeCase(c, leader, { pupilDoingWell: true, adultsNotWorried: true, note: '' }, at(closed))).case);
  return steps;
}

/** Makes and saves o.n cases at one school, one after the other (a school's counters are one partition). */
export async function generateCases(cases: CaseRepository, o: GenerateOptions): Promise<void> {
  const rnd = random(o.seed);
  for (let i = 0; i < o.n; i++) {
    const steps = caseSteps(o, i, rnd);
    if (o.stepEvery && i % o.stepEvery === 0) {
      let saved = (await cases.create(steps[0].case)).case;
      for (const s of steps.slice(1)) saved = s.plan ? await cases.savePlan({ ...s.case, etag: saved.etag }, s.plan) : await cases.update({ ...s.case, etag: saved.etag });
    } else {
      await cases.create(steps.at(-1)!.case);
    }
  }
}
