/**
 * The notice outbox in table storage. A notice lives in its case's school partition (casePk), where
 * everything that reads a case's notices looks (the cards that show who was told, retention, the
 * backup, which copies whole tables). One that is still to send also has a pointer row in one
 * partition, `~pending`, so that the sweep (due(), every NOTICE_SWEEP_SECONDS on every instance)
 * finds what is due across the service with one query over the pointers alone, not a scan of an
 * outbox that keeps every notice until its case's retention ends.
 *
 * A new case's notices are written in **one** round trip before the answer (stage()): a pointer per
 * notice still to send, in one transaction in `~pending`, that carries the whole notice, and the
 * first of them also the copies queued with them (the receipt: a notice already sent, as JSON).
 * After the answer place() writes the notices beside their case in a second transaction, and they
 * are sent from there. A crash between the two leaves pointers that carry their notice: the next
 * sweep stores it beside the case (restore()) and sends it. So at no point is there a pending
 * notice the sweep cannot find, and the form sent again still finishes what is missing.
 *
 * Why not the other two layouts weighed (issue 14):
 * - Notices kept whole in `~pending` until delivered, then moved to their case: the sweep would
 *   need no second read, but a move is two writes in two partitions: a crash after the copy to the
 *   case and before the delete leaves a pending row the sweep would send again, unless it checks
 *   the case's partition (the read it was meant to save) or marks the row sent first (a write).
 *   Every per-case read (cards, retention, the dispatcher) would read two partitions, and those
 *   reads and the receipt's copy would all land on the one `~pending` partition, which every
 *   instance already shares (Azure's 2,000 entities/s per partition).
 * - Pointers beside the notices in each school's partition (notices and pointers in one
 *   transaction): the sweep becomes one query per school per run on every instance, and needs the
 *   list of every tenant's schools; what it saves once per report it spends every 10 seconds.
 * Here the pointer keeps its row key and its `pk`, `rk` and `nextAttemptAt`: rows of the layout
 * before (thin pointers, notices beside their case) are read as they always were, and a version
 * before this one reads a carrying pointer as a pointer (see bench/README.md on a rolling deploy).
 * `~pending` takes as many entity writes per notice as before (the copy rides in a pointer).
 */
import { TableClient, type TransactionAction } from '@azure/data-tables';
import type { NoticeKind } from '../../domain/routing';
import type { NoticeOutbox, NoticeRecord, NoticeRemoval, NoticeStatus } from '../../ports';
import { casePk, esc, keyPart, startsWith, statusOf, Tables } from './table-client';

type NoticeEntity = Omit<NoticeRecord, 'etag'> & { partitionKey: string; rowKey: string; etag?: string };
/**
 * One row per notice still to send, in one partition, pointing at the notice (see due()). One
 * written by stage() also carries the notice's own fields, and the first of a batch its copies.
 */
type PendingEntity = { partitionKey: string; rowKey: string; pk: string; rk: string; nextAttemptAt: string; timestamp?: string } & Partial<Omit<NoticeEntity, 'partitionKey' | 'rowKey' | 'etag'>> & { copies?: string };

