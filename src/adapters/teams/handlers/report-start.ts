import { reportFormCard, schoolPickerCard } from '../cards/views';
import { reportStartSchema } from '../payloads';
import type { VerbHandler } from './types';
import { EMPTY_DRAFT } from '../../../domain/report';

/** "Meld fra" from the help card, or the school chosen on the picker. */
export const reportStart: VerbHandler = async (ctx, data) => {
  const p = reportStartSchema.parse(data);
  // From "klage": a staff member may be offending a pupil, so the report starts as skjerpet (§12-5).
  const draft = p.prefill === 'skjerpet' ? { ...EMPTY_DRAFT, staffSuspected: 'ja' } : EMPTY_DRAFT;
  const r = await ctx.services.report.start(ctx.actor, p.schoolId || undefined, draft);
  return r.kind === 'pickSchool' ? schoolPickerCard(ctx.lang, r) : reportFormCard(ctx.lang, r, await ctx.services.report.issueForm(ctx.actor));
};
