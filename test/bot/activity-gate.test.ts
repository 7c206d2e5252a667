/**
 * Which activities the service takes at all (issue 13, M6): only from Teams (and, outside
 * production, the Bot Framework Emulator), only from the tenants it is configured for, and only
 * with the user's Entra object id. Checked through the real endpoint, with real Bot Framework
 * tokens in production, before any work is done.
 */
import { FakeConnector } from '../support/connector';
import { LocalOpenId } from '../support/openid';
import { startTestApp, TestApp } from '../support/app';
import { persona } from '../support/bot-client';
import { DEMO_TENANT } from '../../src/seed';

const kari = persona('Kari');
const APP_ID = '3f1c2b7a-0000-4000-8000-00000000abcd';
const OTHER_TENANT = '7c1e4d2a-0000-4000-8000-000000000002';
const FORM_TITLE = 'Meld fra om skolemiljø';

let connector: FakeConnector;
beforeAll(async () => {
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await connector.stop();
});

const message = (over: Record<string, unknown> = {}) => ({
  type: 'message',
  id: `m-${Math.random()}`,
  channelId: 'msteams',
  serviceUrl: connector.url,
  text: 'meld fra',
  locale: 'nb-NO',
  deliveryMode: 'expectReplies',
  from: { id: kari.teamsId, aadObjectId: kari.userId },
  recipient: { id: '28:bot' },
  conversation: { id: `a:conv-${kari.userId}`, conversationType: 'personal', tenantId: DEMO_TENANT },
  channelData: { tenant: { id: DEMO_TENANT } },
  ...over,
});

describe('in production', () => {
  let openid: LocalOpenId;
  let app: TestApp;
  beforeAll(async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    openid = await new LocalOpenId().start();
    app = await startTestApp({
      connectorUrl: connector.url,
      env: {
        NODE_ENV: 'production',
        DEFAULT_TENANT_ID: '',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'MultiTenant',
        BOT_OPENID_METADATA_URL: openid.metadataUrl,
        ALLOWED_TENANT_IDS: DEMO_TENANT,
        LINK_SECRET: 'k'.repeat(48),
        PUBLIC_URL: 'https://meldfra.example',
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await openid.stop();
  });

  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${openid.token({ aud: APP_ID, serviceurl: connector.url })}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };

  it('answers a Teams user of the configured tenant (so the refusals below are the gate, not a broken door)', async () => {
    const r = await post(message());
    expect(r.status).toBe(200);
    expect(r.text).toContain(FORM_TITLE);
  });

  it.each([
    ['from the Emulator', { channelId: 'emulator' }],
    ['from Web Chat', { channelId: 'webchat' }],
    ['from Direct Line', { channelId: 'directline' }],
    ['from another tenant', { conversation: { id: 'a:conv', conversationType: 'personal', tenantId: OTHER_TENANT }, channelData: { tenant: { id: OTHER_TENANT } } }],
    ['naming two tenants', { conversation: { id: 'a:conv', conversationType: 'personal', tenantId: OTHER_TENANT } }],
    ['with no tenant (no DEFAULT_TENANT_ID in production)', { conversation: { id: 'a:conv', conversationType: 'personal' }, channelData: {} }],
    ['without the user\'s Entra object id (from.id is not taken instead)', { from: { id: kari.userId } }],
  ])('refuses an activity %s with 403, before any card, and logs why without the user', async (_what, over) => {
    const r = await post(message(over));
    expect(r.status).toBe(403);
    expect(r.text).not.toContain(FORM_TITLE);
    const line = app.logs.filter((l) => l.includes('activity refused')).at(-1)!;
    expect(line).toBeDefined();
    expect(line).not.toContain(kari.userId);
  });
});

describe('outside production', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ connectorUrl: connector.url });
  });
  afterAll(async () => {
    await app.close();
  });
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };

  it('takes the Emulator, which sends no tenant, as the demo tenant (DEFAULT_TENANT_ID)', async () => {
    const r = await post(message({ channelId: 'emulator', conversation: { id: 'c', conversationType: 'personal' }, channelData: {} }));
    expect(r.status).toBe(200);
    expect(r.text).toContain(FORM_TITLE);
  });

  it('still refuses Web Chat and a user without an Entra object id', async () => {
    expect((await post(message({ channelId: 'webchat' }))).status).toBe(403);
    expect((await post(message({ from: { id: kari.userId } }))).status).toBe(403);
  });
});
