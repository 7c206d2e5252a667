/**
 * Archive jobs (ports/archive.ts), in the Cases table beside their case (same partition), so the
 * case repository writes them in the case change's own transaction (archiveJobEntity). One row
 * per folder or post, keyed by the case and the document, so the same job is never written twice;
 * no pupil data in them: the message and the PDF are built from the case when the job is sent.
 */
import type { ArchiveNumbers } from '../../domain/archive';
import { isItsTurn, type ArchiveJob, type ArchiveJobDoc, type ArchiveJobStatus } from '../../domain/archive-jobs';
import type { ArchiveJobs } from '../../ports/archive';
import { casePk, esc, keyPart, readRow, startsWith, statusOf, TableRepository } from './table-client';

const JOB = '~A_';
/**
 * One pointer per case with jobs still to send, in a partition of its own, so the sweep reads
 * those cases and never scans the table. It is written before the case's transaction (a crash in
 * between leaves a pointer to nothing, dropped later) and dropped once every job is through.
 */
const POINTERS = '~archive';
const pointerKey = (pk: string, caseId: string) => keyPart(`~A|${pk}|${caseId}`);
/** A pointer to a case with nothing to send may belong to a transaction under way: only older ones are dropped. */
const ORPHAN_AFTER_MS = 10 * 60_000;
type PointerEntity = { partitionKey: string; rowKey: string; pk: string; tenantId: string; schoolId: string; caseId: string; at: string };
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

export class ArchiveJobRepository extends TableRepository implements ArchiveJobs {
  private readonly table = this.own('Cases');

  /** Marks the cases of these jobs as having jobs to send: before the transaction that writes them. */
  async point(jobs: ArchiveJob[], now: string): Promise<void> {
    const cases = new Map(jobs.map((j) => [`${j.tenantId}|${j.schoolId}|${j.caseId}`, j]));
    for (const j of cases.values()) {
      const pk = casePk(j.tenantId, j.schoolId);
      const e: PointerEntity = { partitionKey: POINTERS, rowKey: pointerKey(pk, j.caseId), pk, tenantId: j.tenantId, schoolId: j.schoolId, caseId: j.caseId, at: now };
      await this.table.upsertEntity(e, 'Replace');
    }
  }

  /** The jobs due now of every case with a pointer; a pointer whose case has nothing left to send is dropped. */
  async due(now: string, max: number): Promise<ArchiveJob[]> {
    const out: { j: ArchiveJob; turn: boolean }[] = [];
    for await (const p of this.table.listEntities<PointerEntity>({ queryOptions: { filter: `PartitionKey eq '${POINTERS}'` } })) {
      const all = await this.forCase(p.tenantId, p.schoolId, p.caseId);
      const open = all.filter((j) => j.status === 'pending' || j.status === 'sent');
      if (!open.length && Date.parse(p.at) < Date.parse(now) - ORPHAN_AFTER_MS) await this.table.deleteEntity(POINTERS, p.rowKey, { etag: p.etag }).catch(() => undefined);
      out.push(...open.filter((j) => j.nextAttemptAt <= now).map((j) => ({ j, turn: isItsTurn(j, all) })));
    }
    // The jobs whose turn it is first: a post waiting for its folder must not take the folder's place
    // in the batch. Waiting posts fill what is left, so a post goes in the same sweep as its folder.
    return out
      .sort((a, b) => Number(b.turn) - Number(a.turn) || a.j.nextAttemptAt.localeCompare(b.j.nextAttemptAt))
      .slice(0, max)
      .map((x) => x.j);
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
    await this.point([job], job.createdAt);
    try {
      await this.table.createEntity(archiveJobEntity(job));
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
  }

}
