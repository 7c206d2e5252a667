/** Elevsamtaler (seed 002): a class's roster per school year, and the reminder claims. Implemented by src/adapters/tables/pupil-talks-repository.ts. */
import type { ClassRecord } from '../domain/pupil-talks';

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
   * True for the one caller that may send this class's reminder of this day to `to` ('channel', or
   * the kontaktlærer's user id): a lease, taken over once `leaseUntil` has passed unless completed.
   */
  claimReminder(tenantId: string, schoolId: string, className: string, day: string, to: string, at: string, leaseUntil: string): Promise<boolean>;
  /** The send is done, or failed for good: not tried again this day. */
  completeReminder(tenantId: string, schoolId: string, className: string, day: string, to: string): Promise<void>;
  /** Gives a claim back after a send that may work later (the next sweep tries again). */
  releaseReminder(tenantId: string, schoolId: string, className: string, day: string, to: string): Promise<void>;
  /** Retention: the rosters of school years that ended before the cutoff. */
  endedBefore(tenantId: string, schoolId: string, cutoffIso: string): Promise<{ className: string; schoolYear: number }[]>;
  removeRoster(tenantId: string, schoolId: string, schoolYear: number, className: string): Promise<void>;
  removeClaimsBefore(tenantId: string, schoolId: string, cutoffIso: string): Promise<void>;
}
