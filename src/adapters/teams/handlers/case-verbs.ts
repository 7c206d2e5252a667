/** The verbs on a case card: refresh (per-user view), export, forward, mark serious, reclassify, pupil informed. */
import { DomainError } from '../../../domain/errors';
import { NOTE_LIMIT } from '../../../domain/case';
import { fill, strings } from '../../../i18n';
import { caseCardFor } from '../cards/views';
import { caseForwardSchema, caseReclassifySchema, caseRefSchema } from '../payloads';
import type { InvokeContext, VerbHandler } from './types';
import type { CaseForViewer } from '../../../app/case-actions';

const show = (ctx: InvokeContext, v: CaseForViewer, extra: { error?: string; note?: string; info?: string } = {}) => caseCardFor(ctx.lang, v, extra);

export const caseRefresh: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  return show(ctx, await ctx.services.cases.open(ctx.actor, p.schoolId, p.caseId));
};

/** «Last ned»: a new single-use link for the one who pressed, shown as a button to open it. */
export const caseExport: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  return show(ctx, await ctx.services.cases.exportLink(ctx.actor, p.schoolId, p.caseId));
};

export const caseForward: VerbHandler = async (ctx, data) => {
  const p = caseForwardSchema.parse(data);
  return show(ctx, await ctx.services.cases.forward(ctx.actor, p.schoolId, p.caseId, p.leaderId));
};

export const caseSerious: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  return show(ctx, await ctx.services.cases.markSerious(ctx.actor, p.schoolId, p.caseId));
};

/** A wrongly marked §12-5 report: reclassified with a reason, which the school owner is told. */
export const caseReclassify: VerbHandler = async (ctx, data) => {
  const p = caseReclassifySchema.parse(data);
  try {
    return show(ctx, await ctx.services.cases.reclassify(ctx.actor, p.schoolId, p.caseId, p.note), { info: strings(ctx.lang).caseCard.reclassified });
  } catch (e) {
    // A missing or too long reason: show the same card again with the note kept and the problem named.
    if (!(e instanceof DomainError && e.code === 'common.INVALID_INPUT' && e.detail?.field === 'note')) throw e;
    const t = strings(ctx.lang).errors;
    const error = e.detail.problem === 'required' ? t.NOTE_REQUIRED : fill(t.NOTE_TOO_LONG, { limit: NOTE_LIMIT });
    const v = await ctx.services.cases.open(ctx.actor, p.schoolId, p.caseId);
    return show(ctx, v, { error, note: p.note });
  }
};

export const casePupilInformed: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  return show(ctx, await ctx.services.cases.pupilInformed(ctx.actor, p.schoolId, p.caseId));
};
