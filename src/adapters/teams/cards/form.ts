/**
 * The form DSL: a card as a typed model (title, facts, fields, buttons, links) that the one
 * generic template cards/work-form.json renders. Routines build a FormModel, never JSON; every
 * button names a `Verb`, links are in the model, and render() checks the size last.
 */
import { CASEWORK_LIMITS } from '../../../domain/casework';
import type { Verb } from '../verbs';
import type { Choice, Fact } from './models';
import { renderFitting, type Card } from './render';

export interface Field {
  kind: 'heading' | 'paragraph' | 'info' | 'item' | 'text' | 'textarea' | 'date' | 'choice' | 'radio' | 'multi' | 'toggle';
  id: string;
  label: string;
  value: string;
  required: boolean;
  maxLength: number;
  placeholder: string;
  min: string;
  choices: Choice[];
  fieldError: string;
  /** An 'item' line's button (the plan's «Fjern»): its verb, sent with the item's id as `index`. */
  verb: Verb | '';
}

/** A button on a form card: its verb, and which inputs it sends ('auto': the card's, 'none': only the data). */
export interface FormAction {
  title: string;
  verb: Verb;
  style: 'positive' | 'destructive' | 'default';
  inputs: 'auto' | 'none';
}

/** A link a card offers (a Teams meeting, a calendar file): an Action.OpenUrl, never text in a TextBlock. */
export interface Link {
  title: string;
  url: string;
}

export interface FormModel {
  title: string;
  /** What every button sends besides the inputs. */
  data: Record<string, string>;
  facts: Fact[];
  /** Who sees their own view of the card (refresh.userIds), and the verb that renders it. */
  refreshUsers: string[];
  refreshVerb: Verb | '';
  subtitle: string;
  intro: string;
  hint: string;
  error: string;
  schoolId: string;
  caseId: string;
  fields: Field[];
  actions: FormAction[];
  /** Links shown right under the facts, beside what they belong to. */
  factLinks: Link[];
  /** Links after the buttons, at the foot of the card. */
  footLinks: Link[];
}

export const field = (f: Partial<Field> & Pick<Field, 'kind' | 'label'>): Field => ({
  id: '', value: '', required: false, maxLength: CASEWORK_LIMITS.text, placeholder: '', min: '', choices: [], fieldError: '', verb: '', ...f,
});

/** A form model for other routines (leave, årshjul, klage): everything not given is empty. */
export const formModel = (o: Partial<FormModel> & Pick<FormModel, 'title' | 'fields' | 'actions' | 'data'>): FormModel => ({
  subtitle: '', intro: '', hint: '', error: '', schoolId: o.data.schoolId ?? '', caseId: '', facts: [], refreshUsers: [], refreshVerb: '', factLinks: [], footLinks: [], ...o,
});

/** A form card for other routines (leave, …): the same template, their own button data. */
export const renderForm = (model: FormModel): Card => renderFitting('work-form', [model]);


/** One button; style and inputs default to a plain button that sends only the card's data. */
export const action = (title: string, verb: Verb, style: FormAction['style'] = 'default', inputs: FormAction['inputs'] = 'none'): FormAction => ({ title, verb, style, inputs });
