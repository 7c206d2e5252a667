import { actorsFor } from '../../../domain/routing';
import { caseStatusCard, reportFormCard, schoolPickerCard } from '../cards/views';
import { reportSubmitSchema, toDraft } from '../payloads';
import type { VerbHandler } from './types';

/** Submit: errors re-show the form with everything typed; success turns the card into a receipt. */
export const reportSubmit: VerbHandler = async (ctx, data) => {
  const p = reportSubmitSchema.parse(data);
  // Where the receipt will be (this card, turned into it), so it follows the case: remembered with the notices.
  const receipt = ctx.replyToId ? { conversationId: ctx.conversationId, activityId: ctx.replyToId } : undefined;
  const r = await ctx.services.report.submit(ctx.actor, toDraft(p), p.formId, receipt);
  if (r.kind === 'pickSchool') return schoolPickerCard(ctx.lang, r);
  if (r.kind === 'form') return reportFormCard(ctx.lang, r, r.formId ?? p.formId);
  // «Meld fra nå» from a complaint about a member of staff (§ 12-5): the complaint records the case.
  // Looked up by this user's form id on the server; nothing from the card decides it.
  await ctx.services.staffComplaints.linkReport(ctx.actor, p.formId, r.case);
  return caseStatusCard(ctx.lang, r.case, actorsFor(r.case, []), true, r.waiting);
};
