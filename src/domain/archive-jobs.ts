/**
 * Archive jobs: what of a case still has to reach the archive, written in the same transaction as
 * the case change that made it (so a crash cannot lose one), sent by a sweep (app/archive-sender),
 * and done once. The folder first; a journal post only once its folder is in the archive.
 */
import type { SkolemiljoCase } from './case';
import type { ActivityPlan } from './casework';
import { archiveNumber, folderKey, recordKey, type ArchiveDocKind, type ArchiveNumbers } from './archive';

/** 'mappe' is the case folder; the rest are the journal posts of its documents. */
export type ArchiveJobDoc = 'mappe' | ArchiveDocKind;

/**
 * pending: to send (again) at nextAttemptAt. sent: handed over, waiting for the archive's receipt
 * (resent at nextAttemptAt if none came: the archive knows the external key). done: in the archive.
 * failed: the archive refused it (ugyldigforespoersel): not retried, the card says so.
 */
export type ArchiveJobStatus = 'pending' | 'sent' | 'done' | 'failed';

export interface ArchiveJob {
  tenantId: string;
  schoolId: string;
  caseId: string;
  doc: ArchiveJobDoc;
  /** 0 for the folder; 1 for the report and the closing; the plan version or evaluation number. */
  n: number;
  /** yyyy-mm-dd: when the document was made (the folder: when the case was forwarded). */
  documentDate: string;
  /** The instant of the case change: the document is the case as it stood then. */
  createdAt: string;
  status: ArchiveJobStatus;
  attempts: number;
  nextAttemptAt: string;
  /** From the receipt: the folder's «2026/1234», a post's «2026/1234-3». None from a file drop. */
  numbers?: ArchiveNumbers;
  doneAt?: string;
  /** Why the last try failed, without pupil data (a status or a code). */
  lastError: string;
  etag?: string;
}

/** The archive's external key of the job's folder or post. */
export const jobKey = (j: Pick<ArchiveJob, 'tenantId' | 'schoolId' | 'caseId' | 'doc' | 'n'>): string => {
  const folder = folderKey(j.tenantId, j.schoolId, j.caseId);
  return j.doc === 'mappe' ? folder : recordKey(folder, j.doc, j.n);
};

/** The job an external key names (a receipt carries only the key), or undefined when it is not ours. */
export function jobOfKey(key: string): Pick<ArchiveJob, 'tenantId' | 'schoolId' | 'caseId' | 'doc' | 'n'> | undefined {
  const p = key.split('/');
  if (p[0] !== 'meldfra' || (p.length !== 4 && p.length !== 6) || p.slice(1, 4).some((x) => !x)) return undefined;
  const [, tenantId, schoolId, caseId, doc, n] = p;
  if (p.length === 4) return { tenantId, schoolId, caseId, doc: 'mappe', n: 0 };
  if (!['melding', 'aktivitetsplan', 'evaluering', 'avslutning'].includes(doc) || !/^\d+$/.test(n)) return undefined;
  return { tenantId, schoolId, caseId, doc: doc as ArchiveDocKind, n: Number(n) };
}

/** Back-off after a failed try: 1 min, 5 min, 30 min, then every hour (a day's outage is 24 tries or so). */
export const archiveBackoffMs = (attempts: number): number => [60_000, 5 * 60_000, 30 * 60_000][attempts - 1] ?? 60 * 60_000;

const job = (c: Pick<SkolemiljoCase, 'tenantId' | 'schoolId' | 'caseId'>, doc: ArchiveJobDoc, n: number, today: string, at: string): ArchiveJob => ({
  tenantId: c.tenantId,
  schoolId: c.schoolId,
  caseId: c.caseId,
  doc,
  n,
  documentDate: today,
  createdAt: at,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: at,
  lastError: '',
});

/**
 * The jobs a case change makes: forwarding opens the folder and journals the report; each plan
 * version, each evaluation and the closing is a post. A case never forwarded has no folder.
 */
export function archiveJobsFor(before: SkolemiljoCase, after: SkolemiljoCase, o: { today: string; at: string; plan?: ActivityPlan }): ArchiveJob[] {
  const out: ArchiveJob[] = [];
  if (!before.forwardedAt && after.forwardedAt) out.push(job(after, 'mappe', 0, o.today, o.at), job(after, 'melding', 1, o.today, o.at));
  if (!after.forwardedAt && out.length === 0) return [];
  if (o.plan) out.push(job(after, 'aktivitetsplan', o.plan.version, o.today, o.at));
  const evaluations = after.work?.evaluations.length ?? 0;
  if (evaluations > (before.work?.evaluations.length ?? 0)) out.push(job(after, 'evaluering', evaluations, o.today, o.at));
  if (!before.work?.closure && after.work?.closure) out.push(job(after, 'avslutning', 1, o.today, o.at));
  return out;
}

/** The folder job of a case forwarded before the archive was turned on: made when its first post is sent. */
export const folderJobFor = (c: Pick<SkolemiljoCase, 'tenantId' | 'schoolId' | 'caseId'>, today: string, at: string): ArchiveJob => job(c, 'mappe', 0, today, at);

/** Send order: the folder first, then the posts as they happened. */
const DOC_ORDER: readonly ArchiveJobDoc[] = ['mappe', 'melding', 'aktivitetsplan', 'evaluering', 'avslutning'];
export const sendOrder = (a: ArchiveJob, b: ArchiveJob): number =>
  (a.doc === 'mappe' ? 0 : 1) - (b.doc === 'mappe' ? 0 : 1) || a.createdAt.localeCompare(b.createdAt) || DOC_ORDER.indexOf(a.doc) - DOC_ORDER.indexOf(b.doc) || a.n - b.n;

/**
 * Whether a job may go now: a folder always; a post once its folder is in the archive and every post
 * before it is done (or refused for good), so the archive numbers them in order. A post whose
 * folder job is missing (a case forwarded before the archive was turned on) may go: the sender makes
 * its folder first. The sweep takes only jobs whose turn it is, so posts waiting for their folder
 * never fill its batch and crowd the folder out.
 */
export const isItsTurn = (j: ArchiveJob, all: ArchiveJob[]): boolean => {
  if (j.doc === 'mappe') return true;
  const folder = all.find((x) => x.doc === 'mappe');
  if (folder && folder.status !== 'done') return false;
  return !all.some((x) => sendOrder(x, j) < 0 && x.status !== 'done' && x.status !== 'failed');
};

/** What the case card says about the archive. */
export type ArchiveState =
  | { state: 'archived'; number: string }
  | { state: 'delivered'; at: string }
  | { state: 'waiting' }
  | { state: 'refused' };

/**
 * Archived with the latest post's number once every job is done; «delivered» when the transport
 * gives no numbers back (a file drop); waiting while anything is still to go; refused when the
 * archive turned one down. Undefined when the case has no jobs.
 */
export function archiveStateOf(jobs: ArchiveJob[]): ArchiveState | undefined {
  if (!jobs.length) return undefined;
  if (jobs.some((j) => j.status === 'failed')) return { state: 'refused' };
  if (jobs.some((j) => j.status !== 'done')) return { state: 'waiting' };
  const latest = [...jobs].sort(sendOrder).at(-1)!;
  if (latest.numbers) return { state: 'archived', number: archiveNumber(latest.numbers) };
  return { state: 'delivered', at: latest.doneAt ?? latest.createdAt };
}
