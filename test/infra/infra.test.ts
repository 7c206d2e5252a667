/**
 * The deployment files, read as text: what would make a deployment fail, or run unsafely, found
 * without Azure, a Bicep compiler or Docker. Each check names the file to fix.
 */
import { existsSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import ts from 'typescript';
import { loadConfig } from '../../src/config';
import {
  agentsYml, allowedValues, appSettings, bicep, configKeys, decoratorNumber, dockerfile, envDev, evaluate, isSecure, parametersFile, params,
  PLATFORM_SETTING, productionEnv, read, resource, ROOT, sourceFiles, stringArrayVar, tablesInCode, vars,
} from './bicep';
import { selfSignedCertificate } from '../support/test-certificates';

// ---------------------------------------------------------------------------------------------

describe('infra/main.parameters.json', () => {
  it('gives only parameters main.bicep declares, with the declared type and an allowed value', () => {
    for (const [name, { value }] of Object.entries(parametersFile.parameters)) {
      const p = params.get(name);
      expect({ name, declared: !!p }).toEqual({ name, declared: true });
      expect({ name, type: typeof value }).toEqual({ name, type: p!.type === 'int' ? 'number' : p!.type === 'bool' ? 'boolean' : p!.type });
      const allowed = allowedValues(p!);
      if (allowed) expect({ name, allowed: allowed.includes(String(value)) }).toEqual({ name, allowed: true });
    }
  });

  it('gives every parameter that has no default, so a deployment is never left asking', () => {
    const required = [...params].filter(([, p]) => p.default === undefined).map(([n]) => n);
    expect(required).toContain('linkSecret');
    for (const name of required) expect({ name, given: name in parametersFile.parameters }).toEqual({ name, given: true });
  });

  it('holds no secret: a secure parameter is only ever an Agents Toolkit placeholder for a SECRET_ value', () => {
    for (const [name, { value }] of Object.entries(parametersFile.parameters)) {
      const p = params.get(name);
      if (p && isSecure(p)) expect({ name, value }).toEqual({ name, value: expect.stringMatching(/^\$\{\{SECRET_[A-Z0-9_]+\}\}$/) });
    }
  });
});

describe('infra/main.bicep: names', () => {
  const rules: Record<string, RegExp> = {
    storageAccountName: /^[a-z0-9]{3,24}$/,
    keyVaultName: /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
    webAppName: /^(?!.*--)[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$/,
    planName: /^[a-zA-Z0-9-]{1,60}$/,
    botName: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$/,
    identityName: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/,
    workspaceName: /^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$/,
    appInsightsName: /^[^%&\\?/]{1,260}$/,
  };
  const prefix = params.get('namePrefix')!;
  const longest = 'a'.repeat(decoratorNumber(prefix, 'maxLength')!);
  const shortest = 'a'.repeat(decoratorNumber(prefix, 'minLength')!);
  const prefixes = {
    default: evaluate(prefix.default!, {}) as string,
    'main.parameters.json': String(parametersFile.parameters.namePrefix?.value ?? evaluate(prefix.default!, {})),
    longest,
    shortest,
  };

  it.each(Object.entries(prefixes))('follow Azure\'s naming rules with the %s prefix (%s)', (_label, namePrefix) => {
    expect(namePrefix).toMatch(/^[a-z][a-z0-9]*$/);
    for (const [name, rule] of Object.entries(rules)) {
      expect(vars.has(name)).toBe(true);
      expect({ name, value: evaluate(vars.get(name)!, { namePrefix }) }).toEqual({ name, value: expect.stringMatching(rule) });
    }
  });

  it('gives each resource its own name variable', () => {
    const used = Object.keys(rules).map((n) => new RegExp(`^\\s+name: ${n}$`, 'm').test(bicep));
    expect(used).toEqual(Object.keys(rules).map(() => true));
  });
});

describe('infra/main.bicep: tables', () => {
  const inCode = tablesInCode();
  const inBicep = stringArrayVar('tableNames');

  it('creates exactly the tables the code opens', () => {
    expect(inCode.size).toBeGreaterThanOrEqual(15);
    expect([...new Set(inBicep)].sort()).toEqual([...inCode].sort());
  });

  it('puts TABLE_PREFIX before each name the way table-client.ts does', () => {
    expect(read('src/adapters/tables/table-client.ts')).toMatch(/const table = `\$\{this\.cfg\.prefix\}\$\{name\}`;/);
    expect(resource('tables').body).toMatch(/^\s+name: '\$\{tablePrefix\}\$\{t\}'$/m);
    expect(appSettings().get('TABLE_PREFIX')).toBe('tablePrefix');
  });

  it('gives only table names Azure accepts, with an empty and with the longest prefix', () => {
    const longest = 'P'.repeat(decoratorNumber(params.get('tablePrefix')!, 'maxLength')!);
    expect(loadConfig({ TABLES_ENDPOINT: 'https://x.table.core.windows.net', TABLE_PREFIX: longest }).TABLE_PREFIX).toBe(longest);
    for (const prefix of ['', longest]) for (const t of inBicep) expect(`${prefix}${t}`).toMatch(/^[A-Za-z][A-Za-z0-9]{2,62}$/);
  });
});

describe('infra/main.bicep: the web app', () => {
  const settings = appSettings();

  it('sets only settings config.ts reads, or the platform\'s own', () => {
    const known = configKeys();
    expect(known.has('TABLES_ENDPOINT')).toBe(true);
    const unknown = [...settings.keys()].filter((k) => !known.has(k) && !PLATFORM_SETTING.test(k));
    expect(unknown).toEqual([]);
  });

  it('starts: the settings pass config.ts in production, on the bot\'s managed identity, with either calendar', () => {
    for (const calendar of allowedValues(params.get('calendar')!)!) {
      const cfg = loadConfig(productionEnv({ calendar }));
      expect(cfg).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', MicrosoftAppType: 'UserAssignedMSI', CALENDAR: calendar });
      expect(cfg.TABLES_ENDPOINT).toMatch(/^https:\/\//);
      expect(cfg.TABLES_CONNECTION_STRING).toBe('');
    }
  });

  it('uses one identity for the bot, the service\'s Azure SDKs and Key Vault references', () => {
    const clientId = 'identity.properties.clientId';
    expect(settings.get('MicrosoftAppId')).toBe(clientId);
    expect(settings.get('AZURE_CLIENT_ID')).toBe(clientId);
    expect(resource('bot').body).toMatch(new RegExp(`^\\s+msaAppId: ${clientId.replace(/\./g, '\\.')}$`, 'm'));
    const web = resource('webApp').body;
    expect(web).toMatch(/'\$\{identity\.id\}': \{\}/);
    expect(web).toMatch(/keyVaultReferenceIdentity: identity\.id$/m);
  });

  it('reads LINK_SECRET (and a Graph client secret) from Key Vault, never from a parameter', () => {
    expect(settings.get('LINK_SECRET')).toMatch(/^'@Microsoft\.KeyVault\(SecretUri=\$\{linkSecretValue\.properties\.secretUri\}\)'$/);
    expect(settings.get('GRAPH_CLIENT_SECRET')).toMatch(/^'@Microsoft\.KeyVault\(SecretUri=\$\{graphSecretValue\.properties\.secretUri\}\)'$/);
    expect(settings.get('SIGNIN_CLIENT_SECRET')).toMatch(/^'@Microsoft\.KeyVault\(SecretUri=\$\{signInSecretValue\.properties\.secretUri\}\)'$/);
    expect(settings.has('MicrosoftAppPassword')).toBe(false);
    expect(settings.has('TABLES_CONNECTION_STRING')).toBe(false);
  });

  it('ARCHIVE=fiks: the Fiks password and both private keys are Key Vault references to secrets made from secure parameters; the service starts with them resolved', async () => {
    const secrets = { FIKS_INTEGRATION_PASSWORD: ['fiksPasswordValue', 'fiksIntegrationPassword'], FIKS_ACCOUNT_PRIVATE_KEY: ['fiksAccountKeyValue', 'fiksAccountPrivateKey'], MASKINPORTEN_PRIVATE_KEY: ['maskinportenKeyValue', 'maskinportenPrivateKey'] };
    for (const [setting, [secret, param]] of Object.entries(secrets)) {
      expect(settings.get(setting)).toBe(`'@Microsoft.KeyVault(SecretUri=\${${secret}.properties.secretUri})'`);
      const { type, body } = resource(secret);
      expect(type).toBe('Microsoft.KeyVault/vaults/secrets');
      expect(body).toMatch(/= if \(archive == 'fiks'\)/);
      expect(body).toMatch(new RegExp(`^\\s+value: ${param}$`, 'm'));
      expect(isSecure(params.get(param)!)).toBe(true);
    }
    // No other Fiks or Maskinporten setting holds a secret: ids, the environment and the public certificate.
    for (const [key, expr] of settings) if (/^(FIKS|MASKINPORTEN)_/.test(key) && !(key in secrets)) expect({ key, expr }).toEqual({ key, expr: expect.stringMatching(/^[a-zA-Z]+$/) });
    for (const [key, expr] of settings) if (/^(FIKS|MASKINPORTEN)_/.test(key) && /^[a-zA-Z]+$/.test(expr)) expect({ key, secure: isSecure(params.get(expr)!) }).toEqual({ key, secure: false });
    // With archive=fiks and Key Vault's values in place, config.ts takes the settings.
    const enterprise = await selfSignedCertificate('Oslo kommune');
    const ours = await selfSignedCertificate('Meld fra Fiks IO');
    const uuid = '2d1c5f0e-1111-4222-8333-444455556666';
    const env = productionEnv({ archive: 'fiks', fiksEnvironment: 'test', fiksAccountId: uuid, fiksArchiveAccountId: uuid, fiksIntegrationId: uuid, maskinportenClientId: 'meldfra', maskinportenCertificate: enterprise.certificatePem });
    // Unresolved, the references are refused by name.
    expect(() => loadConfig({ ...env, FIKS_INTEGRATION_PASSWORD: "@Microsoft.KeyVault(SecretUri=https://x.vault.azure.net/secrets/fiks-integration-password)" })).toThrow(/FIKS_INTEGRATION_PASSWORD: is an unresolved Key Vault reference/);
    const cfg = loadConfig({ ...env, FIKS_ACCOUNT_PRIVATE_KEY: ours.privateKeyPem, MASKINPORTEN_PRIVATE_KEY: enterprise.privateKeyPem });
    expect(cfg).toMatchObject({ ARCHIVE: 'fiks', FIKS_ENVIRONMENT: 'test', FIKS_ACCOUNT_ID: uuid, MASKINPORTEN_CLIENT_ID: 'meldfra' });
    expect(loadConfig(productionEnv()).ARCHIVE).toBe('none');
  });

  it('is https only, without FTP, on TLS 1.2, always on, probed on a route the service has', () => {
    const web = resource('webApp').body;
    for (const line of ['httpsOnly: true', "ftpsState: 'Disabled'", "minTlsVersion: '1.2'", 'alwaysOn: true', "healthCheckPath: '/readyz'"]) expect(web).toContain(line);
    const server = read('src/http.ts'); // the express routes (src/server.ts only starts them)
    expect(server).toMatch(/app\.get\('\/readyz'/);
    expect(resource('bot').body).toMatch(/endpoint: 'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/api\/messages'/);
    expect(server).toMatch(/app\.post\('\/api\/messages'/);
  });

  it('starts the compiled service (the same command as the Dockerfile and npm run serve), not npm start\'s development stack', () => {
    const web = /appCommandLine: '([^']+)'/.exec(resource('webApp').body)![1].split(' ');
    expect(web).toEqual(serviceCommand());
    expect(web).toEqual(JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]));
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.serve.split(' ')).toEqual(web);
  });
});

