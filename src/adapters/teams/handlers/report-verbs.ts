/**
 * «Meld fra» (004): the report form opened (from the help card, the school picker, or «Meld fra nå»
 * on a staff complaint) and submitted. A form opened from a staff complaint has an id that starts
 * with `COMPLAINT_REPORT_FORM`: only such a report is offered to the complaint to be linked.
 */
import { actorsFor } from '../../../domain/routing';
import { EMPTY_DRAFT } from '../../../domain/report';
import { caseStatusCard, reportFormCard, schoolPickerCard } from '../cards/views';
import { reportStartSchema, reportSubmitSchema, toDraft } from '../payloads';
import type { VerbHandler } from './types';

/** The form id of a report opened with «Meld fra nå» from a complaint starts with this (staff-complaint-verbs.ts). */
export const COMPLAINT_REPORT_FORM = 'pk-';

/** "Meld fra" from the help card, or the school chosen on the picker. */
export const reportStart: VerbHandler = async (ctx, data) => {
  const p = reportStartSchema.parse(data);
  // From "klage": a staff member may be offending a pupil, so the report starts as skjerpet (§12-5).
  const draft = p.prefill === 'skjerpet' ? { ...EMPTY_DRAFT, staffSuspected: 'ja' } : EMPTY_DRAFT;
  const r = await ctx.services.report.start(ctx.actor, p.schoolId || undefined, draft);
  return r.kind === 'pickSchool' ? schoolPickerCard(ctx.lang, r) : reportFormCard(ctx.lang, r, await ctx.services.report.issueForm(ctx.actor));
};

/** Submit: errors re-show the form with everything typed; success turns the card into a receipt. */
export const reportSubmit: VerbHandler = async (ctx, data) => {
  const p = reportSubmitSchema.parse(data);
  // Where the receipt will be (this card, turned into it), so it follows the case: remembered with the notices.
  const receipt = ctx.replyToId ? { conversationId: ctx.conversationId, activityId: ctx.replyToId } : undefined;
  const r = await ctx.services.report.submit(ctx.actor, toDraft(p), p.formId, receipt);
  if (r.kind === 'pickSchool') return schoolPickerCard(ctx.lang, r);
  if (r.kind === 'form') return reportFormCard(ctx.lang, r, r.formId ?? p.formId);
  // «Meld fra nå» from a complaint about a member of staff (§ 12-5): the complaint records the case.
  // The prefix only spares every other report the lookup; the link itself is looked up by this
  // user's form id on the server, so nothing from the card decides it.
  if (p.formId.startsWith(COMPLAINT_REPORT_FORM)) await ctx.services.staffComplaints.linkReport(ctx.actor, p.formId, r.case);
  return caseStatusCard(ctx.lang, r.case, actorsFor(r.case, []), true, r.waiting);
};
