/**
 * The lint fences in eslint.config.mjs hold: a use case that imports an adapter or an I/O SDK, and
 * an adapter that reaches into another adapter, fail `npx eslint` (and so the build).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * ESLint's own command line on a snippet (--stdin with the file name it pretends to be): the config
 * is an ES module, which jest's module loader cannot import, so it runs in its own process.
 */
const restricted = async (file: string, code: string): Promise<string[]> => {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], { cwd: root, input: code, encoding: 'utf8' });
  const [out] = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return out.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

jest.setTimeout(60_000);

test('a use case that imports a repository from src/adapters fails lint', async () => {
  const errors = await restricted('src/app/fence-probe.ts', "import type { LeaveRepository } from '../adapters/tables/leave-repository';\nexport type X = LeaveRepository;\n");
  expect(errors).toEqual([expect.stringContaining('src/app must not import an adapter')]);
});

test('a use case that imports an I/O SDK fails lint; the port and a pure helper pass', async () => {
  expect(await restricted('src/app/fence-probe.ts', "import { TableClient } from '@azure/data-tables';\nexport const x = TableClient;\n")).toHaveLength(1);
  expect(await restricted('src/app/fence-probe.ts', "import type { LeaveStore } from '../ports';\nimport { z } from 'zod';\nexport type X = LeaveStore;\nexport const s = z.string();\n")).toEqual([]);
});

test('the Teams adapter reaching into the tables adapter fails lint; the shared table client does not', async () => {
  expect(await restricted('src/adapters/teams/fence-probe.ts', "import type { PreferenceRepository } from '../tables/preference-repository';\nexport type X = PreferenceRepository;\n")).toEqual([
    expect.stringContaining('An adapter does not reach into another adapter'),
  ]);
  expect(await restricted('src/adapters/local/fence-probe.ts', "import { statusOf } from '../tables/table-client';\nexport const s = statusOf;\n")).toEqual([]);
});

test('the composition root may import adapters', async () => {
  expect(await restricted('src/server.ts', "import { LeaveRepository } from './adapters/tables/leave-repository';\nexport const x = LeaveRepository;\n")).toEqual([]);
});
