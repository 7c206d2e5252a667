/** Case reference numbers: one counter row per school and year, advanced with ETags. */
import { TableClient } from '@azure/data-tables';
import type { RefCounter } from '../../ports';
import { casePk } from './case-repository';
import { statusOf, Tables } from './table-client';

interface CounterEntity { partitionKey: string; rowKey: string; value: number; etag?: string }

const MAX_TRIES = 50;

export class CounterRepository implements RefCounter {
  private readonly table: TableClient;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('Counters');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  async next(tenantId: string, schoolId: string, year: number): Promise<number> {
    const pk = casePk(tenantId, schoolId);
    const rk = `ref_${year}`;
    for (let i = 0; i < MAX_TRIES; i++) {
      try {
        const cur = await this.table.getEntity<CounterEntity>(pk, rk);
        const value = cur.value + 1;
        await this.table.updateEntity({ partitionKey: pk, rowKey: rk, value }, 'Replace', { etag: cur.etag });
        return value;
      } catch (e) {
        const s = statusOf(e);
        if (s === 404) {
          try {
            await this.table.createEntity<CounterEntity>({ partitionKey: pk, rowKey: rk, value: 1 });
            return 1;
          } catch (e2) {
            if (statusOf(e2) !== 409) throw e2;
          }
        } else if (s !== 412) throw e;
        // Someone else took this number: back off a little, with jitter, and read again.
        await new Promise((r) => setTimeout(r, Math.random() * 10 * (i + 1)));
      }
    }
    throw new Error('reference counter contended too long');
  }
}
