/**
 * An HTTP proxy in front of Azurite that counts what the table service was really asked and sent:
 * per table, every round trip by verb, the entities in each read's response (the JSON `value`
 * array of a query page, or the one entity of a point read; none for a 404), and the time each
 * round trip took from the proxy to Azurite and back (the storage's share, apart from ours).
 * Used by bench:reminders (entities read by a sweep) and bench:messages (round trips per request).
 */
import { Agent, createServer, IncomingHttpHeaders, request, Server } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import { freePort } from '../scripts/azurite';

export interface Tally {
  /** Reads (GET): point reads and query pages. */
  requests: number;
  entities: number;
  reminderRows: number;
  /** Every round trip by HTTP verb (GET, POST insert, PUT replace/upsert, PATCH/MERGE, DELETE); a transaction is one POST to `$batch:<table>`. */
  verbs: Record<string, number>;
  /** Summed time of this table's round trips, as the proxy saw them. */
  ms: number;
}

const close = (server: Server) =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

/** The table a request is about; a transaction's from the first operation in its multipart body. */
const tableOf = (url: string, body: Buffer): string => {
  const t = /^\/[^/]+\/([^(/?]+)/.exec(url)?.[1] ?? '?';
  if (t !== '$batch') return t;
  const inner = /\n(?:POST|PUT|PATCH|MERGE|DELETE|GET) https?:\/\/[^/]+\/[^/]+\/([^(/? ]+)/.exec(body.toString('latin1'))?.[1];
  return `$batch:${inner ?? '?'}`;
};

const entitiesOf = (raw: Buffer | undefined, headers: IncomingHttpHeaders): Record<string, unknown>[] => {
  if (!raw) return [];
  const enc = headers['content-encoding'];
  try {
    const text = (enc === 'gzip' ? gunzipSync(raw) : enc === 'deflate' ? inflateSync(raw) : raw).toString();
    const j = JSON.parse(text) as { value?: Record<string, unknown>[]; PartitionKey?: unknown };
    return Array.isArray(j.value) ? j.value : j.PartitionKey !== undefined ? [j as Record<string, unknown>] : [];
  } catch {
    // Not an entity body: still one request.
    return [];
  }
};

export async function startCountingProxy(azuritePort: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const byTable = new Map<string, Tally>();
  const tally = (table: string) => {
    let t = byTable.get(table);
    if (!t) byTable.set(table, (t = { requests: 0, entities: 0, reminderRows: 0, verbs: {}, ms: 0 }));
    return t;
  };
  const server = createServer((req, res) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sent = Buffer.concat(chunks);
      const up = request({ host: '127.0.0.1', port: azuritePort, method: req.method, path: req.url, headers: req.headers, agent }, (ur) => {
        const got: Buffer[] = [];
        ur.on('data', (c: Buffer) => got.push(c));
        ur.on('end', () => {
          const body = Buffer.concat(got);
          const t = tally(tableOf(req.url ?? '', sent));
          const verb = req.method ?? '?';
          t.verbs[verb] = (t.verbs[verb] ?? 0) + 1;
          t.ms += performance.now() - started;
          if (verb === 'GET') {
            const entities = entitiesOf(ur.statusCode === 200 ? body : undefined, ur.headers);
            t.requests++;
            t.entities += entities.length;
            t.reminderRows += entities.filter((e) => String(e.RowKey ?? '').startsWith('~R_')).length;
          }
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          res.end(body);
        });
      });
      up.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      up.end(sent);
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    port,
    reset: () => byTable.clear(),
    /** Counts since the last reset, per table without the bench's prefix. */
    snapshot: (prefix: string): Record<string, Tally> =>
      Object.fromEntries([...byTable].map(([k, v]) => [k.replace(prefix, ''), { ...v, verbs: { ...v.verbs } }])),
    reminderRows: () => [...byTable.values()].reduce((a, t) => a + t.reminderRows, 0),
    close: async () => {
      await close(server);
      agent.destroy();
    },
  };
}

/** Adds b's counts into a (per table and verb). */
export function addTallies(a: Record<string, Tally>, b: Record<string, Tally>): Record<string, Tally> {
  for (const [k, v] of Object.entries(b)) {
    const t = (a[k] ??= { requests: 0, entities: 0, reminderRows: 0, verbs: {}, ms: 0 });
    t.requests += v.requests;
    t.entities += v.entities;
    t.reminderRows += v.reminderRows;
    t.ms += v.ms;
    for (const [verb, n] of Object.entries(v.verbs)) t.verbs[verb] = (t.verbs[verb] ?? 0) + n;
  }
  return a;
}
