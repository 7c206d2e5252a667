/**
 * Elevsamtaler and the kontaktlærer's recurring conversations, per class and school year
 * (seeds 002 and 003, SPEC §3.5, §4).
 *
 * - 003: "Gjennomføre startsamtaler med elevene i løpet av de to første ukene", "Forberede og
 *   gjennomføre 2 elevsamtaler per skoleår", "Gi foreldrene tilbud om samtale første halvår i
 *   opplæringsåret for elever som ikke er myndige", "Planlegge klassens time sammen med tillitsvalgt
 *   for klassen. Bør gjennomføres 1 gang pr måned."
 * - 002: one to one in a private room, a preparation checklist for teacher and pupil, and "Sørg for
 *   at læreren vet hva han skal gjøre dersom han får vite om rus, vold eller overgrep eller andre
 *   forhold som utløser meldeplikten".
 *
 * - 003: "Varsle elever om fare for nedsatt karakter i orden og adferd så snart som mulig": a
 *   registered varsel per pupil, area and half-year, counted; the seed names no date, so no deadline.
 *
 * The roster (pupil names) belongs to the kontaktlærer's personal view. What a class channel may
 * see is counts only (`progress`, `remindersDue(...).channel`). Nothing said in a conversation is
 * stored: a revealed concern only makes `markTalkDone` answer `dutyToReport: true`. A pupil who
 * came later has their own startsamtale window (`joinerStartWindow`); a pupil removed takes their
 * marks and varsler with them (`removePupil`).
 */
import { DEFAULT_TASKS, postingDay } from './annual';
import { DomainError } from './errors';
import { CONCERNS, type Concern } from './meldeplikt';
import { hasRole, type Membership } from './people';
import { isCalendarDate } from './report';
import {
  addDays, addSchoolDays, isSchoolDay, schoolDaysBetween, schoolYearOf, type LocalDate, type SchoolCalendar,
} from './school-calendar';

// ---------------------------------------------------------------------------------------------
// Kinds

export const TALK_KINDS = ['startsamtale', 'elevsamtale_host', 'elevsamtale_var', 'foreldresamtale_tilbud', 'klassens_time'] as const;
export type TalkKind = (typeof TALK_KINDS)[number];
export const isTalkKind = (s: string): s is TalkKind => (TALK_KINDS as readonly string[]).includes(s);

/** Kinds held with (or offered for) each pupil; `klassens_time` is one per class and month. */
export const PUPIL_KINDS: readonly TalkKind[] = ['startsamtale', 'elevsamtale_host', 'elevsamtale_var', 'foreldresamtale_tilbud'];
export const isPupilKind = (k: TalkKind): boolean => k !== 'klassens_time';

/** What a conversation may have revealed; 'annet' = other matters that trigger the duty to report (meldeplikt.ts). */
export { CONCERNS, type Concern };

// ---------------------------------------------------------------------------------------------
// Roster: the kontaktlærer's own list of the class, names for the personal view only

export const ROSTER_LIMITS = { pupils: 40, name: 80 } as const;

export interface RosterPupil {
  /** Stable id (given by the caller, like a leaveId): done-marks refer to it, never to the name. */
  pupilId: string;
  /** Display name as the kontaktlærer writes it. Shown only in the kontaktlærer's personal view. */
  name: string;
  /** Not yet of age (under 18): the parents are offered a conversation in the first half-year. */
  under18: boolean;
  /**
   * Set for a pupil who came to the class after the school year started: their startsamtale is due
   * two school weeks from this day, and rounds already due before it do not count them.
   */
  joinedOn?: LocalDate;
}

export interface ClassRoster {
  tenantId: string;
  schoolId: string;
  className: string;
  /** The school year, by the calendar year it starts in (August). */
  schoolYear: number;
  pupils: RosterPupil[];
}

export interface PupilDraft {
  name: string;
  under18: boolean;
  /** Absent: in the class from the start of the school year. */
  joinedOn?: LocalDate;
}

