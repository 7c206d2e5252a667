/**
 * Complaints about teaching (klage på opplæring): one table, partitioned by school. Beside each
 * complaint (same partition, row keys starting with "~") its log entries and the claims of the
 * follow-up reminders, so a complaint and its log entry are saved in one transaction and two
 * instances never remind the same person twice.
 */
import { randomBytes } from 'node:crypto';
import { TableClient, TransactionAction } from '@azure/data-tables';
import { complaintDeadline, type ComplaintLogEntry, type TeachingComplaint } from '../../domain/complaint';
import { DomainError } from '../../domain/errors';
import { casePk, fromChunks, toChunks } from './case-repository';
import { esc, keyPart, startsWith, statusOf, Tables } from './table-client';

/** The complaint with what the pupils say it is about, as registered (the domain keeps neither text nor pupils in logs). */
export type StoredComplaint = TeachingComplaint & { description: string };

/** What changes as the complaint moves on: minutes, follow-up, written complaint, skips, hand-over, resolution. */
type Body = Pick<TeachingComplaint, 'representatives' | 'minutes' | 'followUp' | 'writtenComplaint' | 'toRektor' | 'skips' | 'resolution' | 'followUpMoved'> & { description: string };

type ComplaintEntity = {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  tenantId: string;
  schoolId: string;
  ref: string;
  class: string;
  subject: string;
  teacherId: string;
  registeredBy: string;
  registeredAt: string;
  leaderId: string;
  stage: number;
  stageSince: string;
  status: string;
  teacherInformedAt: string;
  /** The date of the follow-up meeting still to be held, '' when none: the reminder sweep reads by it. */
  followUpDue: string;
  /** The body as JSON, split over body0, body1, … so no property passes Azure's 64 KiB. */
  [chunk: `body${number}`]: string | undefined;
};

type ClaimEntity = { partitionKey: string; rowKey: string; at: string; leaseUntil?: string; sentAt?: string };

type LogEntity = { partitionKey: string; rowKey: string; complaintId: string; at: string; actorId: string; action: string; detail: string };

const LOG = '~L_';
const CLAIM = '~R_';
const BOOKING = '~B_';

/**
 * The follow-up meeting's booking job: saved with the complaint when the stage-2 minutes are
 * saved, booked at once, and retried by the hourly sweep while `bookedVersion < version`. Its
 * `meetingId` stays the same for the complaint, so the calendar makes one event (the Graph
 * transactionId); a new version of the minutes, or a moved date, moves that event. When the
 * follow-up is no longer awaited (the complaint closed at stage 2, or the follow-up recorded
 * before the booked time), a last version with `cancelled` takes it out of the calendar.
 */
export interface FollowUpBooking {
  complaintId: string;
  meetingId: string;
  /** The stage-2 minutes the meeting follows up. */
  minutesId: string;
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
  /** The last version takes the meeting out of the calendar. */
  cancelled?: boolean;
  /** The start the calendar had at `bookedVersion`: a different start is a move the invitees are told of. */
  bookedStart?: string;
  /** Who made the latest version (moved or cancelled it): everyone else invited is told. */
  by?: string;
  etag?: string;
}

type BookingEntity = { partitionKey: string; rowKey: string; etag?: string; pending: boolean; booking: string };

const bookingEntity = (tenantId: string, schoolId: string, b: FollowUpBooking): BookingEntity => {
  const { etag: _etag, ...rest } = b;
  return { partitionKey: casePk(tenantId, schoolId), rowKey: keyPart(`${BOOKING}${b.complaintId}`), pending: b.bookedVersion < b.version, booking: JSON.stringify(rest) };
};
const fromBookingEntity = (e: BookingEntity): FollowUpBooking => ({ ...(JSON.parse(e.booking) as FollowUpBooking), etag: e.etag });

