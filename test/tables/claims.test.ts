/**
 * The one claims module every sweep uses (src/adapters/tables/claims.ts), on the real Azurite:
 * several instances sweeping at once, an instance that stopped, a lease renewed while the work runs.
 */
import { TableClaims } from '../../src/adapters/tables/claims';
import { testTables } from '../support/tables';

const claims = new TableClaims<string>(testTables(), 'Claims', (name) => ({ partitionKey: 'work', rowKey: name }));
const t = (minute: number) => new Date(Date.UTC(2026, 11, 5, 9, minute)).toISOString();

beforeAll(() => claims.init());

describe('a claim', () => {
  it('goes to one of two instances that claim the same work at the same moment', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((holder) => claims.take('both', { holder, now: t(0), until: t(10) })));
    expect([a, b].filter(Boolean)).toHaveLength(1);
    // The other instance, a minute later: still held.
    expect(await claims.take('both', { holder: 'c', now: t(1), until: t(11) })).toBeUndefined();
  });

  it('whose lease has run out (its instance stopped) is taken over, by one of two instances', async () => {
    expect(await claims.take('stopped', { holder: 'a', now: t(0), until: t(10) })).toBeDefined();
    expect(await claims.take('stopped', { holder: 'b', now: t(9), until: t(19) })).toBeUndefined();
    const later = await Promise.all(['b', 'c'].map((holder) => claims.take('stopped', { holder, now: t(11), until: t(21) })));
    expect(later.filter(Boolean)).toHaveLength(1);
  });

  it('renewed by its holder is not taken over; a holder that lost its claim cannot renew it', async () => {
    let a = (await claims.take('renewed', { holder: 'a', now: t(0), until: t(10) }))!;
    a = await claims.renew(a, t(20));
    expect(await claims.take('renewed', { holder: 'b', now: t(15), until: t(25) })).toBeUndefined();
    // a stops renewing; b takes over after the renewed lease; a's next renewal is refused.
    const b = await claims.take('renewed', { holder: 'b', now: t(21), until: t(31) });
    expect(b).toBeDefined();
    await expect(claims.renew(a, t(40))).rejects.toMatchObject({ statusCode: 412 });
    await expect(claims.renew(b!, t(40))).resolves.toBeDefined();
  });

  it('marked done is never taken again, and keeps its note', async () => {
    const a = (await claims.take('finished', { holder: 'a', now: t(0), until: t(10) }))!;
    expect(await claims.doneNote('finished')).toBeUndefined();
    await claims.done(a, t(5), 'backup-1');
    expect(await claims.take('finished', { holder: 'b', now: t(30), until: t(40) })).toBeUndefined();
    expect(await claims.doneNote('finished')).toBe('backup-1');
  });

  it('given back can be taken at once; one without a lease holds until it is given back', async () => {
    expect(await claims.take('given-back', { now: t(0) })).toBeDefined();
    expect(await claims.take('given-back', { now: t(59) })).toBeUndefined();
    await claims.release('given-back');
    expect(await claims.take('given-back', { now: t(1), until: t(11) })).toBeDefined();
  });
});
