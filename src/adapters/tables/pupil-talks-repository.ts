/**
 * Elevsamtaler: one row per class and school year with the kontaktlærer's roster and the done-marks
 * (updated with ETags), and a claim row per class and reminder day so a reminder goes out once,
 * even with several instances running.
 */
import { TableClient } from '@azure/data-tables';
import { DomainError } from '../../domain/errors';
import type { ClassRoster, TalkDone } from '../../domain/pupil-talks';
import { casePk } from './case-repository';
import { esc, keyPart, startsWith, statusOf, Tables } from './table-client';

export interface StoredTalks {
  roster: ClassRoster;
  done: TalkDone[];
  etag?: string;
}

interface TalksEntity { partitionKey: string; rowKey: string; className: string; schoolYear: number; pupils: string; done: string }

const rowOf = (schoolYear: number, className: string) => keyPart(`roster_${schoolYear}_${className.toUpperCase()}`);

export class PupilTalksRepository {
  private readonly table: TableClient;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('PupilTalks');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  private from(tenantId: string, schoolId: string, e: TalksEntity & { etag?: string }): StoredTalks {
    return {
      roster: { tenantId, schoolId, className: e.className, schoolYear: e.schoolYear, pupils: JSON.parse(e.pupils) as ClassRoster['pupils'] },
      done: JSON.parse(e.done) as TalkDone[],
      etag: e.etag,
    };
  }

  async get(tenantId: string, schoolId: string, schoolYear: number, className: string): Promise<StoredTalks | undefined> {
    try {
      return this.from(tenantId, schoolId, await this.table.getEntity<TalksEntity>(casePk(tenantId, schoolId), rowOf(schoolYear, className)));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  /** Every class's roster at a school this school year (the reminder sweep). */
  async list(tenantId: string, schoolId: string, schoolYear: number): Promise<StoredTalks[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(`roster_${schoolYear}_`)}`;
    const out: StoredTalks[] = [];
    for await (const e of this.table.listEntities<TalksEntity>({ queryOptions: { filter } })) out.push(this.from(tenantId, schoolId, e));
    return out;
  }

  /** Creates (no etag) or replaces (with the etag read) the class's row; CONFLICT when someone else changed it. */
  async save(s: StoredTalks): Promise<StoredTalks> {
    const r = s.roster;
    const entity: TalksEntity = {
      partitionKey: casePk(r.tenantId, r.schoolId), rowKey: rowOf(r.schoolYear, r.className), className: r.className, schoolYear: r.schoolYear,
      pupils: JSON.stringify(r.pupils), done: JSON.stringify(s.done),
    };
    try {
      const res = s.etag ? await this.table.updateEntity(entity, 'Replace', { etag: s.etag }) : await this.table.createEntity(entity);
      return { ...s, etag: res.etag };
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 409) throw new DomainError('CONFLICT', { className: r.className });
      throw e;
    }
  }

  /** True for the one caller that may send this class's reminders of this day. */
  async claimReminder(tenantId: string, schoolId: string, className: string, day: string, at: string): Promise<boolean> {
    try {
      await this.table.createEntity({ partitionKey: casePk(tenantId, schoolId), rowKey: keyPart(`reminded_${day}_${className.toUpperCase()}`), at });
      return true;
    } catch (e) {
      if (statusOf(e) === 409) return false;
      throw e;
    }
  }

  async releaseReminder(tenantId: string, schoolId: string, className: string, day: string): Promise<void> {
    await this.table.deleteEntity(casePk(tenantId, schoolId), keyPart(`reminded_${day}_${className.toUpperCase()}`)).catch((e: unknown) => { if (statusOf(e) !== 404) throw e; });
  }
}
