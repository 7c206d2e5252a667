/**
 * «Oversikt» (issue 17): whether the schools meet the aktivitetsplikt, without reading a case.
 * The school owner contact sees every school where they hold the role `skoleeier`; rektor sees
 * their own school. Roles are looked up here (policy `oversikt`), never taken from a card. What
 * leaves this file has passed the small-number rule (domain/overview.ts): counts, shares and
 * medians only, never a name or a reference.
 */
import { DomainError } from '../domain/errors';
import { figuresOf, monthOf, monthsOf, shownFigures, shownShare, type Month, type Shown, type ShownFigures } from '../domain/overview';
import { hasRole } from '../domain/people';
import type { School } from '../domain/school';
import { schoolYearOf } from '../domain/school-calendar';
import type { Clock, Directory, OpenDeadlines, OverviewStore } from '../ports';
import type { Actor } from './actor';
import { allows, subjectOf } from './policy-door';
import { schoolDate } from './school-time';

export interface SchoolFigures {
  school: School;
  month: ShownFigures;
  schoolYear: ShownFigures;
  /** Investigated within the deadline, per month of the school year so far. */
  inTimeByMonth: { month: Month; inTime: Shown }[];
}

export interface OverviewView {
  /** owner: the school owner's schools; school: rektor's own school. */
  scope: 'owner' | 'school';
  today: string;
  month: Month;
  /** The school year's first year (2026 for 2026–27). */
  schoolYear: number;
  schools: SchoolFigures[];
}

export interface OverviewDeps {
  directory: Directory;
  overview: OverviewStore;
  clock: Clock;
  /** A signed, single-use link to the CSV for this user (the export links of a case, export-links.ts); absent: no download. */
  issueCsv?: (t: { tenantId: string; userId: string }) => Promise<string>;
}

export class SchoolOverview {
  constructor(private readonly d: OverviewDeps) {}

  /** The schools this person may see the figures of; refused (overview.NOT_ALLOWED) when none. */
  async schoolsFor(actor: Actor): Promise<{ scope: OverviewView['scope']; schools: School[] }> {
    const ms = await this.d.directory.membershipsOf(actor.tenantId, actor.userId);
    const mine = ms.filter((m) => allows(subjectOf(actor, [m], m), 'se', { type: 'oversikt', value: m }));
    if (mine.length === 0) throw new DomainError('overview.NOT_ALLOWED');
    // The owner's view wherever they are the owner; rektor of a school where they are not sees that one too.
    const scope = mine.some((m) => hasRole(m, 'skoleeier')) ? 'owner' : 'school';
    const schools = (await Promise.all(mine.map((m) => this.d.directory.getSchool(actor.tenantId, m.schoolId)))).filter((s): s is School => !!s);
    if (schools.length === 0) throw new DomainError('overview.NOT_ALLOWED');
    return { scope, schools: schools.sort((a, b) => a.name.localeCompare(b.name, 'nb')) };
  }

  /** Whether «Last ned som CSV» can work here (a sign-in for downloads is configured). */
  get csvOn(): boolean {
    return !!this.d.issueCsv;
  }

  /** The overview with a fresh link to its CSV for this user (the roles are asked again when it is opened). */
  async csvLink(actor: Actor): Promise<{ view: OverviewView; url: string }> {
    const view = await this.show(actor);
    return { view, url: this.d.issueCsv ? await this.d.issueCsv({ tenantId: actor.tenantId, userId: actor.userId }) : '' };
  }

  async show(actor: Actor): Promise<OverviewView> {
    const { scope, schools } = await this.schoolsFor(actor);
    const today = schoolDate(this.d.clock.now()).today;
    const months = monthsOf('schoolYear', today);
    const month = monthOf(today);
    const figures = await Promise.all(
      schools.map(async (school) => {
        const [counters, open] = await Promise.all([
          this.d.overview.counters(school.tenantId, school.schoolId, months[0], month),
          this.d.overview.openDeadlines(school.tenantId, school.schoolId, today),
        ]);
        return schoolFigures(school, counters, open, months, month);
      }),
    );
    return { scope, today, month, schoolYear: schoolYearOf(today), schools: figures };
  }
}

/** One school's figures for this month and the school year so far, and the chart's months. */
export function schoolFigures(school: School, counters: Record<Month, Record<string, number>>, open: OpenDeadlines, months: Month[], month: Month): SchoolFigures {
  const rows = (ms: Month[]) => ms.map((m) => counters[m] ?? {});
  const pending = (ms: Month[]) => open.investigationsNotYetDue.filter((d) => ms.includes(monthOf(d))).length;
  const raw = (ms: Month[]) => figuresOf(rows(ms), pending(ms), open.evaluationsOverdue);
  return {
    school,
    month: shownFigures(raw([month])),
    schoolYear: shownFigures(raw(months)),
    inTimeByMonth: months.map((m) => {
      const f = raw([m]);
      return { month: m, inTime: shownShare(f.inTime, f.decided) };
    }),
  };
}

