/**
 * Preloaded by bench/processes.ts into the processes it measures (`node --expose-gc --import
 * ./bench/memory-probe.mjs …`), never by production: answers a message on the IPC channel with
 * the process's memory as V8 sees it, before and after a full collection, and writes a heap
 * snapshot when asked. Plain JavaScript so it loads into the built service as it is.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import process from 'node:process';
import v8 from 'node:v8';

const MB = 1024 * 1024;
const mb = (n) => Math.round((n / MB) * 10) / 10;

function usage() {
  const u = process.memoryUsage();
  return { rss: mb(u.rss), heapTotal: mb(u.heapTotal), heapUsed: mb(u.heapUsed), external: mb(u.external), arrayBuffers: mb(u.arrayBuffers) };
}

function spaces() {
  const out = {};
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_size > 0) out[s.space_name] = { size: mb(s.space_size), used: mb(s.space_used_size), committed: mb(s.physical_space_size) };
  return out;
}

/** Collections since the start, and the time they took (ms): what a smaller heap costs. */
const gc = { minor: 0, major: 0, ms: 0 };
const MAJOR = constants.NODE_PERFORMANCE_GC_MAJOR;

if (process.send) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.detail?.kind === MAJOR) gc.major++;
      else gc.minor++;
      gc.ms += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (m) => {
    if (!m || m.probe !== 'memory') return;
    const before = usage();
    const collections = { ...gc, ms: Math.round(gc.ms) };
    if (typeof globalThis.gc === 'function') globalThis.gc();
    const afterGc = usage();
    const heap = v8.getHeapStatistics();
    const code = v8.getHeapCodeStatistics();
    const snapshot = m.snapshot ? v8.writeHeapSnapshot(m.snapshot) : undefined;
    process.send({
      probe: 'memory',
      gc: collections,
      before,
      afterGc,
      spaces: spaces(),
      heapLimit: mb(heap.heap_size_limit),
      mallocedMemory: mb(heap.malloced_memory),
      code: { bytecodeAndMetadata: mb(code.bytecode_and_metadata_size), code: mb(code.code_and_metadata_size) },
      snapshot,
    });
  });
  // The channel must not keep the process alive on its own: the service stops as it would without it.
  process.channel?.unref();
}
