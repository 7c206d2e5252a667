/**
 * Builds the case as one person may see it (the card's view model): used for the answer to a
 * click and, by the notice dispatcher, for the cards sent to rektor, the leader and the owner.
 */
import { decideCase } from '../domain/policy/case';
import type { SkolemiljoCase } from '../domain/case';
import type { CaseForViewer } from '../domain/case-view';
import { hasRole } from '../domain/people';
import { actorsFor, unreachable, viewOf } from '../domain/routing';
import type { CaseStore, Directory } from '../ports';
import type { Actor } from './actor';
import { archiveStateOf } from '../domain/archive-jobs';
import type { ArchiveJobs } from '../ports/archive';

export interface CaseViewDeps {
  directory: Pick<Directory, 'staffOf' | 'getSchool'>;
  cases: Pick<CaseStore, 'plans'>;
  /** The case export is set up (else nobody is offered «Last ned»). */
  exportOn: boolean;
  /** The archive is on: those who see the case in full see where it is archived. */
  archive?: { jobs: Pick<ArchiveJobs, 'forCase'>; systemNameOf: (tenantId: string, schoolId: string) => Promise<string> };
}

export async function caseForViewer(d: CaseViewDeps, actor: Actor, c: SkolemiljoCase): Promise<CaseForViewer> {
  const staff = await d.directory.staffOf(c.tenantId, c.schoolId);
  const viewer = staff.find((m) => m.userId === actor.userId);
  const view = viewOf(c, viewer, actor.userId);
  const leaders = hasRole(viewer, 'rektor') ? staff.filter((m) => hasRole(m, 'avdelingsleder')) : [];
  const staffNames = Object.fromEntries(staff.map((m) => [m.userId, m.name]));
  const planVersion = c.work?.planVersion ?? 0;
  const plan = view === 'full' && planVersion > 0 ? (await d.cases.plans(c.tenantId, c.schoolId, c.caseId)).at(-1) : undefined;
  const mayExport = d.exportOn && decideCase('eksportere', c, viewer, actor.userId).allowed;
  const school = await d.directory.getSchool(c.tenantId, c.schoolId);
  const archiveState = view === 'full' && d.archive ? archiveStateOf(await d.archive.jobs.forCase(c.tenantId, c.schoolId, c.caseId)) : undefined;
  const archive = archiveState && d.archive ? { ...archiveState, systemName: await d.archive.systemNameOf(c.tenantId, c.schoolId) } : undefined;
  // Who is still without the case: the owner of a case marked serious counts too.
  const owners = staff.some((m) => hasRole(m, 'skoleeier'));
  const unreached = [...new Set([...unreachable(c, staff), ...(c.escalation.state === 'varslet' && !owners ? (['skoleeier'] as const) : [])])];
  return { case: c, view, viewer, leaders, actors: actorsFor(c, staff), staffNames, schoolName: school?.name ?? c.schoolId, unreached, ...(plan ? { plan } : {}), ...(mayExport ? { mayExport } : {}), ...(archive ? { archive } : {}) };
}
