/**
 * The calendar without a Microsoft 365 tenant (the local default): meetings are kept in our own
 * table, busy times come from the meetings we booked, and each invitee gets an .ics file to add
 * the meeting to whatever calendar they use. Creating the same meeting id again changes nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { createEvent } from 'ics';
import type { BookedEvent, BusyInterval, Calendar, MeetingRequest, Participant } from '../../ports';
import { esc, keyPart, statusOf, Tables } from '../tables/table-client';

interface MeetingEntity {
  partitionKey: string;
  rowKey: string;
  /** The whole request as JSON: subject, times, place, people (no pupil data by contract). */
  request: string;
  cancelled: boolean;
  sequence: number;
}

interface BusyEntity {
  partitionKey: string;
  rowKey: string;
  meetingId: string;
  start: string;
  end: string;
}

/** Longest meeting we book; busy rows that start this long before a range may still overlap it. */
const MAX_MEETING_MS = 4 * 3600_000;

export class LocalCalendar implements Calendar {
  readonly kind = 'local' as const;
  private readonly table: TableClient;

  constructor(
    private readonly tables: Tables,
    private readonly links: IcsLinks,
  ) {
    this.table = tables.client('Meetings');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  async busy(tenantId: string, _organizer: Participant, participants: Participant[], from: string, until: string): Promise<Record<string, BusyInterval[]>> {
    const out: Record<string, BusyInterval[]> = {};
    const earliest = new Date(Date.parse(from) - MAX_MEETING_MS).toISOString();
    await Promise.all(
      participants.map(async (p) => {
        const list: BusyInterval[] = [];
        const filter = `PartitionKey eq '${esc(busyPk(tenantId, p.userId))}' and RowKey ge '${esc(earliest)}' and RowKey lt '${esc(until)}'`;
        for await (const e of this.table.listEntities<BusyEntity>({ queryOptions: { filter } })) {
          if (e.end > from) list.push({ start: e.start, end: e.end });
        }
        out[p.userId] = list;
      }),
    );
    return out;
  }

  async create(m: MeetingRequest): Promise<BookedEvent> {
    const existing = await this.read(m.tenantId, m.meetingId);
    if (!existing) {
      await this.writeBusy(m);
      await this.table.upsertEntity<MeetingEntity>({ partitionKey: meetingsPk(m.tenantId), rowKey: keyPart(m.meetingId), request: JSON.stringify(m), cancelled: false, sequence: 0 }, 'Replace');
    }
    return { eventId: m.meetingId, joinUrl: '', webLink: this.links.url(m.tenantId, m.meetingId, new Date(m.end)) };
  }

  async update(eventId: string, m: MeetingRequest): Promise<void> {
    const old = await this.read(m.tenantId, eventId);
    if (old) await this.dropBusy(old.request);
    await this.writeBusy(m);
    await this.table.upsertEntity<MeetingEntity>(
      { partitionKey: meetingsPk(m.tenantId), rowKey: keyPart(eventId), request: JSON.stringify({ ...m, meetingId: eventId }), cancelled: false, sequence: (old?.sequence ?? 0) + 1 },
      'Replace',
    );
  }

  async cancel(tenantId: string, _organizer: Participant, eventId: string, comment = ''): Promise<void> {
    const old = await this.read(tenantId, eventId);
    if (!old) return;
    await this.dropBusy(old.request);
    // The cancelling .ics carries the message, as Outlook's cancellation does.
    const request = comment ? { ...old.request, body: comment } : old.request;
    await this.table.upsertEntity<MeetingEntity>({ partitionKey: meetingsPk(tenantId), rowKey: keyPart(eventId), request: JSON.stringify(request), cancelled: true, sequence: old.sequence + 1 }, 'Replace');
  }

  /** Retention: meetings that ended before the cutoff, with their busy rows, are deleted. */
  async removeEndedBefore(tenantId: string, cutoffIso: string): Promise<number> {
    let n = 0;
    for await (const e of this.table.listEntities<MeetingEntity>({ queryOptions: { filter: `PartitionKey eq '${esc(meetingsPk(tenantId))}'` } })) {
      const m = JSON.parse(e.request) as MeetingRequest;
      if (m.end >= cutoffIso) continue;
      await this.dropBusy(m);
      await this.table.deleteEntity(e.partitionKey, e.rowKey).catch((err: unknown) => {
        if (statusOf(err) !== 404) throw err;
      });
      n++;
    }
    return n;
  }

  /** The meeting as an iCalendar file, for the invitees to add to their own calendar. */
  async ics(tenantId: string, meetingId: string): Promise<string | undefined> {
    const stored = await this.read(tenantId, meetingId);
    if (!stored) return undefined;
    const m = stored.request;
    const r = createEvent({
      uid: `${m.meetingId}@meld-fra`,
      sequence: stored.sequence,
      method: stored.cancelled ? 'CANCEL' : 'REQUEST',
      status: stored.cancelled ? 'CANCELLED' : 'CONFIRMED',
      productId: 'meld-fra',
      title: m.subject,
      description: m.body,
      location: m.location,
      start: Date.parse(m.start),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: Date.parse(m.end),
      endInputType: 'utc',
      endOutputType: 'utc',
      ...(m.organizer.email ? { organizer: { name: m.organizer.name, email: m.organizer.email } } : {}),
      attendees: m.attendees.filter((a) => a.email).map((a) => ({ name: a.name, email: a.email, rsvp: true, role: 'REQ-PARTICIPANT' as const })),
    });
    if (r.error || !r.value) throw new Error('could not write the calendar file');
    return r.value;
  }

  private async read(tenantId: string, meetingId: string): Promise<{ request: MeetingRequest; cancelled: boolean; sequence: number } | undefined> {
    try {
      const e = await this.table.getEntity<MeetingEntity>(meetingsPk(tenantId), keyPart(meetingId));
      return { request: JSON.parse(e.request) as MeetingRequest, cancelled: e.cancelled, sequence: e.sequence ?? 0 };
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  private async writeBusy(m: MeetingRequest): Promise<void> {
    for (const p of [m.organizer, ...m.attendees]) {
      await this.table.upsertEntity<BusyEntity>({ partitionKey: busyPk(m.tenantId, p.userId), rowKey: busyRk(m.start, m.meetingId), meetingId: m.meetingId, start: m.start, end: m.end }, 'Replace');
    }
  }

  private async dropBusy(m: MeetingRequest): Promise<void> {
    for (const p of [m.organizer, ...m.attendees]) {
      await this.table.deleteEntity(busyPk(m.tenantId, p.userId), busyRk(m.start, m.meetingId)).catch((e) => {
        if (statusOf(e) !== 404) throw e;
      });
    }
  }
}

const meetingsPk = (tenantId: string) => keyPart(`m_${tenantId}`);
const busyPk = (tenantId: string, userId: string) => keyPart(`b_${tenantId}_${userId}`);
/** Sorted by start, so a time range is a key range. */
const busyRk = (start: string, meetingId: string) => keyPart(`${start}_${meetingId}`);

/**
 * Links to a meeting's .ics file that cannot be guessed and stop working some days after the
 * meeting: the meeting id and the expiry signed with the service's secret. The file holds no
 * pupil data, but the names of those invited are nobody else's business either.
 */
export class IcsLinks {
  constructor(
    /** A function: the port is known only once the server listens. */
    private readonly publicUrl: () => string,
    private readonly secret: string,
    /** How long after the meeting's end the link still works. */
    private readonly daysAfter: number,
  ) {}

  url(tenantId: string, meetingId: string, meetingEnd: Date): string {
    const base = this.publicUrl().replace(/\/$/, '');
    const exp = String(Math.floor(meetingEnd.getTime() / 1000) + this.daysAfter * 86_400);
    return `${base}/meetings/${encodeURIComponent(tenantId)}/${encodeURIComponent(meetingId)}.ics?sig=${this.sign(tenantId, meetingId, exp)}&exp=${exp}`;
  }

  verify(tenantId: string, meetingId: string, exp: string, sig: string, now: Date): boolean {
    if (!/^\d{1,12}$/.test(exp) || Number(exp) * 1000 < now.getTime()) return false;
    const want = Buffer.from(this.sign(tenantId, meetingId, exp));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  private sign(tenantId: string, meetingId: string, exp: string): string {
    return createHmac('sha256', this.secret).update(`ics|${tenantId}|${meetingId}|${exp}`).digest('base64url').slice(0, 32);
  }
}
