/**
 * In-memory CaseStore and CaseLog for fast use-case unit tests. Same promises as the Azure Tables
 * repositories (test/ports/cases.contract.test.ts runs one set of assertions against both): a copy
 * goes in and out, an ETag changes on every save, and a save from a stale read throws CONFLICT.
 * Behaviour tests still run against Azurite: this is no stand-in for storage there.
 */
import type { ActivityPlan } from '../../../src/domain/casework';
import type { LogEntry, SkolemiljoCase } from '../../../src/domain/case';
import { DomainError } from '../../../src/domain/errors';
import { ReferenceTaken, refNumber, refYear } from '../../../src/domain/reference';
import type { Reminder } from '../../../src/domain/reminders';
import type { CaseLog, CaseStore } from '../../../src/ports';

const copy = <T>(x: T): T => structuredClone(x);
const key = (tenantId: string, schoolId: string, id: string) => `${tenantId}|${schoolId}|${id}`;

export class FakeCaseStore implements CaseStore {
  /** `log`: where a new case's first log entries go (as the tables write them beside the case). */
  constructor(private readonly log: CaseLog = new FakeCaseLog()) {}
  private readonly rows = new Map<string, SkolemiljoCase>();
  private readonly planRows = new Map<string, ActivityPlan[]>();
  /** The reminders saved with each case, for a test to look at. */
  readonly reminders: Reminder[] = [];
  private version = 0;

  private put(c: SkolemiljoCase, reminders: Reminder[]): SkolemiljoCase {
    const saved = { ...copy(c), etag: `W/"${++this.version}"` };
    this.rows.set(key(c.tenantId, c.schoolId, c.caseId), saved);
    this.reminders.push(...copy(reminders));
    return copy(saved);
  }

  private current(c: SkolemiljoCase): SkolemiljoCase {
    const now = this.rows.get(key(c.tenantId, c.schoolId, c.caseId));
    if (!now || now.etag !== c.etag) throw new DomainError('common.CONFLICT', { caseId: c.caseId });
    return now;
  }

  async create(c: SkolemiljoCase, reminders: Reminder[] = [], logs: LogEntry[] = []) {
    const stored = this.rows.get(key(c.tenantId, c.schoolId, c.caseId));
    if (stored) return { case: copy(stored), created: false };
    const school = [...this.rows.values()].filter((o) => o.tenantId === c.tenantId && o.schoolId === c.schoolId);
    if (school.some((o) => o.ref === c.ref)) {
      const year = refYear(c.ref);
      throw new ReferenceTaken(c.ref, Math.max(0, ...school.filter((o) => refYear(o.ref) === year).map((o) => refNumber(o.ref) ?? 0)));
    }
    for (const e of logs) await this.log.append(c.tenantId, c.schoolId, c.caseId, e);
    return { case: this.put(c, reminders), created: true };
  }

  async get(tenantId: string, schoolId: string, caseId: string) {
    const c = this.rows.get(key(tenantId, schoolId, caseId));
    return c && copy(c);
  }

  async update(c: SkolemiljoCase, reminders: Reminder[] = []) {
    this.current(c);
    return this.put(c, reminders);
  }

  async listBySchool(tenantId: string, schoolId: string) {
    return [...this.rows.values()].filter((c) => c.tenantId === tenantId && c.schoolId === schoolId).map(copy);
  }

  async byRef(tenantId: string, schoolId: string, ref: string) {
    return (await this.listBySchool(tenantId, schoolId)).find((c) => c.ref === ref);
  }

  async savePlan(c: SkolemiljoCase, plan: ActivityPlan, reminders: Reminder[] = []) {
    this.current(c);
    const k = key(c.tenantId, c.schoolId, c.caseId);
    const plans = this.planRows.get(k) ?? [];
    if (plans.some((p) => p.version === plan.version)) throw new DomainError('common.CONFLICT', { caseId: c.caseId });
    this.planRows.set(k, [...plans, copy(plan)]);
    return this.put(c, reminders);
  }

  async plans(tenantId: string, schoolId: string, caseId: string) {
    return copy(this.planRows.get(key(tenantId, schoolId, caseId)) ?? []);
  }
}

export class FakeCaseLog implements CaseLog {
  private readonly entries = new Map<string, LogEntry[]>();
  async append(tenantId: string, schoolId: string, caseId: string, entry: LogEntry) {
    const k = key(tenantId, schoolId, caseId);
    this.entries.set(k, [...(this.entries.get(k) ?? []), copy(entry)]);
  }
  async list(tenantId: string, schoolId: string, caseId: string) {
    return copy(this.entries.get(key(tenantId, schoolId, caseId)) ?? []);
  }
}
