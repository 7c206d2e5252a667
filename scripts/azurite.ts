/** Starts the real Azurite table service (or its blob service, for backups) on a free port, in memory. */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startAzurite(opts: { port?: number; location?: string; service?: 'table' | 'blob' } = {}): Promise<{ port: number; proc: ChildProcess }> {
  const port = opts.port ?? (await freePort());
  const service = opts.service ?? 'table';
  // Resolved, not relative to this file: the admin tool also runs compiled, from dist/scripts/.
  const bin = join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', service, 'main.js');
  const args = [bin, `--${service}Host`, '127.0.0.1', `--${service}Port`, String(port), '--skipApiVersionCheck', '--disableProductStyleUrl'];
  if (opts.location) args.push('--location', opts.location);
  else args.push('--inMemoryPersistence');
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    // Generous: on a busy machine a cold start takes well over 10 s.
    const timer = setTimeout(() => reject(new Error('Azurite did not start in 60 s')), 60_000);
    proc.stdout!.on('data', (b: Buffer) => {
      if (/successfully (started|listens)/.test(b.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => reject(new Error(`Azurite exited with ${code}`)));
  });
  return { port, proc };
}
