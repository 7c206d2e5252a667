/**
 * Whole tables read and written for backup and restore, property types kept (raw-entities.ts).
 */
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { RawEntity } from '../../ports';
import { parseEntities, toSdkEntity } from './raw-entities';
import { statusOf, Tables } from './table-client';

/**
 * Every table the service opens, without TABLE_PREFIX. test/app/backup.test.ts checks this list
 * against the names the code hands to tables.client(), as test/infra does for the template.
 */
export const APP_TABLES = [
  'Annual', 'ArchiveSent', 'CaseLog', 'Cases', 'Complaints', 'Conversations', 'Counters', 'Idempotency', 'Leave',
  'Meetings', 'Messages', 'Notices', 'People', 'Preferences', 'PupilTalks', 'Schools', 'StaffComplaints',
] as const;

/** Azure Tables' limits for one transaction: 100 entities, 4 MiB of request. */
export const BATCH_ENTITIES = 100;
export const BATCH_BYTES = 3 * 2 ** 20;

export class TableDump {
  constructor(private readonly tables: Tables) {}

  /** The entities of one table, a page (up to 1,000) at a time; a table that does not exist has none. */
  async *pages(name: string): AsyncGenerator<RawEntity[]> {
    const client = this.tables.client(name);
    let text = '';
    // The SDK's own parse loses the difference between a Double 3.0 and an Int32 3: the
    // response text is read instead (see raw-entities.ts).
    const options = { disableTypeConversion: true, onResponse: (r: { bodyAsText?: string | null }) => (text = r.bodyAsText ?? '') };
    try {
      for await (const page of client.listEntities(options).byPage({ maxPageSize: 1000 })) {
        const entities = parseEntities(text);
        if (entities.length !== page.length) throw new Error(`table ${name}: read ${entities.length} entities from a page of ${page.length}`);
        yield entities;
      }
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /** True when the table has no entity (or does not exist). */
  async isEmpty(name: string): Promise<boolean> {
    try {
      const first = await this.tables.client(name).listEntities({ queryOptions: { select: ['PartitionKey'] } }).byPage({ maxPageSize: 1 }).next();
      return first.done || first.value.length === 0;
    } catch (e) {
      if (statusOf(e) === 404) return true;
      throw e;
    }
  }

  /** Creates the table if it is missing; asked of the service each time, since a restore follows a wipe. */
  async ensure(name: string): Promise<TableClient> {
    const client = this.tables.client(name);
    await client.createTable();
    return client;
  }

  /** Deletes the table (the drill's wipe; never used by the admin tool). */
  async drop(name: string): Promise<void> {
    try {
      await this.tables.client(name).deleteTable();
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /**
   * Writes entities of one partition in one transaction (at most BATCH_ENTITIES). Upsert, so a
   * restore that stopped half-way can simply be run again.
   */
  async write(name: string, entities: RawEntity[]): Promise<void> {
    const actions = entities.map((e): TransactionAction => ['upsert', toSdkEntity(e) as never, 'Replace']);
    await this.tables.client(name).submitTransaction(actions);
  }
}
