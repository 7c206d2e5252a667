/**
 * "klage": what a member of staff does with a complaint from pupils or parents. A complaint about
 * a colleague is not taken (seed 001 §1–2) — the leader gets the routine; a staff member who may
 * be offending a pupil is §12-5: the report card opens pre-filled as skjerpet.
 */
import { z } from 'zod';
import { hasRole } from '../../../domain/people';
import { complaintChoiceCard, complaintPointerCard, pupilOffenceCard } from '../cards/complaint-choice-views';
import { teachingStart } from './teaching-complaint-verbs';
import { staffRegistrationCard } from '../cards/staff-complaint-views';
import type { VerbHandler } from './types';

export const complaintChoose: VerbHandler = async (ctx, data) => {
  const about = z.object({ about: z.enum(['undervisning', 'ansatt', 'krenker_elev']).optional() }).parse(data).about;
  if (!about) return complaintChoiceCard(ctx.lang);
  if (about === 'krenker_elev') return pupilOffenceCard(ctx.lang);
  // Staff who may register one get the form (the routine as its intro); others get the routine and who registers.
  if (about === 'undervisning') return teachingStart(ctx);
  // Leaders (looked up on the server) register complaints about staff; everyone else redirects them.
  const ms = await ctx.services.report.memberships(ctx.actor);
  const leads = ms.some((m) => hasRole(m, 'avdelingsleder') || hasRole(m, 'rektor'));
  if (!leads) return complaintPointerCard(ctx.lang, false);
  const form = await ctx.services.staffComplaints.start(ctx.actor);
  return form ? staffRegistrationCard(ctx.lang, form, ctx.services.newFormId()) : complaintPointerCard(ctx.lang, true);
};
