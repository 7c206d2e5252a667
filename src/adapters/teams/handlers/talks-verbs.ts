/** "elevsamtaler": add pupils to the roster and mark a conversation held. */
import { z } from 'zod';
import { DomainError } from '../../../domain/errors';
import { strings } from '../../../i18n';
import { CONCERNS, ROSTER_LIMITS, TALK_KINDS } from '../../../domain/pupil-talks';
import { talksCard, talksMarkedCard } from '../cards/talks-views';
import type { VerbHandler } from './types';

const id = z.string().min(1).max(100);
const refSchema = z.object({ schoolId: id, className: z.string().min(1).max(20) });
const addSchema = refSchema.extend({
  names: z.string().max(ROSTER_LIMITS.pupils * (ROSTER_LIMITS.name + 2) * 2).optional().default(''),
  under18: z.union([z.boolean(), z.string()]).optional().default('true'),
});
const markSchema = refSchema.extend({
  pupilId: z.string().max(100).optional().default(''),
  kind: z.enum(TALK_KINDS),
  on: z.string().max(20).optional().default(''),
  concern: z.union([z.enum(CONCERNS), z.literal('')]).optional().default(''),
});

export const talksRosterAdd: VerbHandler = async (ctx, data) => {
  const p = addSchema.parse(data);
  const under18 = p.under18 === true || p.under18 === 'true';
  return talksCard(ctx.lang, await ctx.services.talks.addPupils(ctx.actor, p.schoolId, p.className, p.names, under18));
};

export const talksMark: VerbHandler = async (ctx, data) => {
  const p = markSchema.parse(data);
  try {
    const a = await ctx.services.talks.mark(ctx.actor, p.schoolId, p.className, { kind: p.kind, pupilId: p.pupilId, on: p.on || ctx.services.today(), ...(p.concern ? { concern: p.concern } : {}) });
    return talksMarkedCard(ctx.lang, a);
  } catch (e) {
    // A missing pupil or a date outside the school year: the same card, with what was chosen.
    if (!(e instanceof DomainError && e.code === 'INVALID_INPUT')) throw e;
    const view = await ctx.services.talks.show(ctx.actor, p.schoolId, p.className);
    return talksCard(ctx.lang, view, { error: strings(ctx.lang).talks.markInvalid, mark: { pupilId: p.pupilId, kind: p.kind, on: p.on, concern: p.concern }, dutyToReport: p.concern !== '' });
  }
};

export const talksShow: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return talksCard(ctx.lang, await ctx.services.talks.show(ctx.actor, p.schoolId, p.className));
};