const toEntity = (c: StoredComplaint): ComplaintEntity => {
  const body: Body = {
    description: c.description,
    representatives: c.representatives,
    minutes: c.minutes,
    followUp: c.followUp,
    writtenComplaint: c.writtenComplaint,
    toRektor: c.toRektor,
    skips: c.skips,
    resolution: c.resolution,
    followUpMoved: c.followUpMoved,
  };
  return {
    partitionKey: casePk(c.tenantId, c.schoolId),
    rowKey: keyPart(c.complaintId),
    tenantId: c.tenantId,
    schoolId: c.schoolId,
    ref: c.ref,
    class: c.class,
    subject: c.subject,
    teacherId: c.teacherId,
    registeredBy: c.registeredBy,
    registeredAt: c.registeredAt,
    leaderId: c.leaderId,
    stage: c.stage,
    stageSince: c.stageSince,
    status: c.status,
    teacherInformedAt: c.teacherInformedAt,
    followUpDue: complaintDeadline(c)?.date ?? '',
    ...toChunks('body', JSON.stringify(body)),
  };
};

const fromEntity = (e: ComplaintEntity): StoredComplaint => {
  const body = JSON.parse(fromChunks('body', e)) as Body;
  return {
    tenantId: e.tenantId,
    schoolId: e.schoolId,
    complaintId: e.rowKey,
    ref: e.ref,
    class: e.class,
    subject: e.subject,
    teacherId: e.teacherId,
    registeredBy: e.registeredBy,
    registeredAt: e.registeredAt,
    leaderId: e.leaderId,
    stage: e.stage as TeachingComplaint['stage'],
    stageSince: e.stageSince,
    status: e.status as TeachingComplaint['status'],
    teacherInformedAt: e.teacherInformedAt,
    description: body.description,
    representatives: body.representatives,
    minutes: body.minutes,
    skips: body.skips,
    ...(body.followUp ? { followUp: body.followUp } : {}),
    ...(body.writtenComplaint ? { writtenComplaint: body.writtenComplaint } : {}),
    ...(body.toRektor ? { toRektor: body.toRektor } : {}),
    ...(body.resolution ? { resolution: body.resolution } : {}),
    ...(body.followUpMoved ? { followUpMoved: body.followUpMoved } : {}),
    etag: e.etag,
  };
};

export class ComplaintRepository {
  private readonly table: TableClient;
  private seq = 0;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('Complaints');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  private logEntity(c: TeachingComplaint, e: ComplaintLogEntry): LogEntity {
    // Time first keeps the entries in order; the counter and the random tail keep them apart.
    const seq = String(this.seq++ % 1e6).padStart(6, '0');
    return { partitionKey: casePk(c.tenantId, c.schoolId), rowKey: `${LOG}${keyPart(c.complaintId)}_${e.at}_${seq}${randomBytes(3).toString('hex')}`, complaintId: c.complaintId, ...e };
  }

