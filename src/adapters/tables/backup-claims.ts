/**
 * Which instance makes the day's backup: one row per day in the Idempotency table, claimed with an
 * ETag lease that the running backup renews. If that instance stops, the lease runs out and the
 * next instance's sweep takes the backup over; a finished day is never backed up again.
 */
import type { TableClient } from '@azure/data-tables';
import { statusOf, Tables } from './table-client';

const PK = 'backup';

export interface BackupClaim {
  day: string;
  etag: string;
}

interface ClaimEntity { partitionKey: string; rowKey: string; holder: string; leaseUntil: string; doneAt: string; backupId: string; etag?: string }

export class BackupClaims {
  private readonly table: TableClient;

  constructor(private readonly tables: Tables) {
    this.table = tables.client('Idempotency');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  /** The day's claim for this instance, or undefined when the day is done or another instance holds it. */
  async claim(day: string, holder: string, nowIso: string, leaseUntil: string): Promise<BackupClaim | undefined> {
    const row = { partitionKey: PK, rowKey: day, holder, leaseUntil, doneAt: '', backupId: '' };
    try {
      const cur = await this.table.getEntity<ClaimEntity>(PK, day);
      if (cur.doneAt || cur.leaseUntil > nowIso) return undefined;
      const r = await this.table.updateEntity(row, 'Replace', { etag: cur.etag });
      return { day, etag: r.etag ?? '' };
    } catch (e) {
      const s = statusOf(e);
      if (s === 412) return undefined;
      if (s !== 404) throw e;
    }
    try {
      const r = await this.table.createEntity(row);
      return { day, etag: r.etag ?? '' };
    } catch (e) {
      if (statusOf(e) === 409) return undefined;
      throw e;
    }
  }

  /** Extends the lease; throws (412) when another instance has taken the day over. */
  async renew(c: BackupClaim, holder: string, leaseUntil: string): Promise<BackupClaim> {
    const r = await this.table.updateEntity({ partitionKey: PK, rowKey: c.day, holder, leaseUntil }, 'Merge', { etag: c.etag });
    return { day: c.day, etag: r.etag ?? '' };
  }

  async done(c: BackupClaim, backupId: string, at: string): Promise<void> {
    await this.table.updateEntity({ partitionKey: PK, rowKey: c.day, doneAt: at, backupId }, 'Merge', { etag: c.etag });
  }

  /** The backup made on the day, if any (for the operator and tests). */
  async doneOn(day: string): Promise<string | undefined> {
    try {
      const cur = await this.table.getEntity<ClaimEntity>(PK, day);
      return cur.doneAt ? cur.backupId : undefined;
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }
}
