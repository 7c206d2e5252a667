/**
 * Rosters from the school's own system (ROSTER=graph, issue 17): for a school with its id in
 * Microsoft Graph (School.graphSchoolId), who keeps which class and who is in it come from School
 * Data Sync instead of being typed.
 *
 * What happens when the school's system has nothing or does not answer:
 * - nothing there (the school, the class or the teacher unknown to it, or an empty class): the
 *   typed roster and the directory's classes apply, exactly as with ROSTER=typed;
 * - no answer (down, throttled past the retries, consent missing): the roster as last saved is
 *   used (it holds the last list read and everything typed), typing still works and is kept, and
 *   the card says the list could not be read now. Nothing is removed because Graph was down.
 */
import type { Membership } from '../domain/people';
import { hasRole } from '../domain/people';
import type { SchoolPupil } from '../domain/pupil-talks-sync';
import type { School } from '../domain/school';
import type { Directory, RosterRead, SchoolRoster, SchoolRosterClass } from '../ports';

const classKey = (s: string): string => s.trim().replace(/\s+/g, ' ').toUpperCase();

export class RosterFromSchool {
  constructor(private readonly d: { roster: SchoolRoster; directory: Directory }) {}

  /**
   * The memberships with each kontaktlærer's classes as the school's system has them: the classes
   * she teaches at that school. When the school keeps a class list in Meld fra (the admin import),
   * only those count, so a teaching group (e.g. «8A matematikk») does not become a class she keeps
   * a roster for. A school without graphSchoolId, or a teacher the system knows no class of at that
   * school (none, or none with a name Meld fra knows), keeps the directory's classes; so does
   * everyone while the system does not answer.
   */
  async memberships(ms: Membership[]): Promise<Membership[]> {
    return Promise.all(ms.map((m) => (hasRole(m, 'kontaktlaerer') ? this.withSchoolClasses(m) : m)));
  }

  private async withSchoolClasses(m: Membership): Promise<Membership> {
    const school = await this.d.directory.getSchool(m.tenantId, m.schoolId);
    if (!school?.graphSchoolId) return m;
    const [all, mine] = await Promise.all([this.d.roster.classes(m.tenantId, school.graphSchoolId), this.d.roster.classesOf(m.tenantId, m.userId)]);
    if (all.kind !== 'ok' || mine.kind !== 'ok' || mine.value.length === 0) return m;
    const here = new Set(all.value.map((c) => c.id));
    const known = await this.d.directory.listClasses(m.tenantId, m.schoolId);
    const spelling = new Map(known.map((c) => [classKey(c.name), c.name]));
    const taught = mine.value.filter((c) => here.has(c.id)).map((c) => (known.length ? spelling.get(classKey(c.name)) : c.name)).filter((c): c is string => !!c);
    // Nothing of hers at this school that Meld fra knows as a class (other names, only teaching groups): as typed.
    return taught.length ? { ...m, classes: [...new Set(taught)] } : m;
  }

  /**
   * The class's pupils as the school's system lists them, for the kontaktlærer `userId`; `none` for a
   * school without graphSchoolId. Several classes there with this name (a group named as the class):
   * the one she teaches, and `none` when that cannot be told, never another class's pupils.
   */
  async pupilsOf(school: School, className: string, userId: string): Promise<RosterRead<SchoolPupil[]>> {
    if (!school.graphSchoolId) return { kind: 'none' };
    const all = await this.d.roster.classes(school.tenantId, school.graphSchoolId);
    if (all.kind !== 'ok') return all;
    let named: SchoolRosterClass[] = all.value.filter((c) => classKey(c.name) === classKey(className));
    if (named.length > 1) {
      const mine = await this.d.roster.classesOf(school.tenantId, userId);
      if (mine.kind === 'down') return mine;
      const taught = new Set(mine.kind === 'ok' ? mine.value.map((c) => c.id) : []);
      named = named.filter((c) => taught.has(c.id));
    }
    if (named.length !== 1) return { kind: 'none' };
    return this.d.roster.pupils(school.tenantId, named[0].id);
  }
}
