/**
 * Elevsamtaler: one row per class and school year with the kontaktlærer's roster, the done-marks
 * and the varsler in orden and atferd (updated with ETags), and a claim row per class, reminder day
 * and recipient (the kontaktlærer, the class channel) so each reminder goes out once, even with
 * several instances running, and one that failed does not hold back or repeat the other.
 */
import { DomainError } from '../../domain/errors';
import type { ClassRoster, GradeWarning, TalkDone } from '../../domain/pupil-talks';
import type { StoredTalks, TalksStore } from '../../ports';
import type { Claims, ReminderClaimKey } from '../../ports/claims';
import { TableClaims } from './claims';
import { casePk, esc, keyPart, readRow, startsWith, statusOf, TableRepository, Tables } from './table-client';

/** `warnings` came later: rows written before it have none. */
interface TalksEntity { partitionKey: string; rowKey: string; className: string; schoolYear: number; pupils: string; done: string; warnings?: string }

const rowOf = (schoolYear: number, className: string) => keyPart(`roster_${schoolYear}_${className.toUpperCase()}`);
const claimRow = (day: string, className: string, to: string) => keyPart(`reminded_${day}_${className.toUpperCase()}_${to}`);

export class PupilTalksRepository extends TableRepository implements TalksStore {
  private readonly table = this.own('PupilTalks');
  /**
   * A claim per class, reminder day and recipient ('channel', or the kontaktlærer's user id), with
   * a lease: one held by an instance that stopped before it finished is taken over later.
   */
  readonly reminders: Claims<ReminderClaimKey>;
  constructor(tables: Tables) {
    super(tables);
    this.reminders = new TableClaims<ReminderClaimKey>(tables, 'PupilTalks', (k) => ({ partitionKey: casePk(k.tenantId, k.schoolId), rowKey: claimRow(k.key, k.subjectId, k.recipientId) }));
  }

  private from(tenantId: string, schoolId: string, e: TalksEntity & { etag?: string }): StoredTalks {
    return {
      roster: { tenantId, schoolId, className: e.className, schoolYear: e.schoolYear, pupils: JSON.parse(e.pupils) as ClassRoster['pupils'] },
      done: JSON.parse(e.done) as TalkDone[],
      warnings: JSON.parse(e.warnings ?? '[]') as GradeWarning[],
      etag: e.etag,
    };
  }

  async get(tenantId: string, schoolId: string, schoolYear: number, className: string): Promise<StoredTalks | undefined> {
    const e = await readRow<TalksEntity>(this.table, casePk(tenantId, schoolId), rowOf(schoolYear, className));
    return e && this.from(tenantId, schoolId, e);
  }

  /** Every class's roster at a school this school year (the reminder sweep). */
  async list(tenantId: string, schoolId: string, schoolYear: number): Promise<StoredTalks[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`roster_${schoolYear}_`)}`;
    const out: StoredTalks[] = [];
    for await (const e of this.table.listEntities<TalksEntity>({ queryOptions: { filter } })) out.push(this.from(tenantId, schoolId, e));
    return out;
  }

  /**
   * Retention: the rosters (names, conversations, varsler) of school years that ended before the
   * cutoff, and the reminder claims of days before it. A school year runs August to July.
   */
  async endedBefore(tenantId: string, schoolId: string, cutoffIso: string): Promise<{ className: string; schoolYear: number }[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith('roster_')}`;
    const out: { className: string; schoolYear: number }[] = [];
    for await (const e of this.table.listEntities<TalksEntity>({ queryOptions: { filter, select: ['className', 'schoolYear'] } })) {
      if (`${e.schoolYear + 1}-08-01` <= cutoffIso.slice(0, 10)) out.push({ className: e.className, schoolYear: e.schoolYear });
    }
    return out;
  }

  async removeRoster(tenantId: string, schoolId: string, schoolYear: number, className: string): Promise<void> {
    await this.drop(casePk(tenantId, schoolId), rowOf(schoolYear, className));
  }

  async removeClaimsBefore(tenantId: string, schoolId: string, cutoffIso: string): Promise<void> {
    const pk = casePk(tenantId, schoolId);
    const filter = `PartitionKey eq '${esc(pk)}' and RowKey ge 'reminded_' and RowKey lt '${esc(keyPart(`reminded_${cutoffIso.slice(0, 10)}`))}'`;
    for await (const e of this.table.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) await this.drop(pk, e.rowKey!);
  }

  private async drop(pk: string, rk: string): Promise<void> {
    await this.table.deleteEntity(pk, rk).catch((e: unknown) => {
      if (statusOf(e) !== 404) throw e;
    });
  }

  /** Creates (no etag) or replaces (with the etag read) the class's row; CONFLICT when someone else changed it. */
  async save(s: StoredTalks): Promise<StoredTalks> {
    const r = s.roster;
    const entity: TalksEntity = {
      partitionKey: casePk(r.tenantId, r.schoolId), rowKey: rowOf(r.schoolYear, r.className), className: r.className, schoolYear: r.schoolYear,
      pupils: JSON.stringify(r.pupils), done: JSON.stringify(s.done), warnings: JSON.stringify(s.warnings),
    };
    try {
      const res = s.etag ? await this.table.updateEntity(entity, 'Replace', { etag: s.etag }) : await this.table.createEntity(entity);
      return { ...s, etag: res.etag };
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 409) throw new DomainError('common.CONFLICT', { className: r.className });
      throw e;
    }
  }
}
