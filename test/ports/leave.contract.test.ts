/** The LeaveStore port's promises, for the Azurite repository and the in-memory fake alike. */
import { LeaveRepository } from '../../src/adapters/tables/leave-repository';
import { isDomainError } from '../../src/domain/errors';
import type { LeaveRequest } from '../../src/domain/leave';
import type { LeaveStore } from '../../src/ports';
import { FakeLeaveStore } from '../support/fakes/leave';
import { testTables } from '../support/tables';

const T = 'tenant-a';
const aRequest = (leaveId: string, over: Partial<LeaveRequest> = {}): LeaveRequest => ({
  tenantId: T, schoolId: 'ellingsrud', leaveId, ref: `PE-2026-${leaveId.slice(-4)}`, pupilName: 'Ola', pupilClass: '8A', from: '2026-12-07', to: '2026-12-09',
  schoolDays: 3, reason: 'reise', registeredBy: 'kari', registeredAt: `2026-12-01T08:00:0${leaveId.slice(-1)}.000Z`, deciderId: 'lars',
  status: 'til_avdelingsleder', decidedBy: '', decidedAt: '', note: '', ...over,
});

const real = async (): Promise<LeaveStore> => {
  const r = new LeaveRepository(testTables());
  await r.init();
  return r;
};

describe.each([
  ['Azure Tables (Azurite)', real],
  ['in-memory fake', async (): Promise<LeaveStore> => new FakeLeaveStore()],
])('LeaveStore: %s', (_name, make) => {
  let store: LeaveStore;
  beforeAll(async () => {
    store = await make();
  });

  it('a second create of the same request returns the stored one', async () => {
    expect((await store.create(aRequest('l-0001'))).created).toBe(true);
    const again = await store.create(aRequest('l-0001', { reason: 'annet' }));
    expect(again.created).toBe(false);
    expect(again.leave.reason).toBe('reise');
  });

  it('a decision saved from a stale read is refused with CONFLICT; the first decision stays', async () => {
    const { leave } = await store.create(aRequest('l-0002'));
    await store.update({ ...leave, status: 'innvilget', decidedBy: 'lars', decidedAt: '2026-12-02T09:00:00.000Z' });
    const error = await store.update({ ...leave, status: 'avslatt' }).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('common.CONFLICT');
    expect((await store.get(T, 'ellingsrud', 'l-0002'))?.status).toBe('innvilget');
  });

  it('lists only the requests waiting for this decider, oldest first', async () => {
    await store.create(aRequest('l-0004'));
    await store.create(aRequest('l-0003'));
    await store.create(aRequest('l-0005', { deciderId: 'kari' }));
    const ids = (await store.pendingFor(T, 'ellingsrud', 'lars')).map((l) => l.leaveId);
    expect(ids).toEqual(['l-0001', 'l-0003', 'l-0004']);
  });
});
