import { TableClient, type TransactionAction } from '@azure/data-tables';
import type { NoticeKind } from '../../domain/routing';
import type { NoticeOutbox, NoticeRecord, NoticeRemoval, NoticeStatus } from '../../ports';
import { casePk, esc, keyPart, startsWith, statusOf, Tables } from './table-client';

type NoticeEntity = Omit<NoticeRecord, 'etag'> & { partitionKey: string; rowKey: string; etag?: string };
/** One row per notice still to send, in one partition, pointing at the notice (see due()). */
type PendingEntity = { partitionKey: string; rowKey: string; pk: string; rk: string; nextAttemptAt: string; timestamp?: string };

const PENDING = '~pending';
const pendingKey = (pk: string, rk: string) => keyPart(`${pk}|${rk}`);
/** A pointer whose notice is missing may belong to an enqueue under way; only older ones are dropped. */
const ORPHAN_AFTER_MS = 10 * 60_000;

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

export class NoticeRepository implements NoticeOutbox, NoticeRemoval {
  private readonly table: TableClient;
  /** `name`: the case cards use «Notices»; the complaint and leave messages their own outbox table («Messages»). */
  constructor(
    private readonly tables: Tables,
    name = 'Notices',
  ) {
    this.table = tables.client(name);
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
    // Notices queued before the pending index existed get their pointer (one scan per start).
    for await (const e of this.table.listEntities<NoticeEntity>({ queryOptions: { filter: `PartitionKey ne '${PENDING}' and status eq 'pending'` } })) {
      await this.point(e.partitionKey, e.rowKey, e.nextAttemptAt);
    }
  }

  async enqueue(notices: NoticeRecord[]): Promise<void> {
    if (await this.enqueueAtOnce(notices)) return;
    for (const n of notices) {
      const e = toEntity(n);
      // The pointer first: a crash in between leaves a pointer to nothing (dropped later), never a pending notice the sweep cannot find.
      if (n.status === 'pending') await this.point(e.partitionKey, e.rowKey, n.nextAttemptAt);
      try {
        await this.table.createEntity(e);
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
        if (n.status === 'sent') {
          await this.table.upsertEntity(e, 'Replace');
          await this.unpoint(e.partitionKey, e.rowKey);
        } else if (n.status === 'pending') {
          // Queued before (a re-delivered report): the pointer stays only while that notice is still to send.
          const existing = await this.table.getEntity<NoticeEntity>(e.partitionKey, e.rowKey);
          if (existing.status !== 'pending') await this.unpoint(e.partitionKey, e.rowKey);
          else if (existing.nextAttemptAt !== n.nextAttemptAt) await this.point(e.partitionKey, e.rowKey, existing.nextAttemptAt);
        }
      }
    }
  }

  /**
   * A new case's notices (pending, or a copy already sent: the receipt; one case's partition): the
   * pointers of those pending in one transaction, then the notices in another, in the same order
   * as one by one: two round trips instead of two per notice. Any notice already there (a
   * re-delivered report) fails the second transaction as a whole; then the one-by-one path below
   * sorts out each notice as before.
   */
  private async enqueueAtOnce(notices: NoticeRecord[]): Promise<boolean> {
    const es = notices.map(toEntity);
    const oneCase = es.every((e) => e.partitionKey === es[0].partitionKey) && new Set(es.map((e) => e.rowKey)).size === es.length;
    const pending = es.filter((e) => e.status === 'pending');
    if (es.length < 2 || es.length > 100 || !oneCase || pending.length === 0 || es.some((e) => e.status !== 'pending' && e.status !== 'sent')) return false;
    await this.table.submitTransaction(pending.map((e): TransactionAction => ['upsert', { partitionKey: PENDING, rowKey: pendingKey(e.partitionKey, e.rowKey), pk: e.partitionKey, rk: e.rowKey, nextAttemptAt: e.nextAttemptAt }, 'Replace']));
    try {
      await this.table.submitTransaction(es.map((e): TransactionAction => ['create', e]));
      return true;
    } catch (err) {
      const s = statusOf(err);
      if (s === undefined || s < 400 || s >= 500) throw err;
      return false;
    }
  }

  async forCase(tenantId: string, schoolId: string, caseId: string): Promise<NoticeRecord[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${keyPart(caseId)}_`)}`;
    return this.list(filter);
  }

