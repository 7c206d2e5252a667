/** "roller" in Teams: who holds which role at the school, for rektor and the school's admin (roles looked up here, never taken from a card). */
import type { Role } from '../domain/people';
import type { School } from '../domain/school';
import type { Directory } from '../ports';
import type { Actor } from './actor';
import { allows, subjectOf } from './policy-door';


export interface RoleHolder {
  userId: string;
  name: string;
  classes: string[];
  trinn: number[];
}

export interface RoleOverview {
  school: School;
  /** Every role, in the order of SPEC §1, with the people holding it (sorted by name). */
  roles: { role: Role; people: RoleHolder[] }[];
  staffCount: number;
  /** The other schools this person may see the overview of (to switch between them). */
  otherSchools: School[];
}

export type RoleOverviewResult = { kind: 'overview'; overview: RoleOverview } | { kind: 'notAllowed' };

const ROLE_ORDER: Role[] = ['rektor', 'avdelingsleder', 'kontaktlaerer', 'faglaerer', 'miljoteam', 'elevradgiver', 'postfordeler', 'kontor', 'admin', 'skoleeier', 'ansatt'];

export class SchoolRoles {
  constructor(private readonly d: { directory: Directory }) {}

  /** Only rektor or the school's admin; with several such schools, the one asked for or the first. */
  async overview(actor: Actor, schoolId?: string): Promise<RoleOverviewResult> {
    const ms = await this.d.directory.membershipsOf(actor.tenantId, actor.userId);
    const mine = ms.filter((m) => allows(subjectOf(actor, [m], m), 'se', { type: 'roller', value: m }));
    const chosen = mine.find((m) => m.schoolId === schoolId) ?? (schoolId ? undefined : mine[0]);
    if (!chosen) return { kind: 'notAllowed' };
    const [school, staff, others] = await Promise.all([
      this.d.directory.getSchool(actor.tenantId, chosen.schoolId),
      this.d.directory.staffOf(actor.tenantId, chosen.schoolId),
      Promise.all(mine.filter((m) => m !== chosen).map((m) => this.d.directory.getSchool(actor.tenantId, m.schoolId))),
    ]);
    if (!school) return { kind: 'notAllowed' };
    const sorted = [...staff].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    return {
      kind: 'overview',
      overview: {
        school,
        staffCount: staff.length,
        roles: ROLE_ORDER.map((role) => ({
          role,
          people: sorted.filter((m) => m.roles.includes(role)).map((m) => ({ userId: m.userId, name: m.name, classes: m.classes, trinn: m.trinn })),
        })),
        otherSchools: others.filter((s): s is School => !!s),
      },
    };
  }
}
