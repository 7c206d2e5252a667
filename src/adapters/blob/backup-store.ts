/**
 * The blob container backups are written to. In Azure it is created by infra/main.bicep with a
 * time-based immutability (WORM) policy: a blob, once written, can be neither changed nor
 * deleted until its retention has run out. So every file is written once, under a new name.
 */
import type { Readable } from 'node:stream';
import type { TokenCredential } from '@azure/identity';
import { BlobServiceClient, ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { Config } from '../../config';
import { azureCredential } from '../tables/table-client';

export interface BackupBlobConfig {
  /** The tables' connection string (Azurite, or a key in development): its BlobEndpoint and key are used. */
  connectionString?: string;
  /** The blob endpoint (https://<account>.blob.core.windows.net); derived from tablesEndpoint when empty. */
  blobEndpoint?: string;
  tablesEndpoint?: string;
  /** For an endpoint: the service's managed identity. */
  credential?: TokenCredential;
  container: string;
}

export class BackupConfigError extends Error {}

const part = (cs: string, key: string): string | undefined => new RegExp(`(?:^|;)\\s*${key}=([^;]+)`, 'i').exec(cs)?.[1];

/** The account's blob endpoint: the tables' endpoint with .table. made .blob. (how Azure names them). */
export function blobEndpointOf(tablesEndpoint: string): string | undefined {
  const u = /^https:\/\/([a-z0-9]+)\.table\.(core\.[a-z.]+)\/?$/i.exec(tablesEndpoint);
  return u ? `https://${u[1]}.blob.${u[2]}` : undefined;
}

export function backupContainer(c: BackupBlobConfig): ContainerClient {
  const options = { retryOptions: { maxTries: 4 } };
  if (c.connectionString) {
    if (!c.blobEndpoint && part(c.connectionString, 'BlobEndpoint')) return BlobServiceClient.fromConnectionString(c.connectionString, options).getContainerClient(c.container);
    const name = part(c.connectionString, 'AccountName');
    const key = part(c.connectionString, 'AccountKey');
    if (!c.blobEndpoint || !name || !key) throw new BackupConfigError('blobEndpoint');
    return new BlobServiceClient(c.blobEndpoint, new StorageSharedKeyCredential(name, key), options).getContainerClient(c.container);
  }
  const endpoint = c.blobEndpoint || blobEndpointOf(c.tablesEndpoint ?? '');
  if (!endpoint || !c.credential) throw new BackupConfigError('blobEndpoint');
  return new BlobServiceClient(endpoint, c.credential, options).getContainerClient(c.container);
}

/** The backup container, reached the way the tables are (key in development, managed identity in Azure). */
export function backupContainerOf(cfg: Config): ContainerClient {
  try {
    return backupContainer({
      connectionString: cfg.TABLES_CONNECTION_STRING || undefined,
      blobEndpoint: cfg.BACKUP_BLOB_ENDPOINT || undefined,
      tablesEndpoint: cfg.TABLES_ENDPOINT || undefined,
      credential: cfg.TABLES_CONNECTION_STRING ? undefined : azureCredential(cfg.AZURE_CLIENT_ID),
      container: cfg.BACKUP_CONTAINER,
    });
  } catch (e) {
    if (!(e instanceof BackupConfigError)) throw e;
    throw new BackupConfigError('Meld fra cannot reach the backup container: set BACKUP_BLOB_ENDPOINT (https://<account>.blob.core.windows.net), or a BlobEndpoint in TABLES_CONNECTION_STRING');
  }
}

/** What backup and restore need of the container. */
export class BackupStore {
  constructor(private readonly container: ContainerClient) {}

  /**
   * Creates the container where the template has not (Azurite, development). In Azure the
   * template makes it, and a role scoped to the container may not allow asking: writing tells.
   */
  async init(): Promise<void> {
    try {
      await this.container.createIfNotExists();
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 403) throw e;
    }
  }

  async upload(name: string, body: Readable): Promise<void> {
    await this.container.getBlockBlobClient(name).uploadStream(body, 4 * 2 ** 20, 4, { blobHTTPHeaders: { blobContentType: 'application/gzip' } });
  }

  async put(name: string, text: string): Promise<void> {
    const body = Buffer.from(text, 'utf8');
    await this.container.getBlockBlobClient(name).upload(body, body.length, { blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' } });
  }

  /** The blob's content, or undefined when there is no such blob. */
  async open(name: string): Promise<Readable | undefined> {
    try {
      const r = await this.container.getBlobClient(name).download();
      return r.readableStreamBody as Readable;
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return undefined;
      throw e;
    }
  }

  async text(name: string): Promise<string | undefined> {
    const s = await this.open(name);
    if (!s) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** The backups in the container (the folders that have a manifest), oldest first. */
  async list(): Promise<string[]> {
    const ids: string[] = [];
    for await (const b of this.container.listBlobsFlat()) if (b.name.endsWith('/manifest.json')) ids.push(b.name.slice(0, -'/manifest.json'.length));
    return ids.sort();
  }
}
