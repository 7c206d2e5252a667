/**
 * The step kit: what every step verb of a routine does, written once. A verb reads the card's
 * form through a schema (nothing a card sends is trusted), the use case looks the record up on
 * the server for this actor and takes the step, and the answer is the refreshed card. When the
 * routine refuses (a stage not reached, a step already taken), the refusal is named in the
 * user's words on the card they were looking at — the record's, or the form with everything
 * typed — and nothing changes. A routine declares its side once (`stepKit`, with the ids its cards
 * send: `refOf`) and each step in a few lines (`kit.verb`, `kit.save`). The complaint routines,
 * leave and the elevsamtaler use it.
 */
import { z } from 'zod';
import { inNamespace, type Namespace } from '../../../domain/errors';
import type { Lang } from '../../../i18n';
import type { Card } from '../cards/render';
import type { FormSay } from '../cards/step-form';
import { refusalText } from '../refusals';
import type { InvokeContext, VerbHandler } from './types';

export const id = z.string().min(1).max(100);
/** A field a card may leave out (then ''), of at most `max` characters. */
export const upTo = (max: number) => z.string().max(max).optional().default('');
/** Twice the limit: the domain names a text that is too long, so nothing typed is thrown away here. */
export const text = (limit: number) => upTo(limit * 2);
/** A toggle as Teams sends it ('true'/'false'), or a boolean; `absent` when the card has no such toggle. */
export const flagOr = (absent: boolean) => z.union([z.string().max(10), z.boolean()]).optional().transform((v) => (v === undefined ? absent : v === true || v === 'true'));
export const flag = flagOr(false);
/**
 * Every step's card names its record by two ids, the school and the routine's own (`complaintId`,
 * `leaveId`, a class's name); who may see it is decided on the server.
 */
export const refOf = <K extends string, S extends z.ZodTypeAny = typeof id>(key: K, schema?: S) =>
  z.object({ schoolId: id }).extend({ [key]: schema ?? id } as { [k in K]: S });
/** What every routine's ref has. */
export type AnyRef = { schoolId: string };
/** A complaint's ref. */
export const refSchema = refOf('complaintId');
export type Ref = z.infer<typeof refSchema>;
/** A form that asks for a day. */
export const dateSchema = refSchema.extend({ date: text(20) });

/** The draft a step's use case takes: what the form sent, without the record's ids. */
export const draftOf = <P extends Ref>({ schoolId: _s, complaintId: _c, ...d }: P): Omit<P, keyof Ref> => d;

/** What a card says on top: a confirmation, or a refusal in words. */
export interface Say {
  info?: string;
  error?: string;
}

/** A refusal in the user's words; undefined when `e` is no refusal (it is thrown on). */
export type Refusal = (lang: Lang, e: unknown) => string | undefined;

/** A routine's Teams side, as the kit needs it. R: the ids its cards send. */
export interface RoutineSide<V, R extends AnyRef = Ref> {
  /** The ids every card of the routine sends (`refOf`). */
  ref: Schema<R>;
  /**
   * The routine's namespace in the refusal catalogue: its refusals are named on its cards in the
   * one mapper's words (refusals.ts); any other error (a common refusal, a failure) is thrown on
   * to the bot, which names it in the same mapper's words. None: the routine names no refusal on
   * its own cards (only a verb's own `refusal` does).
   */
  refusals?: Namespace;
  /** A form problem the routine names on its record's card although it is no catalogue refusal (leave's missing reason). */
  refusal?: Refusal;
  /** The record as this actor may see it (the use case checks who asks). */
  open(ctx: InvokeContext, ref: R): Promise<V>;
  /** The record's card. */
  card(lang: Lang, v: V, say?: Say): Card;
}

export type Schema<P> = z.ZodType<P, z.ZodTypeDef, unknown>;

/** A step's form for a record and a draft (with what the card sent, for a form that sends more than the ids). */
export type StepForm<V, E, D, P extends AnyRef = Ref> = (ctx: InvokeContext, v: V, d: D, say: FormSay<E>, p: P) => Card | Promise<Card>;

/** A step form card (cards/*-forms.ts) as the kit calls it. */
export const inLang =
  <V, E, D>(card: (lang: Lang, v: V, d: D, say: FormSay<E>) => Card): StepForm<V, E, D> =>
  (ctx, v, d, say) =>
    card(ctx.lang, v, d, say);

