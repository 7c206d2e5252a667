/**
 * A backup of every table to blob storage, since Azure Table Storage has no point-in-time
 * restore. One folder per backup, named by the time it started; in it one gzip'd NDJSON file per
 * table (one entity a line, every property with its EDM type), streamed a page at a time so a
 * large account needs little memory, and manifest.json, written last: a folder without a
 * manifest is an unfinished backup and is never restored.
 */
import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { RawEntity } from '../ports';

export const MANIFEST_FORMAT = 'meld-fra-backup/1';

export interface TableFile {
  table: string;
  /** The blob's name inside the backup's folder. */
  file: string;
  entities: number;
  /** Of the compressed file as stored. */
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  id: string;
  /** The TABLE_PREFIX the tables were read with (a restore writes into its own configured prefix). */
  tablePrefix: string;
  startedAt: string;
  finishedAt: string;
  tables: TableFile[];
}

/** The parts of storage a backup reads and writes (TableDump and BackupStore). */
export interface BackupSource {
  pages(table: string): AsyncIterable<RawEntity[]>;
}
export interface BackupTarget {
  init(): Promise<void>;
  upload(name: string, body: Readable): Promise<void>;
  put(name: string, text: string): Promise<void>;
  open(name: string): Promise<Readable | undefined>;
  text(name: string): Promise<string | undefined>;
}

/** 2026-12-05T02:00:13Z → 2026-12-05T02-00-13Z: a folder name that sorts by time and needs no quoting in a shell. */
export const backupIdOf = (at: Date): string => at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

export const manifestName = (id: string): string => `${id}/manifest.json`;

/** Counts and hashes what passes through. */
class Meter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.push(chunk);
    done();
  }
}

export async function runBackup(d: {
  tables: readonly string[];
  source: BackupSource;
  target: BackupTarget;
  now: () => Date;
  tablePrefix: string;
  /** Told after each page (the daily backup renews its claim from here) and each table. */
  progress?: (p: { table: string; entities: number; done: boolean }) => Promise<void> | void;
}): Promise<Manifest> {
  const started = d.now();
  const id = backupIdOf(started);
  await d.target.init();
  if (await d.target.text(manifestName(id))) throw new Error(`backup ${id} exists already`);
  const files: TableFile[] = [];
  for (const table of d.tables) {
    const file = `${table}.ndjson.gz`;
    let entities = 0;
    async function* lines(): AsyncGenerator<string> {
      for await (const page of d.source.pages(table)) {
        let chunk = '';
        for (const e of page) chunk += `${JSON.stringify(e)}\n`;
        entities += page.length;
        yield chunk;
        await d.progress?.({ table, entities, done: false });
      }
    }
    const meter = new Meter();
    const body = new PassThrough();
    const written = pipeline(Readable.from(lines()), createGzip({ level: 6 }), meter, body);
    await Promise.all([written, d.target.upload(`${id}/${file}`, body)]).catch((e) => {
      body.destroy();
      throw e;
    });
    files.push({ table, file, entities, bytes: meter.bytes, sha256: meter.hash.digest('hex') });
    await d.progress?.({ table, entities, done: true });
  }
  const manifest: Manifest = { format: MANIFEST_FORMAT, id, tablePrefix: d.tablePrefix, startedAt: started.toISOString(), finishedAt: d.now().toISOString(), tables: files };
  await d.target.put(manifestName(id), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
