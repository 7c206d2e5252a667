/**
 * In-memory LeaveStore for fast use-case unit tests, with the repository's promises (held to them
 * by test/ports/leave.contract.test.ts): a copy in and out, a new ETag on every save, CONFLICT on a
 * save from a stale read.
 */
import { DomainError } from '../../../src/domain/errors';
import type { LeaveRequest } from '../../../src/domain/leave';
import type { LeaveStore } from '../../../src/ports';

const copy = <T>(x: T): T => structuredClone(x);
const key = (tenantId: string, schoolId: string, id: string) => `${tenantId}|${schoolId}|${id}`;

export class FakeLeaveStore implements LeaveStore {
  private readonly rows = new Map<string, LeaveRequest>();
  private version = 0;

  private put(l: LeaveRequest): LeaveRequest {
    const saved = { ...copy(l), etag: `W/"${++this.version}"` };
    this.rows.set(key(l.tenantId, l.schoolId, l.leaveId), saved);
    return copy(saved);
  }

  async create(l: LeaveRequest) {
    const stored = this.rows.get(key(l.tenantId, l.schoolId, l.leaveId));
    return stored ? { leave: copy(stored), created: false } : { leave: this.put(l), created: true };
  }

  async get(tenantId: string, schoolId: string, leaveId: string) {
    const l = this.rows.get(key(tenantId, schoolId, leaveId));
    return l && copy(l);
  }

  async pendingFor(tenantId: string, schoolId: string, userId: string) {
    return [...this.rows.values()]
      .filter((l) => l.tenantId === tenantId && l.schoolId === schoolId && l.deciderId === userId && l.status === 'til_avdelingsleder')
      .sort((a, b) => a.registeredAt.localeCompare(b.registeredAt))
      .map(copy);
  }

  async update(l: LeaveRequest) {
    const now = this.rows.get(key(l.tenantId, l.schoolId, l.leaveId));
    if (!now || (l.etag && l.etag !== now.etag)) throw new DomainError('common.CONFLICT', { leaveId: l.leaveId });
    return this.put(l);
  }

  async finishedBefore(tenantId: string, schoolId: string, cutoffIso: string) {
    return [...this.rows.values()]
      .filter((l) => l.tenantId === tenantId && l.schoolId === schoolId)
      .filter((l) => (l.status !== 'til_avdelingsleder' ? l.decidedAt < cutoffIso : l.to < cutoffIso.slice(0, 10)))
      .map(copy);
  }

  async remove(tenantId: string, schoolId: string, leaveId: string) {
    this.rows.delete(key(tenantId, schoolId, leaveId));
  }
}
