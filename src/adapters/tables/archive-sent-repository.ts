/**
 * The ledger of Fiks IO messages sent for archive jobs (ports/archive.ts ArchiveSentMessages): one
 * row per message, Fiks IO's meldingId → the job's external key (tenant, school and case ids,
 * never the pupil). The receive half reads it to match a reply's `svar-til` to its job, deletes the
 * row once the reply is recorded, and drops rows older than SENT_TTL_MS (a reply that never came:
 * the job was sent again after ArchiveSender's RECEIPT_WAIT_MS anyway).
 *
 * A second kind of row, one per job, names the meldingId of its latest send: a job sent again
 * (no reply within RECEIPT_WAIT_MS) may still get the older send's error reply, which must not
 * move the job back (docs/fiks-io.md §6).
 */
import { createHash } from 'node:crypto';
import type { ArchiveSentMessages } from '../../ports/archive';
import { esc, keyPart, readRow, statusOf, TableRepository, type Tables } from './table-client';

/** Fiks IO keeps an undelivered message two days; the archive's reply comes well within this. */
export const SENT_TTL_MS = 14 * 24 * 3600_000;
const PK = 'sent';
const LATEST = 'latest';
type SentEntity = { partitionKey: string; rowKey: string; key: string; at: string };
type LatestEntity = SentEntity & { meldingId: string };
/** A job's row key: a hash, as keyPart would make two keys that differ only in '/' and '_' one. */
const latestRow = (key: string): string => createHash('sha256').update(key).digest('hex');

export class ArchiveSentRepository extends TableRepository implements ArchiveSentMessages {
  private readonly table;
  constructor(tables: Tables) {
    super(tables);
    this.table = this.own('ArchiveSent');
  }

  async remember(meldingId: string, key: string, at: Date): Promise<void> {
    await this.table.upsertEntity<SentEntity>({ partitionKey: PK, rowKey: keyPart(meldingId), key, at: at.toISOString() }, 'Replace');
    // After the message's own row: if this write fails the send does not count and the job is sent again.
    await this.table.upsertEntity<LatestEntity>({ partitionKey: LATEST, rowKey: latestRow(key), key, meldingId, at: at.toISOString() }, 'Replace');
  }

  async latestOf(key: string, now: Date): Promise<string | undefined> {
    const row = await readRow<LatestEntity>(this.table, LATEST, latestRow(key));
    return row && row.key === key && Date.parse(row.at) >= now.getTime() - SENT_TTL_MS ? row.meldingId : undefined;
  }

  async keyOf(meldingId: string, now: Date): Promise<string | undefined> {
    const row = await readRow<SentEntity>(this.table, PK, keyPart(meldingId));
    if (!row) return undefined;
    if (Date.parse(row.at) < now.getTime() - SENT_TTL_MS) {
      await this.forget(meldingId);
      return undefined;
    }
    return row.key;
  }

  async forget(meldingId: string): Promise<void> {
    try {
      await this.table.deleteEntity(PK, keyPart(meldingId));
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  async prune(now: Date): Promise<number> {
    const before = new Date(now.getTime() - SENT_TTL_MS).toISOString();
    let n = 0;
    const filter = `(PartitionKey eq '${PK}' or PartitionKey eq '${LATEST}') and at lt '${esc(before)}'`;
    for await (const e of this.table.listEntities<SentEntity>({ queryOptions: { filter, select: ['partitionKey', 'rowKey'] } })) {
      try {
        await this.table.deleteEntity(e.partitionKey!, e.rowKey!);
        if (e.partitionKey === PK) n++;
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    }
    return n;
  }
}
