/**
 * Every role id in infra/main.bicep must be an Azure built-in role, checked against
 * infra/builtin-roles.json: a list copied by hand from Microsoft's «Azure built-in roles» pages,
 * each entry with its source. A wrong id (as 0a9a7e1f-…-0e5c1ffc6bb4 was) makes the role
 * assignment fail and with it the whole deployment, and nothing short of Azure would notice.
 */
import { bicep, read, resource } from './bicep';

interface BuiltinRole {
  name: string;
  id: string;
  source: string;
  dataActions: string[];
}
const builtin = (JSON.parse(read('infra/builtin-roles.json')) as { roles: BuiltinRole[] }).roles;
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** `roleDefinitions', X)` in each roleAssignments resource, with X resolved through its var. */
function assignments(): { symbol: string; scope: string; roleId: string; roleVar: string }[] {
  return [...bicep.matchAll(/^resource (\w+) 'Microsoft\.Authorization\/roleAssignments@/gm)].map(([, symbol]) => {
    const { body } = resource(symbol);
    const roleVar = /roleDefinitions', (\w+)\)/.exec(body)?.[1];
    const scope = /^\s+scope: (\w+)$/m.exec(body)?.[1];
    if (!roleVar || !scope) throw new Error(`${symbol}: roleDefinitionId must name a var holding the role id, and scope a resource`);
    const roleId = new RegExp(`^var ${roleVar} = '([^']+)'`, 'm').exec(bicep)?.[1];
    if (!roleId) throw new Error(`${symbol}: var ${roleVar} is not a literal role id`);
    return { symbol, scope, roleId, roleVar };
  });
}

describe('infra/builtin-roles.json', () => {
  it('names its source for every role: Microsoft\'s built-in roles pages', () => {
    expect(builtin.length).toBeGreaterThanOrEqual(3);
    for (const r of builtin) {
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(r.source).toMatch(/^https:\/\/learn\.microsoft\.com\/azure\/role-based-access-control\/built-in-roles\/[a-z-]+#[a-z-]+$/);
      // The anchor is the role's name as the page writes it.
      expect(r.source.split('#')[1]).toBe(r.name.toLowerCase().replace(/ /g, '-'));
    }
    expect(new Set(builtin.map((r) => r.id)).size).toBe(builtin.length);
  });
});

describe('infra/main.bicep: role ids', () => {
  const all = assignments();

  it('assigns only built-in roles, by the id Microsoft publishes', () => {
    expect(all.length).toBeGreaterThanOrEqual(3);
    const unknown = all.filter((a) => !builtin.some((r) => r.id === a.roleId)).map((a) => `${a.symbol}: ${a.roleId}`);
    expect(unknown).toEqual([]);
  });

  it('holds no other GUID: every id in the template is a built-in role\'s', () => {
    const guids = [...new Set([...bicep.matchAll(GUID)].map((m) => m[0].toLowerCase()))];
    expect(guids.filter((g) => !builtin.some((r) => r.id === g))).toEqual([]);
  });

  it('gives each role on a resource of the service it acts on', () => {
    for (const a of all) {
      const role = builtin.find((r) => r.id === a.roleId)!;
      const provider = resource(a.scope).type.split('/')[0];
      expect({ assignment: a.symbol, role: role.name, acts: role.dataActions.every((d) => d.startsWith(`${provider}/`)) }).toEqual({ assignment: a.symbol, role: role.name, acts: true });
    }
  });

  it('lets the service read, write and delete table entities (retention deletes) and read Key Vault secrets', () => {
    const roleOf = (symbol: string) => builtin.find((r) => r.id === all.find((a) => a.symbol === symbol)!.roleId)!;
    expect(roleOf('identityTables').name).toBe('Storage Table Data Contributor');
    for (const verb of ['read', 'write', 'delete']) expect(roleOf('identityTables').dataActions).toContain(`Microsoft.Storage/storageAccounts/tableServices/tables/entities/${verb}`);
    expect(roleOf('identitySecrets').dataActions).toContain('Microsoft.KeyVault/vaults/secrets/getSecret/action');
    expect(roleOf('identityTelemetry').dataActions).toContain('Microsoft.Insights/Telemetry/Write');
  });

  it('names each assignment from scope, principal and role, so a redeploy finds the same one', () => {
    for (const a of all) expect(resource(a.symbol).body).toMatch(new RegExp(`name: guid\\(${a.scope}\\.id, \\w+(\\.id)?, ${a.roleVar}\\)`));
  });
});
