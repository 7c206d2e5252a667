/**
 * Sends the archive jobs (domain/archive-jobs.ts) to the municipality's archive through the
 * transport (ports/archive.ts): the folder first, a journal post only once its folder and the
 * posts before it are in the archive; each try under a lease written with the job row's ETag, so
 * two instances never send the same job at once; a failed try again after 1 min, 5 min, 30 min, then every hour; a job the
 * archive refuses for good is recorded and not retried. A message sent twice (a crash after the
 * send, before the record) is harmless: the archive knows it by its external key.
 *
 * The message and the PDF are built from the case as it is read now, the document as the case
 * stood when the job was made (archive-document.ts); nothing of the pupil is logged.
 */
import { strings } from '../i18n';
import { archiveFolderOf, archiveRecordOf, type ArchiveNumbers, type CaseForArchive } from '../domain/archive';
import { archiveBackoffMs, folderJobFor, isItsTurn, jobOfKey, sendOrder, type ArchiveJob } from '../domain/archive-jobs';
import type { SkolemiljoCase } from '../domain/case';
import type { School } from '../domain/school';
import type { ArchiveDocuments, ArchiveJobs, ArchiveMessage, ArchiveTransport } from '../ports/archive';
import { ArchiveRefused, ArchiveUnavailable } from '../ports/archive';
import type { CaseLog, CaseStore, Clock, Directory } from '../ports';
import { caseDocumentAsOf } from './archive-document';
import { recordWithinLease } from './claims';
import type { Logger } from './logger';
import { safeError } from './safe-error';
import { localDateOf } from './school-time';

/** A try holds its job this long; a send takes seconds. */
export const ARCHIVE_LEASE_MS = 5 * 60_000;
/** A message handed over with no receipt after this long is sent again (the archive knows its key). */
export const RECEIPT_WAIT_MS = 60 * 60_000;

export interface ArchiveSenderDeps {
  jobs: ArchiveJobs;
  transport: ArchiveTransport;
  documents: ArchiveDocuments;
  cases: Pick<CaseStore, 'get' | 'plans'>;
  log: Pick<CaseLog, 'list'>;
  directory: Pick<Directory, 'getSchool' | 'staffOf'>;
  clock: Clock;
  logger: Logger;
}

export class ArchiveSender {
  constructor(private readonly d: ArchiveSenderDeps) {}

  /** Records the receipts that came, then tries every job that is due. Returns how many were tried. */
  async sweep(max = 50): Promise<number> {
    await this.takeReceipts();
    const due = await this.d.jobs.due(this.d.clock.now().toISOString(), max);
    let tried = 0;
    for (const j of due.sort(sendOrder)) if (await this.attempt(j)) tried++;
    return tried;
  }

  /** One try of a job; false when it is not its turn or another instance holds it. */
  private async attempt(j: ArchiveJob): Promise<boolean> {
    const now = this.d.clock.now();
    const what = { caseId: j.caseId, doc: j.doc, n: j.n, attempts: j.attempts + 1 };
    let folderNumbers: ArchiveNumbers | undefined;
    if (j.doc !== 'mappe') {
      const all = await this.d.jobs.forCase(j.tenantId, j.schoolId, j.caseId);
      const folder = all.find((x) => x.doc === 'mappe');
      // A case forwarded before the archive was turned on: its folder goes first, then this post.
      if (!folder) await this.d.jobs.add(folderJobFor(j, localDateOf(now), now.toISOString()));
      // The posts in the order they happened, so the archive numbers them so: each after the ones before it.
      if (!folder || !isItsTurn(j, all)) return false;
      folderNumbers = folder.numbers;
    }
    const lease = await this.d.jobs.save({ ...j, nextAttemptAt: new Date(now.getTime() + ARCHIVE_LEASE_MS).toISOString() });
    if (!lease) return false;
    const next: ArchiveJob = { ...lease, attempts: j.attempts + 1 };
    try {
      const m = await this.message(j, folderNumbers);
      if (!m) Object.assign(next, { status: 'failed', lastError: 'gone' });
      else {
        const r = await this.d.transport.send(m);
        if (r.kind === 'done') Object.assign(next, { status: 'done', doneAt: now.toISOString(), lastError: '', ...(r.numbers ? { numbers: r.numbers } : {}) });
        else Object.assign(next, { status: 'sent', lastError: '', nextAttemptAt: new Date(now.getTime() + RECEIPT_WAIT_MS).toISOString() });
      }
    } catch (e) {
      const refused = e instanceof ArchiveRefused;
      Object.assign(next, { status: refused ? 'failed' : 'pending', lastError: refused ? e.code : e instanceof ArchiveUnavailable ? e.message : safeError(e), nextAttemptAt: new Date(now.getTime() + archiveBackoffMs(next.attempts)).toISOString() });
      this.d.logger.warn({ ...what, error: next.lastError }, refused ? 'the archive refused the message; not retried' : 'archive not reached; will retry');
    }
    // Handed over: recorded even through a short storage outage, or it is sent again (harmless, but noise for the archive).
    const saved = await recordWithinLease(() => this.d.jobs.save(next), { until: now.getTime() + ARCHIVE_LEASE_MS - 15_000, logger: this.d.logger, what });
    // Only when this try outlived its lease and another took the job over: that one records it.
    if (!saved) this.d.logger.warn(what, 'archive job taken over before its try was recorded');
    return true;
  }

