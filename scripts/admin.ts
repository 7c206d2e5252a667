/**
 * `npm run admin -- …`: a school's people, roles, classes and channels from a file, back to a
 * file, and staff from Microsoft Entra ID. The file format is in docs/admin/README.md.
 *   npm run admin -- import docs/admin/ellingsrud.json --dry-run
 *   npm run admin -- export --tenant <id> --school ellingsrud --format csv --out ellingsrud.csv
 *   npm run admin -- sync-entra --school ellingsrud
 *   npm run admin -- import-graph --school ellingsrud --dry-run   (classes and kontaktlærere from Graph)
 *   npm run admin -- backup                  (docs/backup.md)
 *   npm run admin -- restore 2026-12-05T02-00-13Z
 * Storage is configured as for the service (TABLES_CONNECTION_STRING or TABLES_ENDPOINT, and
 * TABLE_PREFIX); with neither set, the local Azurite of `npm start` is used (and started on its
 * data if it is not running). Exit codes: 0 done, 1 nothing changed because of an error, 2 nothing
 * changed because the import removes something and --yes was not given.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import { kindOf, parseSchoolFile, type FileError } from '../src/app/admin-file';
import { toCsv, toJson } from '../src/app/admin-file-write';
import { errorLines, planLines, SchoolAdmin } from '../src/app/admin-import';
import { schoolFileFromGraph } from '../src/app/admin-graph-import';
import { GraphRoster } from '../src/adapters/graph/graph-roster';
import type { SchoolFile } from '../src/app/admin-file';
import { entraLines, syncEntraStaff } from '../src/app/entra-sync';
import { GraphStaffGroups } from '../src/adapters/graph/graph-staff-groups';
import { graphClient } from '../src/adapters/graph/graph-calendar';
import { DirectoryRepository } from '../src/adapters/tables/directory-repository';
import { Tables } from '../src/adapters/tables/table-client';
import { azuriteConnectionString, ConfigError, loadConfig, type Config } from '../src/config';
import { fill, plural, strings, type Lang } from '../src/i18n';
import { adminBackup, adminRestore, BackupRefusal } from './admin-backup';
import { startAzurite } from './azurite';

const ROOT = resolve(__dirname, '..');

/** An error the admin can act on: printed as it is, exit code 1. */
class Refusal extends Error {}

async function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.end();
      done(true);
    });
    s.once('error', () => done(false));
  });
}

/** The service's configuration; without storage settings, the Azurite `npm start` uses. */
async function storage(lang: Lang, blob: boolean): Promise<{ cfg: Config; stop: () => void }> {
  const env = { ...process.env };
  const started: ChildProcess[] = [];
  if (!env.TABLES_CONNECTION_STRING && !env.TABLES_ENDPOINT) {
    const location = join(ROOT, '.data', 'azurite');
    const port = Number(env.AZURITE_PORT ?? 10002);
    console.error(fill(strings(lang).admin.localAzurite, { port }));
    if (!(await listening(port))) started.push((await startAzurite({ port, location })).proc);
    // Backups go to Azurite's blob service, on its usual port, with the same data folder.
    const blobPort = blob ? Number(env.AZURITE_BLOB_PORT ?? 10000) : undefined;
    if (blobPort) {
      console.error(fill(strings(lang).admin.backup.localBlob, { port: blobPort }));
      if (!(await listening(blobPort))) started.push((await startAzurite({ port: blobPort, location, service: 'blob' })).proc);
    }
    env.TABLES_CONNECTION_STRING = azuriteConnectionString(port, blobPort);
  }
  return { cfg: loadConfig(env), stop: () => started.forEach((p) => p.kill()) };
}

async function directoryOf(cfg: Config, init = true): Promise<DirectoryRepository> {
  const directory = new DirectoryRepository(
    new Tables({ connectionString: cfg.TABLES_CONNECTION_STRING || undefined, endpoint: cfg.TABLES_ENDPOINT || undefined, prefix: cfg.TABLE_PREFIX }),
  );
  if (init) await directory.init();
  return directory;
}

function printErrors(lang: Lang, errors: FileError[]): number {
  for (const line of errorLines(lang, errors)) console.error(line);
  console.error(plural(lang, errors.length, strings(lang).admin.failed));
  return 1;
}

type Options = { tenant?: string; school?: string; format?: string; out?: string; 'dry-run'?: boolean; yes?: boolean; lang?: string };

