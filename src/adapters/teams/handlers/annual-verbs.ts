/** "årshjul": show, open the edit form, save (rektor or the school's admin only; checked on the server). */
import { z } from 'zod';
import { strings } from '../../../i18n';
import { dateInSchoolYear } from '../../../domain/annual';
import { annualCard, annualEditCard } from '../cards/annual-views';
import type { VerbHandler } from './types';

const flag = z.union([z.string().max(10), z.boolean()]).optional().transform((v) => v === true || v === 'true');
const text = (n: number) => z.string().max(n * 2).optional().default('');

export const annualShow: VerbHandler = async (ctx) => annualCard(ctx.lang, await ctx.services.annual.show(ctx.actor));

export const annualEdit: VerbHandler = async (ctx) => {
  const v = await ctx.services.annual.show(ctx.actor);
  if (!v.mayEdit) return annualCard(ctx.lang, v, strings(ctx.lang).annual.notAllowed);
  return annualEditCard(ctx.lang, v);
};

export const annualSave: VerbHandler = async (ctx, data) => {
  const d = z.record(z.unknown()).parse(data);
  const current = await ctx.services.annual.show(ctx.actor);
  if (!current.mayEdit) return annualCard(ctx.lang, current, strings(ctx.lang).annual.notAllowed);
  // Only the tasks the school has are read from the card; anything else it sends is ignored.
  // A date the card did not send stays as it is.
  const edits = current.tasks.map(({ task }) => ({
    taskId: task.taskId,
    date: text(20).parse(d[`${task.taskId}.date`] ?? dateInSchoolYear(task.monthDay, current.startYear)),
    active: flag.parse(d[`${task.taskId}.active`] ?? String(task.active)),
  }));
  const added = { title: text(200).parse(d['new.title']), date: text(20).parse(d['new.date']), description: text(600).parse(d['new.description']) };
  const r = await ctx.services.annual.save(ctx.actor, edits, added);
  if ('errors' in r) return annualEditCard(ctx.lang, r.view, r.errors, added);
  return annualCard(ctx.lang, r, strings(ctx.lang).annual.saved);
};
