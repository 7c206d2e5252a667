/**
 * Staff from Microsoft Entra ID (issue 7): a school's security group is read through the real
 * Graph client (its retry middleware included) from a local server speaking Graph's contract for
 * GET /groups/{id}/transitiveMembers/microsoft.graph.user, paged with @odata.nextLink; the
 * directory is the real one on Azurite.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TokenCredential } from '@azure/identity';
import { graphClient } from '../../src/adapters/graph/graph-calendar';
import { DirectoryRepository } from '../../src/adapters/tables/directory-repository';
import { entraLines, syncEntraStaff, type GroupUser } from '../../src/app/entra-sync';
import { GraphStaffGroups } from '../../src/adapters/graph/graph-staff-groups';
import { DEMO_TENANT, PERSONAS, seedDemo } from '../../src/seed';
import { testTables } from '../support/tables';

const GROUP = '5f8c3a1e-2b4d-4c6e-8f0a-1b2c3d4e5f60';
const MISSING_GROUP = '0badc0de-0000-4000-8000-000000000000';
const TOKEN = 'entra-test-token';

/** Graph's answer for a group's users: pages of `pageSize`, the next page behind $skiptoken. */
class FakeGroups {
  readonly requests: { path: string; auth: string }[] = [];
  readonly groups = new Map<string, GroupUser[]>();
  pageSize = 2;
  failNext: number[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const send = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const u = new URL(req.url ?? '/', this.url);
    this.requests.push({ path: `${u.pathname}${u.search}`, auth: req.headers.authorization ?? '' });
    const fail = this.failNext.shift();
    if (fail) return send(fail, { error: { code: 'serviceNotAvailable', message: 'Try again.' } }, { 'retry-after': '0' });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    const m = /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/.exec(u.pathname);
    if (req.method !== 'GET' || !m) return send(400, { error: { code: 'Request_BadRequest', message: 'Unsupported.' } });
    const users = this.groups.get(decodeURIComponent(m[1]));
    if (!users) return send(404, { error: { code: 'Request_ResourceNotFound', message: `Resource '${m[1]}' does not exist.` } });
    const top = Number(u.searchParams.get('$top') ?? 100);
    if (!(top >= 1 && top <= 999)) return send(400, { error: { code: 'Request_BadRequest', message: 'Invalid $top.' } });
    const select = (u.searchParams.get('$select') ?? '').split(',');
    const from = Number(u.searchParams.get('$skiptoken') ?? 0);
    const size = Math.min(top, this.pageSize);
    const page = users.slice(from, from + size).map((x) => ({
      '@odata.type': '#microsoft.graph.user',
      ...Object.fromEntries(select.filter((k) => k in x).map((k) => [k, x[k as keyof GroupUser]])),
    }));
    const next = from + size < users.length ? `${this.url}v1.0/groups/${m[1]}/transitiveMembers/microsoft.graph.user?$select=${select.join(',')}&$top=${top}&$skiptoken=${from + size}` : undefined;
    send(200, { '@odata.context': `${this.url}v1.0/$metadata#users`, value: page, ...(next ? { '@odata.nextLink': next } : {}) });
  }
}

const id = (name: string) => PERSONAS.find((p) => p.name.startsWith(name))!.userId;
const directory = new DirectoryRepository(testTables());
const credential: TokenCredential = { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3600e3 }) };
let graph: FakeGroups;
let deps: Parameters<typeof syncEntraStaff>[0];

async function staff(schoolId = 'ellingsrud') {
  return [...(await directory.staffOf(DEMO_TENANT, schoolId))].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}