describe('infra/main.bicep: storage, Key Vault, bot', () => {
  it('grants the identity its roles on the account, the vault and Application Insights (ids: test/infra/roles.test.ts)', () => {
    for (const [symbol, scope, role] of [
      ['identityTables', 'storage', 'storageTableDataContributor'],
      ['identitySecrets', 'vault', 'keyVaultSecretsUser'],
      ['identityTelemetry', 'appInsights', 'monitoringMetricsPublisher'],
    ]) {
      expect(vars.has(role)).toBe(true);
      const { type, body } = resource(symbol);
      expect(type).toBe('Microsoft.Authorization/roleAssignments');
      expect(body).toMatch(new RegExp(`^\\s+scope: ${scope}$`, 'm'));
      expect(body).toContain(`subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ${role})`);
      expect(body).toContain('principalId: identity.properties.principalId');
      expect(body).toContain("principalType: 'ServicePrincipal'");
    }
  });

  it('keeps storage keyless and private: no shared keys, no public blobs, https and TLS 1.2 only', () => {
    const { body } = resource('storage');
    for (const line of ['allowSharedKeyAccess: false', 'allowBlobPublicAccess: false', "minimumTlsVersion: 'TLS1_2'", 'supportsHttpsTrafficOnly: true', "kind: 'StorageV2'"]) expect(body).toContain(line);
    expect(bicep).not.toMatch(/listKeys\(|listAccountSas\(|listServiceSas\(/);
  });

  it('makes Key Vault RBAC-only, with soft delete and purge protection', () => {
    const { body } = resource('vault');
    for (const line of ['enableRbacAuthorization: true', 'enableSoftDelete: true', 'enablePurgeProtection: true']) expect(body).toContain(line);
  });

  it('registers the bot on the managed identity, with the Teams channel', () => {
    const { body } = resource('bot');
    for (const line of ["location: 'global'", "msaAppType: 'UserAssignedMSI'", 'msaAppMSIResourceId: identity.id', 'msaAppTenantId: identity.properties.tenantId']) expect(body).toContain(line);
    const channel = resource('teamsChannel');
    expect(channel.type).toBe('Microsoft.BotService/botServices/channels');
    expect(channel.body).toContain("name: 'MsTeamsChannel'");
    expect(channel.body).toContain('isEnabled: true');
  });

  it('sends telemetry to a workspace-based Application Insights', () => {
    expect(resource('appInsights').body).toContain('WorkspaceResourceId: workspace.id');
    expect(appSettings().get('APPLICATIONINSIGHTS_CONNECTION_STRING')).toBe('appInsights.properties.ConnectionString');
  });

  it('has no secret with a default value', () => {
    for (const [name, p] of params) if (isSecure(p)) expect({ name, default: p.default ?? "''" }).toEqual({ name, default: "''" });
  });
});

describe('no secret in the deployment files', () => {
  const files = ['infra/main.bicep', 'infra/main.parameters.json', 'infra/webappignore', 'm365agents.yml', 'm365agents.local.yml', 'm365agents.playground.yml', 'env/.env.dev', 'env/.env.local', 'env/.env.playground', 'Dockerfile', '.dockerignore'];
  it.each(files)('%s', (file) => {
    const text = read(file);
    expect(text).not.toMatch(/AccountKey\s*=/i);
    expect(text).not.toMatch(/SharedAccessSignature|[?&]sig=/i);
    expect(text).not.toMatch(/InstrumentationKey=[0-9a-f-]{36}/i);
    expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY/);
    expect(text).not.toMatch(/^\s*(SECRET_\w+|\w*PASSWORD\w*|\w*_SECRET)\s*=\s*\S/im);
    // A value is fine only as a Key Vault reference or an Agents Toolkit placeholder.
    expect(text).not.toMatch(/(password|secret)\w*['"]?\s*:\s*['"](?!\$\{\{|@Microsoft\.KeyVault\()[^'"]{8,}['"]/i);
  });

  it('keeps the Toolkit\'s secret file out of git', () => {
    expect(read('.gitignore').split('\n')).toEqual(expect.arrayContaining(['env/.env.*.user', '.localConfigs']));
  });
});

describe('m365agents.yml', () => {
  const actions = [...agentsYml.matchAll(/^\s*- uses: (\S+)/gm)].map((m) => m[1]);
  const outputs = [...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1]);
  const written = [...agentsYml.matchAll(/writeToEnvironmentFile:\n((?:\s+\w+: \w+\n)+)/g)].flatMap((m) => [...m[1].matchAll(/: (\w+)/g)].map((x) => x[1]));
  const envKeys = [...envDev.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);

  it('uses only Agents Toolkit actions that exist', () => {
    const known = ['teamsApp/create', 'arm/deploy', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/validateAppPackage', 'teamsApp/update', 'teamsApp/publishAppPackage', 'cli/runNpmCommand', 'azureAppService/zipDeploy'];
    expect(actions.filter((a) => !known.includes(a))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['teamsApp/create', 'arm/deploy', 'teamsApp/zipAppPackage', 'azureAppService/zipDeploy']));
  });

  it('refers to files that exist', () => {
    const refs = [...agentsYml.matchAll(/^\s*(?:- )?(?:path|parameters|manifestPath|ignoreFile|artifactFolder): (\S+)$/gm)].map((m) => m[1]);
    expect(refs).toEqual(expect.arrayContaining(['./infra/main.bicep', './infra/main.parameters.json', './manifest/manifest.json']));
    // The deploy uploads build/deploy/, which `npm run stage` writes just before (see operations.test.ts).
    expect(refs.filter((r) => r !== './build/deploy' && !existsSync(join(ROOT, r)))).toEqual([]);
  });

  it('runs npm scripts that exist', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const runs = [...agentsYml.matchAll(/^\s+args: run (\S+)/gm)].map((m) => m[1]);
    expect(runs).toContain('stage');
    expect(scripts.stage).toMatch(/^npm run build && /);
    expect(runs.filter((r) => !scripts[r])).toEqual([]);
  });

  it('has a value for every ${{placeholder}} it, the manifest and the parameters use', () => {
    const files = ['m365agents.yml', 'infra/main.parameters.json', ...readdirSync(join(ROOT, 'manifest')).filter((f) => f.endsWith('.json')).map((f) => `manifest/${f}`)];
    const used = new Set(files.flatMap((f) => [...read(f).matchAll(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1])));
    // SECRET_ values live in the git-ignored env/.env.<env>.user; env/.env.dev must say so.
    const documentedSecret = (k: string) => k.startsWith('SECRET_') && envDev.includes(k);
    const missing = [...used].filter((k) => !envKeys.includes(k) && !written.includes(k) && !outputs.includes(k) && !documentedSecret(k));
    expect(missing).toEqual([]);
    expect(outputs).toEqual(expect.arrayContaining(['BOT_ID', 'BOT_DOMAIN', 'BOT_AZURE_APP_SERVICE_RESOURCE_ID']));
  });

  it('deploys to the web app the template creates', () => {
    expect(agentsYml).toMatch(/resourceId: \$\{\{BOT_AZURE_APP_SERVICE_RESOURCE_ID\}\}/);
    expect(bicep).toMatch(/^output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp\.id$/m);
  });

  it('packages the version package.json has', () => {
    expect(/^APP_VERSION=(.*)$/m.exec(envDev)?.[1]).toBe((JSON.parse(read('package.json')) as { version: string }).version);
  });

  it('uploads the compiled service and its card templates, and no source or local data', () => {
    const rules = read('infra/webappignore').split('\n').filter((l) => l && !l.startsWith('#'));
    // An unanchored folder rule matches at any depth: "src/" would drop dist/src/ and parts of node_modules.
    expect(rules.filter((r) => r.endsWith('/') && !r.startsWith('/'))).toEqual([]);
    const firstSegment = (r: string) => r.replace(/^\//, '').split('/')[0];
    for (const kept of ['dist', 'cards', 'node_modules', 'package.json']) expect(rules.map(firstSegment)).not.toContain(kept);
    for (const dropped of ['src', 'test', '.data', '.git', 'env', '.deployment']) expect(rules.map(firstSegment)).toContain(dropped);
  });
});

/**
 * How production starts the service: node with a heap cap (without it V8 sizes the heap to the
 * machine's memory and keeps what it grew: bench/README.md, «the service's memory»), then the build.
 */
function serviceCommand(): unknown[] {
  return ['node', expect.stringMatching(/^--max-old-space-size=\d{3,4}$/), compiledMain()];
}

/** dist/src/main.js, from tsconfig.build.json's outDir and rootDir. */
function compiledMain(): string {
  const base = JSON.parse(read('tsconfig.json')) as { compilerOptions: { outDir: string; rootDir: string } };
  const build = JSON.parse(read('tsconfig.build.json')) as { extends: string; compilerOptions: { outDir?: string; rootDir?: string } };
  expect(build.extends).toBe('./tsconfig.json');
  const outDir = build.compilerOptions.outDir ?? base.compilerOptions.outDir;
  const rootDir = build.compilerOptions.rootDir ?? base.compilerOptions.rootDir;
  return posix.normalize(posix.join(outDir, posix.relative(rootDir, 'src/main.ts').replace(/\.ts$/, '.js')));
}

describe('Dockerfile', () => {
  it('runs the file the build writes (tsconfig.build.json outDir), as the node user, in production, on all interfaces', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(JSON.parse(cmd![1])).toEqual(serviceCommand());
    expect(dockerfile).toMatch(/^RUN npm run build/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    expect(dockerfile).toMatch(/HOST=0\.0\.0\.0/);
    const port = /PORT=(\d+)/.exec(dockerfile)![1];
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
  });

  it('copies what the service reads at run time, and .dockerignore keeps every copied file in the context', () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    expect(copies).toEqual(expect.arrayContaining(['package-lock.json', 'src', 'cards', 'tsconfig.build.json']));
    const ignored = read('.dockerignore').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(copies.filter((c) => ignored.includes(c))).toEqual([]);
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.data', '.git', 'env']));
  });

  it('keeps what the service loads at run time: the pruned image has production dependencies only', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const loaded = new Set<string>();
    const add = (spec: string) => {
      if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) return;
      loaded.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    };
    const visit = (node: ts.Node) => {
      // `import type` and `export type` are gone at run time; everything else is required.
      if ((ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) || (ts.isExportDeclaration(node) && !node.isTypeOnly)) {
        if (node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text);
      } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
        const [arg] = node.arguments;
        if (arg && ts.isStringLiteral(arg)) add(arg.text);
      }
      ts.forEachChild(node, visit);
    };
    // The admin tool is compiled into the image too (tsconfig.build.json), so its imports count.
    for (const file of [...sourceFiles('src'), 'scripts/admin.ts', 'scripts/azurite.ts']) visit(ts.createSourceFile(file, read(file), ts.ScriptTarget.ES2022, false));
    expect(loaded.has('botbuilder')).toBe(true);
    expect([...loaded].filter((p) => !pkg.dependencies[p])).toEqual([]);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('bakes no secret into the image', () => {
    expect(dockerfile).not.toMatch(/^(ENV|ARG)\b.*(SECRET|PASSWORD|KEY|CONNECTION_STRING)/im);
  });
});
