/**
 * The one Azure Tables implementation of the Claims port (src/ports/claims.ts). Each concern keeps
 * its claim rows where they always were (beside the complaint, in the talks table, the day's row
 * in Idempotency), so retention removes them with what they belong to: the address function says
 * where a key lives; the protocol — create first-wins, take over an expired lease with the ETag
 * read, mark done, give back — is this file's only.
 */
import type { TableClient } from '@azure/data-tables';
import type { Claim, Claims } from '../../ports/claims';
import { readRow, statusOf, type Tables } from './table-client';

export interface ClaimAddress {
  partitionKey: string;
  rowKey: string;
}

/**
 * Older rows carry their own field names: `sentAt` (teaching complaints), `done` (talks),
 * `backupId` (backups). A row without `leaseUntil` was written by a claim without a lease (or
 * before leases) and stays held until it is given back.
 */
interface ClaimEntity {
  at?: string;
  holder?: string;
  leaseUntil?: string;
  doneAt?: string;
  note?: string;
  sentAt?: string;
  done?: boolean;
  backupId?: string;
  etag: string;
}

const finished = (e: ClaimEntity): boolean => !!(e.doneAt || e.sentAt || e.done === true);

export class TableClaims<K> implements Claims<K> {
  private readonly table: TableClient;

  constructor(
    private readonly tables: Tables,
    tableName: string,
    private readonly address: (key: K) => ClaimAddress,
  ) {
    this.table = tables.client(tableName);
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  async take(key: K, o: { now: string; until?: string; holder?: string }): Promise<Claim<K> | undefined> {
    const at = this.address(key);
    const row = { ...at, at: o.now, holder: o.holder ?? '', doneAt: '', ...(o.until ? { leaseUntil: o.until } : {}) };
    try {
      const r = await this.table.createEntity(row);
      return { key, etag: r.etag ?? '' };
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
    const held = await this.read(at);
    if (!held || finished(held) || held.leaseUntil === undefined || held.leaseUntil === '' || held.leaseUntil > o.now) return undefined;
    try {
      const r = await this.table.updateEntity(row, 'Replace', { etag: held.etag });
      return { key, etag: r.etag ?? '' };
    } catch (e) {
      // Another instance took it over first (412), or it was given back meanwhile (404): the next sweep looks again.
      if (statusOf(e) === 412 || statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async renew(c: Claim<K>, until: string): Promise<Claim<K>> {
    const r = await this.table.updateEntity({ ...this.address(c.key), leaseUntil: until }, 'Merge', { etag: c.etag });
    return { key: c.key, etag: r.etag ?? '' };
  }

  async done(c: Claim<K> | K, at: string, note?: string): Promise<void> {
    const held = isClaim<K>(c);
    const key = held ? c.key : c;
    await this.table.updateEntity({ ...this.address(key), doneAt: at, ...(note === undefined ? {} : { note }) }, 'Merge', held ? { etag: c.etag } : undefined);
  }

  async release(key: K): Promise<void> {
    const at = this.address(key);
    await this.table.deleteEntity(at.partitionKey, at.rowKey).catch((e: unknown) => {
      if (statusOf(e) !== 404) throw e;
    });
  }

  async doneNote(key: K): Promise<string | undefined> {
    const e = await this.read(this.address(key));
    return e && finished(e) ? (e.note ?? e.backupId ?? '') : undefined;
  }

  private async read(at: ClaimAddress): Promise<ClaimEntity | undefined> {
    return readRow<ClaimEntity>(this.table, at.partitionKey, at.rowKey);
  }
}

function isClaim<K>(c: Claim<K> | K): c is Claim<K> {
  return typeof c === 'object' && c !== null && 'etag' in c && 'key' in c;
}
