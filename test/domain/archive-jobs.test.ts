/** Archive jobs (domain/archive-jobs.ts): which case changes make which jobs, their keys, back-off, and what the card says. */
import { archiveBackoffMs, archiveJobsFor, archiveStateOf, jobKey, jobOfKey, sendOrder, type ArchiveJob } from '../../src/domain/archive-jobs';
import type { SkolemiljoCase } from '../../src/domain/case';
import { EMPTY_CASEWORK, type ActivityPlan, type Evaluation } from '../../src/domain/casework';

const AT = '2026-12-01T09:00:00.000Z';
const o = { today: '2026-12-01', at: AT };
const base = { tenantId: 't1', schoolId: 'ellingsrud', caseId: 'c1', forwardedAt: '', work: EMPTY_CASEWORK } as unknown as SkolemiljoCase;
const forwarded = { ...base, forwardedAt: AT };
const docs = (js: ArchiveJob[]) => js.map((j) => `${j.doc}/${j.n}`);
const job = (doc: ArchiveJob['doc'], n: number, status: ArchiveJob['status'], extra: Partial<ArchiveJob> = {}): ArchiveJob => ({ ...base, doc, n, documentDate: '2026-12-01', createdAt: AT, status, attempts: 0, nextAttemptAt: AT, lastError: '', ...extra });

describe('the jobs a case change makes', () => {
  it('forwarding opens the folder and journals the report; a plan version, an evaluation and the closing are posts', () => {
    expect(docs(archiveJobsFor(base, forwarded, o))).toEqual(['mappe/0', 'melding/1']);
    expect(docs(archiveJobsFor(forwarded, forwarded, { ...o, plan: { version: 2 } as ActivityPlan }))).toEqual(['aktivitetsplan/2']);
    const evaluated = { ...forwarded, work: { ...EMPTY_CASEWORK, evaluations: [{} as Evaluation, {} as Evaluation] } };
    const once = { ...forwarded, work: { ...EMPTY_CASEWORK, evaluations: [{} as Evaluation] } };
    expect(docs(archiveJobsFor(once, evaluated, o))).toEqual(['evaluering/2']);
    const closed = { ...evaluated, work: { ...evaluated.work, closure: { at: AT } } } as unknown as SkolemiljoCase;
    expect(docs(archiveJobsFor(evaluated, closed, o))).toEqual(['avslutning/1']);
    // Any other change (a draft, a meeting) makes none; a case never forwarded has no folder to journal in.
    expect(archiveJobsFor(forwarded, { ...forwarded, meetings: [] }, o)).toEqual([]);
    expect(archiveJobsFor(base, base, { ...o, plan: { version: 1 } as ActivityPlan })).toEqual([]);
  });

  it('a job is pending at once, with no pupil data in it', () => {
    const [folder] = archiveJobsFor(base, forwarded, o);
    expect(folder).toEqual({ tenantId: 't1', schoolId: 'ellingsrud', caseId: 'c1', doc: 'mappe', n: 0, documentDate: '2026-12-01', createdAt: AT, status: 'pending', attempts: 0, nextAttemptAt: AT, lastError: '' });
  });
});

describe('keys, order and back-off', () => {
  it('the external key names the job, and a receipt’s key finds it again; a key not ours finds nothing', () => {
    expect(jobKey(job('mappe', 0, 'pending'))).toBe('meldfra/t1/ellingsrud/c1');
    expect(jobKey(job('aktivitetsplan', 3, 'pending'))).toBe('meldfra/t1/ellingsrud/c1/aktivitetsplan/3');
    expect(jobOfKey('meldfra/t1/ellingsrud/c1/aktivitetsplan/3')).toEqual({ tenantId: 't1', schoolId: 'ellingsrud', caseId: 'c1', doc: 'aktivitetsplan', n: 3 });
    expect(jobOfKey('meldfra/t1/ellingsrud/c1')).toMatchObject({ doc: 'mappe', n: 0 });
    for (const bad of ['other/t1/s/c', 'meldfra/t1/s/c/vedtak/1', 'meldfra/t1/s/c/melding/x', 'meldfra/t1//c']) expect(jobOfKey(bad)).toBeUndefined();
  });

  it('the folder first, then the posts as they happened', () => {
    const later = '2026-12-02T09:00:00.000Z';
    const list = [job('avslutning', 1, 'pending', { createdAt: later }), job('evaluering', 1, 'pending', { createdAt: later }), job('melding', 1, 'pending'), job('mappe', 0, 'pending', { createdAt: later })];
    expect(docs([...list].sort(sendOrder))).toEqual(['mappe/0', 'melding/1', 'evaluering/1', 'avslutning/1']);
  });

  it('tries again after 1 min, 5 min, 30 min, then every hour', () => {
    expect([1, 2, 3, 4, 24].map((n) => archiveBackoffMs(n) / 60_000)).toEqual([1, 5, 30, 60, 60]);
  });
});

describe('what the card says', () => {
  it('nothing without jobs; waiting while any is to go; refused when one was turned down; else the latest post’s number, or when it was delivered', () => {
    expect(archiveStateOf([])).toBeUndefined();
    expect(archiveStateOf([job('mappe', 0, 'done'), job('melding', 1, 'sent')])).toEqual({ state: 'waiting' });
    expect(archiveStateOf([job('mappe', 0, 'done'), job('melding', 1, 'failed')])).toEqual({ state: 'refused' });
    const n = (journalpostnummer?: number) => ({ saksaar: 2026, sakssekvensnummer: 1234, ...(journalpostnummer ? { journalpostnummer } : {}) });
    expect(archiveStateOf([job('aktivitetsplan', 1, 'done', { numbers: n(3), createdAt: '2026-12-02T00:00:00.000Z' }), job('mappe', 0, 'done', { numbers: n() }), job('melding', 1, 'done', { numbers: n(1) })])).toEqual({ state: 'archived', number: '2026/1234-3' });
    expect(archiveStateOf([job('mappe', 0, 'done', { doneAt: AT }), job('melding', 1, 'done', { doneAt: AT })])).toEqual({ state: 'delivered', at: AT });
  });
});
