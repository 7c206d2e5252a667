/**
 * The teaching complaint's deadlines: the follow-up meeting "etter tre uker" (the routine's own
 * number), the app's defaults for the other stages, and when their reminders go out. Read by the
 * reminder sweep, the card («Frist») and the table (the follow-up date the sweep queries by).
 */
import { followUpAwaited, followUpOn, latestMinutes, missingForStage, type ComplaintStage, type TeachingComplaint } from './complaint';
import { addSchoolDays, isSchoolDay, type LocalDate, type SchoolCalendar } from './school-calendar';

/** The next date someone should act on, for reminders: the follow-up meeting of stage 2. */
export function complaintDeadline(c: TeachingComplaint): { what: 'oppfolgingsmote'; date: LocalDate } | undefined {
  return followUpAwaited(c) ? { what: 'oppfolgingsmote', date: followUpOn(c) } : undefined;
}

/**
 * Where the seed gives no number, the app's default in school days from the day the stage began
 * (shown on the card as «Frist», so nobody takes it for the routine's own words):
 *  - samtale_faglaerer: "må eleven/elevene først be om en samtale med læreren som har faget" — a
 *    school week.
 *  - mote_tillitselev: "Det settes av tid til nytt møte" — a school week after the first
 *    conversation did not solve it.
 *  - orientere_laerer: "Leder ... orienterer lærer om at klage er mottatt" — two school days after
 *    the written complaint is received.
 *  - samtaler_leder: the separate conversations and the joint meeting — two school weeks.
 *  - rektor: "behandles den av rektor" — two school weeks.
 * The follow-up meeting has the seed's own number: "Nytt møte settes opp etter tre uker."
 */
export const STAGE_DEADLINE_SCHOOL_DAYS = {
  samtale_faglaerer: 5,
  mote_tillitselev: 5,
  orientere_laerer: 2,
  samtaler_leder: 10,
  rektor: 10,
} as const;

export type DeadlineDuty = keyof typeof STAGE_DEADLINE_SCHOOL_DAYS | 'oppfolgingsmote';

export interface StageDeadline {
  duty: DeadlineDuty;
  stage: ComplaintStage;
  date: LocalDate;
  /** 'seed': the routine's own three weeks; 'moved': a follow-up moved by hand; 'default': the app's school days. */
  basis: 'seed' | 'moved' | 'default';
  /** The school days of a default (0 otherwise). */
  schoolDays: number;
  /** Who is reminded: the people who must act at this stage. */
  responsible: string[];
}

/**
 * The deadline of the stage the complaint is at, while that stage's work is not done; undefined
 * when it is done (the next step is a decision, not a duty), when the pupils are the ones to act
 * (the written complaint after a follow-up that found no improvement), or when it is closed.
 * `dateOf` turns an instant into the school's date (the domain has no clock or time zone).
 */
export function stageDeadline(c: TeachingComplaint, ctx: { calendar: SchoolCalendar; dateOf: (iso: string) => LocalDate; rektorIds: string[] }): StageDeadline | undefined {
  if (c.status === 'avsluttet') return undefined;
  const byDefault = (duty: keyof typeof STAGE_DEADLINE_SCHOOL_DAYS, responsible: string[]): StageDeadline => {
    const n = STAGE_DEADLINE_SCHOOL_DAYS[duty];
    return { duty, stage: c.stage, date: addSchoolDays(ctx.dateOf(c.stageSince), n, ctx.calendar), basis: 'default', schoolDays: n, responsible: [...new Set(responsible.filter(Boolean))] };
  };
  switch (c.stage) {
    case 1:
      return latestMinutes(c, 'samtale_faglaerer') ? undefined : byDefault('samtale_faglaerer', [c.teacherId]);
    case 2: {
      const m = latestMinutes(c, 'mote_tillitselev');
      if (!m) return byDefault('mote_tillitselev', [c.teacherId]);
      if (!followUpAwaited(c)) return undefined;
      const moved = c.followUpMoved?.minutesId === m.minutesId;
      return {
        duty: 'oppfolgingsmote',
        stage: 2,
        date: followUpOn(c),
        basis: moved ? 'moved' : 'seed',
        schoolDays: 0,
        // The teacher, whoever registered it, the leader and the staff who were at the meeting.
        responsible: [...new Set([c.teacherId, c.registeredBy, c.leaderId, ...m.participants.staffIds].filter(Boolean))],
      };
    }
    case 3:
      return byDefault('orientere_laerer', [c.leaderId]);
    case 4:
      return missingForStage(c).length ? byDefault('samtaler_leder', [c.leaderId]) : undefined;
    default:
      return byDefault('rektor', ctx.rektorIds);
  }
}

/** Reminders go out from the school day before the deadline (and late, once, if that day was missed). */
/** From the school day before the deadline, on school days only (no reminders at weekends or in the holidays). */
export const deadlineReminderDue = (d: StageDeadline, today: LocalDate, calendar: SchoolCalendar): boolean => isSchoolDay(today, calendar) && d.date <= addSchoolDays(today, 1, calendar);
