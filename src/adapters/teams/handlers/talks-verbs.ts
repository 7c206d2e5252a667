/**
 * "elevsamtaler": the class card (and its class picker), the roster (add, correct, remove), marking
 * a conversation held, and the varsler in orden and atferd. Every class and pupil named by a card is
 * looked up again on the server: the card only says which one was chosen.
 */
import { z } from 'zod';
import { DomainError } from '../../../domain/errors';
import { fill, strings } from '../../../i18n';
import { CONCERNS, GRADE_AREAS, ROSTER_LIMITS, TALK_KINDS } from '../../../domain/pupil-talks';
import { talksCard, talksMarkedCard, talksPupilCard, talksRemoveCard, talksRosterCard, talksWarnCard } from '../cards/talks-views';
import type { InvokeContext, VerbHandler } from './types';
import type { VerbsOf } from '../verbs';

const id = z.string().min(1).max(100);
const flag = z.union([z.boolean(), z.string()]).optional();
const isOn = (v: boolean | string | undefined, dflt: boolean) => (v === undefined ? dflt : v === true || v === 'true');
const refSchema = z.object({ schoolId: id, className: z.string().min(1).max(20) });
const showSchema = refSchema.extend({ pickClass: z.string().max(140).optional().default('') });
const addSchema = refSchema.extend({
  names: z.string().max(ROSTER_LIMITS.pupils * (ROSTER_LIMITS.name + 2) * 2).optional().default(''),
  under18: flag,
  newcomers: flag,
});
const markSchema = refSchema.extend({
  pupilId: z.string().max(100).optional().default(''),
  kind: z.enum(TALK_KINDS),
  on: z.string().max(20).optional().default(''),
  concern: z.union([z.enum(CONCERNS), z.literal('')]).optional().default(''),
});
const pupilRef = refSchema.extend({ pupilId: z.string().max(100).optional().default('') });
const pupilSave = refSchema.extend({
  pupilId: id,
  name: z.string().max(ROSTER_LIMITS.name * 4).optional().default(''),
  under18: flag,
  joinedOn: z.string().max(20).optional().default(''),
});
const warnSchema = refSchema.extend({
  pupilId: z.string().max(100).optional().default(''),
  area: z.union([z.enum(GRADE_AREAS), z.literal('')]).optional().default(''),
  on: z.string().max(20).optional().default(''),
});

/** The class card; the picker's choice is a request, which show() checks against the directory. */
export const talksShow: VerbHandler = async (ctx, data) => {
  const p = showSchema.parse(data);
  const cut = p.pickClass.lastIndexOf('|');
  const [schoolId, className] = cut > 0 ? [p.pickClass.slice(0, cut), p.pickClass.slice(cut + 1)] : [p.schoolId, p.className];
  return talksCard(ctx.lang, await ctx.services.talks.show(ctx.actor, schoolId, className));
};

export const talksRosterAdd: VerbHandler = async (ctx, data) => {
  const p = addSchema.parse(data);
  return talksCard(ctx.lang, await ctx.services.talks.addPupils(ctx.actor, p.schoolId, p.className, p.names, isOn(p.under18, true), isOn(p.newcomers, false)));
};

export const talksMark: VerbHandler = async (ctx, data) => {
  const p = markSchema.parse(data);
  try {
    const a = await ctx.services.talks.mark(ctx.actor, p.schoolId, p.className, { kind: p.kind, pupilId: p.pupilId, on: p.on || ctx.services.today(), ...(p.concern ? { concern: p.concern } : {}) });
    return talksMarkedCard(ctx.lang, a);
  } catch (e) {
    // A missing pupil or a date outside the school year: the same card, with what was chosen.
    if (!(e instanceof DomainError && e.code === 'common.INVALID_INPUT')) throw e;
    const view = await ctx.services.talks.show(ctx.actor, p.schoolId, p.className);
    return talksCard(ctx.lang, view, { error: strings(ctx.lang).talks.markInvalid, mark: { pupilId: p.pupilId, kind: p.kind, on: p.on, concern: p.concern }, dutyToReport: p.concern !== '' });
  }
};

export const talksRosterOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return talksRosterCard(ctx.lang, await ctx.services.talks.show(ctx.actor, p.schoolId, p.className));
};

