/**
 * "elevsamtaler": the class card (and its class picker), the roster (add, correct, remove), marking
 * a conversation held, and the varsler in orden and atferd. Every class and pupil named by a card is
 * looked up again on the server: the card only says which one was chosen. Declared on the step kit
 * (step-kit.ts); a mark or a varsel the routine does not take comes back on its form as chosen.
 */
import { z } from 'zod';
import type { TalksView } from '../../../app/pupil-talks';
import { DomainError } from '../../../domain/errors';
import { fill, strings } from '../../../i18n';
import { CONCERNS, GRADE_AREAS, ROSTER_LIMITS, TALK_KINDS } from '../../../domain/pupil-talks';
import { talksCard, talksMarkedCard, talksPupilCard, talksRemoveCard, talksRosterCard, talksWarnCard } from '../cards/talks-views';
import type { InvokeContext, VerbHandler } from './types';
import type { VerbsOf } from '../verbs';
import { flagOr, id, refOf, stepKit, upTo, type Refusal, type StepForm } from './step-kit';

const svc = (ctx: InvokeContext) => ctx.services.talks;
/** Every card names its class; show() checks it against the directory. */
const refSchema = refOf('className', z.string().min(1).max(20));
type ClassRef = z.infer<typeof refSchema>;
const view = (ctx: InvokeContext, p: ClassRef) => svc(ctx).show(ctx.actor, p.schoolId, p.className);

/** A pupil or a date the step does not take (not on the roster, outside the school year): named in the step's own words. */
const invalid =
  (words: 'markInvalid' | 'warnInvalid'): Refusal =>
  (lang, e) =>
    e instanceof DomainError && e.code === 'common.INVALID_INPUT' ? strings(lang).talks[words] : undefined;

const kit = stepKit<TalksView, never, ClassRef>({
  ref: refSchema,
  // No namespace: the elevsamtaler name a refusal only on the forms that say what to check (mark, warn: `invalid`); anything else is thrown on.
  open: view,
  card: talksCard,
});

const showSchema = refSchema.extend({ pickClass: upTo(140) });
const addSchema = refSchema.extend({
  names: upTo(ROSTER_LIMITS.pupils * (ROSTER_LIMITS.name + 2) * 2),
  under18: flagOr(true),
  newcomers: flagOr(false),
});
const markSchema = refSchema.extend({
  pupilId: upTo(100),
  kind: z.enum(TALK_KINDS),
  on: upTo(20),
  concern: z.union([z.enum(CONCERNS), z.literal('')]).optional().default(''),
});
const pupilRef = refSchema.extend({ pupilId: upTo(100) });
const pupilSave = refSchema.extend({
  pupilId: id,
  name: upTo(ROSTER_LIMITS.name * 4),
  under18: flagOr(true),
  joinedOn: upTo(20),
});
const warnSchema = refSchema.extend({
  pupilId: upTo(100),
  area: z.union([z.enum(GRADE_AREAS), z.literal('')]).optional().default(''),
  on: upTo(20),
});

/** The class card; the picker's choice is a request, which show() checks against the directory. */
export const talksShow = kit.verb(showSchema, async (ctx, p) => {
  const cut = p.pickClass.lastIndexOf('|');
  const [schoolId, className] = cut > 0 ? [p.pickClass.slice(0, cut), p.pickClass.slice(cut + 1)] : [p.schoolId, p.className];
  return talksCard(ctx.lang, await svc(ctx).show(ctx.actor, schoolId, className));
});

export const talksRosterAdd = kit.verb(addSchema, async (ctx, p) => talksCard(ctx.lang, await svc(ctx).addPupils(ctx.actor, p.schoolId, p.className, p.names, p.under18, p.newcomers)));

type MarkSent = z.infer<typeof markSchema>;
/** The class card with the mark as chosen (a missing pupil or a date outside the school year: refused). */
const markForm: StepForm<TalksView, never, MarkSent, MarkSent> = (ctx, v, p, say) =>
  talksCard(ctx.lang, v, { error: say.error, mark: { pupilId: p.pupilId, kind: p.kind, on: p.on, concern: p.concern }, dutyToReport: p.concern !== '' });

