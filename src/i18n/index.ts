import { en } from './en';
import { nb, type Strings } from './nb';
import { nn } from './nn';

export type Lang = 'nb' | 'nn' | 'en';
export type { Strings };

/**
 * True only when A and B are the same type: with JSON catalogues every text is a string, so this holds
 * exactly when both have the same keys at every depth. A key missing from nn or en, or one too many,
 * makes the assignment below fail `tsc` (test/i18n/catalogues.test.ts names the key).
 */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const _nnHasBokmaalsKeys: Same<typeof nn, Strings> = true;
const _enHasBokmaalsKeys: Same<typeof en, Strings> = true;

const BY_LANG: Record<Lang, Strings> = { nb, nn, en };

/** Teams sends locales like "nb-NO", "nn-no", "no", "en-US"; anything else gets bokmål. */
export function langOf(locale: string | undefined): Lang {
  const l = (locale ?? '').toLowerCase();
  if (l.startsWith('nn')) return 'nn';
  if (l.startsWith('en')) return 'en';
  return 'nb';
}

export const strings = (lang: Lang): Strings => BY_LANG[lang];

/** Fills {name} placeholders. */
export const fill = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

/** A text that counts: its singular and its plural, each with a {count} placeholder. */
export type Plural = { one: string; other: string };

// CLDR's rules as Intl has them: nb, nn and en alike call only 1 «one»; 0 takes the plural («0 elever»).
const PLURAL_RULES: Record<Lang, Intl.PluralRules> = { nb: new Intl.PluralRules('nb'), nn: new Intl.PluralRules('nn'), en: new Intl.PluralRules('en') };

/** The form of a counting text that agrees with count, filled with count and any other values. */
export const plural = (lang: Lang, count: number, forms: Plural, values: Record<string, string | number> = {}): string =>
  fill(PLURAL_RULES[lang].select(count) === 'one' ? forms.one : forms.other, { ...values, count });
