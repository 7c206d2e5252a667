/**
 * Preloaded (node --require) into every process the fault harness spawns: when the harness
 * itself dies, even by SIGKILL or a killed jest worker, its children follow within a second
 * instead of holding ports and hanging CI. Changes nothing else in the process.
 */
/* global setInterval */
const parent = process.ppid;
setInterval(() => {
  let alive = process.ppid === parent;
  try {
    process.kill(parent, 0);
  } catch {
    alive = false;
  }
  if (!alive) process.kill(process.pid, 'SIGKILL');
}, 500).unref();
