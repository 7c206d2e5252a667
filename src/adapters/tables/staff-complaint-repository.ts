/**
 * Complaints about a member of staff (seed 001): one table, partitioned by school. The complaint
 * is stored as JSON chunks; beside it (row keys starting with "~") its log entries, saved in the
 * same transaction as the change they record; the evaluation meeting's booking job (saved with
 * the measures); one claim row per reminder day; and the «Meld fra nå» forms waiting to be linked.
 */
import { randomBytes } from 'node:crypto';
import { TableClient, TransactionAction } from '@azure/data-tables';
import { DomainError } from '../../domain/errors';
import { staffComplaintDeadline, type StaffComplaint, type StaffComplaintLogEntry } from '../../domain/staff-complaint';
import { casePk, fromChunks, toChunks } from './case-repository';
import { esc, keyPart, startsWith, statusOf, Tables } from './table-client';

type Entity = {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  ref: string;
  status: string;
  employeeId: string;
  leaderId: string;
  /** The evaluation date while it is not recorded ('' otherwise), for the reminder sweep. */
  evaluationDue?: string;
  [chunk: `body${number}`]: string | undefined;
};

type LogEntity = { partitionKey: string; rowKey: string; complaintId: string; at: string; actorId: string; action: string; detail: string };

const LOG = '~L_';
const BOOKING = '~B_';
const CLAIM = '~R_';
const LINK = '~M_';

/**
 * The evaluation meeting's booking job: saved with the measures, booked at once, retried by the
 * hourly sweep while `bookedVersion < version`. One `meetingId` per complaint, so a retried create
 * makes no second event (the Graph transactionId; the local calendar's key).
 */
export interface EvaluationBooking {
  complaintId: string;
  meetingId: string;
  date: string;
  start: string;
  end: string;
  organizerId: string;
  attendeeIds: string[];
  version: number;
  bookedVersion: number;
  eventId: string;
  joinUrl: string;
  webLink: string;
  attempts: number;
  lastError: string;
  etag?: string;
}

type BookingEntity = { partitionKey: string; rowKey: string; etag?: string; pending: boolean; booking: string };

const bookingEntity = (tenantId: string, schoolId: string, b: EvaluationBooking): BookingEntity => {
  const { etag: _etag, ...rest } = b;
  return { partitionKey: casePk(tenantId, schoolId), rowKey: keyPart(`${BOOKING}${b.complaintId}`), pending: b.bookedVersion < b.version, booking: JSON.stringify(rest) };
};
const fromBookingEntity = (e: BookingEntity): EvaluationBooking => ({ ...(JSON.parse(e.booking) as EvaluationBooking), etag: e.etag });

const toEntity = (c: StaffComplaint): Entity => {
  const { etag: _e, ...body } = c;
  return {
    partitionKey: casePk(c.tenantId, c.schoolId),
    rowKey: keyPart(c.complaintId),
    ref: c.ref,
    status: c.status,
    employeeId: c.employeeId,
    leaderId: c.leaderId,
    evaluationDue: staffComplaintDeadline(c)?.date ?? '',
    ...toChunks('body', JSON.stringify(body)),
  };
};

const fromEntity = (e: Entity): StaffComplaint => ({ ...(JSON.parse(fromChunks('body', e)) as StaffComplaint), etag: e.etag });

export class StaffComplaintRepository {
  private readonly table: TableClient;
  private seq = 0;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('StaffComplaints');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  private logEntity(c: StaffComplaint, e: StaffComplaintLogEntry): LogEntity {
    const seq = String(this.seq++ % 1e6).padStart(6, '0');
    return { partitionKey: casePk(c.tenantId, c.schoolId), rowKey: `${LOG}${keyPart(c.complaintId)}_${e.at}_${seq}${randomBytes(3).toString('hex')}`, complaintId: c.complaintId, ...e };
  }

  /** Creates the complaint with its first log entry; the same complaint again returns the stored one. */
  async create(c: StaffComplaint, log: StaffComplaintLogEntry): Promise<{ complaint: StaffComplaint; created: boolean }> {
    try {
      await this.table.submitTransaction([
        ['create', toEntity(c)],
        ['create', this.logEntity(c, log)],
      ]);
      return { complaint: (await this.get(c.tenantId, c.schoolId, c.complaintId)) ?? c, created: true };
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      const stored = await this.get(c.tenantId, c.schoolId, c.complaintId);
      if (!stored) throw e;
      return { complaint: stored, created: false };
    }
  }