export const talksMark = kit.verb(
  markSchema,
  async (ctx, p) => talksMarkedCard(ctx.lang, await svc(ctx).mark(ctx.actor, p.schoolId, p.className, { kind: p.kind, pupilId: p.pupilId, on: p.on || ctx.services.today(), ...(p.concern ? { concern: p.concern } : {}) })),
  { form: markForm, refusal: invalid('markInvalid') },
);

export const talksRosterOpen = kit.verb(refSchema, async (ctx, p) => talksRosterCard(ctx.lang, await view(ctx, p)));

/** A pupil no longer on the roster (removed in another window): the class list, saying so. */
const gone = async (ctx: InvokeContext, p: ClassRef) => talksRosterCard(ctx.lang, await view(ctx, p), { info: strings(ctx.lang).talks.pupilGone });

export const talksPupilOpen = kit.verb(pupilRef, async (ctx, p) => {
  const { view, pupil } = await svc(ctx).pupil(ctx.actor, p.schoolId, p.className, p.pupilId);
  if (!p.pupilId) return talksRosterCard(ctx.lang, view, { error: strings(ctx.lang).work.formError });
  return pupil ? talksPupilCard(ctx.lang, pupil) : gone(ctx, p);
});

export const talksPupilSave = kit.verb(pupilSave, async (ctx, p) => {
  const a = await svc(ctx).savePupil(ctx.actor, p.schoolId, p.className, p.pupilId, { name: p.name, under18: p.under18, joinedOn: p.joinedOn });
  if (!a) return gone(ctx, p);
  if (!a.ok) return talksPupilCard(ctx.lang, a.pupil, a.form);
  return talksCard(ctx.lang, a.view, { info: fill(strings(ctx.lang).talks.pupilSaved, { name: a.name }) });
});

/** Asks first: removing deletes what is registered for the pupil. */
export const talksPupilRemove = kit.verb(pupilRef, async (ctx, p) => {
  const { pupil } = await svc(ctx).pupil(ctx.actor, p.schoolId, p.className, p.pupilId);
  return pupil ? talksRemoveCard(ctx.lang, pupil) : gone(ctx, p);
});

export const talksPupilRemoveConfirm = kit.verb(pupilRef, async (ctx, p) => {
  const r = await svc(ctx).removePupil(ctx.actor, p.schoolId, p.className, p.pupilId);
  const t = strings(ctx.lang).talks;
  return talksCard(ctx.lang, r.view, { info: r.removed ? t.pupilRemoved : t.pupilGone });
});

export const talksWarnOpen = kit.verb(refSchema, async (ctx, p) => talksWarnCard(ctx.lang, await view(ctx, p)));

type WarnSent = z.infer<typeof warnSchema>;
/** The warning form with what was chosen (nothing chosen, or a pupil or date the step does not take: refused). */
const warnForm: StepForm<TalksView, never, WarnSent, WarnSent> = (ctx, v, p, say) => talksWarnCard(ctx.lang, v, { error: say.error, draft: { pupilId: p.pupilId, area: p.area, on: p.on } });

export const talksWarnSave = kit.verb(
  warnSchema,
  async (ctx, p) => {
    const t = strings(ctx.lang).talks;
    const { area, pupilId } = p;
    if (!area || !pupilId) return warnForm(ctx, await view(ctx, p), p, { error: t.warnInvalid }, p);
    const a = await svc(ctx).warn(ctx.actor, p.schoolId, p.className, { pupilId, area, on: p.on || ctx.services.today() });
    return talksWarnCard(ctx.lang, a.view, { info: a.changed ? fill(t.warned, { area: t.areas[area], pupil: a.pupilName }) : fill(t.alreadyWarned, { area: t.areas[area] }) });
  },
  { form: warnForm, refusal: invalid('warnInvalid') },
);

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