async function runImport(lang: Lang, file: string | undefined, o: Options, cfg: Config): Promise<number> {
  const t = strings(lang).admin;
  if (!file) throw new Refusal(fill(t.argMissing, { arg: '<fil>' }));
  if (!existsSync(file)) throw new Refusal(fill(t.fileMissing, { file }));
  const kind = o.format === 'csv' || o.format === 'json' ? o.format : kindOf(file);
  const text = readFileSync(file, 'utf8');
  // Errors the file has on its own are told before the storage is even asked.
  const alone = parseSchoolFile(text, kind, { tenantId: o.tenant });
  if (!alone.ok && (alone.hasClasses || !alone.where)) return printErrors(lang, alone.errors);
  const admin = new SchoolAdmin({ directory: await directoryOf(cfg), now: () => new Date(), archiveOn: cfg.ARCHIVE !== 'none' });
  const read = await admin.read(text, kind, o.tenant);
  if (!read.ok) return printErrors(lang, read.errors);
  return previewAndApply(lang, admin, read.file, o);
}

/** What the import would change, printed; written only when it is not a dry run and, if it removes anything, --yes was given. */
async function previewAndApply(lang: Lang, admin: SchoolAdmin, file: SchoolFile, o: Options): Promise<number> {
  const t = strings(lang).admin;
  const plan = await admin.plan(file);
  for (const line of planLines(lang, plan)) console.log(line);
  if (!plan.hasChanges) return 0;
  if (o['dry-run']) {
    console.log(t.dryRun);
    return 0;
  }
  if (plan.removes && !o.yes) {
    console.log(t.needsYes);
    return 2;
  }
  await admin.apply(plan);
  console.log(t.done);
  return 0;
}

async function runExport(lang: Lang, o: Options, cfg: Config): Promise<number> {
  const t = strings(lang).admin;
  const tenantId = (o.tenant || cfg.DEFAULT_TENANT_ID).toLowerCase();
  if (!tenantId) throw new Refusal(fill(t.argMissing, { arg: '--tenant' }));
  if (!o.school) throw new Refusal(fill(t.argMissing, { arg: '--school' }));
  const format = o.format === 'csv' || o.format === 'json' ? o.format : o.out ? kindOf(o.out) : 'json';
  const admin = new SchoolAdmin({ directory: await directoryOf(cfg), now: () => new Date() });
  const f = await admin.export(tenantId, o.school);
  if (!f) throw new Refusal(fill(t.schoolUnknown, { schoolId: o.school, tenantId }));
  const text = format === 'csv' ? toCsv(f) : toJson(f);
  if (!o.out) {
    process.stdout.write(text);
    return 0;
  }
  // Excel reads a CSV file as UTF-8 (æ, ø, å) only with a byte order mark; the import skips it.
  writeFileSync(o.out, format === 'csv' ? `\uFEFF${text}` : text);
  console.error(fill(t.exported, { school: f.school.name, file: o.out }));
  return 0;
}

/** Classes and kontaktlærere from Microsoft Graph (School Data Sync), through the same preview and --yes as a file. */
async function runImportGraph(lang: Lang, o: Options, cfg: Config): Promise<number> {
  const t = strings(lang).admin;
  const tenantId = (o.tenant || cfg.DEFAULT_TENANT_ID).toLowerCase();
  if (!tenantId) throw new Refusal(fill(t.argMissing, { arg: '--tenant' }));
  if (!o.school) throw new Refusal(fill(t.argMissing, { arg: '--school' }));
  const admin = new SchoolAdmin({ directory: await directoryOf(cfg), now: () => new Date(), archiveOn: cfg.ARCHIVE !== 'none' });
  const roster = new GraphRoster(graphClients(cfg), 0);
  const r = await schoolFileFromGraph({ admin, roster }, tenantId, o.school);
  if (!r.ok) {
    if (r.problem === 'noSchool') throw new Refusal(fill(t.schoolUnknown, { schoolId: o.school, tenantId }));
    if (r.problem === 'down' && !cfg.GRAPH_CLIENT_ID) console.error(t.graph.graphMissing);
    console.error(fill(t.graph[r.problem], { schoolId: o.school, status: r.status ?? 0 }));
    // Which id to set: the schools School Data Sync has in this tenant.
    const schools = r.problem === 'noGraphId' ? await roster.schools(tenantId) : undefined;
    if (schools?.kind === 'ok' && schools.value.length) console.error(`${t.graph.schools}\n${schools.value.map((s) => `  ${s.id}  ${s.name}${s.externalId ? ` (${s.externalId})` : ''}`).join('\n')}`);
    return 1;
  }
  if (r.skipped.length) console.log(fill(t.graph.skipped, { list: r.skipped.join(', ') }));
  if (!r.read.ok) return printErrors(lang, r.read.errors);
  return previewAndApply(lang, admin, r.read.file, o);
}

