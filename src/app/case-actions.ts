/**
 * What leaders do on a case card (SPEC §3.1.2): forward to nærmeste leder, mark as especially
 * serious (the school owner is told at once), reclassify a wrongly marked §12-5 report (the owner
 * is told), record that the pupil has been told. Roles come from the directory, never the card;
 * a changed case is saved with its ETag and re-checked on conflict, so a second click or a
 * concurrent click by another rektor has exactly one effect.
 */
import { forwardCase, LogEntry, markSerious, reclassify, recordPupilInformed, SkolemiljoCase } from '../domain/case';
import { DomainError } from '../domain/errors';
import type { CaseAction } from '../domain/policy/case';
import { enforce, notFoundError, subjectOf } from './policy-door';
import { overdueDuty } from '../domain/casework';
import { calendarFor, instantAt, schoolDate } from './school-time';
import type { Membership } from '../domain/people';
import { CaseView, Notice, noticesToOwner, viewOf } from '../domain/routing';
import { CALL_IN_SCHOOL_DAYS, firstReminder } from '../domain/reminders';
import { addSchoolDays } from '../domain/school-calendar';
import type { CaseIndex, CaseLog, CaseStore, Clock, Directory, IndexedCase } from '../ports';
import type { ActivityPlan } from '../domain/casework';
import type { Reminder } from '../domain/reminders';
import type { Actor } from './actor';
import { audiencesFor } from '../domain/case-index';
import type { NoticeDispatcher } from './deliver-notices';
import { caseForViewer } from './case-view';
import type { CaseForViewer } from '../domain/case-view';
import { archiveJobsFor } from '../domain/archive-jobs';
import type { ArchiveJobs } from '../ports/archive';

const CONFLICT_RETRIES = 3;

export type { CaseForViewer } from '../domain/case-view';

export interface MyCase {
  case: SkolemiljoCase;
  view: CaseView;
  schoolName: string;
  overdue?: { duty: 'undersokelse' | 'evaluering'; date: string };
}

export interface CaseActionsDeps {
  directory: Directory;
  cases: CaseStore & CaseIndex;
  log: CaseLog;
  clock: Clock;
  dispatcher: NoticeDispatcher;
  /** Issues a single-use, short-lived download link for the case export (unset: no export). */
  issueExport?: (t: { tenantId: string; schoolId: string; caseId: string; userId: string }) => Promise<string>;
  /** The archive is on (ARCHIVE≠none): each change writes its archive jobs, and the card reads them. */
  archive?: { jobs: Pick<ArchiveJobs, 'forCase'>; systemNameOf: (tenantId: string, schoolId: string) => Promise<string> };
}

export class CaseActions {
  constructor(private readonly d: CaseActionsDeps) {}

  /** The case as this viewer may see it; records the read when details are shown. */
  async open(actor: Actor, schoolId: string, caseId: string): Promise<CaseForViewer> {
    const { c } = await this.loadFor(actor, schoolId, caseId, 'se_status');
    const out = await this.forViewer(actor, c);
    if (out.view === 'full') {
      await this.d.log.append(c.tenantId, c.schoolId, c.caseId, { at: this.d.clock.now().toISOString(), actorId: actor.userId, action: 'lest', detail: '' });
    }
    return out;
  }

  /**
   * The only way a case is read for a person (the case work and the meetings use it too): the
   * policy decides `action` before anything of the case is used, and someone who may not know the
   * case exists gets the same «not found» as for an id never stored.
   */
  async loadFor(actor: Actor, schoolId: string, caseId: string, action: CaseAction, as: 'skolemiljosak' | 'mote' = 'skolemiljosak'): Promise<{ c: SkolemiljoCase; me: Membership | undefined; staff: Membership[] }> {
    const c = await this.d.cases.get(actor.tenantId, schoolId, caseId);
    if (!c) throw notFoundError();
    const staff = await this.d.directory.staffOf(c.tenantId, c.schoolId);
    const subject = subjectOf(actor, staff, c);
    enforce(subject, action, { type: 'skolemiljosak', value: c });
    if (as === 'mote') enforce(subject, 'kalle_inn', { type: 'mote', value: c });
    return { c, me: subject.membership, staff };
  }

