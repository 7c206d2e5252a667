/**
 * `npm run test:restore`: the full restore drill of docs/backup.md, 10,000 cases (DRILL_CASES to
 * change it), on a fresh Azurite. Prints the figures (entities, size, seconds) on stderr.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), 'test/app/backup.test.ts', '-t', 'restore drill', '--forceExit'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DRILL_CASES: process.env.DRILL_CASES ?? '10000' },
});
process.exit(r.status ?? 1);
