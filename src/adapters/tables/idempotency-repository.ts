/**
 * Remembers activity ids and form submissions so a re-sent activity or a second click has one
 * effect. Keys are hashed: ids from Teams may contain characters a RowKey cannot.
 */
import { createHash } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import type { ProcessedActivities, Submission, Submissions } from '../../ports';
import { statusOf, Tables } from './table-client';

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

export class IdempotencyRepository implements ProcessedActivities, Submissions {
  private readonly table: TableClient;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('Idempotency');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  async firstTime(key: string): Promise<boolean> {
    const h = hash(key);
    try {
      await this.table.createEntity({ partitionKey: `a_${h.slice(0, 2)}`, rowKey: h });
      return true;
    } catch (e) {
      if (statusOf(e) === 409) return false;
      throw e;
    }
  }

  async claim(key: string, value: Submission): Promise<{ first: boolean; value: Submission }> {
    const h = hash(key);
    const pk = `s_${h.slice(0, 2)}`;
    try {
      await this.table.createEntity({ partitionKey: pk, rowKey: h, caseId: value.caseId });
      return { first: true, value };
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      const stored = await this.table.getEntity<{ caseId: string }>(pk, h);
      return { first: false, value: { caseId: stored.caseId } };
    }
  }
}
