/**
 * Reminders, stored in the school's partition of the Cases table so a case and its first
 * reminders are written in one transaction. Row keys sort by due time ("~R_<dueAt>_<id>"), so
 * the sweep reads a key range that holds only what is due; a sent reminder's row is deleted,
 * so finished work is never read again. Claims are ETag-checked leases: of several instances,
 * exactly one sends a reminder.
 */
import { TransactionAction } from '@azure/data-tables';
import type { Duty, Reminder } from '../../domain/reminders';
import type { ReminderStore, StoredReminder } from '../../ports';
import { casePk, esc, keyPart, statusOf, TableRepository } from './table-client';

type ReminderEntity = {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  kind: 'reminder';
  tenantId: string;
  schoolId: string;
  caseId: string;
  reminderId: string;
  duty: string;
  step: number;
  dueAt: string;
  deadline: string;
  attempts: number;
  lastError: string;
  /** Recipients already sent to, so a retry never repeats a send (JSON array). */
  sentTo: string;
  leaseOwner: string;
  leaseUntil: string;
  meetingId?: string;
};

const DUE = '~R_';
const FAILED = '~F_';
const dueKey = (r: Pick<Reminder, 'dueAt' | 'reminderId'>) => keyPart(`${DUE}${r.dueAt}_${r.reminderId}`);

export const reminderEntity = (r: Reminder, o: { sentTo?: string[]; rowKey?: string } = {}): ReminderEntity => ({
  partitionKey: casePk(r.tenantId, r.schoolId),
  rowKey: o.rowKey ?? dueKey(r),
  kind: 'reminder',
  tenantId: r.tenantId,
  schoolId: r.schoolId,
  caseId: r.caseId,
  reminderId: r.reminderId,
  duty: r.duty,
  step: r.step,
  dueAt: r.dueAt,
  deadline: r.deadline,
  attempts: r.attempts,
  lastError: r.lastError,
  sentTo: JSON.stringify(o.sentTo ?? []),
  leaseOwner: '',
  leaseUntil: '',
  meetingId: r.meetingId ?? '',
});

const fromEntity = (e: ReminderEntity): StoredReminder => ({
  tenantId: e.tenantId,
  schoolId: e.schoolId,
  caseId: e.caseId,
  reminderId: e.reminderId,
  duty: e.duty as Duty,
  step: e.step,
  dueAt: e.dueAt,
  deadline: e.deadline,
  attempts: e.attempts,
  lastError: e.lastError,
  ...(e.meetingId ? { meetingId: e.meetingId } : {}),
  sentTo: JSON.parse(e.sentTo || '[]') as string[],
  leaseOwner: e.leaseOwner,
  leaseUntil: e.leaseUntil,
  rowKey: e.rowKey,
  etag: e.etag ?? '',
});

const toEntity = (r: StoredReminder, rowKey = r.rowKey): ReminderEntity => ({
  ...reminderEntity(r, { sentTo: r.sentTo, rowKey }),
  leaseOwner: r.leaseOwner,
  leaseUntil: r.leaseUntil,
});

export class ReminderRepository extends TableRepository implements ReminderStore {
  private readonly table = this.own('Cases');
  /** Entities read by due(): the sweep's cost, reported by the benchmark. */
  entitiesRead = 0;

  async schedule(reminders: Reminder[]): Promise<void> {
    // Transactions hold up to 100 entities of one partition.
    const byPk = new Map<string, ReminderEntity[]>();
    for (const r of reminders) {
      const e = reminderEntity(r);
      byPk.set(e.partitionKey, [...(byPk.get(e.partitionKey) ?? []), e]);
    }
    for (const list of byPk.values()) {
      for (let i = 0; i < list.length; i += 100) {
        await this.table.submitTransaction(list.slice(i, i + 100).map((e): TransactionAction => ['upsert', e, 'Replace']));
      }
    }
  }