/** A pupil no longer on the roster (removed in another window): the class list, saying so. */
const gone = async (ctx: InvokeContext, p: z.infer<typeof refSchema>) =>
  talksRosterCard(ctx.lang, await ctx.services.talks.show(ctx.actor, p.schoolId, p.className), { info: strings(ctx.lang).talks.pupilGone });

export const talksPupilOpen: VerbHandler = async (ctx, data) => {
  const p = pupilRef.parse(data);
  const { view, pupil } = await ctx.services.talks.pupil(ctx.actor, p.schoolId, p.className, p.pupilId);
  if (!p.pupilId) return talksRosterCard(ctx.lang, view, { error: strings(ctx.lang).work.formError });
  return pupil ? talksPupilCard(ctx.lang, pupil) : gone(ctx, p);
};

export const talksPupilSave: VerbHandler = async (ctx, data) => {
  const p = pupilSave.parse(data);
  const a = await ctx.services.talks.savePupil(ctx.actor, p.schoolId, p.className, p.pupilId, { name: p.name, under18: isOn(p.under18, true), joinedOn: p.joinedOn });
  if (!a) return gone(ctx, p);
  if (!a.ok) return talksPupilCard(ctx.lang, a.pupil, a.form);
  return talksCard(ctx.lang, a.view, { info: fill(strings(ctx.lang).talks.pupilSaved, { name: a.name }) });
};

/** Asks first: removing deletes what is registered for the pupil. */
export const talksPupilRemove: VerbHandler = async (ctx, data) => {
  const p = pupilRef.parse(data);
  const { pupil } = await ctx.services.talks.pupil(ctx.actor, p.schoolId, p.className, p.pupilId);
  return pupil ? talksRemoveCard(ctx.lang, pupil) : gone(ctx, p);
};

export const talksPupilRemoveConfirm: VerbHandler = async (ctx, data) => {
  const p = pupilRef.parse(data);
  const r = await ctx.services.talks.removePupil(ctx.actor, p.schoolId, p.className, p.pupilId);
  const t = strings(ctx.lang).talks;
  return talksCard(ctx.lang, r.view, { info: r.removed ? t.pupilRemoved : t.pupilGone });
};

export const talksWarnOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return talksWarnCard(ctx.lang, await ctx.services.talks.show(ctx.actor, p.schoolId, p.className));
};

export const talksWarnSave: VerbHandler = async (ctx, data) => {
  const p = warnSchema.parse(data);
  const t = strings(ctx.lang).talks;
  const draft = { pupilId: p.pupilId, area: p.area, on: p.on };
  if (!p.area || !p.pupilId) {
    return talksWarnCard(ctx.lang, await ctx.services.talks.show(ctx.actor, p.schoolId, p.className), { error: t.warnInvalid, draft });
  }
  try {
    const a = await ctx.services.talks.warn(ctx.actor, p.schoolId, p.className, { pupilId: p.pupilId, area: p.area, on: p.on || ctx.services.today() });
    const area = t.areas[p.area];
    return talksWarnCard(ctx.lang, a.view, { info: a.changed ? fill(t.warned, { area, pupil: a.pupilName }) : fill(t.alreadyWarned, { area }) });
  } catch (e) {
    if (!(e instanceof DomainError && e.code === 'common.INVALID_INPUT')) throw e;
    return talksWarnCard(ctx.lang, await ctx.services.talks.show(ctx.actor, p.schoolId, p.className), { error: t.warnInvalid, draft });
  }
};

/** Verb → handler for the elevsamtaler cards. */
export const TALKS_VERBS: Record<VerbsOf<'talks'>, VerbHandler> = {
  'talks.show': talksShow,
  'talks.roster.add': talksRosterAdd,
  'talks.mark': talksMark,
  'talks.roster.open': talksRosterOpen,
  'talks.pupil.open': talksPupilOpen,
  'talks.pupil.save': talksPupilSave,
  'talks.pupil.remove': talksPupilRemove,
  'talks.pupil.remove.confirm': talksPupilRemoveConfirm,
  'talks.warn.open': talksWarnOpen,
  'talks.warn.save': talksWarnSave,
};
