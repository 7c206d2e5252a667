/**
 * F5 in VS Code, checked the way the Agents Toolkit reads it: each launch's pre-launch task and
 * configurations exist, each Toolkit environment has its m365agents.<env>.yml and env/.env.<env>,
 * every ${{placeholder}} the local run needs has a source, and what the Toolkit writes to
 * .localConfigs is configuration the service reads.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvFile } from '../../scripts/dev-teams';
import { configKeys, read, ROOT } from './bicep';

/** JSON with // comments (VS Code's own files). */
const jsonc = (file: string) => JSON.parse(read(file).replace(/^\s*\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1')) as Record<string, unknown>;

interface Task { label: string; type?: string; command?: string; dependsOn?: string[]; args?: { env?: string; portOccupancy?: number[] } }
const launch = jsonc('.vscode/launch.json') as { configurations: { name: string; port?: number }[]; compounds: { name: string; configurations: string[]; preLaunchTask: string }[] };
const tasks = (jsonc('.vscode/tasks.json') as { tasks: Task[] }).tasks;
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

describe('F5 (.vscode, m365agents.local.yml, m365agents.playground.yml)', () => {
  it('offers the Playground and Teams through a tunnel, each launch wired to tasks and configurations that exist', () => {
    expect(launch.compounds.map((c) => c.name)).toEqual(expect.arrayContaining(['Debug in Microsoft 365 Agents Playground', 'Debug in Teams (Edge)']));
    const labels = new Set(tasks.map((t) => t.label));
    for (const c of launch.compounds) {
      expect({ c: c.name, task: labels.has(c.preLaunchTask) }).toEqual({ c: c.name, task: true });
      for (const name of c.configurations) expect({ c: c.name, name, exists: launch.configurations.some((x) => x.name === name) }).toEqual({ c: c.name, name, exists: true });
    }
    for (const t of tasks) for (const d of t.dependsOn ?? []) expect({ t: t.label, d, exists: labels.has(d) }).toEqual({ t: t.label, d, exists: true });
  });

  it('has m365agents.<env>.yml and env/.env.<env> for each environment a task provisions or deploys', () => {
    const envs = new Set(tasks.filter((t) => t.type === 'teamsfx' && (t.command === 'provision' || t.command === 'deploy')).map((t) => t.args!.env!));
    expect([...envs].sort()).toEqual(['local', 'playground']);
    for (const env of envs) {
      expect(existsSync(join(ROOT, `m365agents.${env}.yml`))).toBe(true);
      expect(read(`env/.env.${env}`)).toMatch(new RegExp(`^TEAMSFX_ENV=${env}$`, 'm'));
    }
  });

  it('starts the service with npm scripts that exist, with the inspector on the port the debugger attaches to', () => {
    const attach = launch.configurations.find((c) => c.name === 'Attach to Local Service')!;
    for (const t of tasks.filter((x) => x.type === 'shell')) {
      const script = /^npm run (\S+)$/.exec(t.command!)![1];
      expect(scripts[script]).toMatch(new RegExp(`--inspect=${attach.port}\\b`));
    }
    const checked = tasks.filter((t) => t.command === 'debug-check-prerequisites').flatMap((t) => t.args!.portOccupancy!);
    expect(checked).toEqual(expect.arrayContaining([3978, attach.port]));
  });

  it('has a source for every placeholder of the local run: env/.env.local, the tunnel task, or provision', () => {
    const yml = read('m365agents.local.yml');
    const env = parseEnvFile(read('env/.env.local'));
    const written = [...yml.matchAll(/^\s+\w+: ([A-Z][A-Z0-9_]+)$/gm)].map((m) => m[1]);
    const tunnel = ['BOT_ENDPOINT', 'BOT_DOMAIN'];
    const used = new Set([...`${yml}\n${read('manifest/manifest.json')}`.matchAll(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]));
    expect([...used].filter((k) => !(k in env) && !written.includes(k) && !tunnel.includes(k))).toEqual([]);
  });

  it('writes to .localConfigs only settings the service reads, as KEY=value lines dev-teams.ts parses', () => {
    const yml = read('m365agents.local.yml');
    const block = yml.slice(yml.indexOf('target: ./.localConfigs'));
    const keys = [...block.matchAll(/^\s{8}(\w+): /gm)].map((m) => m[1]);
    expect(keys).toEqual(expect.arrayContaining(['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'PUBLIC_URL']));
    expect(keys.filter((k) => !configKeys().has(k))).toEqual([]);
    expect(parseEnvFile('# x\nMicrosoftAppId=abc\nPUBLIC_URL=https://x.devtunnels.ms\n')).toEqual({ MicrosoftAppId: 'abc', PUBLIC_URL: 'https://x.devtunnels.ms' });
    expect(read('.gitignore').split('\n')).toContain('.localConfigs');
  });
});
