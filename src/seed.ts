/**
 * Demo data for local use: two schools with every persona of SPEC §1. Idempotent (upserts), so
 * it runs at every local start. The ids match .m365agentsplayground.yml.
 */
import type { Membership, Role } from './domain/people';
import type { DirectoryRepository } from './adapters/tables/directory-repository';

export const DEMO_TENANT = '6b0f3c3e-0000-4000-8000-000000000001';
export const DEMO_SCHOOL = 'ellingsrud';
export const SECOND_SCHOOL = 'nordberg';

const uid = (n: number) => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

export interface Persona {
  userId: string;
  teamsId: string;
  name: string;
  email: string;
  memberships: { schoolId: string; roles: Role[]; classes?: string[]; trinn?: number[] }[];
}

export const PERSONAS: Persona[] = [
  { userId: uid(20), teamsId: 'user-kari', name: 'Kari Nordmann', email: 'kari.nordmann@skole.example', memberships: [{ schoolId: DEMO_SCHOOL, roles: ['ansatt', 'kontaktlaerer', 'faglaerer'], classes: ['8A'] }] },
  { userId: uid(21), teamsId: 'user-ragnhild', name: 'Ragnhild Berg', email: 'ragnhild.berg@skole.example', memberships: [{ schoolId: DEMO_SCHOOL, roles: ['ansatt', 'rektor'] }] },
  { userId: uid(22), teamsId: 'user-lars', name: 'Lars Eide', email: 'lars.eide@skole.example', memberships: [{ schoolId: DEMO_SCHOOL, roles: ['ansatt', 'avdelingsleder'], trinn: [8] }] },
  { userId: uid(23), teamsId: 'user-mona', name: 'Mona Lie', email: 'mona.lie@skole.example', memberships: [{ schoolId: DEMO_SCHOOL, roles: ['ansatt', 'avdelingsleder'], trinn: [9, 10] }] },
  { userId: uid(24), teamsId: 'user-sara', name: 'Sara Khan', email: 'sara.khan@skole.example', memberships: [{ schoolId: DEMO_SCHOOL, roles: ['ansatt', 'miljoteam'] }] },
  { userId: uid(25), teamsId: 'user-tone', name: 'Tone Vik', email: 'tone.vik@skole.example', memberships: [{ schoolId: DEMO_SCHOOL, roles: ['ansatt', 'postfordeler', 'kontor'] }] },
  { userId: uid(26), teamsId: 'user-jon', name: 'Jon Aas', email: 'jon.aas@kommune.example', memberships: [{ schoolId: DEMO_SCHOOL, roles: ['skoleeier'] }, { schoolId: SECOND_SCHOOL, roles: ['skoleeier'] }] },
  {
    userId: uid(27), teamsId: 'user-per', name: 'Per Hansen', email: 'per.hansen@skole.example',
    memberships: [{ schoolId: DEMO_SCHOOL, roles: ['ansatt', 'faglaerer'] }, { schoolId: SECOND_SCHOOL, roles: ['ansatt', 'kontaktlaerer'], classes: ['5B'] }],
  },
  { userId: uid(28), teamsId: 'user-eva', name: 'Eva Strand', email: 'eva.strand@skole.example', memberships: [{ schoolId: SECOND_SCHOOL, roles: ['ansatt', 'rektor'] }] },
  { userId: uid(29), teamsId: 'user-knut', name: 'Knut Berg', email: 'knut.berg@skole.example', memberships: [{ schoolId: SECOND_SCHOOL, roles: ['ansatt', 'avdelingsleder', 'postfordeler'], trinn: [1, 2, 3, 4, 5, 6, 7] }] },
  { userId: uid(31), teamsId: 'user-ingrid', name: 'Ingrid Dahl', email: 'ingrid.dahl@skole.example', memberships: [{ schoolId: DEMO_SCHOOL, roles: ['ansatt', 'elevradgiver'] }] },
  // A pupil: has Teams in the school tenant but no role, so Meld fra refuses politely.
  { userId: uid(30), teamsId: 'user-emma', name: 'Emma (elev)', email: 'emma@elev.example', memberships: [] },
];

const CLASSES: Record<string, [string, number][]> = {
  [DEMO_SCHOOL]: [['8A', 8], ['8B', 8], ['9A', 9], ['9B', 9], ['10A', 10], ['10B', 10]],
  [SECOND_SCHOOL]: [['5A', 5], ['5B', 5], ['6A', 6], ['7A', 7]],
};

export async function seedDemo(directory: DirectoryRepository, tenantId = DEMO_TENANT): Promise<void> {
  const t = tenantId || DEMO_TENANT;
  // The school owner's number is the one seed 004 §8.3 gives for UDA («varsle UDA på tlf 23 05 10 09»).
  await directory.upsertSchool({ tenantId: t, schoolId: DEMO_SCHOOL, name: 'Ellingsrud skole (demo)', languageForm: 'nb', investigationDays: 5, ownerPhone: '23 05 10 09' });
  await directory.upsertSchool({ tenantId: t, schoolId: SECOND_SCHOOL, name: 'Nordberg skole (demo)', languageForm: 'nn', investigationDays: 5 });
  for (const [schoolId, list] of Object.entries(CLASSES)) {
    for (const [name, trinn] of list) await directory.upsertClass({ tenantId: t, schoolId, name, trinn });
  }
  for (const p of PERSONAS) {
    for (const m of p.memberships) {
      const membership: Membership = { tenantId: t, schoolId: m.schoolId, userId: p.userId, name: p.name, roles: m.roles, classes: m.classes ?? [], trinn: m.trinn ?? [], teamsId: p.teamsId, email: p.email };
      await directory.upsertMembership(membership);
    }
  }
}
