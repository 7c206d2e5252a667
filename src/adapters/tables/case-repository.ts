import { TableClient, TransactionAction } from '@azure/data-tables';
import type { Escalation, SkolemiljoCase } from '../../domain/case';
import type { ActivityPlan, Casework } from '../../domain/casework';
import type { CaseMeeting } from '../../domain/meetings';
import { DomainError } from '../../domain/errors';
import type { Reminder } from '../../domain/reminders';
import type { Report } from '../../domain/report';
import { fromChunks, hasChunks, toChunks } from './long-text';
import { reminderEntity } from './reminder-repository';
import type { CaseStore } from '../../ports';
import { esc, keyPart, statusOf, Tables } from './table-client';

type CaseEntity = {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  tenantId: string;
  schoolId: string;
  ref: string;
  createdAt: string;
  reporterId: string;
  /** The report is one JSON property: it is read and written whole, and stays well under 64 KiB. */
  report: string;
  route: string;
  investigationDue?: string;
  investigationRecordedAt?: string;
  status: string;
  leaderId: string;
  forwardedAt: string;
  forwardedBy: string;
  escalation: string;
  /** Meetings as one JSON property (a handful per case). */
  meetings?: string;
  /** The casework as JSON, compressed over workGz0, workGz1, … (long-text.ts). */
  [chunk: `work${string}`]: unknown;
};

// Long text (casework, plans, complaint bodies): compressed binary parts with a checksum.
export { fromChunks, toChunks } from './long-text';

type PlanEntity = Record<string, unknown> & { partitionKey: string; rowKey: string; caseId: string; version: number };

/** Plan versions live beside their case (same partition, so one transaction), never overwritten. */
export const planKey = (caseId: string, version: number) => keyPart(`${PLAN}${caseId}_v${String(version).padStart(4, '0')}`);
const PLAN = '~P_';

export const casePk = (tenantId: string, schoolId: string) => keyPart(`${tenantId}_${schoolId}`);

const toEntity = (c: SkolemiljoCase): CaseEntity => ({
  partitionKey: casePk(c.tenantId, c.schoolId),
  rowKey: keyPart(c.caseId),
  tenantId: c.tenantId,
  schoolId: c.schoolId,
  ref: c.ref,
  createdAt: c.createdAt,
  reporterId: c.reporterId,
  report: JSON.stringify(c.report),
  route: c.route,
  investigationDue: c.investigationDue,
  investigationRecordedAt: c.investigationRecordedAt ?? '',
  status: c.status,
  leaderId: c.leaderId,
  forwardedAt: c.forwardedAt,
  forwardedBy: c.forwardedBy,
  escalation: JSON.stringify(c.escalation),
  meetings: JSON.stringify(c.meetings ?? []),
  ...(c.work ? toChunks('work', JSON.stringify(c.work)) : {}),
});

const fromEntity = (e: CaseEntity): SkolemiljoCase => ({
  tenantId: e.tenantId,
  schoolId: e.schoolId,
  caseId: e.rowKey,
  ref: e.ref,
  createdAt: e.createdAt,
  reporterId: e.reporterId,
  report: JSON.parse(e.report) as Report,
  route: e.route as SkolemiljoCase['route'],
  investigationDue: e.investigationDue ?? '',
  ...(e.investigationRecordedAt ? { investigationRecordedAt: e.investigationRecordedAt } : {}),
  status: e.status as SkolemiljoCase['status'],
  leaderId: e.leaderId,
  forwardedAt: e.forwardedAt,
  forwardedBy: e.forwardedBy,
  escalation: JSON.parse(e.escalation) as Escalation,
  ...(e.meetings && e.meetings !== '[]' ? { meetings: JSON.parse(e.meetings) as CaseMeeting[] } : {}),
  ...(hasChunks('work', e) ? { work: JSON.parse(fromChunks('work', e)) as Casework } : {}),
  etag: e.etag,
});

export class CaseRepository implements CaseStore {
  private readonly table: TableClient;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('Cases');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  /**
   * Creates the case and its first reminders in one transaction (same partition): a crash
   * cannot leave a case whose deadlines nobody will be reminded of.
   */
  async create(c: SkolemiljoCase, reminders: Reminder[] = []): Promise<{ case: SkolemiljoCase; created: boolean }> {
    try {
      if (reminders.length === 0) {
        const r = await this.table.createEntity(toEntity(c));
        return { case: { ...c, etag: r.etag }, created: true };
      }
      const actions: TransactionAction[] = [['create', toEntity(c)], ...reminders.map((r): TransactionAction => ['create', reminderEntity(r)])];
      await this.table.submitTransaction(actions);
      return { case: (await this.get(c.tenantId, c.schoolId, c.caseId)) ?? c, created: true };
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      const stored = await this.get(c.tenantId, c.schoolId, c.caseId);
      if (!stored) throw e;
      return { case: stored, created: false };
    }
  }

