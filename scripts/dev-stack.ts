/**
 * The local stack without any Azure or Microsoft 365 account: Azurite (tables, data kept in
 * .data/azurite), the bot, and the Microsoft 365 Agents Playground pointed at it. Used by
 * `npm start`, the end-to-end test and the screenshots.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { azuriteConnectionString, loadConfig } from '../src/config';
import { PreferenceRepository } from '../src/adapters/tables/preference-repository';
import { Tables } from '../src/adapters/tables/table-client';
import { startApp, RunningApp, type AppOptions } from '../src/server';
import { DEMO_TENANT, PERSONAS, Persona, SECOND_SCHOOL } from '../src/seed';
import { startAzurite } from './azurite';
import { playgroundYaml } from './playground-config';

export interface StackOptions {
  botPort: number;
  playgroundPort: number;
  azuritePort?: number;
  /** Persist tables here; omitted = in memory. */
  dataDir?: string;
  /** An Azurite already running (tests share one). */
  connectionString?: string;
  tablePrefix?: string;
  persona: Persona;
  logLevel?: string;
  quietPlayground?: boolean;
  /** More settings, as environment variables would give them (e.g. ARCHIVE=files). */
  env?: Record<string, string>;
  /** What a test hands the service (e.g. a Graph credential for a local Graph; never in production). */
  options?: AppOptions;
}

export interface Stack {
  app: RunningApp;
  playgroundUrl: string;
  stop(): Promise<void>;
}

const ROOT = resolve(__dirname, '..');

export async function startStack(o: StackOptions): Promise<Stack> {
  const children: ChildProcess[] = [];
  let connectionString = o.connectionString;
  if (!connectionString) {
    if (o.dataDir) mkdirSync(o.dataDir, { recursive: true });
    const az = await startAzurite({ port: o.azuritePort, location: o.dataDir });
    children.push(az.proc);
    connectionString = azuriteConnectionString(az.port);
  }
  const playgroundUrl = `http://127.0.0.1:${o.playgroundPort}`;
  const cfg = loadConfig({
    NODE_ENV: 'development',
    PORT: String(o.botPort),
    TABLES_CONNECTION_STRING: connectionString,
    TABLE_PREFIX: o.tablePrefix ?? '',
    SEED_DEMO: 'true',
    DEFAULT_TENANT_ID: DEMO_TENANT,
    CONNECTOR_SERVICE_URL: `${playgroundUrl}/_connector`,
    LOG_LEVEL: o.logLevel ?? 'info',
    NOTICE_SWEEP_SECONDS: '10',
    ...o.env,
  });
  const app = await startApp(cfg, o.options ?? {});
  await playgroundLanguages(connectionString, o.tablePrefix ?? '');

  const pg = await startPlayground({ port: o.playgroundPort, botUrl: app.url, persona: o.persona, quiet: o.quietPlayground });
  children.push(pg);

  return {
    app,
    playgroundUrl,
    stop: async () => {
      await app.close().catch(() => undefined);
      for (const c of children.reverse()) c.kill();
    },
  };
}

/**
 * The Playground always sends locale en-US, which would make every card English. A Norwegian
 * school's staff would have nb-NO or nn-NO, so each demo persona gets their school's language
 * form as a chosen language, as if they had written "språk bokmål" / "språk nynorsk". Only if
 * unset: a persona who wrote "language english" keeps it.
 */
/**
 * One Agents Playground (a Teams client for one user) pointed at the bot. Several can run at
 * once, one per persona, each on its own port: a card sent to a persona shows in theirs.
 */
export async function startPlayground(o: { port: number; botUrl: string; persona: Persona; quiet?: boolean }): Promise<ChildProcess> {
  // The Playground reads .m365agentsplayground.yml from its working directory: one per persona.
  const pgDir = join(ROOT, '.data', 'playground', o.persona.teamsId);
  mkdirSync(pgDir, { recursive: true });
  writeFileSync(join(pgDir, '.m365agentsplayground.yml'), playgroundYaml(o.persona));
  const cli = join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const pg = spawn(process.execPath, [cli, '-p', String(o.port), '-e', `${o.botUrl}/api/messages`, '-c', 'msteams', '--dt'], {
    cwd: pgDir,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!o.quiet) {
    pg.stdout!.pipe(process.stdout);
    pg.stderr!.pipe(process.stderr);
  }
  // The Playground exits without a word on a config it does not accept: say so.
  const exited = new Promise<never>((_, reject) =>
    pg.once('exit', (code) => reject(new Error(`The Agents Playground stopped (exit ${code}); check ${pgDir}/.m365agentsplayground.yml`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([waitFor(`http://127.0.0.1:${o.port}`, 60_000), exited]);
  } catch (e) {
    pg.kill();
    throw e;
  }
  return pg;
}

async function playgroundLanguages(connectionString: string, prefix: string): Promise<void> {
  const prefs = new PreferenceRepository(new Tables({ connectionString, prefix }));
  await prefs.init();
  for (const p of PERSONAS) {
    if (await prefs.language(DEMO_TENANT, p.userId)) continue;
    const nynorsk = p.memberships.every((m) => m.schoolId === SECOND_SCHOOL);
    await prefs.setLanguage(DEMO_TENANT, p.userId, nynorsk ? 'nn' : 'nb');
  }
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}
