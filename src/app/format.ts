/**
 * Dates and times as a Norwegian school writes them: the one place that decides, so every card, notice
 * and archive reads the same. Pure (no clock, no I/O); in src/app so both use cases and adapters may
 * import it.
 *
 * The choices, and where they come from:
 * - Date: day, month, year with full stops and no leading zeros: «1.12.2026». Språkrådet, «Datoar»
 *   (sprakradet.no/svardatabase/sporsmal-og-svar/datoar/): «8.2.2015 eller 08.02.2015 … I vanleg tekst
 *   brukar ein helst ikkje null føre dag og månad.» A deadline or a meeting carries its weekday:
 *   «tirsdag 1.12.2026»; a narrow fact column the short one, «tir. 1.12.2026».
 * - Time: the 24-hour clock with a full stop, «kl. 10.15». Språkrådet («Fire endringar i rettskrivinga
 *   og skrivereglane», 2014) allows «kl. 13.00» and, since 2014, «kl. 13:00»; we keep the full stop, the
 *   form Norwegian schools and public letters have used all along, in bokmål and nynorsk alike.
 * - English (en-GB, as Teams in Norway is set for English): the day before the month like the
 *   Norwegian, the month as a word so nobody reads it the American way, a colon in the time:
 *   «1 Dec 2026», «1 Dec 2026, 10:15».
 * - Always the school's clock (Europe/Oslo): an instant stored in UTC shows as the wall clock in Oslo,
 *   summer time or not.
 * Dates exchanged with machines (ISO 8601, Input.Date and Input.Time values, .ics) are not formatted here.
 * eslint.config.mjs keeps this the one place: toLocale*String, luxon's toFormat and Intl.DateTimeFormat
 * are refused everywhere else in src.
 */
import { DateTime } from 'luxon';
import type { Lang } from '../i18n';
import { SCHOOL_ZONE } from './school-time';

const LOCALE: Record<Lang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };
const DATE: Record<Lang, string> = { nb: 'd.M.yyyy', nn: 'd.M.yyyy', en: 'd LLL yyyy' };
const TIME: Record<Lang, string> = { nb: 'HH.mm', nn: 'HH.mm', en: 'HH:mm' };
const WHEN: Record<Lang, string> = { nb: `${DATE.nb} 'kl.' ${TIME.nb}`, nn: `${DATE.nn} 'kl.' ${TIME.nn}`, en: `${DATE.en}, ${TIME.en}` };

/** An ISO date or instant on the school's clock; '' for ''. */
const shown = (iso: string, lang: Lang, format: string): string =>
  iso ? DateTime.fromISO(iso, { zone: SCHOOL_ZONE }).setLocale(LOCALE[lang]).toFormat(format) : '';

/** «1.12.2026», «1 Dec 2026». */
export const formatDate = (iso: string, lang: Lang): string => shown(iso, lang, DATE[lang]);

/** With the weekday, for deadlines and meetings: «tirsdag 1.12.2026», «Tuesday 1 Dec 2026». */
export const formatDay = (iso: string, lang: Lang): string => shown(iso, lang, `cccc ${DATE[lang]}`);

/**
 * With the short weekday, for a narrow fact column: «tir. 1.12.2026», «Tue 1 Dec 2026». ICU writes the
 * nynorsk ones without a full stop («tys»); an abbreviation takes one in nynorsk as in bokmål
 * (Språkrådet, «Forkortingar»), so «tys. 1.12.2026».
 */
export const formatShortDay = (iso: string, lang: Lang): string =>
  shown(iso, lang, `ccc ${DATE[lang]}`).replace(/^(\p{L}+)(?= )/u, (w) => (lang === 'en' ? w : `${w}.`));

/** The clock time of an instant, for texts that say «kl.» themselves: «10.15», «10:15». */
export const formatTime = (iso: string, lang: Lang): string => shown(iso, lang, TIME[lang]);

/** A time of day as typed in a form ("10:15"): «10.15», «10:15». */
export const formatClock = (hhmm: string, lang: Lang): string => (lang === 'en' ? hhmm : hhmm.replace(':', '.'));

/** An instant: «1.12.2026 kl. 10.15», «1 Dec 2026, 10:15». */
export const formatWhen = (iso: string, lang: Lang): string => shown(iso, lang, WHEN[lang]);

/**
 * A local date and a time of day as typed in a form ("2026-12-01", "10:15"), as formatWhen writes an
 * instant, or the date alone. Joined as text, not as an instant: 02.30 on the night summer time begins
 * does not exist in Oslo, yet it is the time the reporter wrote.
 */
export const formatDateAndClock = (date: string, hhmm: string, lang: Lang): string =>
  !hhmm ? formatDate(date, lang) : lang === 'en' ? `${formatDate(date, lang)}, ${hhmm}` : `${formatDate(date, lang)} kl. ${formatClock(hhmm, lang)}`;
