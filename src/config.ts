/**
 * The only reader of process.env. Validates at start and fails fast with a message that says
 * what to set.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { z } from 'zod';

const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
export const azuriteConnectionString = (port: number, blobPort?: number) =>
  `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;` +
  (blobPort ? `BlobEndpoint=http://127.0.0.1:${blobPort}/devstoreaccount1;` : '');

/** A PEM from an app setting: line breaks may come written as \n (one line), as some tools store them. */
const pem = z.string().default('').transform((v) => (v.includes('-----BEGIN') ? v.replace(/\\n/g, '\n') : v));

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().default('127.0.0.1'),
    MicrosoftAppId: z.string().default(''),
    MicrosoftAppPassword: z.string().default(''),
    MicrosoftAppTenantId: z.string().default(''),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
    /** Where Bot Framework publishes its token keys; only sovereign clouds and tests change it. */
    BOT_OPENID_METADATA_URL: z.string().url().or(z.literal('')).default(''),
    TABLES_CONNECTION_STRING: z.string().default(''),
    TABLES_ENDPOINT: z.string().url().or(z.literal('')).default(''),
    TABLE_PREFIX: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,20}$|^$/, 'letters and digits only, starting with a letter').default(''),
    CONNECTOR_SERVICE_URL: z.string().url().default('https://smba.trafficmanager.net/emea/'),
    /** The tenant of activities that carry none (the Bot Framework Emulator); never in production. */
    DEFAULT_TENANT_ID: z.string().default(''),
    /**
     * Comma-separated Entra tenant ids whose activities are taken; in production defaults to
     * MicrosoftAppTenantId. Unset outside production: any tenant (tests use several).
     */
    ALLOWED_TENANT_IDS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean)),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** At most this many reports per user in any hour: each one notifies rektor, so one user cannot flood her. */
    REPORTS_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(10),
    SEED_DEMO: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    NOTICE_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    /** How often due reminders are looked for; 0 turns the sweep off (tests drive it). */
    REMINDER_SWEEP_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** Names this instance in reminder claims; defaults to host and process id. */
    INSTANCE_ID: z.string().max(100).default(''),
    /** local: meetings in our own store with .ics files (no tenant needed); graph: Outlook through Microsoft Graph. */
    CALENDAR: z.enum(['local', 'graph']).default('local'),
    /**
     * Where elevsamtaler rosters come from: typed (the kontaktlærer writes the names) or graph (the
     * school's classes, teachers and pupils from School Data Sync through Microsoft Graph's education
     * API, app permission EduRoster.Read.All, for schools with graphSchoolId; typed stays the fallback).
     */
    ROSTER: z.enum(['typed', 'graph']).default('typed'),
    /** How long a class list read from Graph is held before it is read again (0: every time). */
    ROSTER_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** The app registration Graph tokens are issued to; without a secret, managed identity is used. */
    GRAPH_TENANT_ID: z.string().default(''),
    GRAPH_CLIENT_ID: z.string().default(''),
    GRAPH_CLIENT_SECRET: z.string().default(''),
    /** Graph's root; only sovereign clouds and tests change it. */
    GRAPH_BASE_URL: z.string().url().or(z.literal('')).default(''),
    /** Where users' browsers reach this service (links to .ics files); defaults to http://localhost:PORT. */
    PUBLIC_URL: z.string().url().or(z.literal('')).default(''),
    /** Signs links to meeting files and case exports; unset outside production = a random one per start. */
    LINK_SECRET: z.string().default(''),
    /** How many days after the meeting its .ics link still works. */
    ICS_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /**
     * Who the browser signs in with before a case export downloads: entra (production) or local,
     * a stand-in sign-in page in the service for development. Empty = entra in production, else local.
     */
    SIGNIN: z.enum(['entra', 'local', '']).default(''),
    /** The Entra app registration browsers sign in to (web redirect PUBLIC_URL/exports/signin); unset = no PDF export. */
    SIGNIN_CLIENT_ID: z.string().default(''),
    /** Its secret; unset = a federated credential from the managed identity (AZURE_CLIENT_ID). */
    SIGNIN_CLIENT_SECRET: z.string().default(''),
    /** The tenant users sign in to; defaults to MicrosoftAppTenantId. */
    SIGNIN_TENANT_ID: z.string().default(''),
    /** Entra's sign-in host; only sovereign clouds change it. */
    SIGNIN_AUTHORITY_HOST: z.string().url().default('https://login.microsoftonline.com'),
    /** Turns on traces and metrics to Application Insights; unset = nothing is exported. */
    APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().default(''),
    /** The user-assigned managed identity (its client id) that storage, Graph and telemetry use. */
    AZURE_CLIENT_ID: z.string().default(''),
    /** How long a graceful stop may take before the process exits anyway (SIGTERM, SIGINT). */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
    /**
     * After SIGTERM, how long /readyz answers 503 while requests are still taken, so a load
     * balancer that polls it stops sending new ones first; 0 stops taking requests at once.
     */
    SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(0).max(60).default(0),
    /** Staff detection from each school's Entra ID security group (staffGroupId in the school file), every ENTRA_SYNC_MINUTES. */
    ENTRA_SYNC: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    ENTRA_SYNC_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
    /** A backup of every table to blob storage each night (docs/backup.md); turned on in production by infra/main.bicep. */
    BACKUP_DAILY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    /** The blob endpoint backups go to; by default the tables' storage account's (TABLES_ENDPOINT with .blob. for .table.). */
    BACKUP_BLOB_ENDPOINT: z.string().url().or(z.literal('')).default(''),
    /** The blob container, created by infra/main.bicep with its immutability (WORM) policy. */
    BACKUP_CONTAINER: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'a blob container name: 3–63 lowercase letters, digits and single hyphens').default('backups'),
    /**
     * Where cases are journaled (issue 16): none (nothing is written for the archive), files (the
     * messages and PDFs to ARCHIVE_FOLDER, for an integration platform to pick up), or fiks (KS Fiks
     * Arkiv over Fiks IO: the FIKS_* and MASKINPORTEN_* settings below; docs/fiks-io.md).
     */
    ARCHIVE: z.enum(['none', 'files', 'fiks']).default('none'),
    /** The folder ARCHIVE=files writes to. */
    ARCHIVE_FOLDER: z.string().default(''),
    /** How often the archive jobs due are sent. */
    ARCHIVE_SWEEP_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** ARCHIVE=fiks: KS's production or test environment (Fiks IO's hosts, Maskinporten's token endpoint and audience). */
    FIKS_ENVIRONMENT: z.enum(['prod', 'test']).default('prod'),
    /** Fiks IO's API and AMQP addresses; only the test stand-in changes them (empty: FIKS_ENVIRONMENT's). */
    FIKS_API_URL: z.string().url().or(z.literal('')).default(''),
    FIKS_AMQP_URL: z.string().regex(/^amqps?:\/\/[^/\s]+(:\d+)?\/?$/, 'amqps://host:port').or(z.literal('')).default(''),
    /** Our Fiks IO account (its replies come to its queue) and the archive's account we send to. */
    FIKS_ACCOUNT_ID: z.string().default(''),
    FIKS_ARCHIVE_ACCOUNT_ID: z.string().default(''),
    /** The Fiks integration (Fiks Forvaltning): its id and password (Key Vault in production). */
    FIKS_INTEGRATION_ID: z.string().default(''),
    FIKS_INTEGRATION_PASSWORD: z.string().default(''),
    /** Our account's private key, PKCS#8 PEM (Key Vault in production): the replies are encrypted for its certificate. */
    FIKS_ACCOUNT_PRIVATE_KEY: pem,
    /** The Maskinporten client (the integration's, with scope ks:fiks), and the enterprise certificate and its key, PEM. */
    MASKINPORTEN_CLIENT_ID: z.string().default(''),
    MASKINPORTEN_CERTIFICATE: pem,
    MASKINPORTEN_PRIVATE_KEY: pem,
    /** A key id (kid) when the client is registered with a key rather than the certificate. */
    MASKINPORTEN_KEY_ID: z.string().default(''),
    /** Maskinporten's token endpoint and audience; only the test stand-in changes them (empty: FIKS_ENVIRONMENT's). */
    MASKINPORTEN_TOKEN_URL: z.string().url().or(z.literal('')).default(''),
    MASKINPORTEN_AUDIENCE: z.string().url().or(z.literal('')).default(''),
    /** How long a starting instance waits for storage (a new identity's role can take minutes to apply) before it gives up. */
    STARTUP_STORAGE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.MicrosoftAppId)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'is required in production: without it anyone could post to /api/messages' });
    // Whatever the calendar: the secret also signs the case export links, and a known one would
    // let anyone forge them.
    if (c.NODE_ENV === 'production' && c.LINK_SECRET.length < 32)
      ctx.addIssue({ code: 'custom', path: ['LINK_SECRET'], message: 'set at least 32 random characters in production: it signs the links to case exports and meeting files' });
    if (c.NODE_ENV === 'production' && !/^https:\/\//.test(c.PUBLIC_URL))
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'set the https address users reach the service on, for links to case exports, sign-in and meeting files' });
    if (c.NODE_ENV === 'production' && c.DEFAULT_TENANT_ID)
      ctx.addIssue({ code: 'custom', path: ['DEFAULT_TENANT_ID'], message: 'must not be set in production: every activity from Teams names its tenant, and one that does not is refused' });
    if (c.NODE_ENV === 'production' && c.ALLOWED_TENANT_IDS.length === 0 && !c.MicrosoftAppTenantId)
      ctx.addIssue({ code: 'custom', path: ['ALLOWED_TENANT_IDS'], message: 'set the tenant ids whose users may use the service (comma-separated)' });
    if (c.SIGNIN_CLIENT_ID && !c.SIGNIN_TENANT_ID && !c.MicrosoftAppTenantId)
      ctx.addIssue({ code: 'custom', path: ['SIGNIN_TENANT_ID'], message: 'set the tenant users sign in to for the case export (or MicrosoftAppTenantId)' });
    if (c.NODE_ENV === 'production' && c.SIGNIN === 'local')
      ctx.addIssue({ code: 'custom', path: ['SIGNIN'], message: 'local is a stand-in for development: in production users sign in with Entra (SIGNIN=entra)' });
    // Reachable from other machines, the endpoint must check Bot Framework's tokens, which needs the app id.
    if (!c.MicrosoftAppId && !isLoopback(c.HOST))
      ctx.addIssue({ code: 'custom', path: ['HOST'], message: `${c.HOST} takes requests from other machines, and without MicrosoftAppId no token is checked: set MicrosoftAppId, or HOST=127.0.0.1` });
    // Production runs on its managed identity: a storage key in the configuration is a standing
    // secret that never expires and opens every table, so it is refused outright.
    if (c.NODE_ENV === 'production' && /(^|;)\s*AccountKey\s*=/i.test(c.TABLES_CONNECTION_STRING) && !isAzurite(c.TABLES_CONNECTION_STRING))
      ctx.addIssue({ code: 'custom', path: ['TABLES_CONNECTION_STRING'], message: 'holds a storage account key, which is not allowed in production: set TABLES_ENDPOINT (https://<account>.table.core.windows.net) and give the managed identity (AZURE_CLIENT_ID) the Storage Table Data Contributor role' });
    if (c.MicrosoftAppType === 'UserAssignedMSI') {
      if (c.MicrosoftAppPassword)
        ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'must not be set with MicrosoftAppType=UserAssignedMSI: the bot signs in with its managed identity; remove the password' });
      if (!c.MicrosoftAppId)
        ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'set the managed identity\'s client id with MicrosoftAppType=UserAssignedMSI' });
      if (!c.MicrosoftAppTenantId)
        ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required with MicrosoftAppType=UserAssignedMSI' });
    }
    if (c.MicrosoftAppType === 'SingleTenant' && c.MicrosoftAppId && !c.MicrosoftAppTenantId)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required with MicrosoftAppType=SingleTenant (the default)' });
    // App Service hands an unresolved Key Vault reference over as its own text (the identity lacks
    // access, or the secret is missing): never sign links or call Graph with that.
    for (const key of ['LINK_SECRET', 'GRAPH_CLIENT_SECRET', 'SIGNIN_CLIENT_SECRET', 'MicrosoftAppPassword', 'TABLES_CONNECTION_STRING', 'FIKS_INTEGRATION_PASSWORD', 'FIKS_ACCOUNT_PRIVATE_KEY', 'MASKINPORTEN_PRIVATE_KEY'] as const)
      if (/^@Microsoft\.KeyVault\(/i.test(c[key]))
        ctx.addIssue({ code: 'custom', path: [key], message: 'is an unresolved Key Vault reference: give the app\'s identity the Key Vault Secrets User role and check the secret\'s name' });
    if (c.ARCHIVE === 'fiks') fiksIssues(c, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message }));
    if (c.ARCHIVE === 'files' && !c.ARCHIVE_FOLDER)
      ctx.addIssue({ code: 'custom', path: ['ARCHIVE_FOLDER'], message: 'set the folder ARCHIVE=files writes the archive messages to' });
    if (!c.TABLES_CONNECTION_STRING && !c.TABLES_ENDPOINT)
      ctx.addIssue({ code: 'custom', path: ['TABLES_CONNECTION_STRING'], message: 'set TABLES_CONNECTION_STRING (Azurite or a key) or TABLES_ENDPOINT (managed identity)' });
  });

