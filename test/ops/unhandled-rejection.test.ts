/** A promise nobody awaited does not end the process (issue 13, M3): it is logged by kind, without its message. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** A process that leaves a rejection unhandled, then says whether it is still there 200 ms later. */
const run = (guarded: boolean) =>
  spawnSync(
    process.execPath,
    [
      tsx,
      '-e',
      `${guarded ? `require(${JSON.stringify(join(ROOT, 'src', 'process-guard.ts'))}).keepRunningOnUnhandledRejection({ error: (o, m) => console.log(JSON.stringify({ ...o, msg: m })) });` : ''}
       Promise.reject(Object.assign(new Error('Ola Testesen ble dyttet'), { name: 'TypeError' }));
       setTimeout(() => console.log('still serving'), 200);`,
    ],
    { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH } },
  );

it('without the guard Node ends the process (so the test below would notice it gone)', () => {
  const r = run(false);
  expect(r.status).not.toBe(0);
  expect(r.stdout).not.toContain('still serving');
});

it('with the guard main.ts installs, logs the rejection by its kind only and keeps serving', () => {
  const r = run(true);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('"msg":"unhandled rejection"');
  expect(r.stdout).toContain('"err":"TypeError"');
  expect(r.stdout).toContain('still serving');
  expect(r.stdout + r.stderr).not.toContain('Ola');
});
