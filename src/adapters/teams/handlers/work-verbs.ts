/**
 * The casework buttons: each "open" verb shows its form; each "save" verb saves through the use
 * case and returns the case card, or the same form with everything typed and the problems named.
 */
import { fill, strings } from '../../../i18n';
import { caseCardFor } from '../cards/views';
import { closeBlockedCard, closeCard, evaluationCard } from '../cards/evaluation-views';
import { connectCard, investigationCard, measureCard, planCard } from '../cards/work-views';
import { caseRefSchema, closeSchema, connectSchema, evaluationSchema, investigationSchema, measureSchema, planSchema, removeMeasureSchema } from '../payloads';
import type { VerbHandler } from './types';

export const connectOpen: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  const { view, candidates } = await ctx.services.work.connectable(ctx.actor, p.schoolId, p.caseId);
  return connectCard(ctx.lang, view, candidates);
};

export const connectSave: VerbHandler = async (ctx, data) => {
  const p = connectSchema.parse(data);
  if (!p.memberId) {
    const { view, candidates } = await ctx.services.work.connectable(ctx.actor, p.schoolId, p.caseId);
    return connectCard(ctx.lang, view, candidates, [{ field: 'memberId', problem: 'required' }]);
  }
  const r = await ctx.services.work.connect(ctx.actor, p.schoolId, p.caseId, p.memberId);
  const name = r.staffNames[p.memberId] ?? '';
  return caseCardFor(ctx.lang, r, { info: fill(strings(ctx.lang).work.connected, { name }) });
};

export const investigationOpen: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  const view = await ctx.services.work.guard(ctx.actor, p.schoolId, p.caseId, 'registrere_undersokelse');
  const inv = view.case.work?.investigation;
  return investigationCard(ctx.lang, view, { methods: inv?.methods ?? [], findings: inv?.findings ?? '' });
};

export const investigationSave: VerbHandler = async (ctx, data) => {
  const p = investigationSchema.parse(data);
  const draft = { methods: p.methods, findings: p.findings };
  const r = await ctx.services.work.recordInvestigation(ctx.actor, p.schoolId, p.caseId, draft);
  if (r.errors) return investigationCard(ctx.lang, r, draft, r.errors);
  return caseCardFor(ctx.lang, r, { info: strings(ctx.lang).work.investigationSaved });
};

export const planOpen: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  const { view, draft, staff } = await ctx.services.work.planDraft(ctx.actor, p.schoolId, p.caseId);
  return planCard(ctx.lang, view, draft, staff, ctx.services.today());
};

/** The plan's own fields as typed, with the measures kept on the case. */
async function withTyped(ctx: Parameters<VerbHandler>[0], data: unknown) {
  const p = planSchema.parse(data);
  const { view, draft, staff } = await ctx.services.work.planDraft(ctx.actor, p.schoolId, p.caseId);
  const typed = {
    ...draft,
    problem: p.problem,
    evaluationDate: p.evaluationDate,
    pupilView: p.pupilView,
    parentsView: p.parentsView,
    bestInterests: p.bestInterests,
    proposalsNotChosen: p.proposalsNotChosen,
    notChosenWhy: p.notChosenWhy,
  };
  return { p, view, typed, staff };
}

/** "Legg til tiltak": what was typed on the plan is kept on the case, and the measure card opens. */
export const planMeasure: VerbHandler = async (ctx, data) => {
  const { p, typed, staff } = await withTyped(ctx, data);
  const kept = await ctx.services.work.keepDraft(ctx.actor, p.schoolId, p.caseId, typed);
  return measureCard(ctx.lang, kept, { level: '', description: '', when: '', responsibleId: '', restorative: '' }, staff);
};

export const measureSave: VerbHandler = async (ctx, data) => {
  const m = measureSchema.parse(data);
  // «Nei» on the card is a measure that is not a restorative process.
  const measure = { level: m.level, description: m.description, when: m.when, responsibleId: m.responsibleId, restorative: m.restorative === 'nei' ? '' : m.restorative };
  const errors = await ctx.services.work.checkMeasure(ctx.actor, m.schoolId, m.caseId, measure);
  const { view, draft, staff } = await ctx.services.work.planDraft(ctx.actor, m.schoolId, m.caseId);
  if (errors.length) return measureCard(ctx.lang, view, measure, staff, errors);
  const next = { ...draft, measures: [...draft.measures, measure] };
  const kept = await ctx.services.work.keepDraft(ctx.actor, m.schoolId, m.caseId, next);
  return planCard(ctx.lang, kept, next, staff, ctx.services.today());
};