  async get(tenantId: string, schoolId: string, caseId: string): Promise<SkolemiljoCase | undefined> {
    try {
      return fromEntity(await this.table.getEntity<CaseEntity>(casePk(tenantId, schoolId), keyPart(caseId)));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  /**
   * Saves the case if nobody changed it since it was read, with new reminders (or jobs) in the
   * same transaction. Azure checks the ETag inside a transaction; Azurite ignores it there, so
   * the ETag is also checked by a read just before (the window that leaves is Azurite's only).
   */
  async update(c: SkolemiljoCase, reminders: Reminder[] = []): Promise<SkolemiljoCase> {
    if (!c.etag) throw new Error('update needs the ETag the case was read with');
    try {
      if (reminders.length === 0) {
        const r = await this.table.updateEntity(toEntity(c), 'Replace', { etag: c.etag });
        return { ...c, etag: r.etag };
      }
      const now = await this.table.getEntity<CaseEntity>(casePk(c.tenantId, c.schoolId), keyPart(c.caseId));
      if (now.etag !== c.etag) throw new DomainError('CONFLICT', { caseId: c.caseId });
      const actions: TransactionAction[] = [
        ['update', toEntity(c), 'Replace', { etag: c.etag }],
        ...reminders.map((r): TransactionAction => ['upsert', reminderEntity(r), 'Replace']),
      ];
      await this.table.submitTransaction(actions);
      return (await this.get(c.tenantId, c.schoolId, c.caseId)) ?? c;
    } catch (e) {
      if (statusOf(e) === 412) throw new DomainError('CONFLICT', { caseId: c.caseId });
      throw e;
    }
  }

  /**
   * Saves the case with a new plan version in one transaction: the plan row is created, so an
   * existing version is never overwritten (409 → CONFLICT), and the case's ETag must still match.
   */
  async savePlan(c: SkolemiljoCase, plan: ActivityPlan, reminders: Reminder[] = []): Promise<SkolemiljoCase> {
    if (!c.etag) throw new Error('savePlan needs the ETag the case was read with');
    const row: Record<string, unknown> & { partitionKey: string; rowKey: string } = { partitionKey: casePk(c.tenantId, c.schoolId), rowKey: planKey(c.caseId, plan.version), caseId: c.caseId, version: plan.version, ...toChunks('plan', JSON.stringify(plan)) };
    try {
      const now = await this.table.getEntity<CaseEntity>(casePk(c.tenantId, c.schoolId), keyPart(c.caseId));
      if (now.etag !== c.etag) throw new DomainError('CONFLICT', { caseId: c.caseId });
      await this.table.submitTransaction([
        ['update', toEntity(c), 'Replace', { etag: c.etag }],
        ['create', row],
        ...reminders.map((r): TransactionAction => ['upsert', reminderEntity(r), 'Replace']),
      ]);
      return (await this.get(c.tenantId, c.schoolId, c.caseId)) ?? c;
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 409) throw new DomainError('CONFLICT', { caseId: c.caseId });
      throw e;
    }
  }

  /** Retention: the case and its plan versions are deleted for good. */
  async remove(tenantId: string, schoolId: string, caseId: string): Promise<void> {
    const pk = casePk(tenantId, schoolId);
    const from = keyPart(`${PLAN}${caseId}_v`);
    const filter = `PartitionKey eq '${esc(pk)}' and RowKey ge '${esc(from)}' and RowKey lt '${esc(from)}~'`;
    for await (const e of this.table.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) await this.deleteRow(pk, e.rowKey!);
    await this.deleteRow(pk, keyPart(caseId));
  }

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

  /** The case with this reference at one school: filtered by the storage, so one entity comes back, not the school's all. */
  async byRef(tenantId: string, schoolId: string, ref: string): Promise<SkolemiljoCase | undefined> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey lt '~' and ref eq '${esc(ref)}'`;
    for await (const e of this.table.listEntities<CaseEntity>({ queryOptions: { filter } })) return fromEntity(e);
    return undefined;
  }

  async listBySchool(tenantId: string, schoolId: string): Promise<SkolemiljoCase[]> {
    const out: SkolemiljoCase[] = [];
    // Case rows only: reminders live in the same partition under row keys starting with "~".
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and RowKey lt '~'`;
    for await (const e of this.table.listEntities<CaseEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out;
  }
}
