/**
 * `npm run stage`: the package App Service runs, in build/deploy/ — the compiled service (with
 * the admin tool), the card templates and production dependencies only (`npm ci --omit=dev`,
 * about 295 MB instead of 500). Built beside the working tree, so a developer's own node_modules
 * keeps its development tools. m365agents.yml and docs/deploy.md upload this folder.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
export const STAGE = join(ROOT, 'build', 'deploy');
/** What the web app reads at run time (the Dockerfile's runtime stage copies the same). */
export const SHIPPED = ['dist', 'cards', 'package.json', 'package-lock.json', '.npmrc'];

function main(): void {
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('dist/src/main.js is missing: run npm run build first');
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  for (const f of SHIPPED) cpSync(join(ROOT, f), join(STAGE, f), { recursive: true });
  // --ignore-scripts: no install script of a dependency runs on the build machine's behalf.
  execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts'], { cwd: STAGE, stdio: 'inherit', shell: process.platform === 'win32' });
  console.log(`staged for deployment: ${STAGE}`);
}

if (require.main === module) main();