const PENDING = '~pending';
const pendingKey = (pk: string, rk: string) => keyPart(`${pk}|${rk}`);
/** A pointer whose notice is missing may belong to an enqueue under way; only older ones are dropped (never one that carries its notice). */
const ORPHAN_AFTER_MS = 10 * 60_000;
/** Copies a staged batch may carry (JSON in one string property, at most 32K characters). */
const MAX_COPIES = 10;
const carries = (p: PendingEntity): boolean => typeof p.caseId === 'string' && typeof p.status === 'string';
const clientError = (err: unknown): boolean => {
  const s = statusOf(err);
  return s !== undefined && s >= 400 && s < 500;
};

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
    await this.each(notices, { pointed: false });
  }

  /** One by one. `pointed`: the pending ones' pointers are there already (staged), and carry them: not rewritten first. */
  private async each(notices: NoticeRecord[], o: { pointed: boolean }): Promise<void> {
    for (const n of notices) {
      const e = toEntity(n);
      // The pointer first: a crash in between leaves a pointer to nothing (dropped later), never a pending notice the sweep cannot find.
      if (n.status === 'pending' && !o.pointed) await this.point(e.partitionKey, e.rowKey, n.nextAttemptAt);
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
      if (!clientError(err)) throw err;
      return false;
    }
  }

  /**
   * One transaction in `~pending`: a pointer per pending notice carrying the notice, the first also
   * the copies (status 'sent'). Upserts: a form sent again rewrites them as they were (and the
   * receipt's new place); a notice already beside its case wins over its pointer (due()).
   */
  async stage(notices: NoticeRecord[]): Promise<boolean> {
    const es = notices.map(toEntity);
    const pending = es.filter((e) => e.status === 'pending');
    const copies = es.filter((e) => e.status === 'sent');
    const oneCase = es.every((e) => e.partitionKey === es[0].partitionKey) && new Set(es.map((e) => e.rowKey)).size === es.length;
    if (!oneCase || pending.length === 0 || pending.length > 100 || copies.length > MAX_COPIES || pending.length + copies.length !== es.length) return false;
    await this.table.submitTransaction(
      pending.map((e, i): TransactionAction => {
        const { partitionKey: pk, rowKey: rk, etag: _etag, ...fields } = e;
        const p: PendingEntity = { partitionKey: PENDING, rowKey: pendingKey(pk, rk), pk, rk, ...fields, ...(i === 0 && copies.length ? { copies: JSON.stringify(copies) } : {}) };
        return ['upsert', p, 'Replace'];
      }),
    );
    return true;
  }

  /** The staged notices beside their case, in one transaction; any there already (a form sent again): one by one, as enqueue does. */
  async place(notices: NoticeRecord[]): Promise<NoticeRecord[] | undefined> {
    const es = notices.map(toEntity);
    try {
      const r = await this.table.submitTransaction(es.map((e): TransactionAction => ['create', e]));
      // In row-key order, as forCase reads them (so they are sent in the same order as before).
      const stored = [...es].sort((x, y) => (x.rowKey < y.rowKey ? -1 : x.rowKey > y.rowKey ? 1 : 0)).map((e) => ({ ...fromEntity(e), etag: r.getResponseForEntity(e.rowKey)?.etag }));
      // Without the ETag of each, the caller reads them (a save without one would override a lease).
      return stored.every((n) => n.etag) ? stored : undefined;
    } catch (err) {
      if (!clientError(err)) throw err;
    }
    await this.each(notices, { pointed: true });
    return undefined;
  }

  /** A staged notice a crash (or a failed write) left in `~pending` only: stored beside its case with the copies staged with it. */
  private async restore(p: PendingEntity): Promise<NoticeRecord | undefined> {
    const e = toEntity(fromEntity({ ...(p as unknown as NoticeEntity), partitionKey: p.pk, rowKey: p.rk, etag: undefined }));
    const copies = p.copies ? (JSON.parse(p.copies) as NoticeEntity[]) : [];
    await this.table.submitTransaction([['create', e], ...copies.map((c): TransactionAction => ['upsert', c, 'Replace'])]).catch((err: unknown) => {
      if (!clientError(err)) throw err; // 409: placed meanwhile (by the instance that staged it, or another sweep)
    });
    return this.read(p.pk, p.rk);
  }

  async forCase(tenantId: string, schoolId: string, caseId: string): Promise<NoticeRecord[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${keyPart(caseId)}_`)}`;
    return this.list(filter);
  }

  /** Retention: where a case's cards were sent is forgotten with the case (in «Messages»: a complaint's or leave request's messages). */
  async removeCase(tenantId: string, schoolId: string, caseId: string): Promise<void> {
    const pk = casePk(tenantId, schoolId);
    // The case's pointers first, with any still carrying a notice never placed (a crash): or a sweep would store it again.
    for await (const p of this.table.listEntities({ queryOptions: { filter: `PartitionKey eq '${PENDING}' and ${startsWith(pendingKey(pk, `${keyPart(caseId)}_`))}`, select: ['PartitionKey', 'RowKey'] } })) {
      await this.table.deleteEntity(PENDING, p.rowKey!).catch((e: unknown) => {
        if (statusOf(e) !== 404) throw e;
      });
    }
    await this.removeWhere(`PartitionKey eq '${esc(pk)}' and ${startsWith(`${keyPart(caseId)}_`)}`);
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
   * against its notice; pointers whose notice was sent, failed or removed are dropped here; one
   * that carries a notice never placed beside its case (stage(), then a crash) places it.
   */
  async due(nowIso: string, max: number): Promise<NoticeRecord[]> {
    this.entitiesRead = 0;
    const out: NoticeRecord[] = [];
    const filter = `PartitionKey eq '${PENDING}' and nextAttemptAt le '${esc(nowIso)}'`;
    for await (const p of this.table.listEntities<PendingEntity>({ queryOptions: { filter } })) {
      this.entitiesRead++;
      if (out.length >= max) break;
      const n = (await this.read(p.pk, p.rk)) ?? (carries(p) ? await this.restore(p) : undefined);
      if (!n) {
        if (carries(p)) continue; // not placed yet: tried again next sweep, never dropped
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

  private async read(pk: string, rk: string): Promise<NoticeRecord | undefined> {
    return this.table.getEntity<NoticeEntity>(pk, rk).then(fromEntity, (e: unknown) => {
      if (statusOf(e) !== 404) throw e;
      return undefined;
    });
  }

  private async list(filter: string): Promise<NoticeRecord[]> {
    const out: NoticeRecord[] = [];
    for await (const e of this.table.listEntities<NoticeEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out;
  }
}