export interface RosterError {
  /** Index of the draft in the list given. */
  index: number;
  field: 'name' | 'pupils' | 'joinedOn';
  problem: 'required' | 'tooLong' | 'duplicate' | 'tooMany' | 'notThisYear';
  limit?: number;
}

/** Names compare without case and extra spaces: "Ola  Nordmann" and "ola nordmann" are the same. */
const nameKey = (s: string): string => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nb');
const cleanName = (s: string): string => s.trim().replace(/\s+/g, ' ');
const inSchoolYear = (d: LocalDate, schoolYear: number): boolean => isCalendarDate(d) && schoolYearOf(d) === schoolYear;

/** Checks new pupils against each other and against those already on the roster. */
export function validatePupils(drafts: PupilDraft[], existing: RosterPupil[] = [], schoolYear?: number): RosterError[] {
  const errors: RosterError[] = [];
  const seen = new Set(existing.map((p) => nameKey(p.name)));
  drafts.forEach((d, index) => {
    const key = nameKey(d.name);
    if (key === '') errors.push({ index, field: 'name', problem: 'required' });
    else if (d.name.trim().length > ROSTER_LIMITS.name) errors.push({ index, field: 'name', problem: 'tooLong', limit: ROSTER_LIMITS.name });
    else if (seen.has(key)) errors.push({ index, field: 'name', problem: 'duplicate' });
    if (key !== '') seen.add(key);
    if (d.joinedOn !== undefined && schoolYear !== undefined && !inSchoolYear(d.joinedOn, schoolYear)) errors.push({ index, field: 'joinedOn', problem: 'notThisYear' });
    if (existing.length + index + 1 > ROSTER_LIMITS.pupils) errors.push({ index, field: 'pupils', problem: 'tooMany', limit: ROSTER_LIMITS.pupils });
  });
  return errors;
}

/** Only the class's own kontaktlærer keeps its roster and marks its conversations. */
export const mayKeepTalks = (m: Membership | undefined, r: Pick<ClassRoster, 'schoolId' | 'className'>): boolean =>
  !!m && hasRole(m, 'kontaktlaerer') && m.schoolId === r.schoolId && m.classes.includes(r.className);

const requireKontaktlaerer = (actor: Membership | undefined, r: ClassRoster): void => {
  if (!mayKeepTalks(actor, r)) throw new DomainError('NO_ROLE', { action: 'elevsamtale', ask: 'rektor' });
};

export function emptyRoster(actor: Membership | undefined, r: Omit<ClassRoster, 'pupils'>): ClassRoster {
  const roster = { ...r, pupils: [] };
  requireKontaktlaerer(actor, roster);
  if (actor!.tenantId !== r.tenantId) throw new DomainError('NO_ROLE', { action: 'elevsamtale' });
  return roster;
}

const pupilOf = (pupilId: string, d: PupilDraft): RosterPupil => ({
  pupilId, name: cleanName(d.name), under18: d.under18, ...(d.joinedOn ? { joinedOn: d.joinedOn } : {}),
});

/** Adds pupils; `ids` are fresh stable ids, one per draft. Throws INVALID_INPUT on the first error. */
export function addPupils(actor: Membership | undefined, r: ClassRoster, drafts: PupilDraft[], ids: string[]): ClassRoster {
  requireKontaktlaerer(actor, r);
  if (ids.length !== drafts.length || new Set([...ids, ...r.pupils.map((p) => p.pupilId)]).size !== ids.length + r.pupils.length)
    throw new DomainError('INVALID_INPUT', { field: 'pupilId' });
  const [e] = validatePupils(drafts, r.pupils, r.schoolYear);
  if (e) throw new DomainError('INVALID_INPUT', { field: e.field, problem: e.problem, index: e.index, ...(e.limit ? { limit: e.limit } : {}) });
  return { ...r, pupils: [...r.pupils, ...drafts.map((d, i) => pupilOf(ids[i], d))] };
}

