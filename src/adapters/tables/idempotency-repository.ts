/**
 * Remembers activity ids and form submissions so a re-sent activity or a second click has one
 * effect. Keys are hashed: ids from Teams may contain characters a RowKey cannot. Every row
 * carries `at` (our clock), so the sweep can prune rows by age (also the rows of
 * report-forms-repository.ts, in the same table). The report forms issued and each user's recent
 * reports were kept here before that file; they are still read here after a deploy.
 */
import { createHash } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import type { Clock, ProcessedActivities, Submission, Submissions } from '../../ports';
import { esc, readRow, statusOf, Tables } from './table-client';

export const hash = (s: string) => createHash('sha256').update(s).digest('hex');
/** Partition by kind and the hash's first byte: spreads load, keeps each kind's rows apart. */
export const keys = (kind: 'a' | 's' | 'f' | 'l', key: string) => {
  const h = hash(key);
  return { partitionKey: `${kind}_${h.slice(0, 2)}`, rowKey: h };
};

export class IdempotencyRepository implements ProcessedActivities, Submissions {
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

  /** A form issued in the layout before (report-forms-repository.ts issues them now). */
  async formIssued(key: string): Promise<boolean> {
    const k = keys('f', key);
    return !!(await readRow(this.table, k.partitionKey, k.rowKey));
  }

  /** A user's recent reports as the layout before kept them (JSON), for the hourly limit just after a deploy. */
  async recentReports(key: string): Promise<string | undefined> {
    const k = keys('l', key);
    return (await readRow<{ recent: string }>(this.table, k.partitionKey, k.rowKey))?.recent;
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
