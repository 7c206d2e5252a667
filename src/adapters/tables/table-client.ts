/**
 * Builds TableClients: a connection string (Azurite, or a key in development) or an endpoint
 * with DefaultAzureCredential (managed identity in production, no keys).
 */
import { RestError, TableClient, TableServiceClient } from '@azure/data-tables';
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
const CLIENT_OPTIONS = { allowInsecureConnection: true, retryOptions: { maxRetries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000 } };

export class Tables {
  private readonly created = new Map<string, Promise<void>>();
  private readonly credential?: TokenCredential;

  constructor(private readonly cfg: TablesConfig) {
    if (!cfg.connectionString) this.credential = cfg.credential ?? new DefaultAzureCredential();
  }

  client(name: string): TableClient {
    const table = `${this.cfg.prefix}${name}`;
    const options = CLIENT_OPTIONS;
    return this.cfg.connectionString
      ? TableClient.fromConnectionString(this.cfg.connectionString, table, options)
      : new TableClient(this.cfg.endpoint ?? '', table, this.credential!, options);
  }

  service(): TableServiceClient {
    const options = CLIENT_OPTIONS;
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
