/**
 * ROSTER=graph: the education API (School Data Sync) read through the real Graph SDK client, its
 * retry middleware included, against the local server speaking Graph's REST contract: every page
 * of a class, 429 and 503 retried after Retry-After, a pupil who moves class, a deleted class.
 */
import type { TokenCredential } from '@azure/identity';
import { graphClient } from '../../src/adapters/graph/graph-calendar';
import { GraphRoster } from '../../src/adapters/graph/graph-roster';
import { FakeGraph } from '../support/graph-server';
import type { EduUser } from '../support/graph-education';

const TENANT = 'tenant-1';
const SCHOOL = 'f3b1c6a0-5d1e-4a8e-9c11-2b7d0e6a4c01';
const credential: TokenCredential = { getToken: async () => ({ token: 'edu-token', expiresOnTimestamp: Date.now() + 3600e3 }) };
const fast = { maxRetries: 2, delaySeconds: 0 };

const teacher: EduUser = { id: 'u-kari', displayName: 'Kari Nordmann', primaryRole: 'teacher', mailNickname: 'kari.nordmann' };
const pupil = (n: number, birthDate?: string): EduUser => ({ id: `p-${n}`, displayName: `Elev Nummer${n}`, primaryRole: 'student', mailNickname: `elev${n}`, ...(birthDate ? { birthDate } : {}) });

let graph: FakeGraph;
let roster: GraphRoster;

beforeEach(async () => {
  graph = await new FakeGraph('edu-token').start();
  graph.education.addSchool({ id: SCHOOL, displayName: 'Ellingsrud skole', externalId: '12345' });
  graph.education.addClass({ id: 'c-8a', displayName: '8A', classCode: '8A', externalId: 'EL-8A', mailNickname: 'ellingsrud8a', grade: '8', schoolId: SCHOOL }, [teacher], [1, 2, 3, 4, 5].map((n) => pupil(n, n === 1 ? '2013-02-01' : undefined)));
  graph.education.addClass({ id: 'c-8b', displayName: '8B', classCode: '8B', grade: '8', schoolId: SCHOOL }, [], [pupil(6)]);
  graph.education.pageSize = 2;
  roster = new GraphRoster(() => graphClient({ credential, baseUrl: graph.url, retry: fast }), 0);
});
afterEach(() => graph.stop());

const eduRequests = (path: string) => graph.requests.filter((r) => r.path.startsWith(`/v1.0/education/${path}`));