beforeAll(async () => {
  graph = await new FakeGroups().start();
  await directory.init();
  await seedDemo(directory);
  const school = (await directory.getSchool(DEMO_TENANT, 'ellingsrud'))!;
  await directory.upsertSchool({ ...school, staffGroupId: GROUP });
  const nordberg = (await directory.getSchool(DEMO_TENANT, 'nordberg'))!;
  await directory.upsertSchool({ ...nordberg, staffGroupId: MISSING_GROUP });
  // Someone who was only ansatt and has left the group.
  await directory.upsertMembership({ tenantId: DEMO_TENANT, schoolId: 'ellingsrud', userId: '00000000-0000-4000-8000-0000000000e1', name: 'Olav Sluttet', roles: ['ansatt'], classes: [], trinn: [] });
  graph.groups.set(GROUP, [
    { id: id('Kari'), displayName: 'Kari Nordmann-Li', mail: 'kari.nordmann-li@skole.example' },
    { id: id('Ragnhild'), displayName: 'Ragnhild Berg', mail: 'ragnhild.berg@skole.example' },
    { id: id('Sara'), displayName: 'Sara Khan', mail: null },
    { id: '00000000-0000-4000-8000-0000000000E2', displayName: 'Nils Ny', mail: 'nils.ny@skole.example' },
    // Readable as a member but not as a user: the app lacks User.ReadBasic.All for this one.
    { id: '00000000-0000-4000-8000-0000000000e3', displayName: null, mail: null },
  ]);
  deps = { directory, groups: new GraphStaffGroups(() => graphClient({ credential, baseUrl: graph.url, retry: { maxRetries: 2, delaySeconds: 0 } })) };
});
afterAll(() => graph.stop());

