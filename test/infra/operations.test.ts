/**
 * What IT relies on after the first deployment: every setting an operator may change is a template
 * parameter (a deployment replaces all app settings), the audit logs reach Log Analytics, the
 * records cannot be deleted by a slip, local authentication is off, the runtime is Node 22 LTS,
 * and only production packages are uploaded.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED } from '../../scripts/stage-deploy';
import { loadConfig } from '../../src/config';
import { agentsYml, allowedValues, appSettings, bicep, configKeys, dockerfile, params, productionEnv, read, resource, ROOT } from './bicep';

/**
 * config.ts keys the template deliberately leaves out, each with the reason. A new key is either
 * set from a parameter in infra/main.bicep or added here with its reason: otherwise an operator
 * would set it by hand in the portal and lose it on the next deployment.
 */
const NOT_IN_TEMPLATE: Record<string, string> = {
  PORT: 'App Service sets it for the container',
  MicrosoftAppPassword: 'the bot signs in as the managed identity; a password is refused beside it',
  BOT_OPENID_METADATA_URL: 'only sovereign clouds and tests change it',
  TABLES_CONNECTION_STRING: 'a storage key is refused in production; TABLES_ENDPOINT is set',
  DEFAULT_TENANT_ID: 'development only',
  SEED_DEMO: 'demo data, never in production',
  INSTANCE_ID: 'per instance: host name and process id by default',
  GRAPH_BASE_URL: 'only sovereign clouds and tests change it',
  SIGNIN_AUTHORITY_HOST: 'only sovereign clouds change it',
  BACKUP_CONTAINER: 'the template creates the container `backups`, the default',
  BACKUP_BLOB_ENDPOINT: 'derived from TABLES_ENDPOINT (.table. → .blob.) on the same account',
  FIKS_API_URL: 'FIKS_ENVIRONMENT gives Fiks IO\'s address; only the test stand-in changes it',
  FIKS_AMQP_URL: 'FIKS_ENVIRONMENT gives Fiks IO\'s queue host; only the test stand-in changes it',
  MASKINPORTEN_TOKEN_URL: 'FIKS_ENVIRONMENT gives Maskinporten\'s; only the test stand-in changes it',
  MASKINPORTEN_AUDIENCE: 'FIKS_ENVIRONMENT gives Maskinporten\'s; only the test stand-in changes it',
  MASKINPORTEN_KEY_ID: 'the template registers the client by its certificate (x5c), which needs no key id',
  ARCHIVE_FOLDER: 'only with ARCHIVE=files, a share the municipality mounts',
  ARCHIVE_SWEEP_SECONDS: 'the default (a minute) fits; tests change it',
};

describe('infra/main.bicep: every operator setting is a parameter', () => {
  const settings = appSettings();

  it('sets every key config.ts reads, or says why not', () => {
    const missing = [...configKeys()].filter((k) => !settings.has(k) && !(k in NOT_IN_TEMPLATE));
    expect(missing).toEqual([]);
    // And the list names only keys that exist, so it cannot hide a removed one.
    expect(Object.keys(NOT_IN_TEMPLATE).filter((k) => !configKeys().has(k))).toEqual([]);
  });

  it('takes ENTRA_SYNC and ENTRA_SYNC_MINUTES from parameters, and the service reads them as set', () => {
    expect(settings.get('ENTRA_SYNC')).toBe('string(entraSync)');
    expect(params.get('entraSync')?.type).toBe('bool');
    for (const entraSync of ['true', 'false']) {
      const cfg = loadConfig(productionEnv({ entraSync, entraSyncMinutes: 15 }));
      expect({ sync: cfg.ENTRA_SYNC, minutes: cfg.ENTRA_SYNC_MINUTES }).toEqual({ sync: entraSync === 'true', minutes: 15 });
    }
  });

  it('accepts every allowed log level and the limits of every numeric parameter', () => {
    for (const logLevel of allowedValues(params.get('logLevel')!)!) expect(loadConfig(productionEnv({ logLevel })).LOG_LEVEL).toBe(logLevel);
    for (const [name, p] of params) {
      if (p.type !== 'int') continue;
      const setting = [...settings].find(([, e]) => e === `string(${name})`)?.[0];
      if (!setting) continue;
      for (const d of ['minValue', 'maxValue']) {
        const line = p.decorators.find((x) => x.startsWith(`@${d}(`));
        expect({ name, d, declared: !!line }).toEqual({ name, d, declared: true });
        const value = Number(/\((\d+)\)/.exec(line!)![1]);
        expect(() => loadConfig(productionEnv({ [name]: value }))).not.toThrow();
      }
    }
  });
});

