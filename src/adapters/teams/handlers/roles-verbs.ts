/** "roller": who holds which role, for rektor and the school's admin (checked on the server, per school). */
import { z } from 'zod';
import { rolesCard, rolesRefusedCard } from '../cards/roles-views';
import type { VerbHandler } from './types';

const payload = z.object({ schoolId: z.string().max(100).optional(), showSchool: z.string().max(100).optional() }).passthrough();

/** The typed command (no school: the first where the user is rektor or admin) and the card's "show the school". */
export const rolesShow: VerbHandler = async (ctx, data) => {
  const d = payload.parse(data ?? {});
  const r = await ctx.services.roles.overview(ctx.actor, d.showSchool || d.schoolId || undefined);
  return r.kind === 'overview' ? rolesCard(ctx.lang, r.overview) : rolesRefusedCard(ctx.lang);
};
