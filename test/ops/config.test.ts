/** The configuration rules for production identity: no storage keys, no bot password with a managed identity. */
import { allowedTenants, azuriteConnectionString, ConfigError, loadConfig, signInKind } from '../../src/config';
import { selfSignedCertificate } from '../support/test-certificates';

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
  PUBLIC_URL: 'https://meldfra.example',
  LINK_SECRET: 'k'.repeat(48),
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

  it('archives nothing by default; ARCHIVE=files needs its folder', () => {
    const azurite = { TABLES_CONNECTION_STRING: azuriteConnectionString(10002) };
    expect(loadConfig(azurite).ARCHIVE).toBe('none');
    expect(problems({ ...azurite, ARCHIVE: 'files' })).toContain('ARCHIVE_FOLDER: set the folder ARCHIVE=files writes the archive messages to');
    expect(problems({ ...azurite, ARCHIVE: 'files', ARCHIVE_FOLDER: '/var/archive' })).toBe('');
  });

  it('ARCHIVE=fiks says each setting it lacks by name, reads PEMs written on one line, and wants TLS in production', async () => {
    const azurite = { TABLES_CONNECTION_STRING: azuriteConnectionString(10002) };
    const missing = problems({ ...azurite, ARCHIVE: 'fiks' });
    for (const key of ['FIKS_ACCOUNT_ID', 'FIKS_ARCHIVE_ACCOUNT_ID', 'FIKS_INTEGRATION_ID', 'FIKS_INTEGRATION_PASSWORD', 'FIKS_ACCOUNT_PRIVATE_KEY', 'MASKINPORTEN_CLIENT_ID', 'MASKINPORTEN_CERTIFICATE', 'MASKINPORTEN_PRIVATE_KEY'])
      expect(missing).toContain(`${key}: set `);
    const cert = await selfSignedCertificate('Oslo kommune');
    const fiks = {
      ARCHIVE: 'fiks', FIKS_ACCOUNT_ID: TENANT, FIKS_ARCHIVE_ACCOUNT_ID: MSI, FIKS_INTEGRATION_ID: TENANT, FIKS_INTEGRATION_PASSWORD: 'pw',
      FIKS_ACCOUNT_PRIVATE_KEY: cert.privateKeyPem.replace(/\n/g, '\\n'), MASKINPORTEN_CLIENT_ID: 'meldfra', MASKINPORTEN_CERTIFICATE: cert.certificatePem, MASKINPORTEN_PRIVATE_KEY: cert.privateKeyPem,
    };
    expect(problems({ ...azurite, ...fiks })).toBe('');
    expect(loadConfig({ ...azurite, ...fiks }).FIKS_ACCOUNT_PRIVATE_KEY).toBe(cert.privateKeyPem);
    expect(problems({ ...azurite, ...fiks, FIKS_ACCOUNT_ID: 'konto-1' })).toContain('FIKS_ACCOUNT_ID: set the id of our Fiks IO account (a UUID');
    expect(problems({ ...azurite, ...fiks, MASKINPORTEN_PRIVATE_KEY: 'not a key' })).toContain('MASKINPORTEN_PRIVATE_KEY: set the enterprise certificate\'s private key as PEM');
    expect(problems(production({ ...fiks, FIKS_AMQP_URL: 'amqp://io.fiks.test.ks.no:5672' }))).toContain('FIKS_AMQP_URL: must be amqps (TLS) in production');
    expect(problems(production({ ...fiks, FIKS_API_URL: 'http://api.fiks.test.ks.no' }))).toContain('FIKS_API_URL: must be https in production');
    expect(problems(production(fiks))).toBe('');
  });

  it('refuses a shutdown deadline that is not a number of seconds', () => {
    expect(problems({ TABLES_CONNECTION_STRING: azuriteConnectionString(10002), SHUTDOWN_TIMEOUT_SECONDS: 'soon' })).toContain('SHUTDOWN_TIMEOUT_SECONDS');
  });
});

describe('issue 13: secrets, tenants and exposure', () => {
  const local = { TABLES_CONNECTION_STRING: azuriteConnectionString(10002) };

  it('requires LINK_SECRET of at least 32 characters in production with either calendar (H2): it signs the case export links too', () => {
    for (const CALENDAR of ['graph', 'local']) {
      expect(problems(production({ CALENDAR, LINK_SECRET: '' }))).toContain('LINK_SECRET: set at least 32 random characters in production');
      expect(problems(production({ CALENDAR, LINK_SECRET: 'x'.repeat(31) }))).toContain('LINK_SECRET');
      expect(problems(production({ CALENDAR, LINK_SECRET: 'x'.repeat(32) }))).toBe('');
    }
  });

  it('requires an https PUBLIC_URL in production, for the sign-in\'s redirect and the links', () => {
    expect(problems(production({ PUBLIC_URL: '' }))).toContain('PUBLIC_URL');
    expect(problems(production({ PUBLIC_URL: 'http://meldfra.example' }))).toContain('PUBLIC_URL');
  });

  it('refuses DEFAULT_TENANT_ID in production (M6): an activity without a tenant is refused, not given one', () => {
    expect(problems(production({ DEFAULT_TENANT_ID: TENANT }))).toContain('DEFAULT_TENANT_ID: must not be set in production');
    expect(problems({ ...local, DEFAULT_TENANT_ID: TENANT })).toBe('');
  });

  it('takes only the app\'s own tenant in production unless ALLOWED_TENANT_IDS lists others; needs a list when there is no app tenant (M6)', () => {
    expect(allowedTenants(loadConfig(production()))).toEqual([TENANT]);
    const other = '7c1e4d2a-0000-4000-8000-000000000002';
    expect(allowedTenants(loadConfig(production({ ALLOWED_TENANT_IDS: ` ${TENANT.toUpperCase()}, ${other} ` })))).toEqual([TENANT, other]);
    expect(problems(production({ MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '', MicrosoftAppPassword: 'p' }))).toContain('ALLOWED_TENANT_IDS');
    expect(allowedTenants(loadConfig(local))).toEqual([]);
  });

  it('refuses HOST=0.0.0.0 without an app id, as no token could be checked (L5)', () => {
    expect(problems({ ...local, HOST: '0.0.0.0' })).toContain('HOST: 0.0.0.0 takes requests from other machines');
    expect(problems({ ...local, HOST: '::' })).toContain('HOST');
    for (const HOST of ['127.0.0.1', 'localhost', '::1']) expect(problems({ ...local, HOST })).toBe('');
    expect(problems({ ...local, HOST: '0.0.0.0', MicrosoftAppId: MSI, MicrosoftAppType: 'MultiTenant', MicrosoftAppPassword: 'p' })).toBe('');
  });

  it('signs browsers in with Entra in production and refuses the development stand-in there (M1)', () => {
    expect(signInKind(loadConfig(production()))).toBe('entra');
    expect(signInKind(loadConfig(local))).toBe('local');
    expect(problems(production({ SIGNIN: 'local' }))).toContain('SIGNIN: local is a stand-in for development');
    const ref = '@Microsoft.KeyVault(SecretUri=https://meldfra-kv.vault.azure.net/secrets/signin/)';
    expect(problems(production({ SIGNIN_CLIENT_ID: MSI, SIGNIN_CLIENT_SECRET: ref }))).toContain('SIGNIN_CLIENT_SECRET: is an unresolved Key Vault reference');
  });
});
