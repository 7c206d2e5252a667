/** The årshjul per school (SPEC §3.6). Implemented by src/adapters/tables/annual-repository.ts. */
import type { AnnualTask } from '../domain/annual';

export interface AnnualStore {
  tasks(tenantId: string, schoolId: string): Promise<AnnualTask[]>;
  /** Saves the school's tasks as given (all of them, so a removed own task is gone). */
  save(tenantId: string, schoolId: string, tasks: AnnualTask[]): Promise<void>;
  /** True for the one caller (of any number of instances) that may post this task this school year. */
  claimPost(tenantId: string, schoolId: string, startYear: number, taskId: string, at: string): Promise<boolean>;
  /** A failed post gives its claim back, so the next sweep tries again. */
  releasePost(tenantId: string, schoolId: string, startYear: number, taskId: string): Promise<void>;
}
