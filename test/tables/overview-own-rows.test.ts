/**
 * A new case's overview counts are written in its own transaction with no read of a counter row
 * (issue 14: submit's round trips), as rows of its own that its first later change that counts
 * in the month folds into the school's counter rows. Against Azurite, through the bench's counting
 * proxy: the figures equal a recount from the stored cases after every step, also when changes at
 * one school (of one case, or of many) run at the same moment.
 */
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { tallyFor } from '../../src/adapters/tables/overview-counters';
import { Tables } from '../../src/adapters/tables/table-client';
import { azuriteConnectionString } from '../../src/config';
import { forwardCase, markSerious, openCase, reclassify, type SkolemiljoCase } from '../../src/domain/case';
import { recordInvestigation } from '../../src/domain/casework';
import type { Membership } from '../../src/domain/people';
import type { Report } from '../../src/domain/report';
import { startCountingProxy } from '../../bench/counting-proxy';
import { uniquePrefix } from '../support/tables';

jest.setTimeout(60_000);

const T = 'kommune';
const prefix = uniquePrefix();
let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
let cases: CaseRepository;
let tables: Tables;

beforeAll(async () => {
  proxy = await startCountingProxy(Number(process.env.TEST_AZURITE_PORT));
  tables = new Tables({ connectionString: azuriteConnectionString(proxy.port), prefix });
  cases = new CaseRepository(tables);
  await cases.init();
});
afterAll(() => proxy.close());

const report = (o: Partial<Report>): Report => ({
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2027-03-01', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false, ...o,
});
const member = (schoolId: string, userId: string, roles: Membership['roles']): Membership => ({ tenantId: T, schoolId, userId, name: userId, roles, classes: [], trinn: [] });
const rektor = (schoolId: string) => member(schoolId, 'rektor', ['ansatt', 'rektor']);
const leader = (schoolId: string) => member(schoolId, 'leder', ['ansatt', 'avdelingsleder']);

/** A report at `schoolId` on 2027-03-01 (investigation due 2027-03-08); `serious`: a member of staff suspected (§ 12-5). */
const newCase = (schoolId: string, i: number, serious = false): SkolemiljoCase =>
  openCase({
    tenantId: T, schoolId, caseId: `${schoolId}-${i}`, ref: `SM-2027-${String(i + 1).padStart(4, '0')}`, now: '2027-03-01T09:00:00.000Z',
    reporterId: 'kari', report: report({ staffSuspected: serious }), suggestedLeaderId: 'leder', investigationDue: '2027-03-08',
  }).case;

const investigated = (c: SkolemiljoCase, date: string): SkolemiljoCase => {
  const r = recordInvestigation(c, leader(c.schoolId), { methods: ['samtale_elev'], findings: 'f' }, `${date}T09:00:00.000Z`);
  if (Array.isArray(r)) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r.case;
};

/** Month → counter → count, without zeros. */
type Counts = Record<string, Record<string, number>>;
const clean = (t: Counts): Counts => {
  const out: Counts = {};
  for (const [m, counts] of Object.entries(t)) for (const [k, v] of Object.entries(counts)) if (v) (out[m] ??= {})[k] = v;
  return out;
};
/** What the overview reads: the school's counter rows. */
const counted = async (schoolId: string) => clean(await cases.counters(T, schoolId, '2026-08', '2027-12'));
/** The same counted from every stored case of the school. */
async function recount(schoolId: string): Promise<Counts> {
  const out: Counts = {};
  for (const c of await cases.listBySchool(T, schoolId))
    for (const [m, counts] of Object.entries(tallyFor(c))) for (const [k, v] of Object.entries(counts)) (out[m] ??= {})[k] = ((out[m] ??= {})[k] ?? 0) + v;
  return clean(out);
}
/** The school's counter rows as stored (how many, and whether one is keyed by a case). */
async function counterRows(schoolId: string): Promise<string[]> {
  const out: string[] = [];
  const filter = `PartitionKey eq '${T}_${schoolId}' and RowKey ge '~C_' and RowKey lt '~C~'`;
  for await (const e of tables.client('Cases').listEntities({ queryOptions: { filter, select: ['RowKey'] } })) out.push(String(e.rowKey));
  return out;
}

