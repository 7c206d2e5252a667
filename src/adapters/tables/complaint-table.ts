/**
 * What the two complaint tables (Complaints, StaffComplaints) share: one table partitioned by
 * school, the complaint row keyed by its id, and beside it (row keys starting with "~") its log
 * entries, saved in the same transaction as the change they record, the meeting's booking job and
 * one claim row per reminder. Each repository keeps its own entity mapping and its own rules for
 * claims and the reminder sweep.
 */
import { randomBytes } from 'node:crypto';
import { TableClient, TransactionAction } from '@azure/data-tables';
import { DomainError } from '../../domain/errors';
import type { MeetingJob } from '../../ports';
import type { Claims, ReminderClaimKey } from '../../ports/claims';
import { TableClaims } from './claims';
import { casePk, createOrStored, esc, keyPart, readRow, startsWith, statusOf, Tables } from './table-client';

/** What every complaint row has. */
export interface ComplaintRow {
  tenantId: string;
  schoolId: string;
  complaintId: string;
  ref: string;
  etag?: string;
}

/** What every complaint log entry has (ids and codes, never names or free text). */
export interface ComplaintLogRow {
  at: string;
  actorId: string;
  action: string;
  detail: string;
}

type LogEntity = { partitionKey: string; rowKey: string; complaintId: string; at: string; actorId: string; action: string; detail: string };

type BookingEntity = { partitionKey: string; rowKey: string; etag?: string; pending: boolean; booking: string };

/** The complaint entity: keys, an ETag, and whatever columns the repository maps. */
export type ComplaintEntityBase = { partitionKey: string; rowKey: string; etag?: string };

const LOG = '~L_';
const CLAIM = '~R_';
const BOOKING = '~B_';
/** One row per reference, so «sak KL-…» is a point read, not a search of the school's complaints. */
const REF = '~X_';
const refRow = (c: ComplaintRow) => ({ partitionKey: casePk(c.tenantId, c.schoolId), rowKey: keyPart(`${REF}${c.ref}`), complaintId: c.complaintId });

export abstract class ComplaintTable<C extends ComplaintRow, L extends ComplaintLogRow, B extends MeetingJob, E extends ComplaintEntityBase> {
  protected readonly table: TableClient;
  /** Reminder claims: one row beside the complaint per key (a day or a deadline) and recipient. */
  readonly reminders: Claims<ReminderClaimKey>;
  private seq = 0;

  constructor(
    private readonly tables: Tables,
    tableName: string,
    private readonly toEntity: (c: C) => E,
    private readonly fromEntity: (e: E) => C,
  ) {
    this.table = tables.client(tableName);
    this.reminders = new TableClaims<ReminderClaimKey>(tables, tableName, (k) => ({ partitionKey: casePk(k.tenantId, k.schoolId), rowKey: keyPart(`${CLAIM}${k.subjectId}_${k.key}_${k.recipientId}`) }));
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
    // Complaints saved before the reference rows existed get theirs (one scan of three columns per start).
    for await (const e of this.table.listEntities<{ partitionKey: string; rowKey: string; ref?: string; tenantId?: string; schoolId?: string }>({ queryOptions: { filter: `RowKey lt '~'`, select: ['PartitionKey', 'RowKey', 'ref'] } })) {
      if (e.ref) await this.table.upsertEntity({ partitionKey: e.partitionKey, rowKey: keyPart(`${REF}${e.ref}`), complaintId: e.rowKey }, 'Replace');
    }
  }

  private logEntity(c: C, e: L): LogEntity {
    // Time first keeps the entries in order; the counter and the random tail keep them apart.
    const seq = String(this.seq++ % 1e6).padStart(6, '0');
    return { partitionKey: casePk(c.tenantId, c.schoolId), rowKey: `${LOG}${keyPart(c.complaintId)}_${e.at}_${seq}${randomBytes(3).toString('hex')}`, complaintId: c.complaintId, ...e };
  }

  /** Creates the complaint with its first log entry; the same complaint again returns the stored one. */
  async create(c: C, log: L): Promise<{ complaint: C; created: boolean }> {
    const { record, created } = await createOrStored(
      c,
      () =>
        this.table.submitTransaction([
          ['create', this.toEntity(c)],
          ['create', this.logEntity(c, log)],
          ['upsert', refRow(c), 'Replace'],
        ]),
      () => this.get(c.tenantId, c.schoolId, c.complaintId),
    );
    return { complaint: record, created };
  }

  async get(tenantId: string, schoolId: string, complaintId: string): Promise<C | undefined> {
    const e = await readRow<E>(this.table, casePk(tenantId, schoolId), keyPart(complaintId));
    return e && this.fromEntity(e);
  }

  /** Two point reads: the reference row, then the complaint. */
  async byRef(tenantId: string, schoolId: string, ref: string): Promise<C | undefined> {
    const row = await readRow<{ complaintId: string }>(this.table, casePk(tenantId, schoolId), keyPart(`${REF}${ref}`));
    const c = row && (await this.get(tenantId, schoolId, row.complaintId));
    return c?.ref === ref ? c : undefined;
  }