/**
 * Corrects a pupil's name, age or start day (a typo, a pupil who came later). The done-marks refer
 * to the pupil's id, so they stay with the pupil whatever the name becomes.
 */
export function updatePupil(actor: Membership | undefined, r: ClassRoster, pupilId: string, d: PupilDraft): ClassRoster {
  requireKontaktlaerer(actor, r);
  if (!r.pupils.some((p) => p.pupilId === pupilId)) throw new DomainError('INVALID_INPUT', { field: 'pupilId' });
  const others = r.pupils.filter((p) => p.pupilId !== pupilId);
  const [e] = validatePupils([d], others, r.schoolYear).filter((x) => x.field !== 'pupils');
  if (e) throw new DomainError('INVALID_INPUT', { field: e.field, problem: e.problem });
  return { ...r, pupils: r.pupils.map((p) => (p.pupilId === pupilId ? pupilOf(pupilId, d) : p)) };
}

/** The roster with what is registered for its pupils: the row a class keeps for a school year. */
export interface ClassRecord {
  roster: ClassRoster;
  done: TalkDone[];
  warnings: GradeWarning[];
}

/**
 * A pupil who left the class (moved away) or was typed by mistake. Nothing about the pupil is kept:
 * the name goes, and so do their done-marks and varsler, which would otherwise be about a person the
 * class no longer has (GDPR's data minimisation; the roster is the kontaktlærer's working list, not
 * the school's archive). The class's klassens time marks stay. INVALID_INPUT when not on the roster.
 */
export function removePupil(actor: Membership | undefined, rec: ClassRecord, pupilId: string): ClassRecord {
  requireKontaktlaerer(actor, rec.roster);
  if (!rec.roster.pupils.some((p) => p.pupilId === pupilId)) throw new DomainError('INVALID_INPUT', { field: 'pupilId' });
  return {
    roster: { ...rec.roster, pupils: rec.roster.pupils.filter((p) => p.pupilId !== pupilId) },
    done: rec.done.filter((d) => !(isPupilKind(d.kind) && d.subjectId === pupilId)),
    warnings: rec.warnings.filter((w) => w.pupilId !== pupilId),
  };
}

// ---------------------------------------------------------------------------------------------
// Dates of the school year

/**
 * The first school day of the school year that starts in August of `schoolYear`: the first school
 * day from 1 August. The calendar must carry the summer break that ends in that August (the previous
 * school year's sommerferie), as `calendarFor` in src/app/school-time does.
 */
export function firstSchoolDay(schoolYear: number, cal: SchoolCalendar): LocalDate {
  let d = `${schoolYear}-08-01`;
  for (let i = 0; i < 120 && !isSchoolDay(d, cal); i++) d = addDays(d, 1);
  if (!isSchoolDay(d, cal)) throw new Error('the school calendar has no school days in the autumn');
  return d;
}

/** The last school day on or before `d`. */
function schoolDayOnOrBefore(d: LocalDate, cal: SchoolCalendar): LocalDate {
  let x = d;
  for (let i = 0; i < 120 && !isSchoolDay(x, cal); i++) x = addDays(x, -1);
  return x;
}

/** The last school day of the school year (before sommerferie). */
export function lastSchoolDay(schoolYear: number, cal: SchoolCalendar): LocalDate {
  return schoolDayOnOrBefore(`${schoolYear + 1}-07-31`, cal);
}

/**
 * The days of the autumn and spring utviklingssamtaler (foreldresamtaler), as month-day. Default:
 * the årshjul's tasks `utviklingssamtaler_host` / `utviklingssamtaler_var` (annual.ts); a school that
 * moved those tasks passes its own.
 */
export interface TalkDates {
  utviklingssamtalerHost: string;
  utviklingssamtalerVar: string;
}
const annualDay = (id: string): string => DEFAULT_TASKS.find((t) => t.taskId === id)!.monthDay;
export const DEFAULT_TALK_DATES: TalkDates = {
  utviklingssamtalerHost: annualDay('utviklingssamtaler_host'),
  utviklingssamtalerVar: annualDay('utviklingssamtaler_var'),
};

