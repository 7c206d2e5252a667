import { reportFormCard, schoolPickerCard } from '../cards/views';
import { reportStartSchema } from '../payloads';
import type { VerbHandler } from './types';

/** "Meld fra" from the help card, or the school chosen on the picker. */
export const reportStart: VerbHandler = async (ctx, data) => {
  const p = reportStartSchema.parse(data);
  const r = await ctx.services.report.start(ctx.actor, p.schoolId || undefined);
  return r.kind === 'pickSchool' ? schoolPickerCard(ctx.lang, r) : reportFormCard(ctx.lang, r, ctx.services.newFormId());
};
