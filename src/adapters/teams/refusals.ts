/**
 * The one refusal mapper: any refusal from the catalogue (src/domain/errors.ts) in the user's
 * words, with the detail it declares filled in (a stage, the minutes' name, a day) and, for an
 * access refusal, whom to ask. The texts are in src/i18n under `refusals`, keyed by the code.
 */
import { detailFields, isCodedError, splitCode, type Detail, type DetailOf, type ErrorCode } from '../../domain/errors';
import { fill, strings, type Lang } from '../../i18n';
import { formatShortDay } from '../../app/format';

/** A refusal's own text, keyed as the code is: `refusals.<namespace>.<CODE>`. */
const textOf = (lang: Lang, code: ErrorCode): string => {
  const [n, k] = splitCode(code);
  return (strings(lang).refusals[n] as Record<string, string>)[k] ?? '';
};

/** A detail value as the user reads it; '' when the code does not carry it. */
function shown(lang: Lang, kind: string, v: string | number | undefined): string {
  if (v === undefined) return '';
  const t = strings(lang);
  switch (kind) {
    case 'date':
      return formatShortDay(String(v), lang);
    case 'minutesKind':
      return (t.teachingComplaint.kinds as Record<string, string>)[String(v)] ?? '';
    default:
      return String(v);
  }
}

/** The text of refusal `code` with `detail` (for a refusal the adapter itself gives). */
export function codeText<C extends ErrorCode>(lang: Lang, code: C, detail?: DetailOf<C>): string {
  const d = (detail ?? {}) as Detail;
  const values: Record<string, string> = {};
  let ask = '';
  for (const [field, kind] of Object.entries(detailFields(code))) {
    if (kind === 'log') continue;
    if (kind === 'ask') {
      const who = d[field];
      const asks = strings(lang).errors.ask as Record<string, string>;
      // «Not found» names nobody: it must read the same for a record that exists and one that does not.
      if (code !== 'common.NOT_FOUND' && typeof who === 'string' && who in asks) ask = asks[who]!;
    } else values[field] = shown(lang, kind, d[field]);
  }
  const text = fill(textOf(lang, code), values);
  return ask ? `${text} ${ask}` : text;
}

/** Any refusal in the user's words; undefined when `e` is no refusal (it is thrown on). */
export const refusalText = (lang: Lang, e: unknown): string | undefined =>
  isCodedError(e) ? codeText(lang, e.code, e.detail as DetailOf<typeof e.code>) : undefined;
