/**
 * Complaints about a member of staff (seed 001): one table, partitioned by school. The complaint
 * is stored as JSON chunks; beside it (row keys starting with "~") its log entries, saved in the
 * same transaction as the change they record.
 */
import { randomBytes } from 'node:crypto';
import { TableClient, TransactionAction } from '@azure/data-tables';
import { DomainError } from '../../domain/errors';
import type { StaffComplaint, StaffComplaintLogEntry } from '../../domain/staff-complaint';
import { casePk, fromChunks, toChunks } from './case-repository';
import { esc, keyPart, startsWith, statusOf, Tables } from './table-client';

type Entity = {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  ref: string;
  status: string;
  employeeId: string;
  leaderId: string;
  [chunk: `body${number}`]: string | undefined;
};

type LogEntity = { partitionKey: string; rowKey: string; complaintId: string; at: string; actorId: string; action: string; detail: string };

const LOG = '~L_';

const toEntity = (c: StaffComplaint): Entity => {
  const { etag: _e, ...body } = c;
  return {
    partitionKey: casePk(c.tenantId, c.schoolId),
    rowKey: keyPart(c.complaintId),
    ref: c.ref,
    status: c.status,
    employeeId: c.employeeId,
    leaderId: c.leaderId,
    ...toChunks('body', JSON.stringify(body)),
  };
};

const fromEntity = (e: Entity): StaffComplaint => ({ ...(JSON.parse(fromChunks('body', e)) as StaffComplaint), etag: e.etag });

export class StaffComplaintRepository {
  private readonly table: TableClient;
  private seq = 0;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('StaffComplaints');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  private logEntity(c: StaffComplaint, e: StaffComplaintLogEntry): LogEntity {
    const seq = String(this.seq++ % 1e6).padStart(6, '0');
    return { partitionKey: casePk(c.tenantId, c.schoolId), rowKey: `${LOG}${keyPart(c.complaintId)}_${e.at}_${seq}${randomBytes(3).toString('hex')}`, complaintId: c.complaintId, ...e };
  }

  /** Creates the complaint with its first log entry; the same complaint again returns the stored one. */
  async create(c: StaffComplaint, log: StaffComplaintLogEntry): Promise<{ complaint: StaffComplaint; created: boolean }> {
    try {
      await this.table.submitTransaction([
        ['create', toEntity(c)],
        ['create', this.logEntity(c, log)],
      ]);
      return { complaint: (await this.get(c.tenantId, c.schoolId, c.complaintId)) ?? c, created: true };
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      const stored = await this.get(c.tenantId, c.schoolId, c.complaintId);
      if (!stored) throw e;
      return { complaint: stored, created: false };
    }
  }

  async get(tenantId: string, schoolId: string, complaintId: string): Promise<StaffComplaint | undefined> {
    try {
      return fromEntity(await this.table.getEntity<Entity>(casePk(tenantId, schoolId), keyPart(complaintId)));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async byRef(tenantId: string, schoolId: string, ref: string): Promise<StaffComplaint | undefined> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey lt '~' and ref eq '${esc(ref)}'`;
    for await (const e of this.table.listEntities<Entity>({ queryOptions: { filter } })) return fromEntity(e);
    return undefined;
  }

  /** Saves the complaint if nobody changed it since it was read, with its log entries in the same transaction. */
  async update(c: StaffComplaint, logs: StaffComplaintLogEntry[]): Promise<StaffComplaint> {
    if (!c.etag) throw new Error('update needs the ETag the complaint was read with');
    try {
      const now = await this.table.getEntity<Entity>(casePk(c.tenantId, c.schoolId), keyPart(c.complaintId));
      if (now.etag !== c.etag) throw new DomainError('CONFLICT', { complaintId: c.complaintId });
      const actions: TransactionAction[] = [['update', toEntity(c), 'Replace', { etag: c.etag }], ...logs.map((l): TransactionAction => ['create', this.logEntity(c, l)])];
      await this.table.submitTransaction(actions);
      return (await this.get(c.tenantId, c.schoolId, c.complaintId)) ?? c;
    } catch (e) {
      if (statusOf(e) === 412) throw new DomainError('CONFLICT', { complaintId: c.complaintId });
      throw e;
    }
  }

  async log(tenantId: string, schoolId: string, complaintId: string): Promise<StaffComplaintLogEntry[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${LOG}${keyPart(complaintId)}_`)}`;
    const out: StaffComplaintLogEntry[] = [];
    for await (const e of this.table.listEntities<LogEntity>({ queryOptions: { filter } })) out.push({ at: e.at, actorId: e.actorId, action: e.action as StaffComplaintLogEntry['action'], detail: e.detail });
    return out;
  }
}
