/**
 * The report forms of one user in one partition (report-forms-repository.ts), against the real
 * Azurite: issued, filed once, the hourly limit under concurrency from two instances, and the rows
 * the layout before wrote (a form issued and claimed before a deploy, the recent reports).
 */
import { IdempotencyRepository, keys } from '../../src/adapters/tables/idempotency-repository';
import { ReportFormsRepository } from '../../src/adapters/tables/report-forms-repository';
import type { Filed, FormLookUp } from '../../src/app/report-concern';
import { testTables, uniquePrefix } from '../support/tables';

const tables = testTables(uniquePrefix());
const now = '2026-11-24T09:30:00.000Z';
const clock = { now: () => new Date(now) };
// Two instances of the service: each its own repository, the same table.
const one = new ReportFormsRepository(tables, clock);
const two = new ReportFormsRepository(tables, clock);
const legacy = new IdempotencyRepository(tables, clock);
const HOUR = 3_600_000;
const claimKey = (user: string, formId: string) => `T|ellingsrud|${user}|${formId}`;
const opts = (limit: number, nowIso = now) => ({ nowIso, windowMs: HOUR, limit });

/** lookUp then file, as a submit does; the case id each filing named. */
async function submit(repo: ReportFormsRepository, user: string, formId: string, caseId: string, limit = 10, nowIso = now): Promise<Filed | FormLookUp> {
  const seen = await repo.lookUp(user, formId, claimKey(user, formId));
  if (!seen.issued || seen.filed) return seen;
  return repo.file(user, formId, claimKey(user, formId), { caseId }, opts(limit, nowIso), seen);
}

beforeAll(async () => {
  await Promise.all([one.init(), legacy.init()]);
});

describe('report forms, one partition per user', () => {
  it('a form is issued to its user only', async () => {
    await one.issueForm('T|kari', 'f1');
    expect((await two.lookUp('T|kari', 'f1', claimKey('T|kari', 'f1'))).issued).toBe(true);
    expect((await two.lookUp('T|lars', 'f1', claimKey('T|lars', 'f1'))).issued).toBe(false);
    expect((await two.lookUp('T|kari', 'f2', claimKey('T|kari', 'f2'))).issued).toBe(false);
  });

  it('a form is filed once: sent twice at once from two instances, both get the same case', async () => {
    await one.issueForm('T|kari', 'f3');
    const [a, b] = await Promise.all([submit(one, 'T|kari', 'f3', 'case-a'), submit(two, 'T|kari', 'f3', 'case-b')]);
    const ids = [a, b].map((r) => ('kind' in r && r.kind === 'claimed' ? r.value.caseId : undefined));
    expect(ids[0]).toBeDefined();
    expect(ids[1]).toBe(ids[0]);
    expect([a, b].filter((r) => 'first' in r && r.first)).toHaveLength(1);
    // Sent again later: the same case, read in the one look-up.
    expect((await one.lookUp('T|kari', 'f3', claimKey('T|kari', 'f3'))).filed).toEqual({ caseId: ids[0] });
  });

  it('the hourly limit holds for reports sent at once through two instances', async () => {
    const forms = Array.from({ length: 8 }, (_, i) => `m${i}`);
    for (const f of forms) await one.issueForm('T|mona', f);
    const results = await Promise.all(forms.map((f, i) => submit(i % 2 ? one : two, 'T|mona', f, `case-${f}`, 3)));
    const kinds = results.map((r) => ('kind' in r ? r.kind : 'not filed'));
    expect(kinds.filter((k) => k === 'claimed')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'tooMany')).toHaveLength(5);
    // An hour after the first, a slot is free again; the forms refused were not claimed.
    const later = new Date(Date.parse(now) + HOUR + 1000).toISOString();
    const refused = forms.find((_, i) => kinds[i] === 'tooMany')!;
    expect(await submit(one, 'T|mona', refused, 'case-late', 3, later)).toMatchObject({ kind: 'claimed', first: true });
  });

  it('reads what the layout before wrote: a form issued and claimed before the deploy, and the recent reports', async () => {
    const table = tables.client('Idempotency');
    const old = (kind: 'f' | 's' | 'l', key: string, props: Record<string, unknown>) => table.createEntity({ ...keys(kind, key), at: now, ...props });
    // Issued and claimed before: found, with the case it made.
    await old('f', 'T|ola|old1', {});
    await old('s', claimKey('T|ola', 'old1'), { caseId: 'case-old1' });
    expect(await one.lookUp('T|ola', 'old1', claimKey('T|ola', 'old1'))).toMatchObject({ issued: true, filed: { caseId: 'case-old1' } });
    // Issued before, filed after: claimed where the code before looks for it too.
    await old('f', 'T|ola|old2', {});
    expect(await submit(one, 'T|ola', 'old2', 'case-old2')).toMatchObject({ kind: 'claimed', first: true });
    expect(await legacy.claimed(claimKey('T|ola', 'old2'))).toEqual({ caseId: 'case-old2' });
    // Two reports this hour in the row of before: with a limit of three, one more goes through.
    const recent = [{ form: 'x', at: '2026-11-24T09:00:00.000Z' }, { form: 'y', at: '2026-11-24T09:10:00.000Z' }];
    await old('l', 'T|per', { recent: JSON.stringify(recent) });
    for (const f of ['p1', 'p2']) await one.issueForm('T|per', f);
    expect(await submit(one, 'T|per', 'p1', 'case-p1', 3)).toMatchObject({ kind: 'claimed' });
    expect(await submit(one, 'T|per', 'p2', 'case-p2', 3)).toEqual({ kind: 'tooMany', until: '2026-11-24T10:00:00.000Z' });
  });
});
