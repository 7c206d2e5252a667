/** Leave requests (permisjon, seed 003). Implemented by src/adapters/tables/leave-repository.ts. */
import type { LeaveRequest } from '../domain/leave';

export interface LeaveStore {
  /** Creating the same request again (a second click) changes nothing and returns the stored one. */
  create(l: LeaveRequest): Promise<{ leave: LeaveRequest; created: boolean }>;
  get(tenantId: string, schoolId: string, leaveId: string): Promise<LeaveRequest | undefined>;
  /** Requests waiting for this user's decision at one school, oldest first. */
  pendingFor(tenantId: string, schoolId: string, userId: string): Promise<LeaveRequest[]>;
  /** Saves if nobody changed the request since it was read (its ETag); else throws DomainError CONFLICT. */
  update(l: LeaveRequest): Promise<LeaveRequest>;
  /** Retention: requests decided before the cutoff, or never decided and over before it. */
  finishedBefore(tenantId: string, schoolId: string, cutoffIso: string): Promise<LeaveRequest[]>;
  remove(tenantId: string, schoolId: string, leaveId: string): Promise<void>;
}
