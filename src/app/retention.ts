/**
 * Retention (SPEC §4): a closed case is deleted when the school's retention period has passed
 * since it was closed. What is left is one log entry saying that a case was deleted, and when,
 * with its reference and closing date: nothing about the pupil.
 */
import { DateTime } from 'luxon';
import type { SkolemiljoCase } from '../domain/case';
import { DEFAULT_RETENTION_MONTHS, type School } from '../domain/school';
import type { CaseLog, Clock } from '../ports';
import type { CaseRepository } from '../adapters/tables/case-repository';
import type { CaseLogRepository } from '../adapters/tables/case-log-repository';
import type { NoticeRepository } from '../adapters/tables/notice-repository';
import type { Logger } from './logger';
import { SCHOOL_ZONE } from './school-time';

export interface RetentionDeps {
  schools(): Promise<School[]>;
  cases: Pick<CaseRepository, 'listBySchool' | 'remove'>;
  log: CaseLog & Pick<CaseLogRepository, 'removeCase'>;
  notices: Pick<NoticeRepository, 'removeCase'>;
  clock: Clock;
  logger: Logger;
}

/** Whether a case's time is up: closed, and closed before the cutoff. */
export const dueForDeletion = (c: SkolemiljoCase, cutoffIso: string): boolean =>
  c.status === 'avsluttet' && !!c.work?.closure && c.work.closure.at <= cutoffIso;

export class Retention {
  constructor(private readonly d: RetentionDeps) {}

  async sweep(): Promise<{ deleted: number }> {
    let deleted = 0;
    const now = this.d.clock.now();
    for (const school of await this.d.schools()) {
      const months = school.retentionMonths ?? DEFAULT_RETENTION_MONTHS;
      const cutoff = DateTime.fromJSDate(now, { zone: SCHOOL_ZONE }).minus({ months }).toUTC().toISO() ?? '';
      for (const c of await this.d.cases.listBySchool(school.tenantId, school.schoolId)) {
        if (!dueForDeletion(c, cutoff)) continue;
        await this.delete(c, now.toISOString());
        deleted++;
      }
    }
    if (deleted) this.d.logger.info({ deleted }, 'closed cases deleted after their retention period');
    return { deleted };
  }

  /** Safe to repeat after a crash half-way: each step finds nothing left the second time. */
  private async delete(c: SkolemiljoCase, nowIso: string): Promise<void> {
    const { tenantId, schoolId, caseId } = c;
    await this.d.log.removeCase(tenantId, schoolId, caseId);
    const left = await this.d.log.list(tenantId, schoolId, caseId);
    if (!left.some((e) => e.action === 'slettet')) {
      await this.d.log.append(tenantId, schoolId, caseId, { at: nowIso, actorId: 'system', action: 'slettet', detail: `ref=${c.ref};avsluttet=${c.work?.closure?.at.slice(0, 10) ?? ''}` });
    }
    await this.d.notices.removeCase(tenantId, schoolId, caseId);
    await this.d.cases.remove(tenantId, schoolId, caseId);
  }
}
