/** /healthz (the process answers) and /readyz (storage answers; 503 once a stop has begun). */
import http from 'node:http';
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { freePort, startAzurite } from '../../scripts/azurite';
import { azuriteConnectionString } from '../../src/config';

let connector: FakeConnector;
beforeAll(async () => {
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await connector.stop();
});

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('a running service', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ connectorUrl: connector.url });
  });
  afterAll(async () => {
    await app.close();
  });

  it('is alive', async () => {
    expect(await get(`${app.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('is ready: storage answers, and says which calendar it uses', async () => {
    expect(await get(`${app.url}/readyz`)).toEqual({ status: 200, body: { status: 'ready', storage: 'ok', calendar: 'local' } });
  });

  // A proxy (or the Bot Connector) keeps connections open and reuses them after a pause. With
  // Node's default of 5 s the service closed them first, and a request sent on such a socket at
  // that moment failed with ECONNRESET (seen in CI under load).
  it('keeps an idle connection open past Node\'s 5-second default, so a client reusing it after a pause gets its answer on it', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const once = () =>
      new Promise<{ status: number; keepAlive: string; reused: boolean }>((resolve, reject) => {
        const req = http.get(`${app.url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, keepAlive: String(res.headers['keep-alive'] ?? ''), reused: req.reusedSocket }));
        });
        req.on('error', reject);
      });
    try {
      const first = await once();
      expect(first).toMatchObject({ status: 200, reused: false });
      expect(Number(/timeout=(\d+)/.exec(first.keepAlive)?.[1])).toBeGreaterThanOrEqual(60);
      await new Promise((r) => setTimeout(r, 6_000));
      expect(await once()).toEqual({ status: 200, keepAlive: first.keepAlive, reused: true });
    } finally {
      agent.destroy();
    }
  }, 20_000);
});

describe('storage that stops answering', () => {
  it('keeps the service alive but not ready, within seconds of its last probe', async () => {
    // An Azurite of its own, so stopping it does not disturb the other tests.
    const az = await startAzurite();
    const app = await startTestApp({ connectorUrl: connector.url, env: { TABLES_CONNECTION_STRING: azuriteConnectionString(az.port) } });
    try {
      expect((await get(`${app.url}/readyz`)).status).toBe(200);
      await new Promise((r) => {
        az.proc.once('exit', r);
        az.proc.kill();
      });
      // One probe serves every call for a few seconds (issue 13, L2): polling is no load on storage,
      // so the first answer after the outage still comes from the last probe.
      expect((await get(`${app.url}/readyz`)).status).toBe(200);
      const started = Date.now();
      let seen = await get(`${app.url}/readyz`);
      while (seen.status === 200 && Date.now() - started < 15_000) {
        await new Promise((r) => setTimeout(r, 250));
        seen = await get(`${app.url}/readyz`);
      }
      expect(seen).toMatchObject({ status: 503, body: { status: 'not ready', storage: 'unavailable' } });
      expect((await get(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('a service that is stopping', () => {
  it('answers /readyz with 503 while it drains, stays alive, then stops taking connections', async () => {
    const app = await startTestApp({ connectorUrl: connector.url, env: { SHUTDOWN_DRAIN_SECONDS: '3' } });
    const closing = app.close();
    expect(await get(`${app.url}/readyz`)).toEqual({ status: 503, body: { status: 'stopping' } });
    expect((await get(`${app.url}/healthz`)).status).toBe(200);
    await closing;
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });
});

describe('a service that starts before its storage answers', () => {
  it('waits for storage, saying so in the log, and is ready once it answers', async () => {
    const port = await freePort();
    const starting = startTestApp({ connectorUrl: connector.url, env: { TABLES_CONNECTION_STRING: azuriteConnectionString(port), STARTUP_STORAGE_WAIT_SECONDS: '60' } });
    // Storage comes up a moment later (as a role assignment that has not applied yet, then has).
    await new Promise((r) => setTimeout(r, 1500));
    const az = await startAzurite({ port });
    try {
      const app = await starting;
      try {
        expect((await get(`${app.url}/readyz`)).status).toBe(200);
        expect(app.logs.join('')).toContain('storage not reachable; retrying');
      } finally {
        await app.close();
      }
    } finally {
      az.proc.kill();
    }
  });

  it('gives up after the wait with one line that says what to check', async () => {
    const port = await freePort();
    const start = startTestApp({ connectorUrl: connector.url, env: { TABLES_CONNECTION_STRING: azuriteConnectionString(port), STARTUP_STORAGE_WAIT_SECONDS: '0' } });
    await expect(start).rejects.toThrow(/cannot start: storage did not answer for 0 s .*Storage Table Data Contributor/);
    await expect(start).rejects.toMatchObject({ name: 'StorageUnavailableError' });
  });
});