/** Startsamtaler: "i løpet av de to første ukene" = by the 10th school day, the first one included. */
export const STARTSAMTALE_SCHOOL_DAYS = 10;
/** The personal reminder of an elevsamtale opens this many school days (three weeks) before its due day. */
export const ELEVSAMTALE_LEAD_SCHOOL_DAYS = 15;
/** Reminders before a due day and, while overdue, again every this many school days (a school week). */
export const REMINDER_STEP_SCHOOL_DAYS = 5;

/** One thing to be done by a day: for all pupils of a kind, or one klassens time a month. */
export interface TalkWindow {
  kind: TalkKind;
  /** 'YYYY-MM' for klassens_time; absent for the per-pupil kinds. */
  month?: string;
  /** The first day the kontaktlærer is reminded. */
  opens: LocalDate;
  due: LocalDate;
}

/** The months of the school year that have school days, August to June. */
export function classHourWindows(schoolYear: number, cal: SchoolCalendar): TalkWindow[] {
  const first = firstSchoolDay(schoolYear, cal);
  const last = lastSchoolDay(schoolYear, cal);
  const out: TalkWindow[] = [];
  for (let i = 0; i < 12; i++) {
    const m = ((7 + i) % 12) + 1;
    const y = m >= 8 ? schoolYear : schoolYear + 1;
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const start = `${month}-01` < first ? first : `${month}-01`;
    const endOfMonth = addDays(`${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`, -1);
    const end = endOfMonth > last ? last : endOfMonth;
    if (start > end) continue;
    let opens = start;
    while (opens <= end && !isSchoolDay(opens, cal)) opens = addDays(opens, 1);
    if (opens > end) continue; // a month with no school day (July) has no klassens time
    out.push({ kind: 'klassens_time', month, opens, due: schoolDayOnOrBefore(end, cal) });
  }
  return out;
}

/** The windows of one kind in a school year: one for a per-pupil kind, one a month for klassens time. */
export function windowsOf(kind: TalkKind, schoolYear: number, cal: SchoolCalendar, dates: TalkDates = DEFAULT_TALK_DATES): TalkWindow[] {
  const first = firstSchoolDay(schoolYear, cal);
  // Before the utviklingssamtaler: the last school day before the årshjul's day for them.
  const before = (monthDay: string) => schoolDayOnOrBefore(addDays(postingDay(monthDay, schoolYear, cal), -1), cal);
  const lead = (due: LocalDate) => {
    let d = due;
    for (let n = 0; n < ELEVSAMTALE_LEAD_SCHOOL_DAYS && d > first; ) {
      d = addDays(d, -1);
      if (isSchoolDay(d, cal)) n++;
    }
    return d < first ? first : d;
  };
  switch (kind) {
    case 'startsamtale':
      return [{ kind, opens: first, due: addSchoolDays(first, STARTSAMTALE_SCHOOL_DAYS - 1, cal) }];
    case 'elevsamtale_host': {
      const due = before(dates.utviklingssamtalerHost);
      return [{ kind, opens: lead(due), due }];
    }
    case 'elevsamtale_var': {
      const due = before(dates.utviklingssamtalerVar);
      return [{ kind, opens: lead(due), due }];
    }
    case 'foreldresamtale_tilbud':
      // The offer goes out from the start of the year ("Sende tilbud til foresatte") and must come
      // early enough for the conversation to be held in the first half-year: by the autumn
      // utviklingssamtaler.
      return [{ kind, opens: first, due: before(dates.utviklingssamtalerHost) }];
    case 'klassens_time':
      return classHourWindows(schoolYear, cal);
  }
}