  /**
   * The cases this user may see at their schools: overdue first, then open cases newest first,
   * closed cases last. Read through the index of the user's own key and roles, so the reads grow
   * with what is shown, not with the school; each case shown is still decided by the access rule.
   * `more` is 1 when there are more than `limit`, without counting them all.
   */
  async mine(actor: Actor, limit = 25): Promise<{ cases: MyCase[]; more: number }> {
    const memberships = await this.d.directory.membershipsOf(actor.tenantId, actor.userId);
    if (!memberships.length) throw new DomainError('common.NOT_STAFF');
    const today = schoolDate(this.d.clock.now()).today;
    const schools = new Map(await Promise.all(memberships.map(async (m) => [m.schoolId, (await this.d.directory.getSchool(m.tenantId, m.schoolId))?.name ?? m.schoolId] as const)));
    const found = new Map<string, MyCase>();
    const seen = new Set<string>();
    // Reads a candidate and keeps it if the access rule lets this user see it.
    const consider = async (m: Membership, x: IndexedCase) => {
      const id = `${m.schoolId}|${x.caseId}`;
      if (seen.has(id)) return;
      seen.add(id);
      const c = await this.d.cases.get(m.tenantId, m.schoolId, x.caseId);
      const view = c ? viewOf(c, m, actor.userId) : 'none';
      if (!c || view === 'none') return;
      // Deadlines are for those who follow the case up, not for the reporter's status view.
      const overdue = view === 'full' ? overdueDuty(c, today) : undefined;
      found.set(id, { case: c, view, schoolName: schools.get(m.schoolId) ?? m.schoolId, ...(overdue ? { overdue } : {}) });
    };
    for (const m of memberships) {
      for (const x of await this.d.cases.indexed(m.tenantId, m.schoolId, audiencesFor(m), { max: 0, overdueBefore: today })) await consider(m, x);
    }
    // Then in list order across schools, until one more than the limit is visible; the index is read
    // again with a larger window only when rows it had did not pass the access rule.
    for (let max = limit + 1; ; max *= 4) {
      const batch = (await Promise.all(memberships.map(async (m) => (await this.d.cases.indexed(m.tenantId, m.schoolId, audiencesFor(m), { max })).map((x) => ({ m, x })))))
        .flat()
        .sort((a, b) => a.x.order.localeCompare(b.x.order));
      for (const { m, x } of batch) {
        if (found.size > limit) break;
        await consider(m, x);
      }
      if (found.size > limit || batch.length < max) break;
    }
    const refNo = (c: SkolemiljoCase) => Number(c.ref.split('-').pop());
    const rank = (x: MyCase) => (x.overdue ? 0 : x.case.status === 'avsluttet' ? 2 : 1);
    const sorted = [...found.values()].sort((a, b) => rank(a) - rank(b) || b.case.createdAt.localeCompare(a.case.createdAt) || refNo(b.case) - refNo(a.case));
    return { cases: sorted.slice(0, limit), more: sorted.length > limit ? 1 : 0 };
  }

