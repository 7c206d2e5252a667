import { en } from './en';
import { nb, type Strings } from './nb';
import { nn } from './nn';

export type Lang = 'nb' | 'nn' | 'en';
export type { Strings };

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
