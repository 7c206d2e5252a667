/**
 * Archive jobs (ports/archive.ts), in the Cases table beside their case (same partition), so the
 * case repository writes them in the case change's own transaction (archiveJobEntity). One row
 * per folder or post, keyed by the case and the document, so the same job is never written twice;
 * no pupil data in them: the message and the PDF are built from the case when the job is sent.
 */
import { TableClient } from '@azure/data-tables';
import type { ArchiveNumbers } from '../../domain/archive';
import type { ArchiveJob, ArchiveJobDoc, ArchiveJobStatus } from '../../domain/archive-jobs';
import type { ArchiveJobs } from '../../ports/archive';
import { casePk, esc, keyPart, readRow, startsWith, statusOf, Tables } from './table-client';

const JOB = '~A_';
const caseJobs = (caseId: string) => keyPart(`${JOB}${caseId}_`);
/** The folder sorts first; a post's number is padded so versions sort in order. */
const jobRowKey = (caseId: string, doc: ArchiveJobDoc, n: number) => `${caseJobs(caseId)}${doc === 'mappe' ? '0mappe' : `${doc}_${String(n).padStart(4, '0')}`}`;

type JobEntity = {
  partitionKey: string;
  rowKey: string;
  tenantId: string;
  schoolId: string;
  caseId: string;
  doc: string;
  n: number;
  documentDate: string;
  createdAt: string;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  numbers: string;
  doneAt: string;
  lastError: string;
  etag?: string;
};

export const archiveJobEntity = (j: ArchiveJob): JobEntity => ({
  partitionKey: casePk(j.tenantId, j.schoolId),
  rowKey: jobRowKey(j.caseId, j.doc, j.n),
  tenantId: j.tenantId,
  schoolId: j.schoolId,
  caseId: j.caseId,
  doc: j.doc,
  n: j.n,
  documentDate: j.documentDate,
  createdAt: j.createdAt,
  status: j.status,
  attempts: j.attempts,
  nextAttemptAt: j.nextAttemptAt,
  numbers: j.numbers ? JSON.stringify(j.numbers) : '',
  doneAt: j.doneAt ?? '',
  lastError: j.lastError,
});

const fromEntity = (e: JobEntity): ArchiveJob => ({
  tenantId: e.tenantId,
  schoolId: e.schoolId,
  caseId: e.caseId,
  doc: e.doc as ArchiveJobDoc,
  n: e.n,
  documentDate: e.documentDate,
  createdAt: e.createdAt,
  status: e.status as ArchiveJobStatus,
  attempts: e.attempts,
  nextAttemptAt: e.nextAttemptAt,
  ...(e.numbers ? { numbers: JSON.parse(e.numbers) as ArchiveNumbers } : {}),
  ...(e.doneAt ? { doneAt: e.doneAt } : {}),
  lastError: e.lastError,
  etag: e.etag,
});

export class ArchiveJobRepository implements ArchiveJobs {
  private readonly table: TableClient;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('Cases');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  /**
   * One query over every school's job rows still to send. The jobs of a municipality are few
   * (a handful per case), and the filter on the row key keeps case rows out of the answer.
   */
  async due(now: string, max: number): Promise<ArchiveJob[]> {
    const filter = `${startsWith(JOB)} and (status eq 'pending' or status eq 'sent') and nextAttemptAt le '${esc(now)}'`;
    const out: ArchiveJob[] = [];
    for await (const e of this.table.listEntities<JobEntity>({ queryOptions: { filter } })) {
      out.push(fromEntity(e));
    }
    return out.sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt)).slice(0, max);
  }

  async forCase(tenantId: string, schoolId: string, caseId: string): Promise<ArchiveJob[]> {
    const filter = `PartitionKey eq '${esc(casePk(tenantId, schoolId))}' and ${startsWith(caseJobs(caseId))}`;
    const out: ArchiveJob[] = [];
    for await (const e of this.table.listEntities<JobEntity>({ queryOptions: { filter } })) out.push(fromEntity(e));
    return out;
  }

  async get(tenantId: string, schoolId: string, caseId: string, doc: ArchiveJobDoc, n: number): Promise<ArchiveJob | undefined> {
    const e = await readRow<JobEntity>(this.table, casePk(tenantId, schoolId), jobRowKey(caseId, doc, n));
    return e && fromEntity(e);
  }

  async save(job: ArchiveJob): Promise<ArchiveJob | undefined> {
    try {
      const r = await this.table.updateEntity(archiveJobEntity(job), 'Replace', { etag: job.etag ?? '*' });
      return { ...job, etag: r.etag };
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async add(job: ArchiveJob): Promise<void> {
    try {
      await this.table.createEntity(archiveJobEntity(job));
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
  }

  /** Retention: a deleted case's jobs go with it. */
  async removeCase(tenantId: string, schoolId: string, caseId: string): Promise<void> {
    for (const j of await this.forCase(tenantId, schoolId, caseId)) {
      await this.table.deleteEntity(casePk(j.tenantId, j.schoolId), jobRowKey(j.caseId, j.doc, j.n)).catch((e: unknown) => {
        if (statusOf(e) !== 404) throw e;
      });
    }
  }
}
