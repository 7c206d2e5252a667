/**
 * The CaseStore port's promises, held by the real Azure Tables repository (against Azurite) and by
 * the in-memory fake the use-case unit tests use: the same assertions for both, so the fake cannot
 * drift from what production storage does.
 */
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { openCase, type SkolemiljoCase } from '../../src/domain/case';
import { isDomainError } from '../../src/domain/errors';
import type { Report } from '../../src/domain/report';
import type { CaseStore } from '../../src/ports';
import { FakeCaseStore } from '../support/fakes/cases';
import { testTables } from '../support/tables';

const T = 'tenant-a';
const report: Report = {
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};
const aCase = (caseId: string, schoolId = 'ellingsrud'): SkolemiljoCase =>
  openCase({ tenantId: T, schoolId, caseId, ref: `SM-2026-${caseId.slice(-4)}`, now: '2026-11-24T09:30:00.000Z', reporterId: 'kari', report, suggestedLeaderId: 'lars', investigationDue: '2026-12-01' }).case;

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
    expect(read?.etag).toBe(saved.etag);
    expect(await store.get(T, 'nordberg', 'c-0001')).toBeUndefined();
  });

  it('creating the same case again changes nothing and says so', async () => {
    await store.create(aCase('c-0002'));
    const again = await store.create({ ...aCase('c-0002'), ref: 'SM-2026-9999' });
    expect(again.created).toBe(false);
    expect(again.case.ref).toBe('SM-2026-0002');
  });

  it('an update from a stale read is refused with CONFLICT, and the newer change stays', async () => {
    const { case: first } = await store.create(aCase('c-0003'));
    const mine = await store.update({ ...first, status: 'avsluttet' });
    expect(mine.etag).not.toBe(first.etag);
    const stale = store.update({ ...first, ref: 'SM-2026-STALE' });
    const error = await stale.catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('common.CONFLICT');
    expect((await store.get(T, 'ellingsrud', 'c-0003'))?.status).toBe('avsluttet');
  });

  it('finds a case by its reference, and lists the school\'s cases', async () => {
    await store.create(aCase('c-0004'));
    await store.create(aCase('c-0005', 'nordberg'));
    expect((await store.byRef(T, 'ellingsrud', 'SM-2026-0004'))?.caseId).toBe('c-0004');
    expect(await store.byRef(T, 'ellingsrud', 'SM-2026-0005')).toBeUndefined();
    const ids = (await store.listBySchool(T, 'nordberg')).map((c) => c.caseId);
    expect(ids).toEqual(['c-0005']);
  });
});
