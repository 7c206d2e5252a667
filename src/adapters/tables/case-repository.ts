import type { TransactionAction } from '@azure/data-tables';
import type { LogEntry, SkolemiljoCase } from '../../domain/case';
import type { ActivityPlan } from '../../domain/casework';
import { DomainError } from '../../domain/errors';
import type { Reminder } from '../../domain/reminders';
import { fromChunks, toChunks } from './long-text';
import { reminderEntity } from './reminder-repository';
import { logRowBeside } from './case-log-repository';
import { ArchiveJobRepository, archiveJobEntity } from './archive-job-repository';
import type { ArchiveJob } from '../../domain/archive-jobs';
import type { Audience } from '../../domain/case-index';
import type { CaseIndex, CaseRemoval, CaseStore, IndexedCase, OpenDeadlines, OverviewStore } from '../../ports';
import type { Month } from '../../domain/overview';
import { compactCounters, foldOwnRows, openRowKey, overviewActions, readCounters, readOpenDeadlines, storedTally, tallyFor } from './overview-counters';
import { refKey, yearRefs } from './case-refs';
import { ReferenceTaken, refYear } from '../../domain/reference';
import { audiencePrefix, fromEntity, planKey, indexRows, INDEX, PLAN, refRow, toEntity, type CaseEntity, type IndexEntity, type PlanEntity, type RefEntity } from './case-entity';
import { casePk, createOrStored, esc, keyPart, readRow, statusOf, TableRepository, Tables } from './table-client';

/** Tries of a save whose overview counter row another save at the school changed at the same moment. */
const COUNTER_RETRIES = 12;
/** A short random wait before trying again, longer each time, so two clashing saves part. */
const jitter = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));

export class CaseRepository extends TableRepository implements CaseStore, CaseIndex, CaseRemoval, OverviewStore {
  private readonly table = this.own('Cases');
  private readonly jobs: ArchiveJobRepository;
  constructor(tables: Tables) {
    super(tables);
    this.jobs = new ArchiveJobRepository(tables);
  }

  override async init(): Promise<void> {
    await super.init();
    // Cases saved before the index existed get their rows (one scan of two columns per start).
    for await (const e of this.table.listEntities<Pick<CaseEntity, 'partitionKey' | 'rowKey' | 'indexKeys' | 'tally'>>({ queryOptions: { filter: `RowKey lt '~'`, select: ['PartitionKey', 'RowKey', 'indexKeys', 'tally'] } })) {
      // With $select, Azure answers a property a row lacks as null, Azurite leaves it out.
      if (e.tally === undefined || e.tally === null) await this.countOnce(e.partitionKey, e.rowKey);
      if (e.indexKeys) continue;
      const full = await this.table.getEntity<CaseEntity>(e.partitionKey, e.rowKey);
      const c = fromEntity(full);
      await this.table.submitTransaction([['upsert', refRow(c), 'Replace'], ...indexRows(c).map((r): TransactionAction => ['upsert', r, 'Replace'])]);
      await this.table.updateEntity({ partitionKey: e.partitionKey, rowKey: e.rowKey, indexKeys: JSON.stringify(indexRows(c).map((r) => r.rowKey)) }, 'Merge', { etag: full.etag }).catch((err: unknown) => {
        // Changed meanwhile: that save wrote the index itself.
        if (statusOf(err) !== 412) throw err;
      });
    }
  }

  /** A case saved before the overview existed is counted once, with its tally on its row (ETag: a save meanwhile counted it). */
  private async countOnce(pk: string, rk: string): Promise<void> {
    const full = await this.table.getEntity<CaseEntity>(pk, rk);
    const c = fromEntity(full);
    await this.table.submitTransaction([['update', { partitionKey: pk, rowKey: rk, tally: JSON.stringify(tallyFor(c)) }, 'Merge', { etag: full.etag }], ...(await overviewActions(this.table, c, {}))]).catch((err: unknown) => {
      if (statusOf(err) !== 412 && statusOf(err) !== 409) throw err;
    });
  }