  /** The school's complaints (not the rows beside them) that match `where`, an OData filter. */
  protected async complaints(tenantId: string, schoolId: string, where: string): Promise<C[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey lt '~' and ${where}`;
    const out: C[] = [];
    for await (const e of this.table.listEntities<E>({ queryOptions: { filter } })) out.push(this.fromEntity(e));
    return out;
  }

  /**
   * Saves the complaint if nobody changed it since it was read, with its log entries (and a
   * booking job) in the same transaction. Azurite ignores the ETag inside a transaction, so it is
   * also checked by a read.
   */
  async update(c: C, logs: L[], booking?: B): Promise<C> {
    if (!c.etag) throw new Error('update needs the ETag the complaint was read with');
    try {
      const now = await this.table.getEntity<E>(casePk(c.tenantId, c.schoolId), keyPart(c.complaintId));
      if (now.etag !== c.etag) throw new DomainError('common.CONFLICT', { complaintId: c.complaintId });
      const actions: TransactionAction[] = [['update', this.toEntity(c), 'Replace', { etag: c.etag }], ...logs.map((l): TransactionAction => ['create', this.logEntity(c, l)])];
      if (booking) actions.push(['upsert', bookingEntity(c.tenantId, c.schoolId, booking), 'Replace']);
      await this.table.submitTransaction(actions);
      return (await this.get(c.tenantId, c.schoolId, c.complaintId)) ?? c;
    } catch (e) {
      if (statusOf(e) === 412) throw new DomainError('common.CONFLICT', { complaintId: c.complaintId });
      throw e;
    }
  }

  /** Retention: the school's closed complaints (the caller knows when each type counts as closed). */
  async closed(tenantId: string, schoolId: string): Promise<C[]> {
    return this.complaints(tenantId, schoolId, "status eq 'avsluttet'");
  }

  /**
   * Retention: the complaint and every row beside it (log, booking job, reminder claims, pending
   * report links) are deleted for good. Safe to repeat: what is gone is not found again.
   */
  async remove(tenantId: string, schoolId: string, complaintId: string): Promise<void> {
    const pk = casePk(tenantId, schoolId);
    const id = keyPart(complaintId);
    const beside = [`${startsWith(`${LOG}${id}_`)}`, `${startsWith(`${CLAIM}${id}_`)}`, `RowKey ge '~' and complaintId eq '${esc(complaintId)}'`];
    for (const where of beside) {
      for await (const e of this.table.listEntities({ queryOptions: { filter: `PartitionKey eq '${esc(pk)}' and ${where}`, select: ['RowKey'] } })) await this.drop(pk, e.rowKey!);
    }
    await this.drop(pk, keyPart(`${BOOKING}${complaintId}`));
    await this.drop(pk, id);
  }

  private async drop(pk: string, rk: string): Promise<void> {
    await this.table.deleteEntity(pk, rk).catch((e: unknown) => {
      if (statusOf(e) !== 404) throw e;
    });
  }

  async log(tenantId: string, schoolId: string, complaintId: string): Promise<L[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${LOG}${keyPart(complaintId)}_`)}`;
    const out: L[] = [];
    for await (const e of this.table.listEntities<LogEntity>({ queryOptions: { filter } })) out.push({ at: e.at, actorId: e.actorId, action: e.action, detail: e.detail } as L);
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // The meeting's booking job

  async getBooking(tenantId: string, schoolId: string, complaintId: string): Promise<B | undefined> {
    const e = await readRow<BookingEntity>(this.table, casePk(tenantId, schoolId), keyPart(`${BOOKING}${complaintId}`));
    return e && fromBookingEntity<B>(e);
  }

  /** Bookings the calendar has not yet taken (it was down, or the instance stopped). */
  async pendingBookings(tenantId: string, schoolId: string): Promise<B[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(BOOKING)} and pending eq true`;
    const out: B[] = [];
    for await (const e of this.table.listEntities<BookingEntity>({ queryOptions: { filter } })) out.push(fromBookingEntity<B>(e));
    return out;
  }

  /** Records what the calendar answered, if nobody changed the job since it was read (else CONFLICT). */
  async saveBooking(tenantId: string, schoolId: string, b: B): Promise<B> {
    if (!b.etag) throw new Error('saveBooking needs the ETag the booking was read with');
    try {
      await this.table.updateEntity(bookingEntity(tenantId, schoolId, b), 'Replace', { etag: b.etag });
    } catch (e) {
      if (statusOf(e) === 412) throw new DomainError('common.CONFLICT', { complaintId: b.complaintId });
      throw e;
    }
    return (await this.getBooking(tenantId, schoolId, b.complaintId)) ?? b;
  }
}

const bookingEntity = (tenantId: string, schoolId: string, b: MeetingJob): BookingEntity => {
  const { etag: _etag, ...rest } = b;
  return { partitionKey: casePk(tenantId, schoolId), rowKey: keyPart(`${BOOKING}${b.complaintId}`), pending: b.bookedVersion < b.version, booking: JSON.stringify(rest) };
};

const fromBookingEntity = <B extends MeetingJob>(e: BookingEntity): B => ({ ...(JSON.parse(e.booking) as B), etag: e.etag });
