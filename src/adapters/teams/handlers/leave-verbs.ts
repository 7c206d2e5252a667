/**
 * "permisjon": submit the form, decide (grant or refuse), and each viewer's own view of a request.
 * The decision and the view are declared on the step kit (step-kit.ts): a refusal without a reason
 * comes back on the request's card, the problem named, and nothing changes.
 */
import { z } from 'zod';
import type { LeaveView } from '../../../app/leave';
import { DomainError } from '../../../domain/errors';
import { LEAVE_LIMITS, type LeaveError } from '../../../domain/leave';
import { strings } from '../../../i18n';
import { leaveCard, leaveFormCard } from '../cards/leave-views';
import type { InvokeContext, VerbHandler } from './types';
import { id, refOf, stepKit, text } from './step-kit';

const svc = (ctx: InvokeContext) => ctx.services.leave;
const refSchema = refOf('leaveId');

const kit = stepKit<LeaveView, LeaveError, z.infer<typeof refSchema>>({
  ref: refSchema,
  // A refusal without a reason (or with one too long) is the routine's one refusal named in words.
  refusal: (lang, e) => (e instanceof DomainError && e.code === 'common.INVALID_INPUT' && e.detail?.field === 'note' ? strings(lang).leave.noteRequired : undefined),
  open: (ctx, p) => svc(ctx).open(ctx.actor, p.schoolId, p.leaveId),
  card: leaveCard,
});

const submitSchema = z.object({ formId: id, schoolId: id, pupilName: text(LEAVE_LIMITS.pupilName), pupilClass: text(20), from: text(20), to: text(20), reason: text(LEAVE_LIMITS.reason) });

export const leaveSubmit: VerbHandler = async (ctx, data) => {
  const { formId, schoolId: _s, ...draft } = submitSchema.parse(data);
  const r = await svc(ctx).submit(ctx.actor, draft, formId);
  return r.kind === 'form' ? leaveFormCard(ctx.lang, r, formId) : leaveCard(ctx.lang, r.view);
};

const decideSchema = refSchema.extend({ note: text(LEAVE_LIMITS.note) });
const decide = (grant: boolean): VerbHandler => kit.verb(decideSchema, async (ctx, p) => leaveCard(ctx.lang, await svc(ctx).decide(ctx.actor, p.schoolId, p.leaveId, grant, p.note)));

export const leaveGrant = decide(true);
export const leaveDeny = decide(false);
export const leaveRefresh = kit.show;
