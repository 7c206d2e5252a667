/**
 * Case references chosen in the instance and made unique by the case's own transaction
 * (src/adapters/tables/case-refs.ts), against the real Azurite: several instances of the service
 * (each its own storage clients and its own memory) against the same tables, and the version
 * before (numbers from the Counters row, the reference row upserted) during a rolling deploy.
 */
import { CaseRefNumbers, AHEAD } from '../../src/adapters/tables/case-refs';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { CounterRepository } from '../../src/adapters/tables/counter-repository';
import { casePk } from '../../src/adapters/tables/table-client';
import { formatRef, ReferenceTaken } from '../../src/domain/reference';
import { aCase, T } from '../support/case-fixture';
import { testTables, uniquePrefix } from '../support/tables';

const prefix = uniquePrefix();
const YEAR = 2026;

/** One instance of the service: its own clients, its own numbers in memory. */
async function instance() {
  const tables = testTables(prefix);
  const cases = new CaseRepository(tables);
  const refs = new CaseRefNumbers(tables);
  await Promise.all([cases.init(), refs.init()]);
  /** What the report's submit does: the instance's next number, and the next past the highest when it was taken. */
  const file = async (caseId: string, schoolId: string) => {
    for (let attempt = 1; ; attempt++) {
      const n = await refs.propose(T, schoolId, YEAR);
      try {
        return await cases.create({ ...aCase(caseId, schoolId), ref: formatRef(YEAR, n) });
      } catch (e) {
        if (!(e instanceof ReferenceTaken) || attempt >= 10) throw e;
        await refs.taken(T, schoolId, YEAR, e.highest);
      }
    }
  };
  return { tables, cases, refs, file };
}

/** The version before: its number from the Counters row, then the case with its reference row upserted (as it did). */
async function instanceBefore() {
  const tables = testTables(prefix);
  const counters = new CounterRepository(tables);
  await counters.init();
  const table = tables.client('Cases');
  const file = async (caseId: string, schoolId: string) => {
    const ref = formatRef(YEAR, await counters.next(T, schoolId, YEAR));
    const pk = casePk(T, schoolId);
    await table.submitTransaction([
      // The rest of its case row does not matter here (indexKeys and tally: no migration at a start picks it up).
      ['create', { partitionKey: pk, rowKey: caseId, ref, indexKeys: '[]', tally: '{}' }],
      ['upsert', { partitionKey: pk, rowKey: `~X_${ref}`, caseId }, 'Replace'],
    ]);
    return { caseId, ref };
  };
  return { table, file };
}

/** Every reference row of the school's year: reference → the case it names. */
async function refRows(schoolId: string): Promise<Map<string, string>> {
  const table = testTables(prefix).client('Cases');
  const out = new Map<string, string>();
  const filter = `PartitionKey eq '${casePk(T, schoolId)}' and RowKey ge '~X_' and RowKey lt '~Y'`;
  for await (const e of table.listEntities<{ caseId: string }>({ queryOptions: { filter } })) out.set(e.rowKey!.slice(3), e.caseId);
  return out;
}

