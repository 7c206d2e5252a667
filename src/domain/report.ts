/**
 * The "meld fra" report (004 §8.1–8.3): what a staff member must tell rektor. Field codes are
 * stable identifiers stored with the case; their labels live in src/i18n.
 */
import { DomainError } from './errors';

/** Kjennetegn som kan indikere at en elev ikke har det trygt og godt (004 §8.1). */
export const WARNING_SIGNS = [
  'kvier_seg',
  'skoleveien',
  'fravaer',
  'faglig',
  'klaer_utstyr',
  'folelser',
  'spise_sovn',
  'fritid',
  'somatisk',
  'sosial_dynamikk',
  'oppholdssted',
  'sosiale_medier',
] as const;

export const KINDS = [
  'mobbing',
  'krenkelse',
  'utenforskap',
  'rasisme',
  'seksuell_trakassering',
  'hatefulle_ytringer',
  'digital_krenkelse',
  'vold',
  'annet',
] as const;

export const SOURCES = ['egen_observasjon', 'eleven', 'foresatte', 'annen_elev'] as const;

/** Sårbarhetsfaktorer (004 §8.1): a lower threshold for an aktivitetsplan. */
export const VULNERABILITIES = [
  'funksjonsevne',
  'sosiale_emosjonelle',
  'religion',
  'seksuell_orientering',
  'etnisitet',
  'familie',
  'sosiale_relasjoner',
  'tidligere_krenket',
] as const;

export const PUPIL_INFORMED = ['ja', 'nei_ennaa', 'nei_grunn'] as const;

export type WarningSign = (typeof WARNING_SIGNS)[number];
export type Kind = (typeof KINDS)[number];
export type Source = (typeof SOURCES)[number];
export type Vulnerability = (typeof VULNERABILITIES)[number];
export type PupilInformed = (typeof PUPIL_INFORMED)[number];

export const LIMITS = {
  pupilName: 100,
  shortText: 200,
  longText: 4000,
} as const;

/** What the card sends, after the edge has checked types and sizes; all strings may be empty. */
export interface ReportDraft {
  schoolId: string;
  pupilName: string;
  pupilClass: string;
  signs: string[];
  observed: string;
  kinds: string[];
  kindOther: string;
  where: string;
  date: string;
  time: string;
  source: string;
  intervened: string;
  intervention: string;
  pupilInformed: string;
  pupilInformedWhy: string;
  vulnerabilities: string[];
  staffSuspected: string;
  leadershipSuspected: string;
}

export const EMPTY_DRAFT: ReportDraft = {
  schoolId: '',
  pupilName: '',
  pupilClass: '',
  signs: [],
  observed: '',
  kinds: [],
  kindOther: '',
  where: '',
  date: '',
  time: '',
  source: '',
  intervened: '',
  intervention: '',
  pupilInformed: '',
  pupilInformedWhy: '',
  vulnerabilities: [],
  staffSuspected: '',
  leadershipSuspected: '',
};

export interface Report {
  pupilName: string;
  pupilClass: string;
  signs: WarningSign[];
  observed: string;
  kinds: Kind[];
  kindOther: string;
  where: string;
  /** ISO date (yyyy-mm-dd) and optional time (hh:mm) of what was observed. */
  date: string;
  time: string;
  source: Source;
  intervened: boolean;
  intervention: string;
  pupilInformed: PupilInformed;
  pupilInformedWhy: string;
  vulnerabilities: Vulnerability[];
  staffSuspected: boolean;
  leadershipSuspected: boolean;
}

export type ReportField = keyof Omit<ReportDraft, 'schoolId'> | 'schoolId';
export type FieldProblem = 'required' | 'tooLong' | 'invalid' | 'future';
export interface FieldError {
  field: ReportField;
  problem: FieldProblem;
  limit?: number;
}

/** yyyy-mm-dd that exists in the calendar (no 31 April, 29 February only in leap years). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days;
}

const isOneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

export interface ReportContext {
  /** Class names of the chosen school. */
  classes: string[];
  /** Today's date in the school's time zone (yyyy-mm-dd). */
  today: string;
}

/**
 * Checks a draft against what the report must contain. Returns every problem at once so the
 * card can name them all; the draft itself is never changed, so nothing typed is lost.
 */
