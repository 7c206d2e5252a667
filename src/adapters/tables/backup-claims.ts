/**
 * Which instance makes the day's backup: one row per day in the Idempotency table, claimed with a
 * lease (src/adapters/tables/claims.ts) that the running backup renews. If that instance stops,
 * the lease runs out and the next instance's sweep takes the backup over; a finished day (its
 * note is the backup's id) is never backed up again.
 */
import { TableClaims } from './claims';
import type { Tables } from './table-client';

export class BackupClaims extends TableClaims<string> {
  constructor(tables: Tables) {
    super(tables, 'Idempotency', (day) => ({ partitionKey: 'backup', rowKey: day }));
  }
}
