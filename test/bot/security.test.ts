/** The endpoint's door: a real app id means Bot Framework tokens are required; production without one does not start. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { FakeConnector } from '../support/connector';
import { LocalOpenId } from '../support/openid';
import { startTestApp, TestApp } from '../support/app';
import { persona } from '../support/bot-client';
import { connectionString } from '../support/tables';

const kari = persona('Kari');

const APP_ID = '3f1c2b7a-0000-4000-8000-00000000abcd';

describe('with MicrosoftAppId set', () => {
  let connector: FakeConnector;
  let openid: LocalOpenId;
  let app: TestApp;
  beforeAll(async () => {
    // botbuilder prints every refused token with console.error; the assertions below are what matter.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    connector = await new FakeConnector().start();
    openid = await new LocalOpenId().start();
    app = await startTestApp({
      connectorUrl: connector.url,
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant', BOT_OPENID_METADATA_URL: openid.metadataUrl },
    });
  });
  afterAll(async () => {
    await app.close();
    await openid.stop();
    await connector.stop();
  });

  const message = {
    type: 'message', id: 'm1', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', text: 'meld fra', deliveryMode: 'expectReplies',
    from: { id: kari.teamsId, aadObjectId: kari.userId }, recipient: { id: '28:bot' },
    conversation: { id: 'a:conv', conversationType: 'personal', tenantId: '6b0f3c3e-0000-4000-8000-000000000001' },
  };
  const post = (headers: Record<string, string>) =>
    fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(message) });

  it('answers 401 to a request without a token and sends no card', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('Meld fra om skolemiljø');
  });

  const claims = { aud: APP_ID, serviceurl: message.serviceUrl };
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  it.each([
    ['signed with a key Bot Framework does not publish', () => openid.token(claims, otherKey)],
    ['with no signature (alg none)', () => openid.token(claims, undefined, 'none')],
    ['for another bot', () => openid.token({ ...claims, aud: 'another-bot' })],
    ['that has expired', () => openid.token({ ...claims, exp: Math.floor(Date.now() / 1000) - 3600 })],
  ])('answers 401 to a token %s, and sends no card', async (_what, token) => {
    const res = await post({ authorization: `Bearer ${token()}` });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('Meld fra om skolemiljø');
  });

  it('lets a properly signed Bot Framework token through (so the 401s above are the check, not a broken door)', async () => {
    const res = await post({ authorization: `Bearer ${openid.token(claims)}` });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('Meld fra om skolemiljø');
  });
});

describe('starting in production', () => {
  it('refuses to start without MicrosoftAppId and says why', () => {
    const tsx = join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const r = spawnSync(process.execPath, [tsx, join(__dirname, '..', '..', 'src', 'main.ts')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', TABLES_CONNECTION_STRING: connectionString(), PORT: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('MicrosoftAppId');
    expect(r.stderr).toContain('required in production');
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});