describe('sync-entra', () => {
  it('a dry run reports and changes nothing', async () => {
    const before = await staff();
    const [r] = await syncEntraStaff(deps, { schoolId: 'ellingsrud', dryRun: true });
    expect(r.added.map((a) => a.name)).toEqual(['Nils Ny']);
    expect(await staff()).toEqual(before);
  });

  it('adds new members as ansatt, updates names and mail, removes only those whose one role was ansatt, and reports the rest', async () => {
    graph.requests.length = 0;
    graph.failNext.push(503); // Graph's own retry gets past it
    const results = await syncEntraStaff(deps);
    // Every page, with the query Graph documents, and the app's token on each.
    expect(graph.requests.map((q) => q.path)).toEqual([
      `/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user?$select=id,displayName,mail&$top=999`,
      `/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user?$select=id,displayName,mail&$top=999`,
      `/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user?$select=id,displayName,mail&$top=999&$skiptoken=2`,
      `/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user?$select=id,displayName,mail&$top=999&$skiptoken=4`,
      `/v1.0/groups/${MISSING_GROUP}/transitiveMembers/microsoft.graph.user?$select=id,displayName,mail&$top=999`,
    ]);
    expect(graph.requests.slice(1).every((q) => q.auth === `Bearer ${TOKEN}`)).toBe(true);

    const [ell, nord] = results;
    expect(ell).toMatchObject({
      schoolId: 'ellingsrud',
      members: 5,
      added: [{ userId: '00000000-0000-4000-8000-0000000000e2', name: 'Nils Ny' }],
      updated: [{ userId: id('Kari'), name: 'Kari Nordmann-Li', fields: ['name', 'email'] }],
      removed: [{ name: 'Olav Sluttet' }],
      skippedWithoutName: 1,
    });
    expect(ell.kept.map((k) => `${k.name}: ${k.roles.join(',')}`)).toEqual(
      expect.arrayContaining(['Lars Eide: avdelingsleder', 'Tone Vik: postfordeler,kontor', 'Per Hansen: faglaerer', 'Ingrid Dahl: elevradgiver']),
    );
    expect(nord).toMatchObject({ schoolId: 'nordberg', error: { status: 404, code: 'Request_ResourceNotFound' }, added: [], removed: [] });

    const after = await staff();
    expect(after.find((m) => m.name === 'Nils Ny')).toMatchObject({ roles: ['ansatt'], classes: [], trinn: [], email: 'nils.ny@skole.example' });
    expect(after.find((m) => m.userId === id('Kari'))).toMatchObject({ name: 'Kari Nordmann-Li', email: 'kari.nordmann-li@skole.example', roles: ['ansatt', 'kontaktlaerer', 'faglaerer'], classes: ['8A'] });
    // Graph gave no mail for Sara: the stored one stays.
    expect(after.find((m) => m.name === 'Sara Khan')?.email).toBe('sara.khan@skole.example');
    expect(after.find((m) => m.name === 'Olav Sluttet')).toBeUndefined();
    // Not in the group but with other roles: still there, as they were.
    expect(after.find((m) => m.name === 'Tone Vik')?.roles).toEqual(['ansatt', 'postfordeler', 'kontor']);
    expect(after.find((m) => m.name === 'Jon Aas')?.roles).toEqual(['skoleeier']);
    expect((await staff('nordberg')).length).toBe(4);

    expect(entraLines('nb', results)).toEqual(
      expect.arrayContaining([
        'Ellingsrud skole (demo): 1 ny, 1 oppdatert, 1 fjernet (gruppen har 5 brukere).',
        '  Tone Vik er ikke lenger i gruppen, men har rollene postfordeler, kontor (administrasjonen) og er beholdt. Fjern rollene i importfilen hvis personen har sluttet.',
        '  1 medlem uten navn ble hoppet over: gi appen tillatelsen User.ReadBasic.All.',
        `Nordberg skole (demo): fikk ikke lest gruppen ${MISSING_GROUP} (404 Request_ResourceNotFound). Ingenting er endret ved denne skolen.`,
      ]),
    );
  });

  it('a second run changes nothing; a school without a group is never touched', async () => {
    const before = await staff();
    const [r] = await syncEntraStaff(deps, { schoolId: 'ellingsrud' });
    expect([r.added, r.updated, r.removed]).toEqual([[], [], []]);
    expect(await staff()).toEqual(before);
    expect(await syncEntraStaff(deps, { schoolId: 'bakke' })).toEqual([]);
    expect(entraLines('nn', [])).toEqual(['Ingen skolar har ei tilsettgruppe (staffGroupId). Set ho i importfila.']);
  });

  it('a group read back empty (a wrong group, a permission gone) removes nobody, and says so; the admin can confirm with --yes', async () => {
    const members = graph.groups.get(GROUP)!;
    graph.groups.set(GROUP, []);
    try {
      const before = await staff();
      const [r] = await syncEntraStaff(deps, { schoolId: 'ellingsrud' });
      expect(r.removed).toEqual([]);
      expect(r.held.length).toBeGreaterThan(0);
      expect(await staff()).toEqual(before);
      expect(entraLines('nb', [r])).toContain(`  ${r.held.length} personer er ikke lenger i gruppen. Så mange fjernes ikke automatisk (er gruppen tom eller byttet ut?), så ingen er fjernet. Er det riktig, kjører du npm run admin -- sync-entra --yes.`);
      const [confirmed] = await syncEntraStaff(deps, { schoolId: 'ellingsrud', dryRun: true, allowManyRemovals: true });
      expect(confirmed.removed.length).toBe(r.held.length);
      expect(confirmed.held).toEqual([]);
    } finally {
      graph.groups.set(GROUP, members);
    }
  });

  it('keeps a role given while the sync ran: only the name, mail and ansatt are laid over what is stored now', async () => {
    const stale = await directory.staffOf(DEMO_TENANT, 'ellingsrud');
    const kari = stale.find((m) => m.userId === id('Kari'))!;
    // Given after the sync read the school's staff, before it writes.
    await directory.upsertMembership({ ...kari, roles: [...kari.roles, 'miljoteam'] });
    const members = graph.groups.get(GROUP)!;
    graph.groups.set(GROUP, members.map((u) => (u.id === id('Kari') ? { ...u, displayName: 'Kari Li' } : u)));
    try {
      const [r] = await syncEntraStaff({ ...deps, directory: Object.assign(Object.create(directory), { staffOf: async () => stale }) }, { schoolId: 'ellingsrud' });
      expect(r.updated.map((u) => u.name)).toEqual(['Kari Li']);
      expect((await staff()).find((m) => m.userId === id('Kari'))).toMatchObject({ name: 'Kari Li', roles: [...kari.roles, 'miljoteam'] });
    } finally {
      graph.groups.set(GROUP, members);
    }
  });
});
