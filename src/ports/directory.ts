/** Who works where and in which role, the school and its classes: read, never written, by the use cases. */
import type { Membership } from '../domain/people';
import type { School, SchoolClass } from '../domain/school';

export interface Directory {
  getSchool(tenantId: string, schoolId: string): Promise<School | undefined>;
  listClasses(tenantId: string, schoolId: string): Promise<SchoolClass[]>;
  /** All schools where this user has a role. */
  membershipsOf(tenantId: string, userId: string): Promise<Membership[]>;
  staffOf(tenantId: string, schoolId: string): Promise<Membership[]>;
}

