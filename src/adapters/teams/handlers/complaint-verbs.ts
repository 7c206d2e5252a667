/**
 * "klage": what a member of staff does with a complaint from pupils or parents. A complaint about
 * a colleague is not taken (seed 001 §1–2) — the leader gets the routine; a staff member who may
 * be offending a pupil is §12-5: the report card opens pre-filled as skjerpet.
 */
import { z } from 'zod';
import { hasRole } from '../../../domain/people';
import { strings, type Lang } from '../../../i18n';
import type { Card } from '../cards/render';
import { field, renderForm, type FormModel, formModel } from '../cards/work-views';
import { teachingStart } from './teaching-complaint-verbs';
import { staffRegistrationCard } from '../cards/staff-complaint-views';
import type { VerbHandler } from './types';

export function complaintCard(lang: Lang): Card {
  const t = strings(lang).complaint;
  const kinds = t.kinds;
  return renderForm(
    formModel({
      title: t.title,
      intro: t.intro,
      fields: [field({ kind: 'radio', id: 'about', label: t.about, required: true, choices: (Object.keys(kinds) as (keyof typeof kinds)[]).map((k) => ({ title: kinds[k], value: k })) })],
      data: {},
      actions: [{ title: t.next, verb: 'complaint.choose', style: 'positive', inputs: 'auto' }],
    }),
  );
}

const info = (title: string, text: string, actions: FormModel['actions'] = [], data: Record<string, string> = {}): Card =>
  renderForm(formModel({ title, intro: text, fields: [], actions, data }));

export const complaintChoose: VerbHandler = async (ctx, data) => {
  const t = strings(ctx.lang).complaint;
  const about = z.object({ about: z.enum(['undervisning', 'ansatt', 'krenker_elev']).optional() }).parse(data).about;
  if (!about) return complaintCard(ctx.lang);
  if (about === 'krenker_elev') return info(t.pupilTitle, t.pupil, [{ title: t.reportNow, verb: 'report.start', style: 'positive', inputs: 'none' }], { prefill: 'skjerpet' });
  // Staff who may register one get the form (the routine as its intro); others get the routine and who registers.
  if (about === 'undervisning') return teachingStart(ctx);
  // Leaders (looked up on the server) register complaints about staff; everyone else redirects them.
  const ms = await ctx.services.report.memberships(ctx.actor);
  const leads = ms.some((m) => hasRole(m, 'avdelingsleder') || hasRole(m, 'rektor'));
  if (!leads) return info(t.colleagueTitle, t.colleague);
  const form = await ctx.services.staffComplaints.start(ctx.actor);
  return form ? staffRegistrationCard(ctx.lang, form, ctx.services.newFormId()) : info(t.leaderTitle, `${t.colleague}\n\n${t.leaderSteps}`);
};
