/**
 * Builds TableClients: a connection string (Azurite, or a key in development) or an endpoint
 * with DefaultAzureCredential (managed identity in production, no keys).
 */
import { RestError, TableClient, TableServiceClient, type GetTableEntityResponse, type TableEntityResult, type TableServiceClientOptions } from '@azure/data-tables';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';

export interface TablesConfig {
  connectionString?: string;
  endpoint?: string;
  /** For `endpoint`: the service's identity (see azureCredential); built from the environment when omitted. */
  credential?: TokenCredential;
  /** Lets tests and several deployments share one account without sharing data. */
  prefix: string;
}

/**
 * Short retries (about 1.5 s in all, instead of the SDK's 6 s or more): a card action must be
 * answered within Teams' 15 s even when storage is down, with the "try again" message; sweeps
 * and users retry at their own level.
 */
type Policy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

/**
 * Sends every JSON body as pure ASCII: each character past U+007F written as its JSON escape
 * (\u00e5 for «å»; an emoji as its two surrogate escapes). The same JSON to the service, but with
 * no multi-byte UTF-8 sequence a receiver could cut in two. Azurite (3.37) decodes each network
 * read of a body as UTF-8 on its own (serializer.js readRequestIntoText joins the Buffers as
 * strings), so on a busy machine a body arriving in several reads lost an «å» to U+FFFD where a
 * read ended inside it. Batches (multipart text) are decoded whole, and are left as they are.
 */
export const asciiJsonBodies: Policy = {
  name: 'meldfraAsciiJsonBodies',
  sendRequest: (request, next) => {
    // eslint-disable-next-line no-control-regex
    if (typeof request.body === 'string' && request.body.startsWith('{') && /[^\u0000-\u007f]/.test(request.body))
      request.body = request.body.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return next(request);
  },
};

const CLIENT_OPTIONS: TableServiceClientOptions = {
  retryOptions: { maxRetries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000 },
  additionalPolicies: [{ policy: asciiJsonBodies, position: 'perCall' }],
};

export class Tables {
  private readonly created = new Map<string, Promise<void>>();
  private readonly credential?: TokenCredential;

  private readonly options: TableServiceClientOptions;

  constructor(private readonly cfg: TablesConfig) {
    if (!cfg.connectionString) this.credential = cfg.credential ?? new DefaultAzureCredential();
    // Plain http only where the address says so (Azurite on this machine); Azure is always https.
    const insecure = /(^|;)\s*TableEndpoint=http:\/\/|DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true/i.test(cfg.connectionString ?? '') || /^http:\/\//i.test(cfg.endpoint ?? '');
    this.options = { ...CLIENT_OPTIONS, allowInsecureConnection: insecure };
  }

  client(name: string): TableClient {
    const table = `${this.cfg.prefix}${name}`;
    const options = this.options;
    return this.cfg.connectionString
      ? TableClient.fromConnectionString(this.cfg.connectionString, table, options)
      : new TableClient(this.cfg.endpoint ?? '', table, this.credential!, options);
  }

  service(): TableServiceClient {
    const options = this.options;
    return this.cfg.connectionString
      ? TableServiceClient.fromConnectionString(this.cfg.connectionString, options)
      : new TableServiceClient(this.cfg.endpoint ?? '', this.credential!, options);
  }

  /** Creates the table once per process; safe to call from every repository. */
  async ensure(client: TableClient): Promise<TableClient> {
    let p = this.created.get(client.tableName);
    if (!p) {
      p = client.createTable().then(() => undefined);
      this.created.set(client.tableName, p);
      p.catch(() => this.created.delete(client.tableName));
    }
    await p;
    return client;
  }
}

/**
 * The service's one Azure identity, shared by storage, Graph and telemetry: a user-assigned
 * managed identity when its client id is given (AZURE_CLIENT_ID), otherwise whatever
 * DefaultAzureCredential finds (a system-assigned identity, or `az login` on a developer's machine).
 */
export function azureCredential(managedIdentityClientId: string): TokenCredential {
  return new DefaultAzureCredential(managedIdentityClientId ? { managedIdentityClientId } : {});
}

export const statusOf = (e: unknown): number | undefined => (e instanceof RestError ? e.statusCode : undefined);

/** The row of a school's record (a case, a complaint): its keys, its ETag once read, whose it is and its reference. */
export type RecordEntity = { partitionKey: string; rowKey: string; etag?: string; tenantId: string; schoolId: string; ref: string };

/** A point read: the row, or undefined when there is none. */
export async function readRow<T extends object>(table: TableClient, partitionKey: string, rowKey: string): Promise<GetTableEntityResponse<TableEntityResult<T>> | undefined> {
  try {
    return await table.getEntity<T>(partitionKey, rowKey);
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

/**
 * Creates a record with `create` (which fails with 409 when its row exists); the same record again
 * (a second click, a retried request) creates nothing and returns the stored one.
 */
export async function createOrStored<T>(record: T, create: () => Promise<unknown>, stored: () => Promise<T | undefined>): Promise<{ record: T; created: boolean }> {
  try {
    await create();
    return { record: (await stored()) ?? record, created: true };
  } catch (e) {
    if (statusOf(e) !== 409) throw e;
    const found = await stored();
    if (!found) throw e;
    return { record: found, created: false };
  }
}

/** The partition of one school's rows (its cases, complaints, requests and what belongs to them). */
export const casePk = (tenantId: string, schoolId: string) => keyPart(`${tenantId}_${schoolId}`);

/** PartitionKey/RowKey may not contain / \ # ? or control characters. */
// Control characters are exactly what must be stripped here.
// eslint-disable-next-line no-control-regex
export const keyPart = (s: string): string => s.replace(/[/\\#?\u0000-\u001f\u007f-\u009f]/g, '_');

/** Rows whose RowKey starts with prefix: a range query, so reads stay proportional to hits. */
export const startsWith = (prefix: string): string => {
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return `RowKey ge '${esc(prefix)}' and RowKey lt '${esc(end)}'`;
};

export const esc = (s: string): string => s.replace(/'/g, "''");

/**
 * What every repository shares (Company Communicator's BaseRepository): the service's Tables, and
 * the tables this repository keeps, each named once with `own()` and made when the service starts
 * (`init`). A table two repositories work in (Cases) is owned by each; making it twice is harmless.
 */
export abstract class TableRepository {
  private readonly owned: TableClient[] = [];
  constructor(protected readonly tables: Tables) {}

  /** A table this repository keeps: made on init. */
  protected own(name: string): TableClient {
    const t = this.tables.client(name);
    this.owned.push(t);
    return t;
  }

  async init(): Promise<void> {
    await Promise.all(this.owned.map((t) => this.tables.ensure(t)));
  }
}
