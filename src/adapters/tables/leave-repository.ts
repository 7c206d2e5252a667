/** Leave requests (permisjon): one table, partitioned by school, updated with ETags. */
import { DomainError } from '../../domain/errors';
import type { LeaveRequest } from '../../domain/leave';
import type { LeaveStore } from '../../ports';
import { casePk, esc, keyPart, readRow, statusOf, TableRepository } from './table-client';

type LeaveEntity = Omit<LeaveRequest, 'tenantId' | 'schoolId' | 'leaveId' | 'etag'> & { partitionKey: string; rowKey: string; tenantId: string; schoolId: string; etag?: string };

const toEntity = (l: LeaveRequest): LeaveEntity => {
  const { leaveId, etag: _etag, ...rest } = l;
  return { partitionKey: casePk(l.tenantId, l.schoolId), rowKey: keyPart(leaveId), ...rest };
};
const fromEntity = (e: LeaveEntity): LeaveRequest => {
  const { partitionKey: _pk, rowKey, etag, ...rest } = e;
  return { ...(rest as Omit<LeaveRequest, 'leaveId' | 'etag'>), leaveId: rowKey, etag };
};

export class LeaveRepository extends TableRepository implements LeaveStore {
  private readonly table = this.own('Leave');

  /** Creating the same request again (a second click) changes nothing and returns the stored one. */
  async create(l: LeaveRequest): Promise<{ leave: LeaveRequest; created: boolean }> {
    try {
      const r = await this.table.createEntity(toEntity(l));
      return { leave: { ...l, etag: r.etag }, created: true };
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      return { leave: (await this.get(l.tenantId, l.schoolId, l.leaveId))!, created: false };
    }
  }

  async get(tenantId: string, schoolId: string, leaveId: string): Promise<LeaveRequest | undefined> {
    const e = await readRow<LeaveEntity>(this.table, casePk(tenantId, schoolId), keyPart(leaveId));
    return e && fromEntity(e);
  }

  /** Requests waiting for this user's decision at one school. */
  async pendingFor(tenantId: string, schoolId: string, userId: string): Promise<LeaveRequest[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and deciderId eq '${esc(userId)}' and status eq 'til_avdelingsleder'`;
    const out: LeaveRequest[] = [];
    for await (const e of this.table.listEntities<LeaveEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
  }

  /**
   * Retention: requests finished before the cutoff: decided before it, or never decided and
   * their last day of leave before it.
   */
  async finishedBefore(tenantId: string, schoolId: string, cutoffIso: string): Promise<LeaveRequest[]> {
    const pk = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}'`;
    const decided = `${pk} and status ne 'til_avdelingsleder' and decidedAt lt '${esc(cutoffIso)}'`;
    const pending = `${pk} and status eq 'til_avdelingsleder' and to lt '${esc(cutoffIso.slice(0, 10))}'`;
    const out: LeaveRequest[] = [];
    for (const filter of [decided, pending]) for await (const e of this.table.listEntities<LeaveEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out;
  }

  async remove(tenantId: string, schoolId: string, leaveId: string): Promise<void> {
    await this.table.deleteEntity(casePk(tenantId, schoolId), keyPart(leaveId)).catch((e: unknown) => {
      if (statusOf(e) !== 404) throw e;
    });
  }

  async update(l: LeaveRequest): Promise<LeaveRequest> {
    try {
      const r = await this.table.updateEntity(toEntity(l), 'Replace', { etag: l.etag ?? '*' });
      return { ...l, etag: r.etag };
    } catch (e) {
      if (statusOf(e) === 412) throw new DomainError('common.CONFLICT', { leaveId: l.leaveId });
      throw e;
    }
  }
}
