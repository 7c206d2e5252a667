import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  const proc = (globalThis as { __AZURITE__?: ChildProcess }).__AZURITE__;
  proc?.kill();
}
