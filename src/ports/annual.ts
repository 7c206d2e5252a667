/** The årshjul per school (SPEC §3.6). Implemented by src/adapters/tables/annual-repository.ts. */
import type { AnnualTask } from '../domain/annual';
import type { AnnualPostKey, Claims } from './claims';

export interface AnnualStore {
  tasks(tenantId: string, schoolId: string): Promise<AnnualTask[]>;
  /** Saves the school's tasks as given (all of them, so a removed own task is gone). */
  save(tenantId: string, schoolId: string, tasks: AnnualTask[]): Promise<void>;
  /** One claim per task and school year: the post is made once, however many instances sweep (no lease). */
  readonly posts: Claims<AnnualPostKey>;
}
