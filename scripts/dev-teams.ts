/**
 * `npm run dev:teams` (F5 "Debug in Teams"): the service on this machine for a real Teams client
 * through the Toolkit's dev tunnel. Reads .localConfigs (written by m365agents.local.yml: the
 * development bot's app id, secret and tenant, and the tunnel's address), keeps its tables in the
 * local Azurite (.data/azurite, started if not running). Import your test school first:
 *   npm run admin -- import docs/admin/ellingsrud.json --tenant <your tenant id>
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { startApp } from '../src/server';
import { azuriteConnectionString, loadConfig } from '../src/config';
import { startAzurite } from './azurite';

const ROOT = resolve(__dirname, '..');

/** KEY=value lines; the Toolkit writes no quoting or expansion. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (m && !line.trimStart().startsWith('#')) out[m[1]] = m[2].trim();
  }
  return out;
}

const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => done(!!s.end()));
    s.once('error', () => done(false));
  });

async function main(): Promise<void> {
  const file = join(ROOT, '.localConfigs');
  if (!existsSync(file)) throw new Error('.localConfigs is missing: start with F5 "Debug in Teams" (the Toolkit writes it), or use npm start for the Playground');
  const port = Number(process.env.AZURITE_PORT ?? 10002);
  if (!(await listening(port))) {
    mkdirSync(join(ROOT, '.data', 'azurite'), { recursive: true });
    await startAzurite({ port, location: join(ROOT, '.data', 'azurite') });
  }
  const cfg = loadConfig({ ...process.env, ...parseEnvFile(readFileSync(file, 'utf8')), NODE_ENV: 'development', TABLES_CONNECTION_STRING: azuriteConnectionString(port) });
  const app = await startApp(cfg);
  console.log(`Meld fra is listening on ${app.url} for Teams, through ${cfg.PUBLIC_URL}`);
}

if (require.main === module)
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
