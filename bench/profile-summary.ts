/**
 * Reads a .cpuprofile (from `bench:messages -- --profile`, `node --cpu-prof`, or Chrome's
 * devtools) and prints where the time went:
 * - the top functions by self time and by inclusive time (time with them on the stack);
 * - the share of samples per place: each src/ folder, each node_modules package, node's own
 *   code, the bench's clients, garbage collection and idle;
 * - per src file, the samples whose innermost src frame is in it (our code plus the library
 *   and node work it called): which of our files cause the work.
 * With a `<file>.json` beside the profile (bench:messages writes one), also the CPU seconds
 * this process and Azurite (a separate process, not in the profile) used over the same time.
 *   npx tsx bench/profile-summary.ts bench/profiles/messages-load50-….cpuprofile [--top 20]
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const ROOT = relative('/', process.cwd());

/** Where a frame's code lives: `src/app`, `node_modules/@azure/core-rest-pipeline`, `node`, `bench`… */
export function placeOf(f: CallFrame): string {
  const special: Record<string, string> = { '(garbage collector)': 'gc', '(idle)': 'idle', '(program)': 'program (V8, native)', '(root)': 'root' };
  if (special[f.functionName] && !f.url) return special[f.functionName];
  const url = f.url.replace(/^file:\/\//, '');
  if (!url) return 'native';
  if (url.startsWith('node:')) return 'node';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 14).split('/');
    return `node_modules/${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const rel = url.includes(ROOT) ? url.slice(url.indexOf(ROOT) + ROOT.length + 1) : url;
  const m = /^(src\/(?:[^/]+\/)?(?:[^/]+\/)?)[^/]+$/.exec(rel);
  if (m) return m[1].replace(/\/$/, '');
  if (/^(bench|test|scripts)\//.test(rel)) return rel.split('/')[0] === 'test' ? 'test/support (bench clients)' : rel.split('/')[0];
  return 'other';
}

/**
 * A sample with no src frame on its stack (an async continuation starts a new stack): whose work
 * it is, from the other frames. The bench's own clients, proxy and echo bot run in this process too.
 */
function ownerOf(frames: CallFrame[]): string {
  const places = frames.map(placeOf);
  const files = frames.map((f) => f.url);
  const leaf = places[0];
  if (['idle', 'gc', 'program (V8, native)'].includes(leaf)) return `(${leaf})`;
  if (files.some((u) => u.includes('counting-proxy'))) return '(bench: the counting proxy in front of Azurite)';
  if (files.some((u) => u.includes('echo-bot'))) return '(bench: the echo bot)';
  if (places.some((p) => p.startsWith('node_modules/@azure/') || p.startsWith('node_modules/@typespec/'))) return '(Azure Tables SDK: our table calls, request and response)';
  if (places.some((p) => p.startsWith('test/') || p === 'bench')) return '(bench: the clients and the connector)';
  if (places.some((p) => /botbuilder|botframework|adaptive/.test(p))) return '(botbuilder)';
  if (places.some((p) => /express|body-parser|raw-body/.test(p))) return '(express: HTTP in)';
  return '(node: sockets, HTTP parsing, timers; no JS caller on the stack)';
}

const fileOf = (f: CallFrame) => {
  const url = f.url.replace(/^file:\/\//, '');
  return url.includes(ROOT) ? url.slice(url.indexOf(ROOT) + ROOT.length + 1) : url;
};
const label = (f: CallFrame) => `${f.functionName || '(anonymous)'}  ${fileOf(f).replace(/^.*node_modules\//, '~/')}:${f.lineNumber + 1}`;

export function summarise(p: Profile, top = 20) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>(), incl = new Map<string, number>(), place = new Map<string, number>(), ours = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0) / 1000; // ms until the next sample
    total += dt;
    const leaf = byId.get(id)!;
    add(self, label(leaf.callFrame), dt);
    add(place, placeOf(leaf.callFrame), dt);
    const seen = new Set<string>();
    let src: string | undefined;
    const stack = (n0: ProfileNode) => {
      const out: CallFrame[] = [];
      for (let n: ProfileNode | undefined = n0; n; n = byId.get(parent.get(n.id) ?? -1)) out.push(n.callFrame);
      return out;
    };
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const l = label(n.callFrame);
      if (!seen.has(l) && n.callFrame.url) {
        seen.add(l);
        add(incl, l, dt);
      }
      if (!src && placeOf(n.callFrame).startsWith('src')) src = fileOf(n.callFrame);
    }
    add(ours, src ?? ownerOf(stack(leaf)), dt);
  });
  const rows = (m: Map<string, number>, n = top) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => ({ ms: Math.round(v), share: `${((v / total) * 100).toFixed(1)}%`, what: k }));
  return { totalMs: Math.round(total), samples: p.samples.length, bySelf: rows(self), byInclusive: rows(incl), byPlace: rows(place, 40), bySrcFile: rows(ours, 30) };
}

function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top N]');
  const at = process.argv.indexOf('--top');
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, at > 0 ? Number(process.argv[at + 1]) : 20);
  const print = (title: string, rows: { ms: number; share: string; what: string }[]) => {
    console.log(`\n${title}`);
    for (const r of rows) console.log(`${String(r.ms).padStart(8)} ms ${r.share.padStart(6)}  ${r.what}`);
  };
  console.log(`${file}: ${s.samples} samples over ${s.totalMs} ms`);
  if (existsSync(`${file}.json`)) {
    const meta = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { cpuSecondsPerSecond?: { thisProcess: number; azurite: number }; storage?: unknown; loadAverage?: number[] };
    const c = meta.cpuSecondsPerSecond;
    if (c) console.log(`CPU seconds per second over the same stretch: this process ${c.thisProcess}, Azurite ${c.azurite} (Azurite's share of the two: ${Math.round((c.azurite / (c.azurite + c.thisProcess)) * 100)}%)`);
    if (meta.storage) console.log(`storage under that load: ${JSON.stringify(meta.storage)}; load average ${meta.loadAverage?.map((x) => x.toFixed(2)).join(' ')}`);
  }
  print('By place (self time of the sampled frame):', s.byPlace);
  print('By src file (innermost src/ frame on the stack: our code and what it called; else who owns the stack):', s.bySrcFile);
  print(`Top ${s.bySelf.length} by self time:`, s.bySelf);
  print(`Top ${s.byInclusive.length} by inclusive time:`, s.byInclusive);
}

if (require.main === module) main();