  /** A case by its reference (e.g. SM-2026-0042) at one of the user's schools, as they may see it. */
  async openByRef(actor: Actor, ref: string): Promise<CaseForViewer> {
    const memberships = await this.d.directory.membershipsOf(actor.tenantId, actor.userId);
    if (!memberships.length) throw new DomainError('common.NOT_STAFF');
    // The same reference can exist at each school: open the first one this user may see.
    for (const m of memberships) {
      const c = await this.d.cases.byRef(m.tenantId, m.schoolId, ref);
      if (!c) continue;
      try {
        return await this.open(actor, c.schoolId, c.caseId);
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'common.NOT_FOUND')) throw e;
      }
    }
    throw notFoundError();
  }

  async forViewer(actor: Actor, c: SkolemiljoCase): Promise<CaseForViewer> {
    return caseForViewer({ directory: this.d.directory, cases: this.d.cases, exportOn: !!this.d.issueExport, ...(this.d.archive ? { archive: this.d.archive } : {}) }, actor, c);
  }

  /** «Last ned»: the case as this viewer sees it, with a new download link made for them alone. */
  async exportLink(actor: Actor, schoolId: string, caseId: string): Promise<CaseForViewer> {
    const v = await this.open(actor, schoolId, caseId);
    // Someone who sees the case but may not export it never had the button: the same answer as a missing case.
    if (!v.mayExport || !this.d.issueExport) throw new DomainError('common.NOT_FOUND');
    return { ...v, exportUrl: await this.d.issueExport({ tenantId: v.case.tenantId, schoolId: v.case.schoolId, caseId: v.case.caseId, userId: actor.userId }) };
  }

  async forward(actor: Actor, schoolId: string, caseId: string, leaderId: string): Promise<CaseForViewer> {
    return this.mutate(actor, schoolId, caseId, async (c, me, staff) => {
      const leader = staff.find((m) => m.userId === leaderId);
      const r = forwardCase(c, me, leader, this.now());
      // «Innkaller snarest» (004 §8.3): the leader is reminded until the reporter is called in.
      const today = schoolDate(this.d.clock.now()).today;
      const school = await this.d.directory.getSchool(c.tenantId, c.schoolId);
      const due = addSchoolDays(today, CALL_IN_SCHOOL_DAYS, calendarFor(school ?? {}, today));
      const callIn = firstReminder(r.case, 'kalle_inn', due, instantAt(due, '08:00').toISOString());
      return { ...r, notices: [{ recipientId: r.case.leaderId, kind: 'leder' }, { recipientId: c.reporterId, kind: 'status' }], reminders: [callIn] };
    });
  }

  /** Especially serious (004 §8.3): the school owner gets the case at once, with no second step. */
  async markSerious(actor: Actor, schoolId: string, caseId: string): Promise<CaseForViewer> {
    return this.mutate(actor, schoolId, caseId, async (c, me, staff) => {
      const r = markSerious(c, me, this.now());
      return { ...r, notices: noticesToOwner(r.case, staff, 'skoleeier') };
    });
  }

  /** A §12-5 report wrongly marked: reclassified with rektor's reason, which the school owner is told. */
  async reclassify(actor: Actor, schoolId: string, caseId: string, reason: string): Promise<CaseForViewer> {
    return this.mutate(actor, schoolId, caseId, async (c, me, staff) => {
      const r = reclassify(c, me, reason, this.now());
      return { ...r, notices: noticesToOwner(r.case, staff, 'omklassifisert') };
    });
  }

  /** The pupil now knows that the school is acting (004 §8.3): stops the reminders about it. */
  async pupilInformed(actor: Actor, schoolId: string, caseId: string): Promise<CaseForViewer> {
    return this.mutate(actor, schoolId, caseId, async (c, me) => {
      const r = recordPupilInformed(c, me, actor.userId, this.now());
      return { ...r, notices: [] };
    });
  }

  private now(): string {
    return this.d.clock.now().toISOString();
  }

  /**
   * Reads the case, lets `change` decide on it with the viewer's stored membership, and saves the
   * result with its ETag (retried on a concurrent change). A plan version is saved in the same
   * transaction. `change` may return form errors instead: nothing is saved, and they come back.
   */
  async mutate<E = never>(
    actor: Actor,
    schoolId: string,
    caseId: string,
    change: (
      c: SkolemiljoCase,
      me: Membership | undefined,
      staff: Membership[],
    ) => Promise<{ case: SkolemiljoCase; log?: LogEntry; notices: Notice[]; plan?: ActivityPlan; reminders?: Reminder[] } | { errors: E }>,
  ): Promise<CaseForViewer & { errors?: E }> {
    for (let attempt = 1; ; attempt++) {
      // Someone who may not see the case learns nothing about it, not even that it exists.
      const { c, me, staff } = await this.loadFor(actor, schoolId, caseId, 'se_sak');
      const r = await change(c, me, staff);
      if ('errors' in r) return { ...(await this.forViewer(actor, c)), errors: r.errors };
      try {
        // The archive's folder and posts, in the same transaction as the change that makes them.
        const jobs = this.d.archive ? archiveJobsFor(c, r.case, { today: schoolDate(this.d.clock.now()).today, at: this.now(), plan: r.plan }) : [];
        const saved = r.plan ? await this.d.cases.savePlan(r.case, r.plan, r.reminders, jobs) : await this.d.cases.update(r.case, r.reminders, jobs);
        if (r.log) await this.d.log.append(saved.tenantId, saved.schoolId, saved.caseId, r.log);
        await this.d.dispatcher.queue(saved, r.notices);
        // A draft kept between form cards changes nothing others see: their copies stay as they are.
        if (r.log) this.d.dispatcher.refreshCopies(saved);
        return this.forViewer(actor, saved);
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'common.CONFLICT') || attempt >= CONFLICT_RETRIES) throw e;
      }
    }
  }
}