  /** Retention: where a case's cards were sent is forgotten with the case (in «Messages»: a complaint's or leave request's messages). */
  async removeCase(tenantId: string, schoolId: string, caseId: string): Promise<void> {
    await this.removeWhere(`PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${keyPart(caseId)}_`)}`);
  }

  /**
   * Retention of the outbox itself: notices sent or given up on before the cutoff, whatever their
   * subject. A finished notice's nextAttemptAt is its last attempt (plus at most the lease or the
   * back-off), by the app's clock; one still pending is kept until it is delivered or fails.
   */
  async removeFinishedBefore(tenantId: string, schoolId: string, cutoffIso: string): Promise<number> {
    return this.removeWhere(`PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and (status eq 'sent' or status eq 'failed') and nextAttemptAt le '${esc(cutoffIso)}'`);
  }

  /** Deletes the rows and their pending pointers; safe to repeat (a row already gone is skipped). */
  private async removeWhere(filter: string): Promise<number> {
    let n = 0;
    for await (const e of this.table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
      await this.unpoint(e.partitionKey!, e.rowKey!);
      await this.table.deleteEntity(e.partitionKey!, e.rowKey!).then(
        () => n++,
        (err: unknown) => {
          if (statusOf(err) !== 404) throw err;
        },
      );
    }
    return n;
  }

  /**
   * The notices due now. Reads the pending index (one partition: the notices not yet sent, normally
   * a handful), not the whole outbox: the outbox keeps every notice until its case's retention
   * ends, and this runs every NOTICE_SWEEP_SECONDS on every instance. Each pointer is checked
   * against its notice; pointers whose notice was sent, failed or removed are dropped here.
   */
  async due(nowIso: string, max: number): Promise<NoticeRecord[]> {
    this.entitiesRead = 0;
    const out: NoticeRecord[] = [];
    const filter = `PartitionKey eq '${PENDING}' and nextAttemptAt le '${esc(nowIso)}'`;
    for await (const p of this.table.listEntities<PendingEntity>({ queryOptions: { filter } })) {
      this.entitiesRead++;
      if (out.length >= max) break;
      const n = await this.table.getEntity<NoticeEntity>(p.pk, p.rk).then(fromEntity, (e: unknown) => {
        if (statusOf(e) !== 404) throw e;
        return undefined;
      });
      if (!n) {
        if (Date.parse(nowIso) - Date.parse(p.timestamp ?? nowIso) > ORPHAN_AFTER_MS) await this.unpoint(p.pk, p.rk);
        continue;
      }
      if (n.status !== 'pending') await this.unpoint(p.pk, p.rk);
      else if (n.nextAttemptAt <= nowIso) out.push(n);
      else if (n.nextAttemptAt !== p.nextAttemptAt) await this.point(p.pk, p.rk, n.nextAttemptAt);
    }
    return out;
  }

  /** Pending-index rows read by the last due() (the bench reports it). */
  entitiesRead = 0;

  async save(n: NoticeRecord): Promise<boolean> {
    const e = toEntity(n);
    try {
      // Still to send: the pointer follows the next attempt (written first, as in enqueue).
      if (n.status === 'pending') await this.point(e.partitionKey, e.rowKey, n.nextAttemptAt);
      const r = await this.table.updateEntity(e, 'Replace', { etag: n.etag ?? '*' });
      n.etag = r.etag;
      if (n.status !== 'pending') await this.unpoint(e.partitionKey, e.rowKey);
      return true;
    } catch (err) {
      if (statusOf(err) === 412) return false;
      throw err;
    }
  }

  private async point(pk: string, rk: string, nextAttemptAt: string): Promise<void> {
    await this.table.upsertEntity<PendingEntity>({ partitionKey: PENDING, rowKey: pendingKey(pk, rk), pk, rk, nextAttemptAt }, 'Replace');
  }

  private async unpoint(pk: string, rk: string): Promise<void> {
    await this.table.deleteEntity(PENDING, pendingKey(pk, rk)).catch((e: unknown) => {
      if (statusOf(e) !== 404) throw e;
    });
  }

  private async list(filter: string): Promise<NoticeRecord[]> {
    const out: NoticeRecord[] = [];
    for await (const e of this.table.listEntities<NoticeEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out;
  }
}