  /** The message for a job, built from the case now; undefined when the case is gone (retention). */
  private async message(j: ArchiveJob, folderNumbers?: ArchiveNumbers): Promise<ArchiveMessage | undefined> {
    const c = await this.d.cases.get(j.tenantId, j.schoolId, j.caseId);
    if (!c) return undefined;
    const school = await this.d.directory.getSchool(j.tenantId, j.schoolId);
    // Retried until the archive staff's settings are imported: the job waits, nothing is lost.
    if (!school?.archive) throw new ArchiveUnavailable('no archive settings for the school');
    const settings = school.archive;
    const a = forArchive(c, school);
    const folder = archiveFolderOf(a);
    if (j.doc === 'mappe') return { kind: 'folder', folder, settings };
    const record = archiveRecordOf(a, j.doc, j.n, j.documentDate, settings);
    const [plans, log, staff] = await Promise.all([this.d.cases.plans(c.tenantId, c.schoolId, c.caseId), this.d.log.list(c.tenantId, c.schoolId, c.caseId), this.d.directory.staffOf(c.tenantId, c.schoolId)]);
    const doc = caseDocumentAsOf({ case: c, plans, log, school, staffNames: Object.fromEntries(staff.map((m) => [m.userId, m.name])), at: j.createdAt });
    const pdf = await this.d.documents.pdf(doc);
    return { kind: 'record', folder, ...(folderNumbers ? { folderNumbers } : {}), record, settings, pdf };
  }

  /** Receipts that came later (Fiks IO): the job is done with its numbers, refused, or sent again. */
  private async takeReceipts(): Promise<void> {
    if (!this.d.transport.receipts) return;
    for (const r of await this.d.transport.receipts()) {
      const at = jobOfKey(r.key);
      const j = at && (await this.d.jobs.get(at.tenantId, at.schoolId, at.caseId, at.doc, at.n));
      if (j && j.status !== 'done' && j.status !== 'failed') {
        const now = this.d.clock.now();
        const o = r.outcome;
        const numbers = o.kind === 'done' ? await completeNumbers(this.d.jobs, j, o.numbers) : undefined;
        const next: ArchiveJob =
          o.kind === 'done'
            ? { ...j, status: 'done', ...(numbers ? { numbers } : {}), doneAt: now.toISOString(), lastError: '' }
            : o.kind === 'refused'
              ? { ...j, status: 'failed', lastError: o.reason }
              : { ...j, status: 'pending', lastError: o.reason, nextAttemptAt: new Date(now.getTime() + archiveBackoffMs(j.attempts)).toISOString() };
        // Changed meanwhile (another instance took the same receipt): the receipt is recorded there.
        if (!(await this.d.jobs.save(next))) continue;
        if (o.kind !== 'done') this.d.logger.warn({ caseId: j.caseId, doc: j.doc, n: j.n, error: o.reason }, 'the archive answered with an error');
      }
      await r.ack();
    }
  }
}

/** A receipt's numbers made whole: a post's receipt names its journalpostnummer, its folder's job holds the rest. */
async function completeNumbers(jobs: ArchiveJobs, j: ArchiveJob, got: Partial<ArchiveNumbers> | undefined): Promise<ArchiveNumbers | undefined> {
  const folder = j.doc === 'mappe' ? undefined : (await jobs.get(j.tenantId, j.schoolId, j.caseId, 'mappe', 0))?.numbers;
  const n = { ...(folder ? { saksaar: folder.saksaar, sakssekvensnummer: folder.sakssekvensnummer } : {}), ...got };
  if (n.saksaar === undefined || n.sakssekvensnummer === undefined) return undefined;
  return { saksaar: n.saksaar, sakssekvensnummer: n.sakssekvensnummer, ...(j.doc !== 'mappe' && n.journalpostnummer !== undefined ? { journalpostnummer: n.journalpostnummer } : {}) };
}

function forArchive(c: SkolemiljoCase, school: School): CaseForArchive {
  return {
    tenantId: c.tenantId,
    schoolId: c.schoolId,
    caseId: c.caseId,
    ref: c.ref,
    pupilName: c.report.pupilName,
    pupilClass: c.report.pupilClass,
    openedOn: localDateOf(new Date(c.forwardedAt || c.createdAt)),
    words: strings(school.languageForm === 'nn' ? 'nn' : 'nb').archive.journal,
  };
}
