/**
 * The append-only case log: entries are created, never updated or deleted (except by retention).
 * A new case's first entries ('meldt', and whom a §12-5 report went to) are written beside the case
 * in the Cases table, in the case's own transaction (case-repository.ts create, rows from
 * logRowBeside); every later entry goes to CaseLog. list() reads both.
 */
import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import type { LogAction, LogEntry } from '../../domain/case';
import type { CaseLog, CaseLogRemoval } from '../../ports';
import { casePk, esc, keyPart, startsWith, TableRepository } from './table-client';

type LogEntity = { partitionKey: string; rowKey: string; at: string; actorId: string; action: string; detail: string };

/** Beside the case: its own prefix among the Cases table's rows that are not cases (they start with "~"). */
const BESIDE = '~L_';
let seq = 0;
/**
 * Time first keeps a case's entries in order; a counter orders entries of the same millisecond
 * from this instance, and the random tail keeps entries from different instances apart.
 */
const entryKey = (caseId: string, at: string) => `${keyPart(caseId)}_${at}_${String(seq++ % 1e6).padStart(6, '0')}${randomBytes(3).toString('hex')}`;

/** A log entry as a row beside its case in the Cases table, for the case's own transaction. */
export const logRowBeside = (tenantId: string, schoolId: string, caseId: string, e: LogEntry): LogEntity => ({ partitionKey: casePk(tenantId, schoolId), rowKey: `${BESIDE}${entryKey(caseId, e.at)}`, ...e });

export class CaseLogRepository extends TableRepository implements CaseLog, CaseLogRemoval {
  private readonly table = this.own('CaseLog');
  /** The Cases table, where a case's first entries are (logRowBeside). */
  private readonly beside = this.own('Cases');

  async append(tenantId: string, schoolId: string, caseId: string, e: LogEntry): Promise<void> {
    await this.table.createEntity<LogEntity>({ partitionKey: casePk(tenantId, schoolId), rowKey: entryKey(caseId, e.at), ...e });
  }

  /** Retention: every entry of the case but the note that it was deleted (which is never beside the case). */
  async removeCase(tenantId: string, schoolId: string, caseId: string): Promise<void> {
    for (const [table, prefix] of [[this.table, ''], [this.beside, BESIDE]] as const) {
      const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${prefix}${keyPart(caseId)}_`)} and action ne 'slettet'`;
      for await (const e of table.listEntities<LogEntity>({ queryOptions: { filter } })) {
        await table.deleteEntity(e.partitionKey, e.rowKey).catch((err: unknown) => {
          if ((err as { statusCode?: number }).statusCode !== 404) throw err;
        });
      }
    }
  }

  /** Whether the record (a case, a complaint, a leave request) was deleted after its retention period. */
  async wasDeleted(tenantId: string, schoolId: string, recordId: string): Promise<boolean> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${keyPart(recordId)}_`)} and action eq 'slettet'`;
    for await (const _ of this.table.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) return true;
    return false;
  }

  /** The case's entries in time order: those beside the case (its first) and those in CaseLog, read at once. */
  async list(tenantId: string, schoolId: string, caseId: string): Promise<LogEntry[]> {
    const read = async (table: TableClient, prefix: string) => {
      const out: LogEntry[] = [];
      const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${prefix}${keyPart(caseId)}_`)}`;
      for await (const e of table.listEntities<LogEntity>({ queryOptions: { filter } })) out.push({ at: e.at, actorId: e.actorId, action: e.action as LogAction, detail: e.detail });
      return out;
    };
    const [first, later] = await Promise.all([read(this.beside, BESIDE), read(this.table, '')]);
    // A stable sort: entries of the same moment keep their order, the case's first ones first.
    return [...first, ...later].sort((a, b) => a.at.localeCompare(b.at));
  }
}