describe('infra/main.bicep: audit logs, lock, local authentication', () => {
  it('sends table reads, writes and deletes, the web app\'s logs and Key Vault\'s audit to Log Analytics', () => {
    const table = resource('tableDiagnostics');
    expect(table.type).toBe('Microsoft.Insights/diagnosticSettings');
    expect(table.body).toMatch(/^\s+scope: tableService$/m);
    for (const c of ['StorageRead', 'StorageWrite', 'StorageDelete']) expect(table.body).toContain(`category: '${c}'`);
    for (const [symbol, scope] of [['tableDiagnostics', 'tableService'], ['webAppDiagnostics', 'webApp'], ['vaultDiagnostics', 'vault']]) {
      const { body } = resource(symbol);
      expect(body).toMatch(new RegExp(`^\\s+scope: ${scope}$`, 'm'));
      expect(body).toContain('workspaceId: workspace.id');
      expect(body).toContain('enabled: true');
    }
  });

  it('locks the storage account against deletion', () => {
    const { type, body } = resource('storageLock');
    expect(type).toBe('Microsoft.Authorization/locks');
    expect(body).toMatch(/^\s+scope: storage$/m);
    expect(body).toContain("level: 'CanNotDelete'");
  });

  it('turns local authentication off on the bot (no Direct Line secrets) and on Application Insights', () => {
    expect(resource('bot').body).toMatch(/^\s+disableLocalAuth: true$/m);
    expect(resource('appInsights').body).toMatch(/^\s+DisableLocalAuth: true$/m);
    // ... so the service must sign its telemetry in with the identity.
    expect(read('src/main.ts')).toMatch(/startAzureMonitor\(cfg\.APPLICATIONINSIGHTS_CONNECTION_STRING, cfg\.AZURE_CLIENT_ID\)/);
  });

  it('keeps the tables and Key Vault on the public network unless private networking is chosen, then closes both', () => {
    expect(params.get('privateNetworking')?.default).toBe('false');
    for (const symbol of ['storage', 'vault']) {
      const { body } = resource(symbol);
      expect(body).toContain("defaultAction: usePrivate ? 'Deny' : 'Allow'");
      expect(body).toContain("publicNetworkAccess: usePrivate && empty(adminIpRanges) ? 'Disabled' : 'Enabled'");
    }
    const pe = resource('privateEndpoints');
    expect(pe.body).toMatch(/if \(usePrivate\)/);
    expect(bicep).toMatch(/groupIds: \[\n\s+l\.name\n/);
    expect(bicep).toMatch(/name: 'table'\n\s+zone: 'privatelink\.table\.\$\{environment\(\)\.suffixes\.storage\}'/);
    expect(bicep).toMatch(/name: 'vault'\n\s+zone: 'privatelink\.vaultcore\.azure\.net'/);
    expect(resource('webApp').body).toContain('virtualNetworkSubnetId: usePrivate ? appSubnetId : null');
  });
});

describe('Node 22 LTS where it runs in production', () => {
  it('App Service runs NODE|22-lts by default, the Docker image node:22', () => {
    expect(params.get('linuxFxVersion')?.default).toBe("'NODE|22-lts'");
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=22$/m);
    expect(dockerfile).toMatch(/^FROM node:\$\{NODE_VERSION\}-bookworm-slim/m);
  });

  it('package.json still lets development run on Node 20, and no dependency demands more than 22', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; dependencies: Record<string, string> };
    expect(pkg.engines.node).toBe('>=20');
    for (const dep of Object.keys(pkg.dependencies)) {
      const engines = (JSON.parse(read(join('node_modules', dep, 'package.json'))) as { engines?: { node?: string } }).engines?.node ?? '';
      const least = /(\d+)/.exec(engines)?.[1];
      expect({ dep, needsAtMost22: !least || Number(least) <= 22 }).toEqual({ dep, needsAtMost22: true });
    }
  });
});

describe('production-only deploys', () => {
  it('the Toolkit uploads the staged folder, with production dependencies only', () => {
    expect(agentsYml).toMatch(/args: run stage/);
    expect(agentsYml).toMatch(/artifactFolder: \.\/build\/deploy$/m);
    const stage = read('scripts/stage-deploy.ts');
    expect(stage).toMatch(/'ci', '--omit=dev'/);
    expect(stage).toMatch(/join\(ROOT, 'build', 'deploy'\)/);
  });

  it('stages what the web app reads: the build, the cards, the lock file', () => {
    expect(SHIPPED).toEqual(expect.arrayContaining(['dist', 'cards', 'package.json', 'package-lock.json']));
    expect(readdirSync(join(ROOT, 'cards')).length).toBeGreaterThan(0);
  });

  it('the CI installs exactly the lock file (npm ci)', () => {
    expect(read('.ci/run')).toMatch(/^npm ci$/m);
    expect(read('.ci/run')).not.toMatch(/^npm install/m);
  });

  it('the admin tool is compiled with the service, for App Service SSH and the image', () => {
    const build = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    expect(build.include).toEqual(expect.arrayContaining(['src', 'scripts/admin.ts']));
    expect(dockerfile).toMatch(/^COPY scripts\/admin\.ts scripts\/azurite\.ts \.\/scripts\/$/m);
    expect(read('docs/admin.md')).toContain('node dist/scripts/admin.js');
  });
});
