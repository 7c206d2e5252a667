/** The configuration rules for production identity: no storage keys, no bot password with a managed identity. */
import { azuriteConnectionString, ConfigError, loadConfig } from '../../src/config';

const KEYED = 'DefaultEndpointsProtocol=https;AccountName=meldfraprod;AccountKey=c2VjcmV0LWtleS1ub3QtcmVhbA==;EndpointSuffix=core.windows.net';
const TENANT = '6b0f3c3e-0000-4000-8000-000000000001';
const MSI = '0d3b9f1e-0000-4000-8000-00000000beef';

/** A valid production configuration on managed identity, as infra/ sets it. */
const production = (over: Record<string, string> = {}) => ({
  NODE_ENV: 'production',
  MicrosoftAppId: MSI,
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppTenantId: TENANT,
  AZURE_CLIENT_ID: MSI,
  TABLES_ENDPOINT: 'https://meldfraprod.table.core.windows.net',
  CALENDAR: 'graph',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://norwayeast-0.in.applicationinsights.azure.com/',
  ...over,
});

const problems = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
    return '';
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
};

describe('production identity', () => {
  it('accepts managed identity throughout: storage endpoint, bot and Graph without any secret', () => {
    const cfg = loadConfig(production());
    expect(cfg).toMatchObject({ MicrosoftAppType: 'UserAssignedMSI', AZURE_CLIENT_ID: MSI, TABLES_CONNECTION_STRING: '', MicrosoftAppPassword: '' });
  });

  it('refuses a storage connection string with an account key, and says what to do instead', () => {
    const msg = problems(production({ TABLES_ENDPOINT: '', TABLES_CONNECTION_STRING: KEYED }));
    expect(msg).toContain('TABLES_CONNECTION_STRING');
    expect(msg).toContain('account key');
    expect(msg).toContain('TABLES_ENDPOINT');
    expect(msg).not.toContain('c2VjcmV0'); // the key itself is never echoed
  });

  it('refuses the key however it is written in the string', () => {
    expect(problems(production({ TABLES_CONNECTION_STRING: KEYED.replace('AccountKey=', ' accountkey = ') }))).toContain('account key');
  });

  it('allows Azurite anywhere, and a key outside production', () => {
    expect(problems(production({ TABLES_ENDPOINT: '', TABLES_CONNECTION_STRING: azuriteConnectionString(10002) }))).toBe('');
    expect(problems({ NODE_ENV: 'development', TABLES_CONNECTION_STRING: KEYED })).toBe('');
  });

  it('refuses MicrosoftAppPassword with MicrosoftAppType=UserAssignedMSI', () => {
    const msg = problems(production({ MicrosoftAppPassword: 'a-client-secret' }));
    expect(msg).toContain('MicrosoftAppPassword');
    expect(msg).toContain('UserAssignedMSI');
    expect(msg).not.toContain('a-client-secret');
  });

  it('needs the identity and the tenant with UserAssignedMSI', () => {
    const msg = problems(production({ MicrosoftAppTenantId: '', NODE_ENV: 'development', MicrosoftAppId: '' }));
    expect(msg).toContain('MicrosoftAppTenantId');
    expect(msg).toContain('MicrosoftAppId');
  });

  it('needs the tenant for a single-tenant app registration', () => {
    expect(problems({ TABLES_CONNECTION_STRING: azuriteConnectionString(10002), MicrosoftAppId: MSI, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' })).toContain('MicrosoftAppTenantId');
  });
});

describe('operations settings', () => {
  it('refuses a Key Vault reference App Service could not resolve, and says what to check', () => {
    const ref = '@Microsoft.KeyVault(SecretUri=https://meldfra-kv.vault.azure.net/secrets/link-secret/)';
    const p = problems(production({ CALENDAR: 'local', PUBLIC_URL: 'https://meldfra.example', LINK_SECRET: ref }));
    expect(p).toContain('LINK_SECRET: is an unresolved Key Vault reference');
    expect(p).toContain('Key Vault Secrets User');
    expect(problems(production({ CALENDAR: 'local', PUBLIC_URL: 'https://meldfra.example', LINK_SECRET: 'x'.repeat(40) }))).toBe('');
  });

  it('has defaults: no telemetry export, 20 s to stop, no drain', () => {
    const cfg = loadConfig({ TABLES_CONNECTION_STRING: azuriteConnectionString(10002) });
    expect(cfg).toMatchObject({ APPLICATIONINSIGHTS_CONNECTION_STRING: '', AZURE_CLIENT_ID: '', SHUTDOWN_TIMEOUT_SECONDS: 20, SHUTDOWN_DRAIN_SECONDS: 0 });
  });

  it('refuses a shutdown deadline that is not a number of seconds', () => {
    expect(problems({ TABLES_CONNECTION_STRING: azuriteConnectionString(10002), SHUTDOWN_TIMEOUT_SECONDS: 'soon' })).toContain('SHUTDOWN_TIMEOUT_SECONDS');
  });
});