  /** Due reminders of one school: a key-range query, so it reads what is due and no more. */
  async due(tenantId: string, schoolId: string, nowIso: string, max: number): Promise<StoredReminder[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey ge '${DUE}' and RowKey lt '${esc(keyPart(`${DUE}${nowIso}`))}~'`;
    const out: StoredReminder[] = [];
    for await (const e of this.table.listEntities<ReminderEntity>({ queryOptions: { filter } })) {
      this.entitiesRead++;
      out.push(fromEntity(e));
      if (out.length >= max) break;
    }
    return out;
  }

  /** Takes the reminder for `owner` until `until`; undefined when another instance holds it. */
  async claim(r: StoredReminder, owner: string, until: string): Promise<StoredReminder | undefined> {
    const claimed = { ...r, leaseOwner: owner, leaseUntil: until };
    try {
      const res = await this.table.updateEntity(toEntity(claimed), 'Replace', { etag: r.etag });
      return { ...claimed, etag: res.etag ?? '' };
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  /** Records a recipient as sent to, under the claim. */
  async progress(r: StoredReminder): Promise<StoredReminder> {
    const res = await this.table.updateEntity(toEntity(r), 'Replace', { etag: r.etag });
    return { ...r, etag: res.etag ?? '' };
  }

  /**
   * Done: the next step (if any) is written first, then this row is deleted with its ETag. The
   * SDK's transactions cannot carry an ETag on a delete, so this is two steps; a crash between
   * them leaves this row, whose recipients are all in sentTo, so it is completed without a send.
   */
  async complete(r: StoredReminder, next?: Reminder): Promise<void> {
    if (next) await this.table.upsertEntity(reminderEntity(next), 'Replace');
    await this.remove(r);
  }

  /** Tries again later: the row stays where it is, held by a lease that ends at the retry time. */
  async retry(r: StoredReminder, atIso: string, error: string): Promise<void> {
    const later: StoredReminder = { ...r, attempts: r.attempts + 1, lastError: error, leaseOwner: 'retry', leaseUntil: atIso };
    try {
      await this.table.updateEntity(toEntity(later), 'Replace', { etag: r.etag });
    } catch (e) {
      if (statusOf(e) !== 412 && statusOf(e) !== 404) throw e;
    }
  }

  /** Will not succeed by retrying (bot removed, user gone): kept aside for the admin. */
  async fail(r: StoredReminder, error: string): Promise<void> {
    const failed: StoredReminder = { ...r, attempts: r.attempts + 1, lastError: error, leaseOwner: '', leaseUntil: '' };
    await this.table.upsertEntity(toEntity(failed, keyPart(`${FAILED}${r.reminderId}`)), 'Replace');
    await this.remove(r);
  }

  /** One recipient could not be reached for good: recorded for the admin, the reminder goes on. */
  async setAside(r: StoredReminder, recipientId: string, error: string): Promise<void> {
    const failed: StoredReminder = { ...r, attempts: r.attempts + 1, lastError: error, sentTo: [recipientId], leaseOwner: '', leaseUntil: '' };
    await this.table.upsertEntity(toEntity(failed, keyPart(`${FAILED}${r.reminderId}_${recipientId}`)), 'Replace');
  }

  private async remove(r: StoredReminder): Promise<void> {
    try {
      await this.table.deleteEntity(casePk(r.tenantId, r.schoolId), r.rowKey, { etag: r.etag });
    } catch (e) {
      if (statusOf(e) !== 412 && statusOf(e) !== 404) throw e;
    }
  }

  /** Gives a claim back (graceful shutdown), so another instance can send it at once. */
  async release(r: StoredReminder): Promise<void> {
    try {
      await this.table.updateEntity(toEntity({ ...r, leaseOwner: '', leaseUntil: '' }), 'Replace', { etag: r.etag });
    } catch (e) {
      if (statusOf(e) !== 412 && statusOf(e) !== 404) throw e;
    }
  }

  async failed(tenantId: string, schoolId: string): Promise<StoredReminder[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey ge '${FAILED}' and RowKey lt '${FAILED}~'`;
    const out: StoredReminder[] = [];
    for await (const e of this.table.listEntities<ReminderEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out;
  }

  /** Every scheduled reminder of a case (tests, the case card later). */
  async forCase(tenantId: string, schoolId: string, caseId: string): Promise<StoredReminder[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey ge '${DUE}' and RowKey lt '${DUE}~' and caseId eq '${esc(caseId)}'`;
    const out: StoredReminder[] = [];
    for await (const e of this.table.listEntities<ReminderEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out;
  }
}
