/**
 * `npm run admin -- import-graph` (ROSTER=graph): a school's classes and kontaktlærere from
 * Microsoft Graph's education API, read with the real Graph client from the contract server, go
 * through the import's own preview: what would change is shown and nothing is written until the
 * admin applies it; a second run changes nothing.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TokenCredential } from '@azure/identity';
import { graphClient } from '../../src/adapters/graph/graph-calendar';
import { GraphRoster } from '../../src/adapters/graph/graph-roster';
import { DirectoryRepository } from '../../src/adapters/tables/directory-repository';
import { errorLines, planLines, SchoolAdmin } from '../../src/app/admin-import';
import { schoolFileFromGraph, trinnOf } from '../../src/app/admin-graph-import';
import { DEMO_SCHOOL, DEMO_TENANT, seedDemo } from '../../src/seed';
import { persona } from '../support/bot-client';
import { FakeGraph } from '../support/graph-server';
import { connectionString, testTables, uniquePrefix } from '../support/tables';

const LISE = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const SDS = '9d1e2f30-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
const credential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600e3 }) };
const prefix = uniquePrefix();
const directory = new DirectoryRepository(testTables(prefix));
const admin = new SchoolAdmin({ directory, now: () => new Date('2026-11-25T10:00:00Z') });
const kari = persona('Kari');
const per = persona('Per');
let graph: FakeGraph;
let roster: GraphRoster;

beforeAll(async () => {
  await directory.init();
  await seedDemo(directory);
  const school = (await directory.getSchool(DEMO_TENANT, DEMO_SCHOOL))!;
  await directory.upsertSchool({ ...school, graphSchoolId: SDS });
  graph = await new FakeGraph('t').start();
  const edu = graph.education;
  edu.pageSize = 2;
  edu.addSchool({ id: SDS, displayName: 'Ellingsrud skole' });
  const teacher = (id: string, displayName: string) => ({ id, displayName, primaryRole: 'teacher' as const });
  edu.addClass({ id: 'c-8a', displayName: '8A', grade: '8', schoolId: SDS }, [teacher(kari.userId, kari.name)]);
  edu.addClass({ id: 'c-8b', displayName: '8B', grade: '8', schoolId: SDS }, [teacher(per.userId, per.name)]);
  edu.addClass({ id: 'c-9a', displayName: '9A', schoolId: SDS }, [teacher(kari.userId, kari.name)]);
  edu.addClass({ id: 'c-10a', displayName: '10A', grade: '10', schoolId: SDS }, [teacher(LISE, 'Lise Moe')]);
  edu.addClass({ id: 'c-kor', displayName: 'Skolekor', schoolId: SDS }, [teacher(LISE, 'Lise Moe')]);
  roster = new GraphRoster(() => graphClient({ credential, baseUrl: graph.url, retry: { maxRetries: 1, delaySeconds: 0 } }), 0);
});
afterAll(() => graph.stop());

async function snapshot() {
  const [classes, staff] = await Promise.all([directory.listClasses(DEMO_TENANT, DEMO_SCHOOL), directory.staffOf(DEMO_TENANT, DEMO_SCHOOL)]);
  return { classes, staff: [...staff].sort((a, b) => a.userId.localeCompare(b.userId)) };
}

describe('classes and kontaktlærere from Graph', () => {
  it('reads the year group from Graph’s grade, else from the class name', () => {
    expect(trinnOf({ id: '1', name: '8A', grade: '08' })).toBe(8);
    expect(trinnOf({ id: '1', name: '10B' })).toBe(10);
    expect(trinnOf({ id: '1', name: 'Skolekor' })).toBeUndefined();
  });

  it('shows what would change, and writes nothing until it is applied', async () => {
    const before = await snapshot();
    const r = await schoolFileFromGraph({ admin, roster }, DEMO_TENANT, DEMO_SCHOOL);
    if (!r.ok) throw new Error(r.problem);
    if (!r.read.ok) throw new Error(errorLines('nb', r.read.errors).join('\n'));
    expect(r.skipped).toEqual(['Skolekor']);
    const plan = await admin.plan(r.read.file);
    expect(planLines('nb', plan)).toEqual([
      'Klasser: 0 nye, 0 endret, 2 fjernet.',
      'Ellingsrud skole (demo): 1 ny, 2 endret, 0 fjernet.',
      '  Nye: Lise Moe',
      '  Endret: Kari Nordmann (klasser), Per Hansen (roller, klasser)',
    ]);
    expect(plan.classes.removed).toEqual(['9B', '10B']);
    expect(plan.removes).toBe(true);
    // Only a preview: the directory is as it was.
    expect(await snapshot()).toEqual(before);

    await admin.apply(plan);
    const after = await snapshot();
    expect(after.classes.map((c) => `${c.name}:${c.trinn}`)).toEqual(['8A:8', '8B:8', '9A:9', '10A:10']);
    const byName = (n: string) => after.staff.find((m) => m.name === n)!;
    expect(byName('Kari Nordmann')).toMatchObject({ classes: ['8A', '9A'], roles: expect.arrayContaining(['kontaktlaerer']) });
    expect(byName('Per Hansen')).toMatchObject({ classes: ['8B'], roles: ['ansatt', 'faglaerer', 'kontaktlaerer'] });
    expect(byName('Lise Moe')).toMatchObject({ userId: LISE, classes: ['10A'], roles: ['ansatt', 'kontaktlaerer'] });
    // Every other role stays as stored.
    expect(byName('Ragnhild Berg').roles).toEqual(['ansatt', 'rektor']);

    const again = await schoolFileFromGraph({ admin, roster }, DEMO_TENANT, DEMO_SCHOOL);
    if (!again.ok || !again.read.ok) throw new Error('second read failed');
    expect(planLines('nb', await admin.plan(again.read.file))).toEqual(['Ingen endringer: Meld fra har allerede det filen sier.']);
  });

  it('Graph down or the school without its Graph id: nothing is planned, and the admin is told why', async () => {
    graph.failNext(503, 2, 0);
    expect(await schoolFileFromGraph({ admin, roster }, DEMO_TENANT, DEMO_SCHOOL)).toEqual({ ok: false, problem: 'down', status: 503 });
    expect(await schoolFileFromGraph({ admin, roster }, DEMO_TENANT, 'nordberg')).toEqual({ ok: false, problem: 'noGraphId' });
    expect(await schoolFileFromGraph({ admin, roster }, DEMO_TENANT, 'nowhere')).toEqual({ ok: false, problem: 'noSchool' });
  });
});

describe('the command line', () => {
  it('npm run admin -- import-graph for a school without graphSchoolId says what to set (exit code 1)', async () => {
    const root = resolve(__dirname, '..', '..');
    const failed = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/admin.ts', 'import-graph', '--tenant', DEMO_TENANT, '--school', 'nordberg', '--dry-run'], {
      cwd: root,
      env: { ...process.env, TABLES_CONNECTION_STRING: connectionString(), TABLE_PREFIX: prefix, GRAPH_BASE_URL: graph.url },
    }).then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('Skolen «nordberg» har ingen ID i Microsoft Graph (graphSchoolId). Sett den i importfilen først.');
  });
});
