/**
 * What a routine's step is given besides the record, the person and what they typed (the two
 * complaint routines' steps share it): when it is taken.
 */
import type { LocalDate } from './school-calendar';

/** The instant, for the log, and the school's date, for what is due and what may not lie ahead. */
export interface StepClock {
  now: string;
  today: LocalDate;
}
