/** The append-only case log: entries are created, never updated or deleted (except by retention). */
import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import type { LogAction, LogEntry } from '../../domain/case';
import type { CaseLog, CaseLogRemoval } from '../../ports';
import { casePk, esc, keyPart, startsWith, Tables } from './table-client';

interface LogEntity { partitionKey: string; rowKey: string; at: string; actorId: string; action: string; detail: string }

export class CaseLogRepository implements CaseLog, CaseLogRemoval {
  private readonly table: TableClient;
  private seq = 0;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('CaseLog');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  async append(tenantId: string, schoolId: string, caseId: string, e: LogEntry): Promise<void> {
    // Time first keeps a case's entries in order; a counter orders entries of the same millisecond
    // from this instance, and the random tail keeps entries from different instances apart.
    const seq = String(this.seq++ % 1e6).padStart(6, '0');
    const rowKey = `${keyPart(caseId)}_${e.at}_${seq}${randomBytes(3).toString('hex')}`;
    await this.table.createEntity<LogEntity>({ partitionKey: casePk(tenantId, schoolId), rowKey, ...e });
  }

  /** Retention: every entry of the case but the note that it was deleted. */
  async removeCase(tenantId: string, schoolId: string, caseId: string): Promise<void> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${keyPart(caseId)}_`)} and action ne 'slettet'`;
    for await (const e of this.table.listEntities<LogEntity>({ queryOptions: { filter } })) {
      await this.table.deleteEntity(e.partitionKey, e.rowKey).catch((err: unknown) => {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      });
    }
  }

  /** Whether the record (a case, a complaint, a leave request) was deleted after its retention period. */
  async wasDeleted(tenantId: string, schoolId: string, recordId: string): Promise<boolean> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${keyPart(recordId)}_`)} and action eq 'slettet'`;
    for await (const _ of this.table.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) return true;
    return false;
  }

  async list(tenantId: string, schoolId: string, caseId: string): Promise<LogEntry[]> {
    const out: LogEntry[] = [];
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${keyPart(caseId)}_`)}`;
    for await (const e of this.table.listEntities<LogEntity>({ queryOptions: { filter } })) {
      out.push({ at: e.at, actorId: e.actorId, action: e.action as LogAction, detail: e.detail });
    }
    return out;
  }
}
