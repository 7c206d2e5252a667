/**
 * Production identity without keys: with TABLES_ENDPOINT the tables are reached with a token from
 * the service's credential (a managed identity in Azure), and the bot can run as a user-assigned
 * managed identity (MicrosoftAppType=UserAssignedMSI).
 */
import { createHttpHeaders, type PipelineRequest } from '@azure/core-rest-pipeline';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { Tables } from '../../src/adapters/tables/table-client';
import { createAdapter } from '../../src/adapters/teams/adapter';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('storage by endpoint', () => {
  it('signs requests with a bearer token from the service credential, never a key', async () => {
    const scopes: string[] = [];
    const credential: TokenCredential = {
      getToken: async (s): Promise<AccessToken> => {
        scopes.push(...(Array.isArray(s) ? s : [s]));
        return { token: 'token-from-the-managed-identity', expiresOnTimestamp: Date.now() + 3600_000 };
      },
    };
    const tables = new Tables({ endpoint: 'https://meldfraprod.table.core.windows.net', credential, prefix: 'id' });
    const client = tables.client('Cases');
    // What would go on the wire, caught after signing instead of sent.
    const sent: PipelineRequest[] = [];
    client.pipeline.addPolicy(
      { name: 'capture', sendRequest: async (request) => (sent.push(request), { request, status: 204, headers: createHttpHeaders({ 'x-ms-version': '2019-02-02' }) }) },
      { afterPhase: 'Sign' },
    );
    await client.createTable();
    expect(sent[0]?.url).toMatch(/^https:\/\/meldfraprod\.table\.core\.windows\.net\/Tables/);
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer token-from-the-managed-identity');
    expect(scopes).toEqual(['https://storage.azure.com/.default']);
  });
});

describe('the bot as a user-assigned managed identity', () => {
  const msi = { appId: '0d3b9f1e-0000-4000-8000-00000000beef', tenantId: '6b0f3c3e-0000-4000-8000-000000000001', appType: 'UserAssignedMSI' as const, openIdMetadataUrl: '' };

  it('is accepted by botbuilder with the tenant and no password', () => {
    expect(() => createAdapter({ ...msi, password: '' }, quiet)).not.toThrow();
  });

  it('is refused by botbuilder with a password (as the configuration refuses it first)', () => {
    expect(() => createAdapter({ ...msi, password: 'a-secret' }, quiet)).toThrow(/MicrosoftAppPassword/);
  });
});