describe('reading the school system through Graph', () => {
  it('follows @odata.nextLink through every page and keeps only the pupils of a class', async () => {
    const r = await roster.pupils(TENANT, 'c-8a');
    expect(r).toEqual({ kind: 'ok', value: [1, 2, 3, 4, 5].map((n) => ({ id: `p-${n}`, name: `Elev Nummer${n}`, ...(n === 1 ? { birthDate: '2013-02-01' } : {}) })) });
    // Six members (the teacher too) two a page: three requests, the later ones the nextLink's own.
    const asked = eduRequests('classes/c-8a/members');
    expect(asked).toHaveLength(3);
    expect(decodeURIComponent(asked[0].path)).toContain('$select=id,displayName,primaryRole,student');
    expect(asked[2].path).toContain('skiptoken=4');
    expect(asked.every((x) => x.headers.authorization === 'Bearer edu-token')).toBe(true);
    expect(await roster.teachers(TENANT, 'c-8a')).toEqual({ kind: 'ok', value: [{ id: 'u-kari', name: 'Kari Nordmann' }] });
  });

  it('a list that does not end within the page limit is not taken as the class (its missing pupils would look as if they left)', async () => {
    graph.education.addClass({ id: 'c-big', displayName: '9Z', classCode: '9Z', grade: '9', schoolId: SCHOOL }, [], Array.from({ length: 205 }, (_, i) => pupil(100 + i)));
    graph.education.pageSize = 1;
    expect(await roster.pupils(TENANT, 'c-big')).toEqual({ kind: 'down', status: 0 });
  });

  it('lists the tenant’s schools, for the admin choosing graphSchoolId', async () => {
    expect(await roster.schools(TENANT)).toEqual({ kind: 'ok', value: [{ id: SCHOOL, name: 'Ellingsrud skole', externalId: '12345' }] });
  });

  it('lists the school’s classes and the classes a teacher is in', async () => {
    expect(await roster.classes(TENANT, SCHOOL)).toEqual({ kind: 'ok', value: [{ id: 'c-8a', name: '8A', grade: '8' }, { id: 'c-8b', name: '8B', grade: '8' }] });
    expect(await roster.classesOf(TENANT, 'u-kari')).toEqual({ kind: 'ok', value: [{ id: 'c-8a', name: '8A', grade: '8' }] });
    // Someone School Data Sync does not know: nothing there, so typed rosters apply.
    expect(await roster.classesOf(TENANT, 'u-unknown')).toEqual({ kind: 'none' });
  });

  it('429 and 503 are retried by the client after Retry-After, and the read succeeds', async () => {
    graph.failNext(429, 1, 1);
    const started = Date.now();
    expect((await roster.pupils(TENANT, 'c-8b')).kind).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    graph.failNext(503, 2, 0);
    expect(await roster.pupils(TENANT, 'c-8b')).toEqual({ kind: 'ok', value: [{ id: 'p-6', name: 'Elev Nummer6' }] });
    expect(eduRequests('classes/c-8b/members')).toHaveLength(5);
  });

  it('throttling past the retries, a long Retry-After, or a refused app is `down`, not an empty class', async () => {
    graph.failNext(503, 3, 0);
    expect(await roster.pupils(TENANT, 'c-8a')).toEqual({ kind: 'down', status: 503 });
    const started = Date.now();
    graph.failNext(429, 1, 120);
    expect(await roster.pupils(TENANT, 'c-8a')).toEqual({ kind: 'down', status: 429 });
    expect(Date.now() - started).toBeLessThan(5_000);
    // No consent to EduRoster.Read.All.
    graph.failNext(403);
    expect(await roster.classes(TENANT, SCHOOL)).toEqual({ kind: 'down', status: 403 });
    // A failure on a later page loses the whole read: never half a class.
    graph.education.failLaterPage(503, 3);
    expect(await roster.pupils(TENANT, 'c-8a')).toEqual({ kind: 'down', status: 503 });
    // One failure on a later page is retried by the client like any other.
    graph.education.failLaterPage(503, 1);
    expect((await roster.pupils(TENANT, 'c-8a')).kind).toBe('ok');
  });

  it('Graph not answering at all is `down` too', async () => {
    await graph.stop();
    expect(await roster.classes(TENANT, SCHOOL)).toEqual({ kind: 'down', status: 0 });
  });

  it('a pupil who moves class is in the new class on the next read, and gone from the old', async () => {
    expect((await roster.pupils(TENANT, 'c-8a')).kind === 'ok').toBe(true);
    graph.education.movePupil('p-3', 'c-8a', 'c-8b');
    const a = await roster.pupils(TENANT, 'c-8a');
    const b = await roster.pupils(TENANT, 'c-8b');
    expect(a.kind === 'ok' && a.value.map((p) => p.id)).toEqual(['p-1', 'p-2', 'p-4', 'p-5']);
    expect(b.kind === 'ok' && b.value.map((p) => p.id)).toEqual(['p-6', 'p-3']);
  });

  it('a deleted class answers 404: `none`, and the school no longer lists it', async () => {
    graph.education.deleteClass('c-8b');
    expect(await roster.pupils(TENANT, 'c-8b')).toEqual({ kind: 'none' });
    expect(await roster.classes(TENANT, SCHOOL)).toEqual({ kind: 'ok', value: [{ id: 'c-8a', name: '8A', grade: '8' }] });
    expect(await roster.classes(TENANT, 'no-such-school')).toEqual({ kind: 'none' });
  });

  it('holds an answer for the cache time (one call for a click’s reads), never a failure', async () => {
    const cached = new GraphRoster(() => graphClient({ credential, baseUrl: graph.url, retry: fast }), 60_000);
    graph.failNext(503, 3, 0);
    expect((await cached.pupils(TENANT, 'c-8b')).kind).toBe('down');
    expect((await cached.pupils(TENANT, 'c-8b')).kind).toBe('ok');
    const before = eduRequests('classes/c-8b/members').length;
    await cached.pupils(TENANT, 'c-8b');
    expect(eduRequests('classes/c-8b/members')).toHaveLength(before);
  });
});
