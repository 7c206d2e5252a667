/** «Kopi til foresatte»: open the party's copy to read it, and approve it for a download link. */
import { z } from 'zod';
import { partyCopyCard } from '../cards/party-copy-views';
import { caseRefSchema } from '../payloads';
import type { VerbHandler } from './types';

// The fingerprint of the copy the leader read; the server compares it with the case as it is now.
const approveSchema = caseRefSchema.extend({ digest: z.string().max(64).optional().default('') });

export const copyOpen: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  return partyCopyCard(ctx.lang, await ctx.services.partyCopies.preview(ctx.actor, p.schoolId, p.caseId));
};

export const copyApprove: VerbHandler = async (ctx, data) => {
  const p = approveSchema.parse(data);
  return partyCopyCard(ctx.lang, await ctx.services.partyCopies.approve(ctx.actor, p.schoolId, p.caseId, p.digest));
};