/** One Graph client per tenant, as the app registration (secret) or the managed identity. */
function graphClients(cfg: Config): (tenantId: string) => Client {
  const credential = cfg.GRAPH_CLIENT_SECRET
    ? new ClientSecretCredential(cfg.GRAPH_TENANT_ID, cfg.GRAPH_CLIENT_ID, cfg.GRAPH_CLIENT_SECRET)
    : new DefaultAzureCredential(cfg.GRAPH_CLIENT_ID ? { managedIdentityClientId: cfg.GRAPH_CLIENT_ID } : {});
  const clients = new Map<string, Client>();
  return (tenantId: string) => {
    let c = clients.get(tenantId);
    if (!c) clients.set(tenantId, (c = graphClient({ credential, baseUrl: cfg.GRAPH_BASE_URL || undefined, tenantId })));
    return c;
  };
}

async function runSync(lang: Lang, o: Options, cfg: Config): Promise<number> {
  const credential = cfg.GRAPH_CLIENT_SECRET
    ? new ClientSecretCredential(cfg.GRAPH_TENANT_ID, cfg.GRAPH_CLIENT_ID, cfg.GRAPH_CLIENT_SECRET)
    : new DefaultAzureCredential(cfg.GRAPH_CLIENT_ID ? { managedIdentityClientId: cfg.GRAPH_CLIENT_ID } : {});
  const clients = new Map<string, Client>();
  const clientFor = (tenantId: string) => {
    let c = clients.get(tenantId);
    if (!c) clients.set(tenantId, (c = graphClient({ credential, baseUrl: cfg.GRAPH_BASE_URL || undefined, tenantId })));
    return c;
  };
  const results = await syncEntraStaff(
    { directory: await directoryOf(cfg), groups: new GraphStaffGroups(clientFor) },
    { tenantId: o.tenant?.toLowerCase(), schoolId: o.school, dryRun: o['dry-run'], allowManyRemovals: o.yes },
  );
  for (const line of entraLines(lang, results)) console.log(line);
  if (o['dry-run']) console.log(strings(lang).admin.dryRun);
  const failed = results.some((r) => r.error);
  if (failed && !cfg.GRAPH_CLIENT_ID) console.error(strings(lang).admin.entra.graphMissing);
  return failed || results.length === 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    strict: false,
    options: {
      tenant: { type: 'string' },
      school: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const o = values as Options & { help?: boolean };
  const lang: Lang = o.lang === 'nn' || o.lang === 'en' ? o.lang : 'nb';
  const t = strings(lang).admin;
  const known = new Set(['tenant', 'school', 'format', 'out', 'lang', 'dry-run', 'yes', 'help', 'h']);
  const unknown = Object.keys(values).find((k) => !known.has(k));
  const [command, file] = positionals;
  if (o.help || !command || !['import', 'import-graph', 'export', 'sync-entra', 'backup', 'restore'].includes(command) || unknown) {
    if (unknown) console.error(fill(t.badArg, { arg: `--${unknown}` }));
    console.error(t.usage);
    return o.help ? 0 : 1;
  }
  const { cfg, stop } = await storage(lang, command === 'backup' || command === 'restore');
  try {
    if (command === 'import') return await runImport(lang, file, o, cfg);
    if (command === 'import-graph') return await runImportGraph(lang, o, cfg);
    if (command === 'export') return await runExport(lang, o, cfg);
    if (command === 'backup') return await adminBackup(lang, cfg);
    if (command === 'restore') return await adminRestore(lang, file, !!o.yes, cfg);
    return await runSync(lang, o, cfg);
  } catch (e) {
    if (e instanceof Refusal || e instanceof BackupRefusal) {
      console.error(e.message);
      return 1;
    }
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|getaddrinfo/.test(detail)) {
      console.error(fill(t.storageDown, { detail }));
      return 1;
    }
    throw e;
  } finally {
    stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  },
);