  /**
   * Creates the case, its first reminders and its first log entries in one transaction (same
   * partition): a crash cannot leave a case whose deadlines nobody will be reminded of, or one
   * whose log does not say it was reported. Its reference row is created there too, so a second
   * case with the reference fails whole (ReferenceTaken), where the case id already there is the
   * same case sent again.
   */
  async create(c: SkolemiljoCase, reminders: Reminder[] = [], logs: LogEntry[] = []): Promise<{ case: SkolemiljoCase; created: boolean }> {
    // A new case writes only rows of its own (its counts too: overview-counters.ts), so a 412, or 409 with no case stored, is now rare; tried again as before.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.createOnce(c, reminders, logs);
      } catch (e) {
        if ((statusOf(e) !== 409 && statusOf(e) !== 412) || attempt >= COUNTER_RETRIES) throw e;
        await jitter(attempt);
      }
    }
  }

  /**
   * Runs a save of `c`, again when it failed only because another save at the school changed an
   * overview counter row meanwhile (the case itself still has the ETag it was read with).
   */
  private async counted<T>(c: SkolemiljoCase, save: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await save();
      } catch (e) {
        // 404: another save folded the case's own counter row first; 409: made the shard row first.
        if (![404, 409, 412].includes(statusOf(e) ?? 0) || attempt >= COUNTER_RETRIES) throw e;
        const now = await readRow<CaseEntity>(this.table, casePk(c.tenantId, c.schoolId), keyPart(c.caseId));
        if (now?.etag !== c.etag) throw e;
        await jitter(attempt);
      }
    }
  }

  private async createOnce(c: SkolemiljoCase, reminders: Reminder[], logs: LogEntry[]): Promise<{ case: SkolemiljoCase; created: boolean }> {
    const actions: TransactionAction[] = [
      ['create', toEntity(c)],
      ['create', refRow(c)],
      ...indexRows(c).map((r): TransactionAction => ['upsert', r, 'Replace']),
      ...reminders.map((r): TransactionAction => ['create', reminderEntity(r)]),
      ...logs.map((e): TransactionAction => ['create', logRowBeside(c.tenantId, c.schoolId, c.caseId, e)]),
      ...(await overviewActions(this.table, c, {})),
    ];
    // The case as a read would return it (the same mapping), with the ETag the transaction answered
    // for its row: no read after the write. A case already there (409) is read, and its reference row:
    // no case but the reference another case's is a reference taken, not this case sent again.
    let etag: string | undefined;
    let saved = false;
    const { record, created } = await createOrStored(
      c,
      async () => {
        etag = (await this.table.submitTransaction(actions)).getResponseForEntity(keyPart(c.caseId))?.etag;
        saved = true;
      },
      async () => {
        if (etag) return fromEntity({ ...toEntity(c), etag });
        if (saved) return this.get(c.tenantId, c.schoolId, c.caseId);
        const year = refYear(c.ref);
        const [found, refs] = await Promise.all([this.get(c.tenantId, c.schoolId, c.caseId), year ? yearRefs(this.table, casePk(c.tenantId, c.schoolId), year) : undefined]);
        const other = refs?.caseOf.get(c.ref);
        if (!found && refs && other !== undefined && other !== c.caseId) throw new ReferenceTaken(c.ref, refs.highest);
        return found;
      },
    );
    return { case: record, created };
  }

  async get(tenantId: string, schoolId: string, caseId: string): Promise<SkolemiljoCase | undefined> {
    this.entitiesRead++;
    const e = await readRow<CaseEntity>(this.table, casePk(tenantId, schoolId), keyPart(caseId));
    return e && fromEntity(e);
  }

  /**
   * Saves the case if nobody changed it since it was read, with new reminders (or jobs) in the
   * same transaction. Azure checks the ETag inside a transaction; Azurite ignores it there, so
   * the ETag is also checked by a read just before (the window that leaves is Azurite's only).
   */
  async update(c: SkolemiljoCase, reminders: Reminder[] = [], jobs: ArchiveJob[] = []): Promise<SkolemiljoCase> {
    if (!c.etag) throw new Error('update needs the ETag the case was read with');
    try {
      return await this.counted(c, () => this.updateOnce(c, reminders, jobs));
    } catch (e) {
      // 409: a job of this change is there already, so the change was saved by another try.
      if (statusOf(e) === 412 || statusOf(e) === 409) throw new DomainError('common.CONFLICT', { caseId: c.caseId });
      throw e;
    }
  }

  private async updateOnce(c: SkolemiljoCase, reminders: Reminder[], jobs: ArchiveJob[]): Promise<SkolemiljoCase> {
    const now = await this.table.getEntity<CaseEntity>(casePk(c.tenantId, c.schoolId), keyPart(c.caseId));
    if (now.etag !== c.etag) throw new DomainError('common.CONFLICT', { caseId: c.caseId });
    if (jobs.length) await this.jobs.point(jobs, jobs[0].createdAt);
    const actions: TransactionAction[] = [
      ['update', toEntity(c), 'Replace', { etag: c.etag }],
      ...indexRows(c).map((r): TransactionAction => ['upsert', r, 'Replace']),
      ...reminders.map((r): TransactionAction => ['upsert', reminderEntity(r), 'Replace']),
      ...jobs.map((j): TransactionAction => ['create', archiveJobEntity(j)]),
      ...(await overviewActions(this.table, c, storedTally(now.tally))),
    ];
    await this.table.submitTransaction(actions);
    await this.dropStaleIndex(now, c);
    return (await this.get(c.tenantId, c.schoolId, c.caseId)) ?? c;
  }

  /**
   * Saves the case with a new plan version in one transaction: the plan row is created, so an
   * existing version is never overwritten (409 → CONFLICT), and the case's ETag must still match.
   */
  async savePlan(c: SkolemiljoCase, plan: ActivityPlan, reminders: Reminder[] = [], jobs: ArchiveJob[] = []): Promise<SkolemiljoCase> {
    if (!c.etag) throw new Error('savePlan needs the ETag the case was read with');
    try {
      return await this.counted(c, () => this.savePlanOnce(c, plan, reminders, jobs));
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 409) throw new DomainError('common.CONFLICT', { caseId: c.caseId });
      throw e;
    }
  }

  private async savePlanOnce(c: SkolemiljoCase, plan: ActivityPlan, reminders: Reminder[], jobs: ArchiveJob[]): Promise<SkolemiljoCase> {
    const row: Record<string, unknown> & { partitionKey: string; rowKey: string } = { partitionKey: casePk(c.tenantId, c.schoolId), rowKey: planKey(c.caseId, plan.version), caseId: c.caseId, version: plan.version, ...toChunks('plan', JSON.stringify(plan)) };
    const now = await this.table.getEntity<CaseEntity>(casePk(c.tenantId, c.schoolId), keyPart(c.caseId));
    if (now.etag !== c.etag) throw new DomainError('common.CONFLICT', { caseId: c.caseId });
    if (jobs.length) await this.jobs.point(jobs, jobs[0].createdAt);
    await this.table.submitTransaction([
      ['update', toEntity(c), 'Replace', { etag: c.etag }],
      ['create', row],
      ...indexRows(c).map((r): TransactionAction => ['upsert', r, 'Replace']),
      ...reminders.map((r): TransactionAction => ['upsert', reminderEntity(r), 'Replace']),
      ...jobs.map((j): TransactionAction => ['create', archiveJobEntity(j)]),
      ...(await overviewActions(this.table, c, storedTally(now.tally))),
    ]);
    await this.dropStaleIndex(now, c);
    return (await this.get(c.tenantId, c.schoolId, c.caseId)) ?? c;
  }

  /** Retention: the case, its plan versions, archive jobs and index rows are deleted for good (its reference row stays). */
  async remove(tenantId: string, schoolId: string, caseId: string): Promise<void> {
    const pk = casePk(tenantId, schoolId);
    for (const from of [keyPart(`${PLAN}${caseId}_v`), keyPart(`~A_${caseId}_`)]) {
      const filter = `PartitionKey eq '${esc(pk)}' and RowKey ge '${esc(from)}' and RowKey lt '${esc(from)}~'`;
      for await (const e of this.table.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) await this.deleteRow(pk, e.rowKey!);
    }
    // Every index row naming the case, also one a crash left behind: found by the case id.
    const index = `PartitionKey eq '${esc(pk)}' and RowKey ge '${INDEX}' and RowKey lt '${INDEX.slice(0, -1)}~' and caseId eq '${esc(caseId)}'`;
    for await (const e of this.table.listEntities({ queryOptions: { filter: index, select: ['RowKey'] } })) await this.deleteRow(pk, e.rowKey!);
    const stored = await this.table.getEntity<CaseEntity>(pk, keyPart(caseId)).catch(() => undefined);
    // The reference row stays (the case id only, nothing of the pupil): its number stays taken, or an
    // instance counting on from the highest row would give it again (case-refs.ts); byRef finds no case.
    if (stored) await foldOwnRows(this.table, tenantId, schoolId, caseId, storedTally(stored.tally));
    await this.deleteRow(pk, openRowKey(caseId));
    await this.deleteRow(pk, keyPart(caseId));
  }

  /** Index rows the case had before this change and no longer has (a crash here leaves a row the access rule ignores). */
  private async dropStaleIndex(before: CaseEntity, after: SkolemiljoCase): Promise<void> {
    const now = new Set(indexRows(after).map((r) => r.rowKey));
    const old = before.indexKeys ? (JSON.parse(before.indexKeys) as string[]) : [];
    for (const rk of old.filter((k) => !now.has(k))) await this.deleteRow(before.partitionKey, rk);
  }

  /**
   * The cases in the index under these audiences at one school, in list order (open newest first,
   * then closed), at most `max`, or only those whose open deadline is before `overdueBefore`.
   * Reads index rows only, never a case: the caller reads the few it shows.
   */
  async indexed(tenantId: string, schoolId: string, audiences: Audience[], o: { max: number; overdueBefore?: string }): Promise<IndexedCase[]> {
    const pk = casePk(tenantId, schoolId);
    const found = new Map<string, IndexedCase>();
    for (const a of audiences) {
      const prefix = audiencePrefix(a);
      let filter = `PartitionKey eq '${esc(pk)}' and RowKey ge '${esc(prefix)}' and RowKey lt '${esc(prefix)}~'`;
      if (o.overdueBefore) filter += ` and dueAt gt '' and dueAt lt '${esc(o.overdueBefore)}'`;
      let n = 0;
      for await (const e of this.table.listEntities<IndexEntity>({ queryOptions: { filter, select: ['RowKey', 'caseId', 'dueAt'] } })) {
        this.entitiesRead++;
        const order = e.rowKey.slice(prefix.length);
        if (!found.has(e.caseId) || found.get(e.caseId)!.order > order) found.set(e.caseId, { caseId: e.caseId, order, dueAt: e.dueAt });
        if (!o.overdueBefore && ++n >= o.max) break;
      }
    }
    return [...found.values()].sort((x, y) => x.order.localeCompare(y.order));
  }

  /** Retention's hourly pass: new cases' own counter rows folded into the school's shard rows (overview-counters.ts). */
  compactCounters(tenantId: string, schoolId: string): Promise<number> {
    return compactCounters(this.table, tenantId, schoolId);
  }

  /** The overview's counters of the school for the months from..to (both included). */
  counters(tenantId: string, schoolId: string, from: Month, to: Month): Promise<Record<Month, Record<string, number>>> {
    return readCounters(this.table, tenantId, schoolId, from, to);
  }

  /** What is open at the school today, from the index of open deadlines (never the cases). */
  openDeadlines(tenantId: string, schoolId: string, today: string): Promise<OpenDeadlines> {
    return readOpenDeadlines(this.table, tenantId, schoolId, today);
  }

  /** Entities read by indexed() and get() since the counter was last reset (the measurement of «mine saker»). */
  entitiesRead = 0;

  private async deleteRow(pk: string, rk: string): Promise<void> {
    try {
      await this.table.deleteEntity(pk, rk);
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /** Every plan version of a case, oldest first. */
  async plans(tenantId: string, schoolId: string, caseId: string): Promise<ActivityPlan[]> {
    const from = keyPart(`${PLAN}${caseId}_v`);
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey ge '${esc(from)}' and RowKey lt '${esc(from)}~'`;
    const out: ActivityPlan[] = [];
    for await (const e of this.table.listEntities<PlanEntity>({ queryOptions: { filter } })) out.push(JSON.parse(fromChunks('plan', e)) as ActivityPlan);
    return out.sort((a, b) => a.version - b.version);
  }

  /** The case with this reference at one school: two point reads (the reference row, then the case), never a scan. */
  async byRef(tenantId: string, schoolId: string, ref: string): Promise<SkolemiljoCase | undefined> {
    this.entitiesRead++;
    const row = await readRow<RefEntity>(this.table, casePk(tenantId, schoolId), refKey(ref));
    const c = row && (await this.get(tenantId, schoolId, row.caseId));
    // A reference row outliving its case (retention keeps it: case-refs.ts) finds nothing.
    return c?.ref === ref ? c : undefined;
  }

  /** Every case of the school: for the retention sweep and tools, never for a user's request. */
  async listBySchool(tenantId: string, schoolId: string): Promise<SkolemiljoCase[]> {
    const out: SkolemiljoCase[] = [];
    // Case rows only: reminders and index rows live in the same partition under row keys starting with "~".
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey lt '~'`;
    for await (const e of this.table.listEntities<CaseEntity>({ queryOptions: { filter } })) {
      this.entitiesRead++;
      out.push(fromEntity(e));
    }
    return out;
  }
}