export const measureCancel: VerbHandler = async (ctx, data) => planOpen(ctx, data);

export const planRemove: VerbHandler = async (ctx, data) => {
  const { index } = removeMeasureSchema.parse(data);
  const { p, typed, staff } = await withTyped(ctx, data);
  const next = { ...typed, measures: typed.measures.filter((_, i) => i !== index) };
  const kept = await ctx.services.work.keepDraft(ctx.actor, p.schoolId, p.caseId, next);
  return planCard(ctx.lang, kept, next, staff, ctx.services.today());
};

export const planSave: VerbHandler = async (ctx, data) => {
  const { p, typed, staff } = await withTyped(ctx, data);
  const r = await ctx.services.work.savePlan(ctx.actor, p.schoolId, p.caseId, typed);
  if (r.errors) {
    // Keep what was typed on the case too, so it is there when the leader comes back.
    const kept = await ctx.services.work.keepDraft(ctx.actor, p.schoolId, p.caseId, typed);
    return planCard(ctx.lang, kept, typed, staff, ctx.services.today(), r.errors);
  }
  const t = strings(ctx.lang).work;
  const date = r.plan ? r.plan.evaluationDate.split('-').reverse().map(Number).join('.') : '';
  return caseCardFor(ctx.lang, r, { info: fill(t.planSaved, { version: r.plan?.version ?? '', date }) });
};

export const evaluateOpen: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  const view = await ctx.services.work.guard(ctx.actor, p.schoolId, p.caseId, 'evaluere');
  return evaluationCard(ctx.lang, view, { outcome: '', note: '', nextEvaluationDate: '' }, ctx.services.work.evaluationContext(view));
};

export const evaluateSave: VerbHandler = async (ctx, data) => {
  const p = evaluationSchema.parse(data);
  const draft = {
    outcome: p.outcome,
    note: p.evalNote,
    nextEvaluationDate: p.nextEvaluationDate,
    earlyReason: p.earlyReason,
    dialogue: {
      pupil: { tookPart: p.pupilTookPart, why: p.pupilWhy },
      parents: { tookPart: p.parentsTookPart, why: p.parentsWhy },
      teacher: { tookPart: p.teacherTookPart, why: p.teacherWhy },
    },
    meetingChoice: p.meetingChoice,
  };
  const r = await ctx.services.work.evaluate(ctx.actor, p.schoolId, p.caseId, draft);
  if (r.errors) return evaluationCard(ctx.lang, r, draft, ctx.services.work.evaluationContext(r), r.errors);
  return caseCardFor(ctx.lang, r, { info: strings(ctx.lang).work.evaluationSaved });
};

export const closeOpen: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  const view = await ctx.services.work.guard(ctx.actor, p.schoolId, p.caseId, 'avslutte');
  const blocker = ctx.services.work.closeBlocker(view);
  if (blocker) return closeBlockedCard(ctx.lang, view, blocker);
  return closeCard(ctx.lang, view, { pupilDoingWell: false, adultsNotWorried: false, note: '' });
};

export const closeSave: VerbHandler = async (ctx, data) => {
  const p = closeSchema.parse(data);
  const draft = { pupilDoingWell: p.pupilDoingWell, adultsNotWorried: p.adultsNotWorried, note: p.closeNote };
  // An old card's button after the case moved on: say what is missing rather than only refuse.
  const view = await ctx.services.work.guard(ctx.actor, p.schoolId, p.caseId, 'avslutte');
  const blocker = ctx.services.work.closeBlocker(view);
  if (blocker) return closeBlockedCard(ctx.lang, view, blocker);
  const r = await ctx.services.work.close(ctx.actor, p.schoolId, p.caseId, draft);
  if (r.errors) return closeCard(ctx.lang, r, draft, r.errors);
  return caseCardFor(ctx.lang, r, { info: strings(ctx.lang).work.closedSaved });
};
