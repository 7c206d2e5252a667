/** "permisjon": submit the form, decide (grant or refuse), and each viewer's own view of a request. */
import { z } from 'zod';
import { DomainError } from '../../../domain/errors';
import { LEAVE_LIMITS } from '../../../domain/leave';
import { strings } from '../../../i18n';
import { leaveCard, leaveFormCard } from '../cards/leave-views';
import type { VerbHandler } from './types';

const id = z.string().min(1).max(100);
const text = (limit: number) => z.string().max(limit * 2).optional().default('');
const submitSchema = z.object({ formId: id, schoolId: id, pupilName: text(LEAVE_LIMITS.pupilName), pupilClass: text(20), from: text(20), to: text(20), reason: text(LEAVE_LIMITS.reason) });
const refSchema = z.object({ schoolId: id, leaveId: id });
const decideSchema = refSchema.extend({ note: text(LEAVE_LIMITS.note) });

export const leaveSubmit: VerbHandler = async (ctx, data) => {
  const p = submitSchema.parse(data);
  const r = await ctx.services.leave.submit(ctx.actor, { pupilName: p.pupilName, pupilClass: p.pupilClass, from: p.from, to: p.to, reason: p.reason }, p.formId);
  return r.kind === 'form' ? leaveFormCard(ctx.lang, r, p.formId) : leaveCard(ctx.lang, r.view);
};

const decide =
  (grant: boolean): VerbHandler =>
  async (ctx, data) => {
    const p = decideSchema.parse(data);
    try {
      return leaveCard(ctx.lang, await ctx.services.leave.decide(ctx.actor, p.schoolId, p.leaveId, grant, p.note));
    } catch (e) {
      // A refusal without a reason: the same card, the problem named.
      if (!(e instanceof DomainError && e.code === 'common.INVALID_INPUT' && e.detail?.field === 'note')) throw e;
      return leaveCard(ctx.lang, await ctx.services.leave.open(ctx.actor, p.schoolId, p.leaveId), { error: strings(ctx.lang).leave.noteRequired });
    }
  };

export const leaveGrant = decide(true);
export const leaveDeny = decide(false);

export const leaveRefresh: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return leaveCard(ctx.lang, await ctx.services.leave.open(ctx.actor, p.schoolId, p.leaveId));
};