describe('a new case’s overview counts', () => {
  it('appear at once, and saving the case reads no counter row: one round trip to the Cases table', async () => {
    const c = newCase('ny', 0, true);
    proxy.reset();
    expect((await cases.create(c)).created).toBe(true);
    const seen = proxy.snapshot(prefix);
    expect({ Cases: seen.Cases?.verbs ?? {}, batch: seen['$batch:Cases']?.verbs }).toEqual({ Cases: {}, batch: { POST: 1 } });
    expect(await counted('ny')).toEqual({ '2027-03': { reported: 1, serious: 1, due: 1 } });
    expect(await counted('ny')).toEqual(await recount('ny'));
  });

  it('are folded into the school’s rows by the case’s changes (forward, investigation, a reclassification that takes one away), equal to a recount after each', async () => {
    const s = 'endret';
    let c = (await cases.create(newCase(s, 0, true))).case;
    // Another case at the school, in the counter rows already.
    const other = (await cases.create(newCase(s, 1))).case;
    await cases.update({ ...investigated(forwardCase(other, rektor(s), leader(s), '2027-03-02T09:00:00.000Z').case, '2027-03-05'), etag: other.etag });
    expect(await counted(s)).toEqual(await recount(s));
    c = await cases.update({ ...forwardCase(c, rektor(s), leader(s), '2027-03-02T09:00:00.000Z').case, etag: c.etag });
    expect(await counted(s)).toEqual(await recount(s));
    // Reclassified: no longer serious. The −1 meets the +1 in the case's own row, and is not lost.
    c = await cases.update({ ...reclassify(c, rektor(s), 'feil merket', '2027-03-03T09:00:00.000Z').case, etag: c.etag });
    expect(await counted(s)).toEqual(await recount(s));
    expect((await counted(s))['2027-03']).toEqual({ reported: 2, due: 2, inTime: 1 });
    await cases.update({ ...investigated(c, '2027-03-10'), etag: c.etag });
    expect(await counted(s)).toEqual(await recount(s));
    // Both cases' own rows folded: only the school's shard rows are left.
    expect((await counterRows(s)).filter((k) => k.includes('n'))).toEqual([]);
  });

  it('two changes of one case at the same moment: one is saved, the other refused, and nothing is counted twice', async () => {
    const s = 'samme';
    const c = (await cases.create(newCase(s, 0, true))).case;
    const changed = { ...reclassify(c, rektor(s), 'feil merket', '2027-03-03T09:00:00.000Z').case, etag: c.etag };
    const results = await Promise.allSettled([cases.update(changed), cases.update(changed)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'common.CONFLICT' });
    expect(await counted(s)).toEqual(await recount(s));
    expect((await counted(s))['2027-03']).toEqual({ reported: 1, due: 1 });
  });

  it('40 reports at one school at the same moment, then each changed at the same moment: every count once', async () => {
    const s = 'mange';
    const made = await Promise.all(Array.from({ length: 40 }, (_, i) => cases.create(newCase(s, i, i % 2 === 0))));
    expect(await counted(s)).toEqual(await recount(s));
    expect((await counted(s))['2027-03']).toEqual({ reported: 40, serious: 20, due: 40 });
    await Promise.all(
      made.map(({ case: c }) => {
        const next = c.route === 'skjerpet' ? reclassify(c, rektor(s), 'feil merket', '2027-03-03T09:00:00.000Z').case : forwardCase(c, rektor(s), leader(s), '2027-03-02T09:00:00.000Z').case;
        return cases.update({ ...next, etag: c.etag });
      }),
    );
    expect(await counted(s)).toEqual(await recount(s));
    expect((await counted(s))['2027-03']).toEqual({ reported: 40, due: 40 });
    // The 20 reclassified cases' own rows are folded (16 shard rows at most); the 20 forwarded changed no count.
    expect((await counterRows(s)).filter((k) => !k.includes('n')).length).toBeLessThanOrEqual(16);
  });

  it('a report sent again adds nothing, before or after a change', async () => {
    const s = 'igjen';
    const c = newCase(s, 0, true);
    const first = (await cases.create(c)).case;
    expect((await cases.create(c)).created).toBe(false);
    expect(await counted(s)).toEqual({ '2027-03': { reported: 1, serious: 1, due: 1 } });
    await cases.update({ ...reclassify(first, rektor(s), 'feil merket', '2027-03-03T09:00:00.000Z').case, etag: first.etag });
    expect((await cases.create(c)).created).toBe(false);
    expect(await counted(s)).toEqual({ '2027-03': { reported: 1, due: 1 } });
    expect(await counted(s)).toEqual(await recount(s));
  });

  it('retention’s hourly pass folds every own row into the school’s rows, also while cases change: figures equal to a recount', async () => {
    const s = 'kompakt';
    const made = await Promise.all(Array.from({ length: 40 }, (_, i) => cases.create(newCase(s, i, i % 4 === 0))));
    // 10 serious ones reclassified (a −1 each: their own rows folded by the change), 30 forwarded (no count changes).
    const changed = await Promise.all(
      made.map(({ case: c }) => cases.update({ ...(c.route === 'skjerpet' ? reclassify(c, rektor(s), 'feil merket', '2027-03-03T09:00:00.000Z').case : forwardCase(c, rektor(s), leader(s), '2027-03-02T09:00:00.000Z').case), etag: c.etag })),
    );
    expect((await counterRows(s)).filter((k) => k.includes('n')).length).toBe(30);
    expect(await cases.compactCounters(T, s)).toBe(30);
    expect((await counterRows(s)).filter((k) => k.includes('n'))).toEqual([]);
    expect(await counted(s)).toEqual(await recount(s));
    // 20 new serious reports, then the next pass at the same moment as the 30 forwarded cases marked
    // especially serious (each a +1 on `serious` in a shard row the pass writes too).
    await Promise.all(Array.from({ length: 20 }, (_, i) => cases.create(newCase(s, 40 + i, true))));
    const forwarded = changed.filter((c) => c.escalation.state !== 'omklassifisert');
    await Promise.all([cases.compactCounters(T, s), ...forwarded.map((c) => cases.update({ ...markSerious(c, rektor(s), '2027-03-04T09:00:00.000Z').case, etag: c.etag }))]);
    expect(await counted(s)).toEqual(await recount(s));
    expect((await counted(s))['2027-03']).toEqual({ reported: 60, serious: 50, due: 60 });
    // Another pass (a transaction that met a change is left to it): no own row left, the same figures.
    await cases.compactCounters(T, s);
    expect((await counterRows(s)).filter((k) => k.includes('n'))).toEqual([]);
    expect((await counterRows(s)).length).toBeLessThanOrEqual(16);
    expect(await counted(s)).toEqual(await recount(s));
  });

  it('a deleted case (retention) leaves its counts and no row keyed by it', async () => {
    const s = 'slettet';
    await cases.create(newCase(s, 0, true));
    const before = await counted(s);
    await cases.remove(T, s, `${s}-0`);
    expect(await counted(s)).toEqual(before);
    expect((await counterRows(s)).filter((k) => k.includes(`${s}-0`))).toEqual([]);
  });
});
