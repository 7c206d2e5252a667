/**
 * A CPU profile of this process over one stretch of a bench (the inspector's sampling profiler,
 * as `node --cpu-prof` takes it, but only around the load measured), and the CPU time this
 * process and a child (Azurite) used meanwhile, from /proc.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const DIR = join(__dirname, 'profiles');

export async function startProfile(intervalUs = 500) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    /** Writes bench/profiles/<name>-<time>.cpuprofile and returns its path. */
    /** `meta` (e.g. the CPU seconds Azurite used meanwhile) goes beside it, as <file>.json. */
    async stop(name: string, meta?: Record<string, unknown>): Promise<string> {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      mkdirSync(DIR, { recursive: true });
      const file = join(DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      if (meta) writeFileSync(`${file}.json`, JSON.stringify(meta, null, 2));
      return file;
    },
  };
}

const TICK = 100; // USER_HZ on Linux
/** CPU seconds (user + system) of a process from /proc; 0 where there is no /proc. */
const cpuSeconds = (pid: number | 'self'): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return 0;
  }
};

export interface CpuSample { self: number; azurite: number }
/** CPU seconds of this process and of `childPid`; given an earlier sample, the difference since. */
export function cpuOf(childPid: number | undefined, since?: CpuSample): CpuSample {
  const u = process.cpuUsage();
  const now = { self: (u.user + u.system) / 1e6, azurite: childPid ? cpuSeconds(childPid) : 0 };
  return since ? { self: now.self - since.self, azurite: now.azurite - since.azurite } : now;
}
