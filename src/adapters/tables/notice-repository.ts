import { TableClient } from '@azure/data-tables';
import type { NoticeKind } from '../../domain/routing';
import type { NoticeOutbox, NoticeRecord, NoticeStatus } from '../../ports';
import { casePk } from './case-repository';
import { esc, keyPart, startsWith, statusOf, Tables } from './table-client';

type NoticeEntity = Omit<NoticeRecord, 'etag'> & { partitionKey: string; rowKey: string; etag?: string };

const rowKey = (n: Pick<NoticeRecord, 'caseId' | 'kind' | 'recipientId'>) => keyPart(`${n.caseId}_${n.kind}_${n.recipientId}`);
const toEntity = (n: NoticeRecord): NoticeEntity => {
  const { etag: _etag, ...rest } = n;
  return { partitionKey: casePk(n.tenantId, n.schoolId), rowKey: rowKey(n), ...rest };
};
const fromEntity = (e: NoticeEntity): NoticeRecord => ({
  tenantId: e.tenantId,
  schoolId: e.schoolId,
  caseId: e.caseId,
  kind: e.kind as NoticeKind,
  recipientId: e.recipientId,
  status: e.status as NoticeStatus,
  attempts: e.attempts,
  nextAttemptAt: e.nextAttemptAt,
  conversationId: e.conversationId,
  activityId: e.activityId,
  lastError: e.lastError,
  etag: e.etag,
});

export class NoticeRepository implements NoticeOutbox {
  private readonly table: TableClient;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('Notices');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  async enqueue(notices: NoticeRecord[]): Promise<void> {
    for (const n of notices) {
      try {
        await this.table.createEntity(toEntity(n));
      } catch (e) {
        if (statusOf(e) !== 409) throw e;
        if (n.status === 'sent') await this.table.upsertEntity(toEntity(n), 'Replace');
      }
    }
  }

  async forCase(tenantId: string, schoolId: string, caseId: string): Promise<NoticeRecord[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${keyPart(caseId)}_`)}`;
    return this.list(filter);
  }

  /** Retention: where a case's cards were sent is forgotten with the case. */
  async removeCase(tenantId: string, schoolId: string, caseId: string): Promise<void> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${keyPart(caseId)}_`)}`;
    for await (const e of this.table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
      await this.table.deleteEntity(e.partitionKey!, e.rowKey!).catch((err: unknown) => {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      });
    }
  }

  async due(nowIso: string, max: number): Promise<NoticeRecord[]> {
    const filter = `status eq 'pending' and nextAttemptAt le '${esc(nowIso)}'`;
    return (await this.list(filter)).slice(0, max);
  }

  async save(n: NoticeRecord): Promise<boolean> {
    try {
      const r = await this.table.updateEntity(toEntity(n), 'Replace', { etag: n.etag ?? '*' });
      n.etag = r.etag;
      return true;
    } catch (e) {
      if (statusOf(e) === 412) return false;
      throw e;
    }
  }

  private async list(filter: string): Promise<NoticeRecord[]> {
    const out: NoticeRecord[] = [];
    for await (const e of this.table.listEntities<NoticeEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out;
  }
}
