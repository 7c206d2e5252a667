/**
 * The skolemiljø case routine's storage: the case with its plans and first reminders, its log,
 * and the reference counter. Implemented by src/adapters/tables (case-repository.ts,
 * case-log-repository.ts, counter-repository.ts); test/support/fakes has the in-memory fakes, and
 * test/ports/cases.contract.test.ts holds both to the same promises.
 */
import type { ActivityPlan } from '../domain/casework';
import type { Audience } from '../domain/case-index';
import type { LogEntry, SkolemiljoCase } from '../domain/case';
import type { Reminder } from '../domain/reminders';
import type { ArchiveJob } from '../domain/archive-jobs';

export interface CaseStore {
  /**
   * Creates the case with its first reminders and its first log entries (CaseLog.list returns them
   * with the later ones), in one step; creating the same case id again changes nothing (nor the
   * log) and returns the stored one. Another case at the school with the same reference: nothing
   * is saved, and it throws ReferenceTaken with the highest number of the year found taken.
   */
  create(c: SkolemiljoCase, reminders?: Reminder[], logs?: LogEntry[]): Promise<{ case: SkolemiljoCase; created: boolean }>;
  get(tenantId: string, schoolId: string, caseId: string): Promise<SkolemiljoCase | undefined>;
  /**
   * Saves a changed case if nobody changed it since it was read (ETag); else throws CONFLICT. Its
   * new reminders and archive jobs are written in the same step (a job already there: CONFLICT).
   */
  update(c: SkolemiljoCase, reminders?: Reminder[], jobs?: ArchiveJob[]): Promise<SkolemiljoCase>;
  listBySchool(tenantId: string, schoolId: string): Promise<SkolemiljoCase[]>;
  byRef(tenantId: string, schoolId: string, ref: string): Promise<SkolemiljoCase | undefined>;
  /** Saves the case with a new plan version in one step; an existing version is never overwritten. */
  savePlan(c: SkolemiljoCase, plan: ActivityPlan, reminders?: Reminder[], jobs?: ArchiveJob[]): Promise<SkolemiljoCase>;
  /** Every plan version of a case, oldest first. */
  plans(tenantId: string, schoolId: string, caseId: string): Promise<ActivityPlan[]>;
}

export interface CaseLog {
  append(tenantId: string, schoolId: string, caseId: string, entry: LogEntry): Promise<void>;
  list(tenantId: string, schoolId: string, caseId: string): Promise<LogEntry[]>;
}

/**
 * The numbers of case references (SM-<year>-<n>) for one school and year. A number is proposed
 * without asking storage; CaseStore.create makes it unique (ReferenceTaken when another case has
 * it), and then `taken` learns the highest number taken, so the next proposal is past it.
 */
export interface CaseRefs {
  /** A number this instance has not proposed before for this school and year. */
  propose(tenantId: string, schoolId: string, year: number): Promise<number>;
  /** A number was found taken when a case was saved (ReferenceTaken): the next proposal is past `highest`. */
  taken(tenantId: string, schoolId: string, year: number, highest: number): Promise<void>;
}

export interface RefCounter {
  /** The next number for this school and year, unique even when called concurrently. */
  next(tenantId: string, schoolId: string, year: number, series?: string): Promise<number>;
}


/** A case found through the index: its place in the list order, and whether a deadline had passed. */
export interface IndexedCase {
  caseId: string;
  order: string;
  dueAt: string;
}

/** The index of whom each case may concern (see domain/case-index): «mine saker» reads it, not the school's cases. */
export interface CaseIndex {
  indexed(tenantId: string, schoolId: string, audiences: Audience[], o: { max: number; overdueBefore?: string }): Promise<IndexedCase[]>;
}

/** Retention: the case with its plans, reminders, index and reference rows, deleted for good (safe to repeat). */
export interface CaseRemoval {
  remove(tenantId: string, schoolId: string, caseId: string): Promise<void>;
  /** The overview's counters kept compact: new cases' own rows folded into the school's rows (safe to repeat; returns the rows folded). */
  compactCounters(tenantId: string, schoolId: string): Promise<number>;
}

/** Retention: a deleted case's log entries go with it (one line about the deletion is kept elsewhere). */
export interface CaseLogRemoval {
  removeCase(tenantId: string, schoolId: string, caseId: string): Promise<void>;
}