/** The first school day on or after `d`. */
function schoolDayOnOrAfter(d: LocalDate, cal: SchoolCalendar): LocalDate {
  let x = d;
  for (let i = 0; i < 120 && !isSchoolDay(x, cal); i++) x = addDays(x, 1);
  return x;
}

/**
 * 003: "Gjennomføre startsamtaler med elevene i løpet av de to første ukene" – for a pupil who came
 * to the class after the school year started, the first two weeks are theirs: the startsamtale is
 * due on their 10th school day, counted from the day they came. Undefined when that is no later
 * than the class's own due day (they came in the first days and go with the class).
 */
export function joinerStartWindow(joinedOn: LocalDate, schoolYear: number, cal: SchoolCalendar): TalkWindow | undefined {
  const [cls] = windowsOf('startsamtale', schoolYear, cal);
  const opens = schoolDayOnOrAfter(joinedOn, cal);
  if (opens <= cls.opens) return undefined;
  const due = addSchoolDays(opens, STARTSAMTALE_SCHOOL_DAYS - 1, cal);
  return due <= cls.due ? undefined : { kind: 'startsamtale', opens, due };
}

/** The day a pupil's startsamtale is due: the class's, or their own when they came later. */
export function startsamtaleDue(p: Pick<RosterPupil, 'joinedOn'>, schoolYear: number, cal: SchoolCalendar): LocalDate {
  return (p.joinedOn ? joinerStartWindow(p.joinedOn, schoolYear, cal) : undefined)?.due ?? windowsOf('startsamtale', schoolYear, cal)[0].due;
}

/**
 * The due day of a kind in a school year. For klassens_time give the month ('YYYY-MM'); without it,
 * the due day of the last month.
 */
export function due(kind: TalkKind, schoolYear: number, cal: SchoolCalendar, o: { month?: string; dates?: TalkDates } = {}): LocalDate {
  const ws = windowsOf(kind, schoolYear, cal, o.dates);
  if (o.month === undefined) return ws[ws.length - 1].due;
  const w = ws.find((x) => x.month === o.month);
  if (!w) throw new DomainError('INVALID_INPUT', { field: 'month' });
  return w.due;
}

// ---------------------------------------------------------------------------------------------
// Marking done

/** That a conversation was held (or the offer made). No content, no concern, no free text. */
export interface TalkDone {
  kind: TalkKind;
  /** The pupil's id, or 'YYYY-MM' for klassens_time. */
  subjectId: string;
  on: LocalDate;
  by: string;
}

export interface MarkInput {
  kind: TalkKind;
  /** The pupil's id; for klassens_time the month 'YYYY-MM'. */
  subjectId: string;
  on: LocalDate;
  /** Set when the conversation revealed drugs, violence, abuse or other matters under the duty to report. Never stored. */
  revealedConcern?: Concern;
}

export interface MarkResult {
  done: TalkDone[];
  /** False when it was already marked: a second mark changes nothing. */
  changed: boolean;
  /** Point to the duty to report and offer "meld fra" (002: "rus, vold eller overgrep … meldeplikten"). */
  dutyToReport: boolean;
}

/** Who the conversation (or offer) is for: eligible pupil ids, or months for klassens_time. */
function subjectsOf(kind: TalkKind, r: ClassRoster, cal: SchoolCalendar, dates?: TalkDates): string[] {
  if (kind === 'klassens_time') return windowsOf(kind, r.schoolYear, cal, dates).map((w) => w.month!);
  return r.pupils.filter((p) => kind !== 'foreldresamtale_tilbud' || p.under18).map((p) => p.pupilId);
}

