/**
 * "årshjul" (SPEC §3.6): shows the school's recurring tasks for this school year, lets rektor or
 * the school's admin change them, and posts each in the school's channel on its day, once, even
 * with several instances running.
 */
import { ANNUAL_LIMITS, postingDay, tasksOf, validateTask, type AnnualError, type AnnualTask } from '../domain/annual';
import { DomainError } from '../domain/errors';
import { hasRole, isStaff, type Membership } from '../domain/people';
import { addDays, schoolYearOf } from '../domain/school-calendar';
import type { School, SchoolChannel } from '../domain/school';
import type { AnnualPoster, AnnualStore, Clock, Directory } from '../ports';
import type { Actor } from './actor';
import { enforce, subjectOf } from './policy-door';
import type { Logger } from './logger';
import { safeError } from './safe-error';
import { calendarFor, schoolDate } from './school-time';

export interface AnnualView {
  school: School;
  startYear: number;
  tasks: { task: AnnualTask; day: string }[];
  mayEdit: boolean;
  hasChannel: boolean;
}

export interface TaskEdit {
  taskId: string;
  date: string;
  active: boolean;
}

export class AnnualWheel {
  constructor(
    private readonly d: {
      directory: Directory & { listSchools(): Promise<School[]>; listChannels(tenantId: string, schoolId: string): Promise<SchoolChannel[]> };
      annual: AnnualStore;
      clock: Clock;
      poster: AnnualPoster;
      logger: Logger;
    },
  ) {}

  private async staffAt(actor: Actor): Promise<Membership> {
    const ms = (await this.d.directory.membershipsOf(actor.tenantId, actor.userId)).filter(isStaff);
    if (!ms.length) throw new DomainError('common.NOT_STAFF');
    // A leader's own school first, if they are at several.
    return ms.find((m) => hasRole(m, 'rektor') || hasRole(m, 'admin')) ?? ms[0];
  }

  async show(actor: Actor): Promise<AnnualView> {
    const m = await this.staffAt(actor);
    enforce(subjectOf(actor, [m], m), 'se', { type: 'arshjul', value: m });
    const school = await this.d.directory.getSchool(m.tenantId, m.schoolId);
    if (!school) throw new DomainError('common.SCHOOL_UNKNOWN');
    return this.view(school, hasRole(m, 'rektor') || hasRole(m, 'admin'));
  }

  private async view(school: School, mayEdit: boolean): Promise<AnnualView> {
    const today = schoolDate(this.d.clock.now()).today;
    const startYear = schoolYearOf(today);
    const cal = calendarFor(school, today);
    const tasks = tasksOf(await this.d.annual.tasks(school.tenantId, school.schoolId)).map((task) => ({ task, day: postingDay(task.monthDay, startYear, cal) }));
    const channels = await this.d.directory.listChannels(school.tenantId, school.schoolId);
    return { school, startYear, tasks, mayEdit, hasChannel: channels.some((c) => c.scope === 'skole' || c.scope === 'admin') };
  }

  /** Rektor or the admin moves, switches off or adds tasks; nothing is saved when anything is wrong. */
  async save(actor: Actor, edits: TaskEdit[], added: { title: string; date: string; description: string }): Promise<AnnualView | { errors: AnnualError[]; view: AnnualView }> {
    const m = await this.staffAt(actor);
    enforce(subjectOf(actor, [m], m), 'endre', { type: 'arshjul', value: m });
    const school = await this.d.directory.getSchool(m.tenantId, m.schoolId);
    if (!school) throw new DomainError('common.SCHOOL_UNKNOWN');
    const current = tasksOf(await this.d.annual.tasks(school.tenantId, school.schoolId));
    const errors: AnnualError[] = [];
    const next: AnnualTask[] = current.map((t) => {
      const e = edits.find((x) => x.taskId === t.taskId);
      if (!e) return t;
      const monthDay = e.date.slice(5);
      errors.push(...validateTask({ ...t, monthDay }, `${t.taskId}.`));
      return { ...t, monthDay, active: e.active };
    });
    if (added.title.trim() || added.date) {
      const own = { taskId: `egen_${this.d.clock.now().getTime().toString(36)}`, monthDay: added.date.slice(5), title: added.title.trim(), description: added.description.trim(), active: true, custom: true };
      errors.push(...validateTask(own, 'new.'));
      next.push(own);
    }
    if (next.length > ANNUAL_LIMITS.tasks) errors.push({ field: 'new.title', problem: 'tooMany', limit: ANNUAL_LIMITS.tasks });
    if (errors.length) return { errors, view: await this.view(school, true) };
    // A save that changes nothing writes nothing (a replayed or forged save leaves no trace).
    if (JSON.stringify(next) === JSON.stringify(current)) return this.view(school, true);
    // Own tasks switched off are removed; defaults switched off stay, so they can be switched on again.
    await this.d.annual.save(school.tenantId, school.schoolId, next.filter((t) => !t.custom || t.active));
    return this.view(school, true);
  }

  /** Posts every task whose day has come this school year and that has not been posted yet. */
  async sweep(): Promise<{ posted: number }> {
    let posted = 0;
    const now = this.d.clock.now();
    const today = schoolDate(now).today;
    const startYear = schoolYearOf(today);
    for (const school of await this.d.directory.listSchools()) {
      const channels = await this.d.directory.listChannels(school.tenantId, school.schoolId);
      const channel = channels.find((c) => c.scope === 'skole') ?? channels.find((c) => c.scope === 'admin');
      if (!channel) continue;
      const cal = calendarFor(school, today);
      for (const task of tasksOf(await this.d.annual.tasks(school.tenantId, school.schoolId))) {
        if (!task.active || postingDay(task.monthDay, startYear, cal) > today) continue;
        // Only on its day (or a few days late, after an outage), never a backlog from August.
        if (postingDay(task.monthDay, startYear, cal) < addDays(today, -7)) continue;
        const key = { tenantId: school.tenantId, schoolId: school.schoolId, startYear, taskId: task.taskId };
        // Without a lease: a post made twice in the school's channel is worse than one made late.
        if (!(await this.d.annual.posts.take(key, { now: now.toISOString() }))) continue;
        try {
          await this.d.poster.postTask(school, channel, task);
          posted++;
        } catch (e) {
          this.d.logger.warn({ schoolId: school.schoolId, taskId: task.taskId, err: safeError(e) }, 'årshjul task not posted, will retry');
          await this.d.annual.posts.release(key);
        }
      }
    }
    return { posted };
  }
}
