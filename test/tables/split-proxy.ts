/**
 * A TCP proxy in front of Azurite that cuts every request into pieces sent a few milliseconds
 * apart, each cut inside a multi-byte UTF-8 character where the bytes allow it: what a busy
 * machine's network stack does by chance (a long body arriving in several reads, one boundary
 * inside «å»), made certain. It counts the cuts that fell inside a character.
 */
import { connect, createServer, type Server } from 'node:net';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const GAP_MS = 15;

/** Up to `max` cut points, each before a UTF-8 continuation byte when there is one near, else anywhere. */
function cuts(chunk: Buffer, max: number): { at: number; inside: boolean }[] {
  const out: { at: number; inside: boolean }[] = [];
  const step = Math.max(1, Math.floor(chunk.length / (max + 1)));
  for (let want = step; want < chunk.length && out.length < max; want += step) {
    let at = want;
    while (at < Math.min(chunk.length, want + 8) && (chunk[at] & 0xc0) !== 0x80) at++;
    const inside = at < chunk.length && (chunk[at] & 0xc0) === 0x80;
    out.push({ at: inside ? at : want, inside });
  }
  return out;
}

export interface SplitProxy {
  port: number;
  /** Cuts that fell inside a multi-byte character, over all requests so far. */
  cutsInsideCharacters(): number;
  close(): Promise<void>;
}

export async function splitProxy(targetPort: number): Promise<SplitProxy> {
  let inside = 0;
  const open = new Set<{ destroy(): void }>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
    }
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      client.pause();
      void (async () => {
        let from = 0;
        for (const c of [...(chunk.length > 1024 ? cuts(chunk, 3) : []), { at: chunk.length, inside: false }]) {
          if (c.inside) inside++;
          upstream.write(chunk.subarray(from, c.at));
          from = c.at;
          if (c.at < chunk.length) await sleep(GAP_MS);
        }
        client.resume();
      })();
    });
    client.on('end', () => upstream.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cutsInsideCharacters: () => inside,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of open) s.destroy();
      }),
  };
}