  async get(tenantId: string, schoolId: string, complaintId: string): Promise<StaffComplaint | undefined> {
    try {
      return fromEntity(await this.table.getEntity<Entity>(casePk(tenantId, schoolId), keyPart(complaintId)));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async byRef(tenantId: string, schoolId: string, ref: string): Promise<StaffComplaint | undefined> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey lt '~' and ref eq '${esc(ref)}'`;
    for await (const e of this.table.listEntities<Entity>({ queryOptions: { filter } })) return fromEntity(e);
    return undefined;
  }

  /** Saves the complaint if nobody changed it since it was read, with its log entries (and a booking job) in the same transaction. */
  async update(c: StaffComplaint, logs: StaffComplaintLogEntry[], booking?: EvaluationBooking): Promise<StaffComplaint> {
    if (!c.etag) throw new Error('update needs the ETag the complaint was read with');
    try {
      const now = await this.table.getEntity<Entity>(casePk(c.tenantId, c.schoolId), keyPart(c.complaintId));
      if (now.etag !== c.etag) throw new DomainError('CONFLICT', { complaintId: c.complaintId });
      const actions: TransactionAction[] = [['update', toEntity(c), 'Replace', { etag: c.etag }], ...logs.map((l): TransactionAction => ['create', this.logEntity(c, l)])];
      if (booking) actions.push(['upsert', bookingEntity(c.tenantId, c.schoolId, booking), 'Replace']);
      await this.table.submitTransaction(actions);
      return (await this.get(c.tenantId, c.schoolId, c.complaintId)) ?? c;
    } catch (e) {
      if (statusOf(e) === 412) throw new DomainError('CONFLICT', { complaintId: c.complaintId });
      throw e;
    }
  }

  async log(tenantId: string, schoolId: string, complaintId: string): Promise<StaffComplaintLogEntry[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${LOG}${keyPart(complaintId)}_`)}`;
    const out: StaffComplaintLogEntry[] = [];
    for await (const e of this.table.listEntities<LogEntity>({ queryOptions: { filter } })) out.push({ at: e.at, actorId: e.actorId, action: e.action as StaffComplaintLogEntry['action'], detail: e.detail });
    return out;
  }

  /** Open complaints whose evaluation is on or before `until` and not recorded. */
  async evaluationsDue(tenantId: string, schoolId: string, until: string): Promise<StaffComplaint[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey lt '~' and evaluationDue ne '' and evaluationDue le '${esc(until)}'`;
    const out: StaffComplaint[] = [];
    for await (const e of this.table.listEntities<Entity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out;
  }

  async getBooking(tenantId: string, schoolId: string, complaintId: string): Promise<EvaluationBooking | undefined> {
    try {
      return fromBookingEntity(await this.table.getEntity<BookingEntity>(casePk(tenantId, schoolId), keyPart(`${BOOKING}${complaintId}`)));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async pendingBookings(tenantId: string, schoolId: string): Promise<EvaluationBooking[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(BOOKING)} and pending eq true`;
    const out: EvaluationBooking[] = [];
    for await (const e of this.table.listEntities<BookingEntity>({ queryOptions: { filter } })) out.push(fromBookingEntity(e));
    return out;
  }

  /** Records what the calendar answered, if nobody changed the job since it was read (else CONFLICT). */
  async saveBooking(tenantId: string, schoolId: string, b: EvaluationBooking): Promise<EvaluationBooking> {
    if (!b.etag) throw new Error('saveBooking needs the ETag the booking was read with');
    try {
      await this.table.updateEntity(bookingEntity(tenantId, schoolId, b), 'Replace', { etag: b.etag });
    } catch (e) {
      if (statusOf(e) === 412) throw new DomainError('CONFLICT', { complaintId: b.complaintId });
      throw e;
    }
    return (await this.getBooking(tenantId, schoolId, b.complaintId)) ?? b;
  }

  /** True for the one caller (of any number of instances) that may send this reminder of this day. */
  async claimReminder(c: StaffComplaint, day: string, recipientId: string, at: string): Promise<boolean> {
    try {
      await this.table.createEntity({ partitionKey: casePk(c.tenantId, c.schoolId), rowKey: this.claimKey(c, day, recipientId), at });
      return true;
    } catch (e) {
      if (statusOf(e) === 409) return false;
      throw e;
    }
  }

  /** A reminder that could not be sent is given back, so the next sweep tries again. */
  async releaseReminder(c: StaffComplaint, day: string, recipientId: string): Promise<void> {
    await this.table.deleteEntity(casePk(c.tenantId, c.schoolId), this.claimKey(c, day, recipientId)).catch((e: unknown) => {
      if (statusOf(e) !== 404) throw e;
    });
  }

  private claimKey(c: StaffComplaint, day: string, recipientId: string): string {
    return keyPart(`${CLAIM}${c.complaintId}_${day}_${recipientId}`);
  }

  /**
   * «Meld fra nå» from the complaint: the report form (by its form id, for this user) that, once
   * submitted, is linked to the complaint. Kept on our side, so the report card carries nothing.
   */
  async savePendingLink(tenantId: string, schoolId: string, userId: string, formId: string, complaintId: string): Promise<void> {
    await this.table.upsertEntity({ partitionKey: casePk(tenantId, schoolId), rowKey: keyPart(`${LINK}${userId}_${formId}`), complaintId }, 'Replace');
  }

  async pendingLink(tenantId: string, schoolId: string, userId: string, formId: string): Promise<string | undefined> {
    try {
      return (await this.table.getEntity<{ complaintId: string }>(casePk(tenantId, schoolId), keyPart(`${LINK}${userId}_${formId}`))).complaintId;
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }
}