export function validateReport(d: ReportDraft, ctx: ReportContext): Report | FieldError[] {
  const errors: FieldError[] = [];
  const need = (field: ReportField, ok: boolean) => {
    if (!ok) errors.push({ field, problem: 'required' });
  };
  const max = (field: ReportField, value: string, limit: number) => {
    if (value.length > limit) errors.push({ field, problem: 'tooLong', limit });
  };

  // Zero-width, direction and control characters alone are not a name (nor any other answer).
  const filled = (v: string) => v.replace(/[\p{Cc}\p{Cf}\s]/gu, '') !== '';
  need('pupilName', filled(d.pupilName));
  max('pupilName', d.pupilName, LIMITS.pupilName);
  if (d.pupilClass === '') need('pupilClass', false);
  else if (!ctx.classes.includes(d.pupilClass)) errors.push({ field: 'pupilClass', problem: 'invalid' });

  if (d.signs.some((s) => !isOneOf(WARNING_SIGNS, s))) errors.push({ field: 'signs', problem: 'invalid' });
  need('observed', filled(d.observed));
  max('observed', d.observed, LIMITS.longText);

  if (d.kinds.length === 0) need('kinds', false);
  else if (d.kinds.some((k) => !isOneOf(KINDS, k))) errors.push({ field: 'kinds', problem: 'invalid' });
  if (d.kinds.includes('annet')) need('kindOther', filled(d.kindOther));
  max('kindOther', d.kindOther, LIMITS.shortText);

  need('where', filled(d.where));
  max('where', d.where, LIMITS.shortText);
  if (d.date === '') need('date', false);
  else if (!isCalendarDate(d.date))
    errors.push({ field: 'date', problem: 'invalid' });
  else if (d.date > ctx.today) errors.push({ field: 'date', problem: 'future' });
  if (d.time !== '' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(d.time)) errors.push({ field: 'time', problem: 'invalid' });

  if (d.source === '') need('source', false);
  else if (!isOneOf(SOURCES, d.source)) errors.push({ field: 'source', problem: 'invalid' });

  if (d.intervened === '') need('intervened', false);
  else if (d.intervened !== 'ja' && d.intervened !== 'nei') errors.push({ field: 'intervened', problem: 'invalid' });
  if (d.intervened === 'ja') need('intervention', filled(d.intervention));
  max('intervention', d.intervention, LIMITS.longText);

  if (d.pupilInformed === '') need('pupilInformed', false);
  else if (!isOneOf(PUPIL_INFORMED, d.pupilInformed)) errors.push({ field: 'pupilInformed', problem: 'invalid' });
  if (d.pupilInformed === 'nei_grunn') need('pupilInformedWhy', filled(d.pupilInformedWhy));
  max('pupilInformedWhy', d.pupilInformedWhy, LIMITS.shortText);

  if (d.vulnerabilities.some((v) => !isOneOf(VULNERABILITIES, v)))
    errors.push({ field: 'vulnerabilities', problem: 'invalid' });

  for (const f of ['staffSuspected', 'leadershipSuspected'] as const) {
    if (d[f] === '') need(f, false);
    else if (d[f] !== 'ja' && d[f] !== 'nei') errors.push({ field: f, problem: 'invalid' });
  }

  if (errors.length > 0) return errors;
  return {
    pupilName: d.pupilName.trim(),
    pupilClass: d.pupilClass,
    signs: d.signs as WarningSign[],
    observed: d.observed.trim(),
    kinds: d.kinds as Kind[],
    kindOther: d.kinds.includes('annet') ? d.kindOther.trim() : '',
    where: d.where.trim(),
    date: d.date,
    time: d.time,
    source: d.source as Source,
    intervened: d.intervened === 'ja',
    intervention: d.intervened === 'ja' ? d.intervention.trim() : '',
    pupilInformed: d.pupilInformed as PupilInformed,
    pupilInformedWhy: d.pupilInformed === 'nei_grunn' ? d.pupilInformedWhy.trim() : '',
    vulnerabilities: d.vulnerabilities as Vulnerability[],
    staffSuspected: d.staffSuspected === 'ja',
    leadershipSuspected: d.leadershipSuspected === 'ja',
  };
}

export const isReport = (r: Report | FieldError[]): r is Report => !Array.isArray(r);

/** Guard used where a draft must exist (e.g. rendering) but none was given. */
export function assertDraftSchool(d: ReportDraft): void {
  if (!d.schoolId) throw new DomainError('common.SCHOOL_UNKNOWN');
}
