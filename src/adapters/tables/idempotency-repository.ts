/**
 * Remembers activity ids and form submissions so a re-sent activity or a second click has one
 * effect; also the report forms issued to each user and each user's recent reports (the hourly
 * limit). Keys are hashed: ids from Teams may contain characters a RowKey cannot. Every row
 * carries `at` (our clock), so the sweep can prune rows by age.
 */
import { createHash } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import type { Clock, ProcessedActivities, Submission, Submissions } from '../../ports';
import type { RateSlot, ReportForms, SlotRead } from '../../app/report-concern';
import { esc, readRow, statusOf, Tables } from './table-client';

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
/** Partition by kind and the hash's first byte: spreads load, keeps each kind's rows apart. */
const keys = (kind: 'a' | 's' | 'f' | 'l', key: string) => {
  const h = hash(key);
  return { partitionKey: `${kind}_${h.slice(0, 2)}`, rowKey: h };
};

const SLOT_TRIES = 20;

interface RecentEntity { partitionKey: string; rowKey: string; at: string; recent: string; etag?: string }
type Recent = { form: string; at: string }[];
type SlotReadRow = SlotRead & { row: RecentEntity | undefined };

export class IdempotencyRepository implements ProcessedActivities, Submissions, ReportForms {
  private readonly table: TableClient;
  constructor(
    private readonly tables: Tables,
    private readonly clock: Clock = { now: () => new Date() },
  ) {
    this.table = tables.client('Idempotency');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  async firstTime(key: string): Promise<boolean> {
    try {
      await this.table.createEntity({ ...keys('a', key), at: this.now() });
      return true;
    } catch (e) {
      if (statusOf(e) === 409) return false;
      throw e;
    }
  }

  async claim(key: string, value: Submission): Promise<{ first: boolean; value: Submission }> {
    const k = keys('s', key);
    try {
      await this.table.createEntity({ ...k, caseId: value.caseId, at: this.now() });
      return { first: true, value };
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      const stored = await this.table.getEntity<{ caseId: string }>(k.partitionKey, k.rowKey);
      return { first: false, value: { caseId: stored.caseId } };
    }
  }

  async claimed(key: string): Promise<Submission | undefined> {
    const k = keys('s', key);
    const stored = await readRow<{ caseId: string }>(this.table, k.partitionKey, k.rowKey);
    return stored && { caseId: stored.caseId };
  }

  async issueForm(key: string): Promise<void> {
    await this.table.upsertEntity({ ...keys('f', key), at: this.now() }, 'Replace');
  }

  async formIssued(key: string): Promise<boolean> {
    const k = keys('f', key);
    try {
      await this.table.getEntity(k.partitionKey, k.rowKey, { queryOptions: { select: ['at'] } });
      return true;
    } catch (e) {
      if (statusOf(e) === 404) return false;
      throw e;
    }
  }

  /**
   * One report slot in the sliding window, recorded under the form's key so a form sent again
   * (a retry, a double click) takes no second slot. Written with the row's ETag: two reports at
   * once cannot both take the last slot.
   */
  async readSlot(key: string): Promise<SlotRead> {
    const k = keys('l', key);
    return { slotRead: true, row: await this.slotRow(k) } as SlotReadRow;
  }

  private slotRow(k: { partitionKey: string; rowKey: string }): Promise<RecentEntity | undefined> {
    return this.table.getEntity<RecentEntity>(k.partitionKey, k.rowKey).catch((e: unknown) => {
      if (statusOf(e) === 404) return undefined;
      throw e;
    });
  }

  async takeSlot(key: string, form: string, nowIso: string, windowMs: number, limit: number, read?: SlotRead): Promise<RateSlot> {
    const k = keys('l', key);
    const since = new Date(Date.parse(nowIso) - windowMs).toISOString();
    for (let attempt = 0; attempt < SLOT_TRIES; attempt++) {
      // Several reports of one user at once: each waits a random moment before reading again.
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 40 * attempt));
      // The first try uses the row read beside the form checks (readSlot); the ETag still guards the write.
      const row = attempt === 0 && read ? (read as SlotReadRow).row : await this.slotRow(k);
      const recent = (row ? (JSON.parse(row.recent) as Recent) : []).filter((r) => r.at > since).sort((a, b) => a.at.localeCompare(b.at));
      if (recent.some((r) => r.form === hash(form))) return { ok: true };
      if (recent.length >= limit) {
        const until = new Date(Date.parse(recent[recent.length - limit].at) + windowMs).toISOString();
        return { ok: false, until };
      }
      const next: RecentEntity = { ...k, at: nowIso, recent: JSON.stringify([...recent, { form: hash(form), at: nowIso }]) };
      try {
        if (row) await this.table.updateEntity(next, 'Replace', { etag: row.etag });
        else await this.table.createEntity(next);
        return { ok: true };
      } catch (e) {
        if (statusOf(e) !== 412 && statusOf(e) !== 409) throw e;
      }
    }
    // Other writers beat us to it every time: treat as busy rather than let the limit slip.
    return { ok: false, until: new Date(Date.parse(nowIso) + 60_000).toISOString() };
  }

  /**
   * Deletes every row written before `beforeIso`: Teams re-sends an activity within minutes, and a
   * form older than that is refused as not issued, so nothing older decides anything.
   * Rows from before `at` existed have no `at` and are left alone.
   */
  async prune(beforeIso: string): Promise<number> {
    let n = 0;
    const filter = `at lt '${esc(beforeIso)}'`;
    for await (const e of this.table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
      await this.table.deleteEntity(e.partitionKey!, e.rowKey!).catch((err: unknown) => {
        if (statusOf(err) !== 404) throw err;
      });
      n++;
    }
    return n;
  }
}