const ids = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag}-${String(i).padStart(4, '0')}`);

describe('case references chosen in the instance, unique by the case transaction', () => {
  it('give 60 reports at once at one school, through two instances, 60 different references, each row naming its own case', async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const filed = await Promise.all(ids('two', 60).map((id, i) => (i % 2 ? a : b).file(id, 'two-inst')));
    const refs = filed.map((f) => f.case.ref);
    expect(new Set(refs).size).toBe(60);
    expect(filed.every((f) => f.created)).toBe(true);
    const rows = await refRows('two-inst');
    for (const f of filed) expect(rows.get(f.case.ref)).toBe(f.case.caseId);
    // No number is skipped when nothing failed: each collision is retried with the next past the highest.
    expect(Math.max(...refs.map((r) => Number(r.slice(8))))).toBeLessThanOrEqual(60 + AHEAD);
  });

  it('numbers the reports of one instance one after another, with no gaps when nothing collides', async () => {
    const a = await instance();
    const refs: string[] = [];
    for (const id of ids('seq', 5)) refs.push((await a.file(id, 'sequential')).case.ref);
    expect(refs).toEqual(['SM-2026-0001', 'SM-2026-0002', 'SM-2026-0003', 'SM-2026-0004', 'SM-2026-0005']);
  });

  it('a cold instance continues after the highest reference another instance wrote, also past 9999 (the keys sort as text)', async () => {
    const a = await instance();
    for (const id of ids('warm', 3)) await a.file(id, 'cold-start');
    const b = await instance();
    expect((await b.file('cold-0001', 'cold-start')).case.ref).toBe('SM-2026-0004');
    // SM-2026-10000 sorts before SM-2026-9999 as text.
    await a.cases.create({ ...aCase('big-9999', 'past-9999'), ref: 'SM-2026-9999' });
    await a.cases.create({ ...aCase('big-10000', 'past-9999'), ref: 'SM-2026-10000' });
    const c = await instance();
    expect((await c.file('big-next', 'past-9999')).case.ref).toBe('SM-2026-10001');
  });

  it('a form sent again returns its case with its reference, even when the number tried meanwhile is another case’s', async () => {
    const a = await instance();
    const first = await a.file('again-0001', 'resend');
    await a.file('other-0002', 'resend');
    // The resend is given the number the other case has: the case already there is the answer, not ReferenceTaken.
    const again = await a.cases.create({ ...aCase('again-0001', 'resend'), ref: 'SM-2026-0002' });
    expect(again.created).toBe(false);
    expect(again.case.ref).toBe(first.case.ref);
    expect((await a.cases.byRef(T, 'resend', 'SM-2026-0002'))?.caseId).toBe('other-0002');
  });

  it('during a rolling deploy, the version before (Counters) and this one filing at once never give two cases one reference', async () => {
    const before = await instanceBefore();
    // The school's first cases, filed before the deploy.
    const early = [];
    for (const id of ids('old-early', 5)) early.push(await before.file(id, 'deploy'));
    const [a, b] = await Promise.all([instance(), instance()]);
    const mixed = ids('mix', 90);
    const filed = await Promise.all(
      mixed.map(async (id, i) => (i % 3 === 0 ? before.file(id, 'deploy') : (await (i % 3 === 1 ? a : b).file(id, 'deploy')).case)),
    );
    // And the version before once more after this version's reports (its Counters row must be past them).
    const late = [];
    for (const id of ids('old-late', 5)) late.push(await before.file(id, 'deploy'));
    const all = [...early, ...filed, ...late].map((f) => ({ caseId: f.caseId, ref: f.ref }));
    const byRef = new Map<string, string[]>();
    for (const f of all) byRef.set(f.ref, [...(byRef.get(f.ref) ?? []), f.caseId]);
    expect([...byRef.entries()].filter(([, cs]) => cs.length > 1)).toEqual([]);
    const rows = await refRows('deploy');
    for (const f of all) expect(rows.get(f.ref)).toBe(f.caseId);
    // The version before jumps at most AHEAD numbers past this version's at each of its reports in between.
    expect(Math.max(...all.map((f) => Number(f.ref.slice(8))))).toBeLessThanOrEqual(all.length + AHEAD * 40);
  });

  it('never gives a reference again once retention deleted its case: not a cold instance, not a warm one that never saw it', async () => {
    const warm = await instance();
    await warm.file('ret-0001', 'retained');
    const a = await instance();
    const gone = [await a.file('ret-0002', 'retained'), await a.file('ret-0003', 'retained')];
    expect(gone.map((f) => f.case.ref)).toEqual(['SM-2026-0002', 'SM-2026-0003']);
    // A school with a short retention period (1 month is allowed): both closed and deleted the same year.
    for (const f of gone) await a.cases.remove(T, 'retained', f.case.caseId);
    const cold = await instance();
    const next = [(await cold.file('ret-0004', 'retained')).case.ref, (await warm.file('ret-0005', 'retained')).case.ref];
    // The tombstone in the log (ref=SM-2026-0002…) and the archive still name the deleted cases by these references.
    expect(next.filter((r) => r === 'SM-2026-0002' || r === 'SM-2026-0003')).toEqual([]);
    expect(new Set(next).size).toBe(2);
  });

  it('an instance that used up its numbers in a burst raises the Counters row on the way (all 50 get a number)', async () => {
    const a = await instance();
    const filed = await Promise.all(ids('burst', 50).map((id) => a.file(id, 'burst')));
    expect(new Set(filed.map((f) => f.case.ref)).size).toBe(50);
    const counter = await a.tables.client('Counters').getEntity<{ value: number; oldHigh: number }>(casePk(T, 'burst'), `ref_${YEAR}`);
    expect(counter.value).toBeGreaterThanOrEqual(50);
  });
});