export function markTalkDone(
  actor: Membership | undefined,
  r: ClassRoster,
  done: TalkDone[],
  input: MarkInput,
  cal: SchoolCalendar,
): MarkResult {
  requireKontaktlaerer(actor, r);
  if (!isTalkKind(input.kind)) throw new DomainError('INVALID_INPUT', { field: 'kind' });
  if (input.revealedConcern !== undefined && !(CONCERNS as readonly string[]).includes(input.revealedConcern))
    throw new DomainError('INVALID_INPUT', { field: 'revealedConcern' });
  if (!isCalendarDate(input.on) || schoolYearOf(input.on) !== r.schoolYear) throw new DomainError('INVALID_INPUT', { field: 'on' });
  if (!subjectsOf(input.kind, r, cal).includes(input.subjectId)) throw new DomainError('INVALID_INPUT', { field: 'subjectId' });
  // The duty to report does not depend on whether the mark is new: a concern is never swallowed.
  const dutyToReport = input.revealedConcern !== undefined;
  if (done.some((d) => d.kind === input.kind && d.subjectId === input.subjectId)) return { done, changed: false, dutyToReport };
  const mark: TalkDone = { kind: input.kind, subjectId: input.subjectId, on: input.on, by: actor!.userId };
  return { done: [...done, mark], changed: true, dutyToReport };
}

// ---------------------------------------------------------------------------------------------
// Varsel om fare for nedsatt karakter i orden og atferd (003)

/**
 * 003, Administrative oppgaver: "Varsle elever om fare for nedsatt karakter i orden og adferd så
 * snart som mulig" and "sjekke at alle varsler til elever angående karakterer, vurderinger blir
 * levert ut i god tid". The seed names no date (only "så snart som mulig"), so there is no deadline
 * and no reminder: the kontaktlærer registers that a varsel was given, and sees them counted.
 */
export const GRADE_AREAS = ['orden', 'atferd'] as const;
export type GradeArea = (typeof GRADE_AREAS)[number];

/** That a pupil was warned; the reason is not stored (it is in the varsel itself, given to the pupil). */
export interface GradeWarning {
  pupilId: string;
  area: GradeArea;
  on: LocalDate;
  by: string;
}

/** Orden and atferd are graded each half-year: autumn ('host') until new year, then spring ('var'). */
export const termOf = (d: LocalDate): 'host' | 'var' => (d.slice(5, 7) >= '08' ? 'host' : 'var');

export function registerWarning(
  actor: Membership | undefined,
  r: ClassRoster,
  warnings: GradeWarning[],
  input: { pupilId: string; area: GradeArea; on: LocalDate },
): { warnings: GradeWarning[]; changed: boolean } {
  requireKontaktlaerer(actor, r);
  if (!(GRADE_AREAS as readonly string[]).includes(input.area)) throw new DomainError('INVALID_INPUT', { field: 'area' });
  if (!r.pupils.some((p) => p.pupilId === input.pupilId)) throw new DomainError('INVALID_INPUT', { field: 'pupilId' });
  if (!inSchoolYear(input.on, r.schoolYear)) throw new DomainError('INVALID_INPUT', { field: 'on' });
  // One varsel per pupil, area and half-year: a second registration changes nothing.
  if (warnings.some((w) => w.pupilId === input.pupilId && w.area === input.area && termOf(w.on) === termOf(input.on))) return { warnings, changed: false };
  return { warnings: [...warnings, { ...input, by: actor!.userId }], changed: true };
}