type FiksKeys = 'FIKS_API_URL' | 'FIKS_AMQP_URL' | 'FIKS_ACCOUNT_ID' | 'FIKS_ARCHIVE_ACCOUNT_ID' | 'FIKS_INTEGRATION_ID' | 'FIKS_INTEGRATION_PASSWORD'
  | 'FIKS_ACCOUNT_PRIVATE_KEY' | 'MASKINPORTEN_CLIENT_ID' | 'MASKINPORTEN_CERTIFICATE' | 'MASKINPORTEN_PRIVATE_KEY' | 'MASKINPORTEN_TOKEN_URL' | 'NODE_ENV';

/** What ARCHIVE=fiks needs, each missing or unreadable setting said by name. */
function fiksIssues(c: Record<FiksKeys, string>, issue: (path: string, message: string) => void): void {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  for (const [key, what] of [['FIKS_ACCOUNT_ID', 'our Fiks IO account'], ['FIKS_ARCHIVE_ACCOUNT_ID', 'the archive\'s Fiks IO account'], ['FIKS_INTEGRATION_ID', 'the Fiks integration']] as const)
    if (!uuid.test(c[key])) issue(key, `set the id of ${what} (a UUID, from Fiks Forvaltning) for ARCHIVE=fiks`);
  if (!c.FIKS_INTEGRATION_PASSWORD) issue('FIKS_INTEGRATION_PASSWORD', 'set the Fiks integration\'s password (from Fiks Forvaltning) for ARCHIVE=fiks');
  if (!c.MASKINPORTEN_CLIENT_ID) issue('MASKINPORTEN_CLIENT_ID', 'set the Maskinporten client id of the Fiks integration (scope ks:fiks) for ARCHIVE=fiks');
  const readable = (key: 'FIKS_ACCOUNT_PRIVATE_KEY' | 'MASKINPORTEN_PRIVATE_KEY' | 'MASKINPORTEN_CERTIFICATE', what: string, read: (p: string) => unknown) => {
    if (/^@Microsoft\.KeyVault\(/i.test(c[key])) return; // said once, with the other Key Vault references
    try {
      read(c[key]);
    } catch {
      issue(key, `set ${what} as PEM for ARCHIVE=fiks (-----BEGIN …-----; line breaks may be written \\n)`);
    }
  };
  readable('FIKS_ACCOUNT_PRIVATE_KEY', 'our Fiks IO account\'s private key (PKCS#8, «PRIVATE KEY»)', (p) => createPrivateKey(p));
  readable('MASKINPORTEN_PRIVATE_KEY', 'the enterprise certificate\'s private key', (p) => createPrivateKey(p));
  readable('MASKINPORTEN_CERTIFICATE', 'the enterprise certificate (virksomhetssertifikat)', (p) => new X509Certificate(p));
  if (c.NODE_ENV === 'production') {
    for (const key of ['FIKS_API_URL', 'MASKINPORTEN_TOKEN_URL'] as const)
      if (c[key] && !/^https:\/\//.test(c[key])) issue(key, 'must be https in production (or empty for FIKS_ENVIRONMENT\'s address)');
    if (c.FIKS_AMQP_URL && !/^amqps:\/\//.test(c.FIKS_AMQP_URL)) issue('FIKS_AMQP_URL', 'must be amqps (TLS) in production (or empty for FIKS_ENVIRONMENT\'s address)');
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Azurite's well-known development account (its key is public): fine anywhere. */
function isAzurite(cs: string): boolean {
  return /AccountName=devstoreaccount1(;|$)/i.test(cs) || /UseDevelopmentStorage=true/i.test(cs);
}

export type Config = z.infer<typeof schema>;

/** The tenants whose activities are taken; empty = any (outside production only, see the schema). */
export const allowedTenants = (c: Config): string[] =>
  c.ALLOWED_TENANT_IDS.length ? c.ALLOWED_TENANT_IDS : c.NODE_ENV === 'production' && c.MicrosoftAppTenantId ? [c.MicrosoftAppTenantId.toLowerCase()] : [];

/** Entra in production, the development stand-in elsewhere, unless set. */
export const signInKind = (c: Config): 'entra' | 'local' => c.SIGNIN || (c.NODE_ENV === 'production' ? 'entra' : 'local');

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Meld fra cannot start, the configuration is not valid:\n${lines.join('\n')}`);
  }
  return r.data;
}
