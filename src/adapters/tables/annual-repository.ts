/**
 * The årshjul per school: the school's changes to the default tasks and its own tasks, and a row
 * per task and school year once it has been posted. The posted row is created before the post, so
 * of two instances only one posts it; a failed post gives the row back.
 */
import type { AnnualTask } from '../../domain/annual';
import type { AnnualStore } from '../../ports';
import type { AnnualPostKey, Claims } from '../../ports/claims';
import { TableClaims } from './claims';
import { casePk, esc, keyPart, startsWith, statusOf, TableRepository, Tables } from './table-client';

interface TaskEntity { partitionKey: string; rowKey: string; taskId: string; monthDay: string; title: string; description: string; active: boolean; custom: boolean }

export class AnnualRepository extends TableRepository implements AnnualStore {
  private readonly table = this.own('Annual');
  /** One claim per task and school year: the post is made once, however many instances sweep. */
  readonly posts: Claims<AnnualPostKey>;
  constructor(tables: Tables) {
    super(tables);
    this.posts = new TableClaims<AnnualPostKey>(tables, 'Annual', (k) => ({ partitionKey: casePk(k.tenantId, k.schoolId), rowKey: keyPart(`posted_${k.startYear}_${k.taskId}`) }));
  }

  async tasks(tenantId: string, schoolId: string): Promise<AnnualTask[]> {
    const out: AnnualTask[] = [];
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith('task_')}`;
    for await (const e of this.table.listEntities<TaskEntity>({ queryOptions: { filter } })) {
      out.push({ taskId: e.taskId, monthDay: e.monthDay, title: e.title, description: e.description, active: e.active, custom: e.custom });
    }
    return out;
  }

  /** Saves the school's tasks as given (all of them, so a removed own task is gone). */
  async save(tenantId: string, schoolId: string, tasks: AnnualTask[]): Promise<void> {
    const pk = casePk(tenantId, schoolId);
    const keep = new Set(tasks.map((t) => keyPart(`task_${t.taskId}`)));
    for (const t of tasks) await this.table.upsertEntity<TaskEntity>({ partitionKey: pk, rowKey: keyPart(`task_${t.taskId}`), ...t }, 'Replace');
    for (const old of await this.tasks(tenantId, schoolId)) {
      const rk = keyPart(`task_${old.taskId}`);
      if (!keep.has(rk)) await this.table.deleteEntity(pk, rk).catch((e: unknown) => { if (statusOf(e) !== 404) throw e; });
    }
  }
}
