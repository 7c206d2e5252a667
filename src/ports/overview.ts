/**
 * The overview's storage (issue 17): counters per school and month, kept as cases change, and the
 * small index of open deadlines. Implemented beside the cases by adapters/tables/case-repository.ts
 * (overview-counters.ts); read by app/school-overview.ts, never a case.
 */
import type { Month } from '../domain/overview';
import type { LocalDate } from '../domain/school-calendar';

/** What is open at a school today, from the per-school index of open deadlines. */
export interface OpenDeadlines {
  /** Plans whose evaluation date has passed without an evaluation. */
  evaluationsOverdue: number;
  /** The deadlines of investigations not yet done whose deadline is today or later. */
  investigationsNotYetDue: LocalDate[];
}

export interface OverviewStore {
  /** The school's counters for the months from..to (yyyy-mm, both included): month → counter → count. */
  counters(tenantId: string, schoolId: string, from: Month, to: Month): Promise<Record<Month, Record<string, number>>>;
  openDeadlines(tenantId: string, schoolId: string, today: LocalDate): Promise<OpenDeadlines>;
}
