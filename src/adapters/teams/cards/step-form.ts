/**
 * The step forms of a routine, built one way: a routine gives its frame once (its words for the
 * buttons and the problem line, its problems in words, the record's ids every button sends, the
 * «Tilbake» verb, none on a registration form) and each step declares only its title, intro,
 * fields and save verb. A form comes back with everything typed and each problem under its field;
 * problems about fields not on the card, and refusals in words, go to the banner.
 */
import type { Lang } from '../../../i18n';
import type { Verb } from '../verbs';
import { action, field, formModel, type Field, type FormModel } from './form';
import { renderFitting, type Card } from './render';

/** How a form comes back: with each problem under its field, or with a refusal in words. */
export interface FormSay<E> {
  errors?: E[];
  error?: string;
}

/** Each field's problems, named under it; problems about fields not on the card are returned for the banner. */
export function placeErrors<E extends { field: string }>(fields: Field[], errors: readonly E[], say: (e: E) => string): { fields: Field[]; unplaced: string } {
  const ids = new Set(fields.map((f) => f.id));
  const words = (es: readonly E[]) => [...new Set(es.map(say))].join(' ');
  return {
    fields: fields.map((f) => (f.id && errors.some((e) => e.field === f.id) ? { ...f, fieldError: words(errors.filter((e) => e.field === f.id)) } : f)),
    unplaced: words(errors.filter((e) => !ids.has(e.field))),
  };
}

/** The banner: the form's problem line with the problems not under a field, and a refusal in words. */
export const banner = (formError: string, errors: readonly unknown[], unplaced: string, error = ''): string => [errors.length ? formError : '', unplaced, error].filter(Boolean).join(' ');

/**
 * A registration form's ways to fit Teams, fullest first: the routine's intro goes first, then
 * the staff names are shortened to each length in turn (0: whole); what was typed is never cut.
 */
export const fittings = (names: number[]): { intro: boolean; names: number }[] => names.map((n, i) => ({ intro: i === 0, names: n }));

/** The fields most steps ask for (a day is always required; a toggle is never). */
export const dateField = (label: string, value: string, id = 'date'): Field => field({ kind: 'date', id, label, required: true, value });
export const toggleField = (id: string, label: string, on: boolean): Field => field({ kind: 'toggle', id, label, value: String(on) });
export const textField = (id: string, label: string, value: string, maxLength: number, required = false): Field => field({ kind: 'textarea', id, label, value, maxLength, required });

/** What a routine's step forms share. */
export interface FormFrame<V, E> {
  words(lang: Lang): { formError: string; save: string; back?: string };
  /** The record's title, under the form's own. */
  subtitle(lang: Lang, v: V): string;
  /** The hint under the intro when a step gives none (a routine whose forms all hold sensitive text says so on each). */
  hint?(lang: Lang): string;
  problem(lang: Lang, e: E): string;
  /** What every button sends: the record's ids (the server decides the rest). */
  data(v: V): Record<string, string>;
  /** «Tilbake» to the record; a registration form has no record to go back to. */
  back?: Verb;
}

/** One step's form. `shorter`: the same fields with shorter choice titles, tried in order when the card is too large (what was typed is never cut). */
export interface StepFormBody {
  title: string;
  intro?: string;
  hint?: string;
  fields: Field[];
  shorter?: Field[][];
  save: Verb;
  /** Sent besides the record's ids (the kind of minutes, the form's id). */
  data?: Record<string, string>;
}

export function stepForms<V, E extends { field: string }>(frame: FormFrame<V, E>) {
  function model(lang: Lang, v: V, body: StepFormBody, raw: Field[], say: FormSay<E>): FormModel {
    const w = frame.words(lang);
    const errors = say.errors ?? [];
    const { fields, unplaced } = placeErrors(raw, errors, (e) => frame.problem(lang, e));
    return formModel({
      title: body.title,
      subtitle: frame.subtitle(lang, v),
      intro: body.intro ?? '',
      hint: body.hint ?? frame.hint?.(lang) ?? '',
      error: banner(w.formError, errors, unplaced, say.error),
      fields,
      data: { ...frame.data(v), ...body.data },
      actions: [action(w.save, body.save, 'positive', 'auto'), ...(frame.back ? [action(w.back ?? '', frame.back)] : [])],
    });
  }
  /** A step's form card, from the fullest to the most compact that fits. */
  const card = (lang: Lang, v: V, body: StepFormBody, say: FormSay<E> = {}): Card =>
    renderFitting('work-form', [body.fields, ...(body.shorter ?? [])].map((fs) => model(lang, v, body, fs, say)));
  /** A step's form, declared once: what it shows for a draft `D`. */
  const form =
    <D>(build: (lang: Lang, v: V, d: D) => StepFormBody) =>
    (lang: Lang, v: V, d: D, say: FormSay<E> = {}): Card =>
      card(lang, v, build(lang, v, d), say);
  return { card, form };
}