  /** Creates the complaint with its first log entry; the same complaint again returns the stored one. */
  async create(c: StoredComplaint, log: ComplaintLogEntry): Promise<{ complaint: StoredComplaint; created: boolean }> {
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

  async get(tenantId: string, schoolId: string, complaintId: string): Promise<StoredComplaint | undefined> {
    try {
      return fromEntity(await this.table.getEntity<ComplaintEntity>(casePk(tenantId, schoolId), keyPart(complaintId)));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async byRef(tenantId: string, schoolId: string, ref: string): Promise<StoredComplaint | undefined> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey lt '~' and ref eq '${esc(ref)}'`;
    for await (const e of this.table.listEntities<ComplaintEntity>({ queryOptions: { filter } })) return fromEntity(e);
    return undefined;
  }

  /** The school's open complaints, oldest first. */
  async listOpen(tenantId: string, schoolId: string): Promise<StoredComplaint[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey lt '~' and status eq 'apen'`;
    const out: StoredComplaint[] = [];
    for await (const e of this.table.listEntities<ComplaintEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
  }

  /** Open complaints whose follow-up meeting falls on or before `until` and is not yet held. */
  async followUpsDue(tenantId: string, schoolId: string, until: string): Promise<StoredComplaint[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey lt '~' and followUpDue ne '' and followUpDue le '${esc(until)}'`;
    const out: StoredComplaint[] = [];
    for await (const e of this.table.listEntities<ComplaintEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out;
  }

  /**
   * Saves the complaint if nobody changed it since it was read, with its log entries in the same
   * transaction. Azurite ignores the ETag inside a transaction, so it is also checked by a read.
   */
  async update(c: StoredComplaint, logs: ComplaintLogEntry[], booking?: FollowUpBooking): Promise<StoredComplaint> {
    if (!c.etag) throw new Error('update needs the ETag the complaint was read with');
    try {
      const now = await this.table.getEntity<ComplaintEntity>(casePk(c.tenantId, c.schoolId), keyPart(c.complaintId));
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

  async log(tenantId: string, schoolId: string, complaintId: string): Promise<ComplaintLogEntry[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`${LOG}${keyPart(complaintId)}_`)}`;
    const out: ComplaintLogEntry[] = [];
    for await (const e of this.table.listEntities<LogEntity>({ queryOptions: { filter } })) out.push({ at: e.at, actorId: e.actorId, action: e.action as ComplaintLogEntry['action'], detail: e.detail });
    return out;
  }

  /**
   * True for the one caller that may remind this person of this deadline (`key`: the duty and its
   * date). The claim is a lease: if the instance that took it stops before the reminder is marked
   * sent, another takes it over once `leaseUntil` has passed (an ETag decides between two).
   */
  async claimReminder(c: TeachingComplaint, key: string, recipientId: string, at: string, leaseUntil: string): Promise<boolean> {
    const pk = casePk(c.tenantId, c.schoolId);
    const rowKey = this.claimKey(c, key, recipientId);
    try {
      await this.table.createEntity<ClaimEntity>({ partitionKey: pk, rowKey, at, leaseUntil, sentAt: '' });
      return true;
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
    let held: ClaimEntity & { etag: string };
    try {
      held = await this.table.getEntity<ClaimEntity>(pk, rowKey);
    } catch (e) {
      if (statusOf(e) === 404) return false;
      throw e;
    }
    // A claim written before leases (no leaseUntil) was sent.
    if (held.sentAt || held.leaseUntil === undefined || held.leaseUntil > at) return false;
    try {
      await this.table.updateEntity<ClaimEntity>({ partitionKey: pk, rowKey, at, leaseUntil, sentAt: '' }, 'Replace', { etag: held.etag });
      return true;
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 404) return false;
      throw e;
    }
  }

  /** The reminder went out (or cannot ever reach this person): nobody sends it again. */
  async markReminderSent(c: TeachingComplaint, key: string, recipientId: string, at: string): Promise<void> {
    await this.table.updateEntity({ partitionKey: casePk(c.tenantId, c.schoolId), rowKey: this.claimKey(c, key, recipientId), sentAt: at }, 'Merge');
  }

  /** A reminder that could not be sent is given back, so the next sweep tries again. */
  async releaseReminder(c: TeachingComplaint, key: string, recipientId: string): Promise<void> {
    await this.table.deleteEntity(casePk(c.tenantId, c.schoolId), this.claimKey(c, key, recipientId)).catch((e: unknown) => {
      if (statusOf(e) !== 404) throw e;
    });
  }

  private claimKey(c: TeachingComplaint, key: string, recipientId: string): string {
    return keyPart(`${CLAIM}${c.complaintId}_${key}_${recipientId}`);
  }

  async getBooking(tenantId: string, schoolId: string, complaintId: string): Promise<FollowUpBooking | undefined> {
    try {
      return fromBookingEntity(await this.table.getEntity<BookingEntity>(casePk(tenantId, schoolId), keyPart(`${BOOKING}${complaintId}`)));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  /** Bookings the calendar has not yet taken (it was down, or the instance stopped). */
  async pendingBookings(tenantId: string, schoolId: string): Promise<FollowUpBooking[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(BOOKING)} and pending eq true`;
    const out: FollowUpBooking[] = [];
    for await (const e of this.table.listEntities<BookingEntity>({ queryOptions: { filter } })) out.push(fromBookingEntity(e));
    return out;
  }

  /** Saves the job's progress if nobody changed it since it was read (else CONFLICT). */
  async saveBooking(tenantId: string, schoolId: string, b: FollowUpBooking): Promise<FollowUpBooking> {
    if (!b.etag) throw new Error('saveBooking needs the ETag the booking was read with');
    try {
      await this.table.updateEntity(bookingEntity(tenantId, schoolId, b), 'Replace', { etag: b.etag });
    } catch (e) {
      if (statusOf(e) === 412) throw new DomainError('CONFLICT', { complaintId: b.complaintId });
      throw e;
    }
    return (await this.getBooking(tenantId, schoolId, b.complaintId)) ?? b;
  }
}