/** One step's save, declared: the form it came from, the use case, and what the card says after. */
export interface SaveStep<V, E, P extends AnyRef, D, R extends { view: V; errors?: E[] }> {
  schema: Schema<P>;
  /** What the use case takes and the form shows again (`draftOf`: the form's fields without the ids). */
  draft: (p: P) => D;
  run: (ctx: InvokeContext, p: P, d: D) => Promise<R>;
  /** The step's form with what was typed. */
  form: StepForm<V, E, D, P>;
  /** The record's card after the step, and what it says. */
  done: (ctx: InvokeContext, r: R, p: P) => Say;
  /** Where a refusal is named: on the form as typed (the default), or on the record's card. */
  refusalOn?: 'form' | 'record';
}

/** A verb's refusal, when it is not named on the record's card in the routine's words. */
export interface VerbRefusal<V, E, P extends AnyRef> {
  /** The form the card sent, with what was sent and the refusal on top. */
  form?: StepForm<V, E, P, P>;
  /** The step's own words, where the routine's one refusal means something else on this form. */
  refusal?: Refusal;
}

export function stepKit<V, E, R extends AnyRef = Ref>(side: RoutineSide<V, R>) {
  /** Runs a step; a refusal of the routine (or the step's own `refusal`) comes back on `onRefusal`'s card. */
  /** The routine's refusal: its own form problem, or a refusal from its namespace in the one mapper's words. */
  const routineRefusal: Refusal = (lang, e) => side.refusal?.(lang, e) ?? (side.refusals && inNamespace(e, side.refusals) ? refusalText(lang, e) : undefined);
  async function orRefusal(ctx: InvokeContext, f: () => Promise<Card>, onRefusal: (error: string) => Promise<Card>, refusal: Refusal = routineRefusal): Promise<Card> {
    try {
      return await f();
    } catch (e) {
      const error = refusal(ctx.lang, e);
      if (error === undefined) throw e;
      return onRefusal(error);
    }
  }

  /** The record's card, refreshed, with the refusal on top. */
  const onRecord = (ctx: InvokeContext, ref: R) => async (error: string) => side.card(ctx.lang, await side.open(ctx, ref), { error });
  /** The step's form as sent (`d`), refreshed, with the refusal on top. */
  const onForm =
    <P extends R, D>(ctx: InvokeContext, p: P, d: D, form: StepForm<V, E, D, P>) =>
    async (error: string) =>
      form(ctx, await side.open(ctx, p), d, { error }, p);

  /** A verb that answers with a card of its own (a step's form, a signature); a refusal comes back on the record's card, or on `o.form`. */
  const verb =
    <P extends R>(schema: Schema<P>, run: (ctx: InvokeContext, p: P) => Promise<Card>, o: VerbRefusal<V, E, P> = {}): VerbHandler =>
    async (ctx, data) => {
      const p = schema.parse(data);
      return orRefusal(ctx, () => run(ctx, p), o.form ? onForm(ctx, p, p, o.form) : onRecord(ctx, p), o.refusal);
    };

  /** A verb that opens a step's form: `load` is the use case that says whether the step may be taken now; the form starts at `blank`. */
  const open = <D>(s: { load: (ctx: InvokeContext, p: R) => Promise<V>; blank: (ctx: InvokeContext, v: V) => D; form: StepForm<V, E, D, R> }): VerbHandler =>
    verb(side.ref, async (ctx, p) => {
      const v = await s.load(ctx, p);
      return s.form(ctx, v, s.blank(ctx, v), {}, p);
    });

  /** A verb that saves a step: the record's card, or the same form with everything typed and the problems named. */
  const save =
    <P extends R, D, S extends { view: V; errors?: E[] }>(s: SaveStep<V, E, P, D, S>): VerbHandler =>
    async (ctx, data) => {
      const p = s.schema.parse(data);
      const d = s.draft(p);
      return orRefusal(
        ctx,
        async () => {
          const r = await s.run(ctx, p, d);
          return r.errors ? s.form(ctx, r.view, d, { errors: r.errors }, p) : side.card(ctx.lang, r.view, s.done(ctx, r, p));
        },
        s.refusalOn === 'record' ? onRecord(ctx, p) : onForm(ctx, p, d, s.form),
      );
    };

  /** The record's card as it is now (a card's «Tilbake» and its refresh). */
  const show: VerbHandler = async (ctx, data) => {
    const p = side.ref.parse(data);
    return side.card(ctx.lang, await side.open(ctx, p));
  };

  return { onRecord, verb, open, save, show };
}
