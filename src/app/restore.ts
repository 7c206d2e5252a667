/**
 * Restores a backup written by backup.ts. Every file is read and checked against the manifest
 * (present, SHA-256, readable to its last line, entity count) before anything is written: a
 * damaged backup is refused whole, never restored in part. A target that already holds data is
 * refused too, unless the admin says --yes (the backup's entities then replace those with the
 * same keys; others are left).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { checkRawEntity, type RawEntity } from '../ports';
import { MANIFEST_FORMAT, manifestName, type BackupTarget, type Manifest } from './backup';

export type Problem =
  | { kind: 'manifestMissing' }
  | { kind: 'manifestDamaged' }
  | { kind: 'fileMissing'; table: string }
  | { kind: 'checksum'; table: string }
  | { kind: 'unreadable'; table: string; line: number }
  | { kind: 'count'; table: string; expected: number; found: number };

export interface RestoreTarget {
  isEmpty(table: string): Promise<boolean>;
  ensure(table: string): Promise<unknown>;
  /** One transaction: entities of one partition, at most batchEntities. */
  write(table: string, entities: RawEntity[]): Promise<void>;
}

export type RestoreResult =
  | { outcome: 'damaged'; problems: Problem[] }
  | { outcome: 'notEmpty'; tables: string[] }
  | { outcome: 'restored'; manifest: Manifest; entities: number };

class Unreadable extends Error {
  constructor(readonly line: number) {
    super(`unreadable at line ${line}`);
  }
}

/** Reads one table file: hashes the bytes as stored, unpacks them and hands on each entity. */
async function readFile(body: Readable, each: (e: RawEntity) => Promise<void> | void): Promise<{ entities: number; sha256: string }> {
  const hash = createHash('sha256');
  body.on('data', (c: Buffer) => hash.update(c));
  const gunzip = createGunzip();
  body.on('error', (e) => gunzip.destroy(e));
  body.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let line = 0;
  const take = async (text: string) => {
    line++;
    let e: RawEntity;
    try {
      e = checkRawEntity(JSON.parse(text));
    } catch {
      throw new Unreadable(line);
    }
    await each(e);
  };
  try {
    for await (const chunk of gunzip) {
      const parts = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = parts.pop()!;
      for (const p of parts) await take(p);
    }
  } catch (e) {
    if (e instanceof Unreadable) throw e;
    // A gzip stream cut short (or not gzip at all): the file ends before its last line.
    throw new Unreadable(line + 1);
  }
  // Every line ends with a newline: text after the last one is a line cut off.
  if (rest + decoder.end() !== '') throw new Unreadable(line + 1);
  return { entities: line, sha256: hash.digest('hex') };
}

function parseManifest(text: string): Manifest | undefined {
  try {
    const m = JSON.parse(text) as Manifest;
    const ok =
      m.format === MANIFEST_FORMAT &&
      Array.isArray(m.tables) &&
      m.tables.every((t) => /^[A-Za-z][A-Za-z0-9]{0,62}$/.test(t.table) && typeof t.file === 'string' && !t.file.includes('/') && Number.isInteger(t.entities) && /^[0-9a-f]{64}$/.test(t.sha256));
    return ok ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Every problem the backup has; an empty list means it can be restored. Nothing is written. */
export async function verifyBackup(store: BackupTarget, id: string): Promise<{ manifest?: Manifest; problems: Problem[] }> {
  const text = await store.text(manifestName(id));
  if (text === undefined) return { problems: [{ kind: 'manifestMissing' }] };
  const manifest = parseManifest(text);
  if (!manifest || manifest.id !== id) return { problems: [{ kind: 'manifestDamaged' }] };
  const problems: Problem[] = [];
  for (const t of manifest.tables) {
    const body = await store.open(`${id}/${t.file}`);
    if (!body) {
      problems.push({ kind: 'fileMissing', table: t.table });
      continue;
    }
    try {
      const read = await readFile(body, () => undefined);
      if (read.sha256 !== t.sha256) problems.push({ kind: 'checksum', table: t.table });
      if (read.entities !== t.entities) problems.push({ kind: 'count', table: t.table, expected: t.entities, found: read.entities });
    } catch (e) {
      if (!(e instanceof Unreadable)) throw e;
      problems.push({ kind: 'unreadable', table: t.table, line: e.line });
    }
  }
  return { manifest, problems };
}

export async function restoreBackup(d: {
  store: BackupTarget;
  target: RestoreTarget;
  id: string;
  /** Restore into tables that already hold data. */
  yes?: boolean;
  batchEntities: number;
  batchBytes: number;
  /** Transactions under way at once. */
  concurrency?: number;
  progress?: (p: { table: string; entities: number }) => void;
  /** Told once the backup is checked and the target found fit, before the first write. */
  verified?: (entities: number) => void;
}): Promise<RestoreResult> {
  const { manifest, problems } = await verifyBackup(d.store, d.id);
  if (!manifest || problems.length) return { outcome: 'damaged', problems };
  if (!d.yes) {
    const full: string[] = [];
    for (const t of manifest.tables) if (!(await d.target.isEmpty(t.table))) full.push(t.table);
    if (full.length) return { outcome: 'notEmpty', tables: full };
  }
  d.verified?.(manifest.tables.reduce((n, t) => n + t.entities, 0));
  let total = 0;
  for (const t of manifest.tables) {
    await d.target.ensure(t.table);
    const body = await d.store.open(`${d.id}/${t.file}`);
    if (!body) throw new Error(`backup ${d.id}: ${t.file} went missing during the restore`);
    const written = await writeTable(d, t.table, body);
    if (written !== t.entities) throw new Error(`backup ${d.id}: ${t.table} had ${written} entities on the second read, the manifest says ${t.entities}`);
    total += written;
    d.progress?.({ table: t.table, entities: written });
  }
  return { outcome: 'restored', manifest, entities: total };
}

/** Streams one file into its table: a transaction per partition run of up to batchEntities, several at once. */
async function writeTable(d: Parameters<typeof restoreBackup>[0], table: string, body: Readable): Promise<number> {
  const running = new Set<Promise<void>>();
  let failed: unknown;
  let batch: RawEntity[] = [];
  let bytes = 0;
  const flush = async () => {
    if (!batch.length) return;
    const entities = batch;
    batch = [];
    bytes = 0;
    const p: Promise<void> = d.target.write(table, entities).catch((e) => void (failed ??= e)).finally(() => running.delete(p));
    running.add(p);
    if (running.size >= (d.concurrency ?? 8)) await Promise.race(running);
    if (failed) throw failed;
  };
  const { entities } = await readFile(body, async (e) => {
    const size = JSON.stringify(e).length;
    if (batch.length && (batch[0].PartitionKey !== e.PartitionKey || batch.length >= d.batchEntities || bytes + size > d.batchBytes)) await flush();
    batch.push(e);
    bytes += size;
  });
  await flush();
  await Promise.all(running);
  if (failed) throw failed;
  return entities;
}
