/**
 * The casework buttons: each "open" verb shows its form; each "save" verb saves through the use
 * case and returns the case card, or the same form with everything typed and the problems named.
 */
import { strings } from '../../../i18n';
import { caseCardFor } from '../cards/views';
import { closeCard, connectCard, evaluationCard, investigationCard, planCard } from '../cards/work-views';
import { caseRefSchema, closeSchema, connectSchema, evaluationSchema, investigationSchema, parsePlan } from '../payloads';
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
  return caseCardFor(ctx.lang, r, { note: strings(ctx.lang).work.connected.replace('{name}', name) });
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
  return caseCardFor(ctx.lang, r, { note: strings(ctx.lang).work.investigationSaved });
};

export const planOpen: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  const { view, draft, staff } = await ctx.services.work.planDraft(ctx.actor, p.schoolId, p.caseId);
  return planCard(ctx.lang, view, draft, staff, ctx.services.today());
};

/** "Legg til tiltak": the same form with one more measure block, everything typed kept. */
export const planAdd: VerbHandler = async (ctx, data) => {
  const { ref, draft } = parsePlan(data as Record<string, unknown>);
  const { view, staff } = await ctx.services.work.planDraft(ctx.actor, ref.schoolId, ref.caseId);
  return planCard(ctx.lang, view, { ...draft, measures: [...draft.measures, { level: '', description: '', when: '', responsibleId: '' }] }, staff, ctx.services.today());
};

export const planSave: VerbHandler = async (ctx, data) => {
  const { ref, draft } = parsePlan(data as Record<string, unknown>);
  const r = await ctx.services.work.savePlan(ctx.actor, ref.schoolId, ref.caseId, draft);
  if (r.errors) {
    const { staff } = await ctx.services.work.planDraft(ctx.actor, ref.schoolId, ref.caseId);
    return planCard(ctx.lang, r, draft, staff, ctx.services.today(), r.errors);
  }
  const t = strings(ctx.lang).work;
  return caseCardFor(ctx.lang, r, { note: t.planSaved.replace('{version}', String(r.plan?.version ?? '')).replace('{date}', r.plan?.evaluationDate.split('-').reverse().map(Number).join('.') ?? '') });
};

export const evaluateOpen: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  const view = await ctx.services.work.guard(ctx.actor, p.schoolId, p.caseId, 'evaluere');
  return evaluationCard(ctx.lang, view, { outcome: '', note: '', nextEvaluationDate: '' }, ctx.services.today());
};

export const evaluateSave: VerbHandler = async (ctx, data) => {
  const p = evaluationSchema.parse(data);
  const draft = { outcome: p.outcome, note: p.evalNote, nextEvaluationDate: p.nextEvaluationDate };
  const r = await ctx.services.work.evaluate(ctx.actor, p.schoolId, p.caseId, draft);
  if (r.errors) return evaluationCard(ctx.lang, r, draft, ctx.services.today(), r.errors);
  return caseCardFor(ctx.lang, r, { note: strings(ctx.lang).work.evaluationSaved });
};

export const closeOpen: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  const view = await ctx.services.work.guard(ctx.actor, p.schoolId, p.caseId, 'avslutte');
  return closeCard(ctx.lang, view, { pupilDoingWell: false, adultsNotWorried: false, note: '' });
};

export const closeSave: VerbHandler = async (ctx, data) => {
  const p = closeSchema.parse(data);
  const draft = { pupilDoingWell: p.pupilDoingWell, adultsNotWorried: p.adultsNotWorried, note: p.closeNote };
  const r = await ctx.services.work.close(ctx.actor, p.schoolId, p.caseId, draft);
  if (r.errors) return closeCard(ctx.lang, r, draft, r.errors);
  return caseCardFor(ctx.lang, r, { note: strings(ctx.lang).work.closedSaved });
};
