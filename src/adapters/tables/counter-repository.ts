/**
 * Reference numbers of the other routines (series 'leave', 'complaint', 'staff-complaint'): one
 * counter row per school, year and series, advanced with ETags. The skolemiljø cases' numbers are
 * case-refs.ts's (chosen in the instance, unique by the case's transaction); their row `ref_<year>`
 * is kept there as the fence for the version before, which took them here (a write here is safe).
 * Within one instance, concurrent requests for the same school and year are coalesced: one
 * write reserves a block of numbers for everyone waiting, so 50 reporters at once cost one or
 * two round trips instead of 50 writers fighting over one row. Between instances the ETag
 * decides, with jittered back-off.
 */
import type { RefCounter } from '../../ports';
import { casePk, statusOf, TableRepository } from './table-client';

interface CounterEntity { partitionKey: string; rowKey: string; value: number; etag?: string }

const MAX_TRIES = 50;

interface Waiter { resolve: (n: number) => void; reject: (e: unknown) => void }

export class CounterRepository extends TableRepository implements RefCounter {
  private readonly table = this.own('Counters');
  private readonly queues = new Map<string, Waiter[]>();
  /** Each counter's value and ETag as this instance last wrote it. */
  private readonly lastWritten = new Map<string, { value: number; etag: string }>();

  next(tenantId: string, schoolId: string, year: number, series = 'ref'): Promise<number> {
    const pk = casePk(tenantId, schoolId);
    const rk = `${series}_${year}`;
    const key = `${pk}|${rk}`;
    return new Promise<number>((resolve, reject) => {
      const waiting = this.queues.get(key);
      if (waiting) {
        waiting.push({ resolve, reject });
        return;
      }
      const queue: Waiter[] = [{ resolve, reject }];
      this.queues.set(key, queue);
      void this.drain(key, pk, rk, queue);
    });
  }

  /** Serves everyone waiting for one counter, a block at a time, until nobody waits. */
  private async drain(key: string, pk: string, rk: string, queue: Waiter[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0);
      try {
        const first = await this.reserve(pk, rk, batch.length);
        batch.forEach((w, i) => w.resolve(first + i));
      } catch (e) {
        batch.forEach((w) => w.reject(e));
      }
    }
    this.queues.delete(key);
  }

  /**
   * Adds `count` to the counter and returns the first number of the block. The row as this
   * instance last wrote it is tried first, without reading it: its ETag still matches unless
   * another instance wrote since (then 412, and it is read as before). One round trip, not two.
   */
  private async reserve(pk: string, rk: string, count: number): Promise<number> {
    const key = `${pk}|${rk}`;
    const mine = this.lastWritten.get(key);
    if (mine) {
      this.lastWritten.delete(key);
      try {
        return await this.write(key, pk, rk, mine, count);
      } catch (e) {
        if (statusOf(e) !== 412 && statusOf(e) !== 404) throw e;
      }
    }
    for (let i = 0; i < MAX_TRIES; i++) {
      try {
        const cur = await this.table.getEntity<CounterEntity>(pk, rk);
        return await this.write(key, pk, rk, { value: cur.value, etag: cur.etag! }, count);
      } catch (e) {
        const s = statusOf(e);
        if (s === 404) {
          try {
            await this.table.createEntity<CounterEntity>({ partitionKey: pk, rowKey: rk, value: count });
            return 1;
          } catch (e2) {
            if (statusOf(e2) !== 409) throw e2;
          }
        } else if (s !== 412) throw e;
        // Another instance took these numbers: back off a little, with jitter, and read again.
        await new Promise((r) => setTimeout(r, Math.random() * 10 * (i + 1)));
      }
    }
    throw new Error('reference counter contended too long');
  }

  private async write(key: string, pk: string, rk: string, cur: { value: number; etag: string }, count: number): Promise<number> {
    const r = await this.table.updateEntity({ partitionKey: pk, rowKey: rk, value: cur.value + count }, 'Replace', { etag: cur.etag });
    if (r.etag) this.lastWritten.set(key, { value: cur.value + count, etag: r.etag });
    return cur.value + 1;
  }
}
