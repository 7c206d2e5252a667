/** Elevsamtaler (seed 002): a class's roster per school year, and the reminder claims. Implemented by src/adapters/tables/pupil-talks-repository.ts. */
import type { ClassRecord } from '../domain/pupil-talks';
import type { Claims, ReminderClaimKey } from './claims';

export interface StoredTalks extends ClassRecord {
  etag?: string;
}

export interface TalksStore {
  get(tenantId: string, schoolId: string, schoolYear: number, className: string): Promise<StoredTalks | undefined>;
  /** Every class's roster at a school this school year (the reminder sweep). */
  list(tenantId: string, schoolId: string, schoolYear: number): Promise<StoredTalks[]>;
  /** Creates (no etag) or replaces (with the etag read) the class's row; DomainError CONFLICT when someone else changed it. */
  save(s: StoredTalks): Promise<StoredTalks>;
  /**
   * One claim per class (`subjectId`), reminder day and recipient ('channel', or the kontaktlærer's
   * user id), with a lease: one held by an instance that stopped before it finished is taken over later.
   */
  readonly reminders: Claims<ReminderClaimKey>;
  /** Retention: the rosters of school years that ended before the cutoff. */
  endedBefore(tenantId: string, schoolId: string, cutoffIso: string): Promise<{ className: string; schoolYear: number }[]>;
  removeRoster(tenantId: string, schoolId: string, schoolYear: number, className: string): Promise<void>;
  removeClaimsBefore(tenantId: string, schoolId: string, cutoffIso: string): Promise<void>;
}
