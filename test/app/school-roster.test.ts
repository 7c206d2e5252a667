/**
 * Who keeps which class with ROSTER=graph (app/school-roster.ts): the directory on Azurite, Graph's
 * education API from the contract server through the real Graph client.
 */
import type { TokenCredential } from '@azure/identity';
import { graphClient } from '../../src/adapters/graph/graph-calendar';
import { GraphRoster } from '../../src/adapters/graph/graph-roster';
import { DirectoryRepository } from '../../src/adapters/tables/directory-repository';
import { RosterFromSchool } from '../../src/app/school-roster';
import type { Membership } from '../../src/domain/people';
import { DEMO_SCHOOL, DEMO_TENANT, SECOND_SCHOOL, seedDemo } from '../../src/seed';
import { persona } from '../support/bot-client';
import { FakeGraph } from '../support/graph-server';
import { testTables, uniquePrefix } from '../support/tables';

const SDS = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';
const credential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600e3 }) };
const directory = new DirectoryRepository(testTables(uniquePrefix()));
const kari = persona('Kari');
let graph: FakeGraph;
let roster: RosterFromSchool;
let kariAt: Membership;

beforeAll(async () => {
  await directory.init();
  await seedDemo(directory);
  const school = (await directory.getSchool(DEMO_TENANT, DEMO_SCHOOL))!;
  await directory.upsertSchool({ ...school, graphSchoolId: SDS });
  [kariAt] = await directory.membershipsOf(DEMO_TENANT, kari.userId);
  graph = await new FakeGraph('t').start();
  graph.education.addSchool({ id: SDS, displayName: 'Ellingsrud skole' });
  roster = new RosterFromSchool({ roster: new GraphRoster(() => graphClient({ credential, baseUrl: graph.url, retry: { maxRetries: 1, delaySeconds: 0 } }), 0), directory });
});
afterAll(() => graph.stop());

const teacher = { id: kari.userId, displayName: kari.name, primaryRole: 'teacher' as const };

describe('her classes from Graph', () => {
  it('Graph knows none of her classes: the directory’s apply', async () => {
    expect((await roster.memberships([kariAt]))[0].classes).toEqual(['8A']);
  });

  it('only the school’s classes in Meld fra count, in its spelling: a teaching group is not a class she keeps', async () => {
    graph.education.addClass({ id: 'c-9b', displayName: '9b', schoolId: SDS }, [teacher]);
    graph.education.addClass({ id: 'c-mat', displayName: '9B matematikk', schoolId: SDS }, [teacher]);
    expect((await roster.memberships([kariAt]))[0].classes).toEqual(['9B']);
  });

  it('names Meld fra does not know (or only teaching groups): the directory’s classes, not a refusal', async () => {
    graph.education.deleteClass('c-9b');
    expect((await roster.memberships([kariAt]))[0].classes).toEqual(['8A']);
  });

  it('a school without graphSchoolId, and Graph down, keep the directory’s classes', async () => {
    const elsewhere: Membership = { ...kariAt, schoolId: SECOND_SCHOOL, classes: ['5B'] };
    graph.education.addClass({ id: 'c-10a', displayName: '10A', schoolId: SDS }, [teacher]);
    // Both reads (the school's classes, hers) fail past the client's one retry.
    graph.failNext(503, 4, 0);
    expect((await roster.memberships([kariAt, elsewhere])).map((m) => m.classes)).toEqual([['8A'], ['5B']]);
    expect((await roster.memberships([kariAt]))[0].classes).toEqual(['10A']);
  });

  it('the pupils of a class by its name, whatever the case; a class Graph lacks is nothing there', async () => {
    graph.education.addPupil('c-10a', { id: 'p-1', displayName: 'Ola Nordmann', primaryRole: 'student' });
    const school = (await directory.getSchool(DEMO_TENANT, DEMO_SCHOOL))!;
    expect(await roster.pupilsOf(school, '10a', kari.userId)).toEqual({ kind: 'ok', value: [{ id: 'p-1', name: 'Ola Nordmann' }] });
    expect(await roster.pupilsOf(school, '10B', kari.userId)).toEqual({ kind: 'none' });
    expect(await roster.pupilsOf({ ...school, graphSchoolId: undefined }, '10A', kari.userId)).toEqual({ kind: 'none' });
  });

  it('two classes in Graph with her class’s name: the pupils of the one she teaches, never the other’s', async () => {
    const per = { id: 'u-per', displayName: 'Per Hansen', primaryRole: 'teacher' as const };
    // Listed first: a class of the same name (another group, another teacher) she does not teach.
    graph.education.addClass({ id: 'c-7c-other', displayName: '7C', schoolId: SDS }, [per], [{ id: 'p-emil', displayName: 'Emil Strand', primaryRole: 'student' }]);
    graph.education.addClass({ id: 'c-7c', displayName: '7c', schoolId: SDS }, [teacher], [{ id: 'p-tiril', displayName: 'Tiril Moe', primaryRole: 'student' }]);
    const school = (await directory.getSchool(DEMO_TENANT, DEMO_SCHOOL))!;
    expect(await roster.pupilsOf(school, '7C', kari.userId)).toEqual({ kind: 'ok', value: [{ id: 'p-tiril', name: 'Tiril Moe' }] });
    // Someone who teaches neither: which one is meant cannot be told, so nothing from Graph (the typed roster).
    expect(await roster.pupilsOf(school, '7C', 'u-someone')).toEqual({ kind: 'none' });
    graph.education.deleteClass('c-7c-other');
    graph.education.deleteClass('c-7c');
  });
});