/** Counts only: how many varsler in orden and in atferd this school year (and this half-year). */
export function warningCounts(warnings: GradeWarning[], today: LocalDate): { orden: number; atferd: number; thisTerm: number } {
  return {
    orden: warnings.filter((w) => w.area === 'orden').length,
    atferd: warnings.filter((w) => w.area === 'atferd').length,
    thisTerm: warnings.filter((w) => termOf(w.on) === termOf(today)).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Progress and reminders

/** Counts only: this is what a class channel may show. */
export interface TalkProgress {
  done: number;
  total: number;
  /** Not done and past the due day (for klassens_time: past months without one). */
  overdue: number;
}

export interface ProgressContext {
  today: LocalDate;
  calendar: SchoolCalendar;
  dates?: TalkDates;
}

function windowProgress(w: TalkWindow, subjects: string[], done: TalkDone[], today: LocalDate): TalkProgress & { outstanding: string[] } {
  const marked = new Set(done.filter((d) => d.kind === w.kind).map((d) => d.subjectId));
  const outstanding = subjects.filter((s) => !marked.has(s));
  return { done: subjects.length - outstanding.length, total: subjects.length, overdue: today > w.due ? outstanding.length : 0, outstanding };
}

function windowsWithSubjects(kind: TalkKind, r: ClassRoster, cal: SchoolCalendar, dates?: TalkDates): { w: TalkWindow; subjects: string[] }[] {
  const ws = windowsOf(kind, r.schoolYear, cal, dates);
  if (kind === 'klassens_time') return ws.map((w) => ({ w, subjects: [w.month!] }));
  if (kind === 'startsamtale') {
    // The class's window, and one for each day pupils came later (their own two school weeks).
    const out = [{ w: ws[0], subjects: [] as string[] }];
    for (const p of r.pupils) {
      const own = p.joinedOn ? joinerStartWindow(p.joinedOn, r.schoolYear, cal) : undefined;
      const group = own ? out.find((x) => x.w !== ws[0] && x.w.due === own.due) : out[0];
      if (group) group.subjects.push(p.pupilId);
      else out.push({ w: own!, subjects: [p.pupilId] });
    }
    return out.filter((x) => x.subjects.length > 0);
  }
  // A round that was due before a pupil came to the class is not counted for that pupil.
  const joined = new Map(r.pupils.map((p) => [p.pupilId, p.joinedOn]));
  return ws.map((w) => ({ w, subjects: subjectsOf(kind, r, cal).filter((id) => (joined.get(id) ?? '') <= w.due) }));
}

export function progress(r: ClassRoster, done: TalkDone[], kind: TalkKind, at: ProgressContext): TalkProgress {
  const sum: TalkProgress = { done: 0, total: 0, overdue: 0 };
  for (const { w, subjects } of windowsWithSubjects(kind, r, at.calendar, at.dates)) {
    const p = windowProgress(w, subjects, done, at.today);
    sum.done += p.done;
    sum.total += p.total;
    sum.overdue += p.overdue;
  }
  return sum;
}

/** For the kontaktlærer alone (a 1:1 chat): which pupils are left, by id; the card looks up the names. */
export interface PersonalReminder {
  kind: TalkKind;
  month?: string;
  due: LocalDate;
  overdue: boolean;
  pupilIds: string[];
  done: number;
  total: number;
}

/** For the class channel: counts, never names or ids. */
export interface ChannelReminder {
  kind: TalkKind;
  month?: string;
  due: LocalDate;
  done: number;
  total: number;
}

export interface RemindersDue {
  personal: PersonalReminder[];
  channel: ChannelReminder[];
}

/**
 * What to remind of today. Only on school days, only while something is outstanding.
 * Personal: the day a window opens, a school week before the due day, the due day, and while
 * overdue every school week until the end of the school year (klassens time: a missed month is not
 * chased; the next month's reminder follows).
 * Channel: a school week before the due day and the due day, with counts only.
 */
export function remindersDue(today: LocalDate, r: ClassRoster, done: TalkDone[], cal: SchoolCalendar, dates?: TalkDates): RemindersDue {
  const out: RemindersDue = { personal: [], channel: [] };
  if (!isCalendarDate(today) || schoolYearOf(today) !== r.schoolYear || !isSchoolDay(today, cal)) return out;
  for (const kind of TALK_KINDS) {
    for (const { w, subjects } of windowsWithSubjects(kind, r, cal, dates)) {
      if (today < w.opens) continue;
      const p = windowProgress(w, subjects, done, today);
      if (p.outstanding.length === 0) continue;
      const before = today <= w.due ? schoolDaysBetween(today, w.due, cal) : -1;
      const after = today > w.due ? schoolDaysBetween(w.due, today, cal) : 0;
      const month = w.month !== undefined ? { month: w.month } : {};
      const personal =
        today === w.opens || before === REMINDER_STEP_SCHOOL_DAYS || today === w.due ||
        (kind !== 'klassens_time' && after > 0 && after % REMINDER_STEP_SCHOOL_DAYS === 0);
      if (personal)
        out.personal.push({
          kind, ...month, due: w.due, overdue: today > w.due,
          pupilIds: kind === 'klassens_time' ? [] : p.outstanding, done: p.done, total: p.total,
        });
      if (before === REMINDER_STEP_SCHOOL_DAYS || today === w.due) out.channel.push({ kind, ...month, due: w.due, done: p.done, total: p.total });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Preparation (seed 002): catalogue keys; the Norwegian text beside each for src/i18n

/** "Tips til kontaktlærer". */
export const TEACHER_CHECKLIST = [
  'talks.teacher.talkOften', // Snakk ofte med elevene dine, så er du bedre forberedt til elevsamtalen
  'talks.teacher.privateRoom', // Gjennomfør samtalen med hver enkelt elev i enerom. Da åpner du for at eleven kan snakke om vanskelige ting, og du unngår brudd på taushetsplikten
  'talks.teacher.prepare', // Forbered deg godt og øv deg gjerne sammen med kolleger på teknikker for å snakke også om vanskelige ting
  'talks.teacher.enoughTime', // Sett av nok tid til gjennomføring av samtalene
  'talks.teacher.plan', // Ha en plan for gjennomføringen. Snakk med elevene om hva de vil at dere skal snakke om i foreldresamtalen
  'talks.teacher.homeAndSchool', // Bruk elevsamtalene til å snakke om hvordan elevene har det hjemme og på skolen. Lytt og observer og ikke vær redd for å spørre om vanskelige ting
  'talks.teacher.solutionsTogether', // Hør på hva elevene mener kan være til hjelp og finn løsninger sammen
  'talks.teacher.seekAdvice', // Øv deg sammen med kolleger, og søk råd hos rektor, rådgiver eller skolehelsetjenesten
] as const;

/** "Tips til eleven". */
export const PUPIL_CHECKLIST = [
  'talks.pupil.aboutYou', // Elevsamtalen skal handle om deg og hvordan du kan få en god skolehverdag
  'talks.pupil.rightToBeHeard', // Husk at du har rett til å bli hørt, og at du skal få si det du mener
  'talks.pupil.partOfAssessment', // Elevsamtalen er en del av underveisvurderingen
  'talks.pupil.writeDown', // Skriv ned noen ting som du har lyst til å fortelle læreren om. Prøv å sette ord på hva du selv synes. Er det noe du er fornøyd med? Er det noe du har lyst til å bli bedre på? Eller er det noe du trenger hjelp med?
  'talks.pupil.form', // Har dere et skjema dere skal fylle ut? Hvis skjemaet ikke tar opp det du vil snakke om, sier du fra om det til læreren
  'talks.pupil.privateRoom', // Har du noe du vil snakke om som du ikke vil snakke om mens andre ser det? Foreslå for læreren at dere har samtalen på et rom bare dere to
  'talks.pupil.otherWorries', // Du kan også si fra om andre ting som plager deg hjemme, på skolen eller på fritiden, og du kan prate med læreren for å få hjelp. Læreren har taushetsplikt
] as const;

/** Shown with every elevsamtale reminder (002, tips to kontaktlærer and rektor). */
export const ONE_TO_ONE_NOTE = 'talks.oneToOne'; // Gjennomfør samtalen én-til-én og i et eget rom. Da kan eleven snakke om vanskelige ting, og du unngår brudd på taushetsplikten.
/** Shown beside the concern on a mark form sent back with an error: the guidance follows once the mark is valid (meldeplikt.ts). */
export const DUTY_TO_REPORT_NOTE = 'talks.dutyToReport'; // Har samtalen avdekket rus, vold eller overgrep eller andre forhold som utløser meldeplikten, har du selv plikt til å gi opplysninger til barnevernstjenesten.
