/**
 * The CaseStore port's promises, held by the real Azure Tables repository (against Azurite) and by
 * the in-memory fake the use-case unit tests use: the same assertions for both, so the fake cannot
 * drift from what production storage does.
 */
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { DomainError, isDomainError } from '../../src/domain/errors';
import { ReferenceTaken } from '../../src/domain/reference';
import type { CaseStore } from '../../src/ports';
import { aCase, report, T } from '../support/case-fixture';
import { FakeCaseStore } from '../support/fakes/cases';
import { testTables } from '../support/tables';

const real = async (): Promise<CaseStore> => {
  const r = new CaseRepository(testTables());
  await r.init();
  return r;
};
const fake = async (): Promise<CaseStore> => new FakeCaseStore();

describe.each([
  ['Azure Tables (Azurite)', real],
  ['in-memory fake', fake],
])('CaseStore: %s', (_name, make) => {
  let store: CaseStore;
  beforeAll(async () => {
    store = await make();
  });

  it('a created case is read back whole, only in its own school', async () => {
    const { created, case: saved } = await store.create(aCase('c-0001'));
    expect(created).toBe(true);
    const read = await store.get(T, 'ellingsrud', 'c-0001');
    expect(read?.report).toEqual(report);
    expect(read?.ref).toBe('SM-2026-0001');
    expect(read?.etag).toBeTruthy();
    expect(read?.etag).toBe(saved.etag);
    expect(await store.get(T, 'nordberg', 'c-0001')).toBeUndefined();
  });

  it('creating the same case again changes nothing and says so', async () => {
    await store.create(aCase('c-0002'));
    const again = await store.create({ ...aCase('c-0002'), ref: 'SM-2026-9999' });
    expect(again.created).toBe(false);
    expect(again.case.ref).toBe('SM-2026-0002');
  });

  it('an update from a stale read is refused with CONFLICT (ETag 412), and the newer change stays', async () => {
    const { case: first } = await store.create(aCase('c-0003'));
    const mine = await store.update({ ...first, status: 'avsluttet' });
    expect(mine.etag).not.toBe(first.etag);
    const error = await store.update({ ...first, ref: 'SM-2026-STALE' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(isDomainError(error) && error.code).toBe('common.CONFLICT');
    expect((await store.get(T, 'ellingsrud', 'c-0003'))?.status).toBe('avsluttet');
    // Two who read the same version: the first to save wins, the second is refused.
    const a = (await store.get(T, 'ellingsrud', 'c-0003'))!;
    const b = (await store.get(T, 'ellingsrud', 'c-0003'))!;
    await store.update({ ...a, status: 'videresendt', leaderId: 'mona' });
    await expect(store.update({ ...b, leaderId: 'lars' })).rejects.toMatchObject({ code: 'common.CONFLICT' });
    await expect(store.update({ ...b, leaderId: 'lars' })).rejects.toBeInstanceOf(DomainError);
    expect((await store.get(T, 'ellingsrud', 'c-0003'))?.leaderId).toBe('mona');
  });

  it('lists the cases of one school only', async () => {
    await store.create(aCase('n-0001', 'nordberg'));
    const ell = await store.listBySchool(T, 'ellingsrud');
    expect(ell.length).toBeGreaterThan(0);
    expect(ell.map((c) => c.schoolId).every((s) => s === 'ellingsrud')).toBe(true);
    expect((await store.listBySchool(T, 'nordberg')).map((c) => c.caseId)).toEqual(['n-0001']);
  });

  it('a second case with a reference another case at the school has is not saved (ReferenceTaken); the first keeps it', async () => {
    await store.create(aCase('d-0050'));
    const second = { ...aCase('e-0051'), ref: 'SM-2026-0050' };
    const taken = await store.create(second).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(ReferenceTaken);
    // It says the highest number of the year taken at the school, to count on from.
    expect((taken as ReferenceTaken).highest).toBeGreaterThanOrEqual(50);
    expect(await store.get(T, 'ellingsrud', 'e-0051')).toBeUndefined();
    expect((await store.byRef(T, 'ellingsrud', 'SM-2026-0050'))?.caseId).toBe('d-0050');
    // With a number of its own it is saved.
    expect((await store.create(aCase('e-0051'))).created).toBe(true);
  });

  it('finds a case by its reference at one school only (the same reference at another school is another case)', async () => {
    await store.create(aCase('r-0042'));
    await store.create(aCase('m-0042', 'nordberg'));
    expect((await store.byRef(T, 'ellingsrud', 'SM-2026-0042'))?.caseId).toBe('r-0042');
    expect((await store.byRef(T, 'nordberg', 'SM-2026-0042'))?.caseId).toBe('m-0042');
    expect(await store.byRef(T, 'ellingsrud', 'SM-2026-9999')).toBeUndefined();
    expect(await store.byRef(T, 'ellingsrud', "SM-2026-0042' or ref ne '")).toBeUndefined();
  });
});
