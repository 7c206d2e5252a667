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
 *
 * Kinds and roster are in pupil-talks-roster.ts, the school year's dates in pupil-talks-dates.ts and
 * the varsler in grade-warnings.ts, all exported here; this file marks talks done and says what is due.
 */
import { DomainError } from './errors';
import { CONCERNS, type Concern } from './meldeplikt';
import type { Membership } from './people';
import { isCalendarDate } from './report';
import { isSchoolDay, schoolDaysBetween, schoolYearOf, type LocalDate, type SchoolCalendar } from './school-calendar';
import { isTalkKind, requireKontaktlaerer, TALK_KINDS, type ClassRoster, type TalkKind } from './pupil-talks-roster';
import { joinerStartWindow, REMINDER_STEP_SCHOOL_DAYS, windowsOf, type TalkDates, type TalkWindow } from './pupil-talks-dates';

export * from './pupil-talks-roster';
export * from './pupil-talks-dates';
export * from './grade-warnings';
export * from './pupil-talks-sync';

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
  if (!isTalkKind(input.kind)) throw new DomainError('common.INVALID_INPUT', { field: 'kind' });
  if (input.revealedConcern !== undefined && !(CONCERNS as readonly string[]).includes(input.revealedConcern))
    throw new DomainError('common.INVALID_INPUT', { field: 'revealedConcern' });
  if (!isCalendarDate(input.on) || schoolYearOf(input.on) !== r.schoolYear) throw new DomainError('common.INVALID_INPUT', { field: 'on' });
  if (!subjectsOf(input.kind, r, cal).includes(input.subjectId)) throw new DomainError('common.INVALID_INPUT', { field: 'subjectId' });
  // The duty to report does not depend on whether the mark is new: a concern is never swallowed.
  const dutyToReport = input.revealedConcern !== undefined;
  if (done.some((d) => d.kind === input.kind && d.subjectId === input.subjectId)) return { done, changed: false, dutyToReport };
  const mark: TalkDone = { kind: input.kind, subjectId: input.subjectId, on: input.on, by: actor!.userId };
  return { done: [...done, mark], changed: true, dutyToReport };
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
