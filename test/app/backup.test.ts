/**
 * Backup and restore against real Azurite (tables from jest's global setup, a blob service of
 * this file's own). The drill: cases with plans, logs, complaints and reminders → backup → wipe →
 * restore → every entity equal, property by property, types included. DRILL_CASES sets its size
 * (300 here; `npm run test:restore` runs 10,000 and prints the figures for docs/backup.md).
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TableClient } from '@azure/data-tables';
import { startAzurite } from '../../scripts/azurite';
import { backupContainer, BackupStore } from '../../src/adapters/blob/backup-store';
import { CaseLogRepository } from '../../src/adapters/tables/case-log-repository';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { ComplaintRepository } from '../../src/adapters/tables/complaint-repository';
import { DirectoryRepository } from '../../src/adapters/tables/directory-repository';
import { ReminderRepository } from '../../src/adapters/tables/reminder-repository';
import type { RawEntity } from '../../src/adapters/tables/raw-entities';
import { APP_TABLES, BATCH_BYTES, BATCH_ENTITIES, TableDump } from '../../src/adapters/tables/table-dump';
import { runBackup, type Manifest } from '../../src/app/backup';
import { restoreBackup } from '../../src/app/restore';
import { azuriteConnectionString } from '../../src/config';
import { seedCases } from '../support/backup-data';
import { testTables, uniquePrefix } from '../support/tables';

const DRILL_CASES = Number(process.env.DRILL_CASES ?? 300);
const ROOT = join(__dirname, '..', '..');

let blob: ChildProcess;
let connectionString = '';
beforeAll(async () => {
  const started = await startAzurite({ service: 'blob' });
  blob = started.proc;
  connectionString = azuriteConnectionString(Number(process.env.TEST_AZURITE_PORT), started.port);
}, 60_000);
afterAll(() => blob?.kill());

const storeFor = (container: string) => new BackupStore(backupContainer({ connectionString, container }));
const tablesFor = (prefix: string) => testTables(prefix);

/** Every entity of every table, keyed table/PartitionKey/RowKey, with its typed properties. */
async function snapshot(dump: TableDump): Promise<Map<string, RawEntity['p']>> {
  const all = new Map<string, RawEntity['p']>();
  for (const t of APP_TABLES) for await (const page of dump.pages(t)) for (const e of page) all.set(`${t}/${e.PartitionKey}/${e.RowKey}`, e.p);
  return all;
}

const restore = (store: BackupStore, prefix: string, id: string, yes = false) =>
  restoreBackup({ store, target: new TableDump(tablesFor(prefix)), id, yes, batchEntities: BATCH_ENTITIES, batchBytes: BATCH_BYTES });

/** A typed row the app never writes itself: every EDM type, including those JSON cannot tell apart. */
const TYPED = {
  partitionKey: 'drill', rowKey: 'typed',
  int64: { value: '9007199254740993', type: 'Int64' }, dateTime: { value: '2026-12-05T07:30:12.1234567Z', type: 'DateTime' },
  binary: new Uint8Array([0, 1, 254, 255]), yes: true, no: false, half: 0.5, wholeDouble: { value: '3', type: 'Double' }, int32: 3,
  guid: { value: 'c9da6455-213d-42c9-9a79-3e9149a57833', type: 'Guid' }, notANumber: { value: 'NaN', type: 'Double' }, text: 'Blåbærsyltetøy 🫐',
};

describe(`restore drill: ${DRILL_CASES} cases with plans, logs, complaints and reminders`, () => {
  const prefix = uniquePrefix();
  const tables = tablesFor(prefix);
  let store: BackupStore;
  let seeded: Awaited<ReturnType<typeof seedCases>>;
  let before: Map<string, RawEntity['p']>;
  const sample: Record<string, unknown> = {};

  beforeAll(async () => {
    store = storeFor('drill');
    const t = Date.now();
    seeded = await seedCases(tables, DRILL_CASES);
    const counters = tables.client('Counters');
    await tables.ensure(counters);
    await counters.createEntity(TYPED as never);
    before = await snapshot(new TableDump(tables));
    const [c0, cLast] = [seeded.caseIds[0], seeded.caseIds[seeded.caseIds.length - 1]];
    const { tenantId: T, schoolId: S } = seeded;
    sample.cases = await Promise.all([c0, cLast].map((id) => new CaseRepository(tables).get(T, S, id)));
    sample.plans = await new CaseRepository(tables).plans(T, S, cLast);
    sample.log = await new CaseLogRepository(tables).list(T, S, cLast);
    sample.reminders = await new ReminderRepository(tables).forCase(T, S, cLast);
    sample.complaint = await new ComplaintRepository(tables).get(T, S, seeded.complaintIds[seeded.complaintIds.length - 1]);
    if (process.env.DRILL_CASES) process.stderr.write(`drill: ${DRILL_CASES} cases, ${before.size} entities written in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }, 60_000 + DRILL_CASES * 100);

  it('brings every entity of every table back after a wipe, property by property with its type', async () => {
    const t0 = Date.now();
    const manifest = await runBackup({ tables: APP_TABLES, source: new TableDump(tables), target: store, now: () => new Date(), tablePrefix: prefix });
    const backupSeconds = (Date.now() - t0) / 1000;
    expect(manifest.tables.reduce((n, f) => n + f.entities, 0)).toBe(before.size);
    expect(manifest.tables.find((f) => f.table === 'Cases')!.entities).toBeGreaterThanOrEqual(DRILL_CASES * 4);

    // The wipe: every table gone, as after losing the account.
    const dump = new TableDump(testTables(prefix));
    for (const name of APP_TABLES) await dump.drop(name);
    expect((await snapshot(dump)).size).toBe(0);

    const t1 = Date.now();
    const r = await restore(store, prefix, manifest.id);
    const restoreSeconds = (Date.now() - t1) / 1000;
    expect(r).toMatchObject({ outcome: 'restored', entities: before.size });
    const after = await snapshot(new TableDump(testTables(prefix)));
    expect(after.size).toBe(before.size);
    for (const [key, props] of before) expect({ key, props: after.get(key) }).toEqual({ key, props });

    if (process.env.DRILL_CASES) {
      const bytes = manifest.tables.reduce((n, f) => n + f.bytes, 0);
      process.stderr.write(`drill: ${before.size} entities, backup ${(bytes / 2 ** 20).toFixed(1)} MiB in ${backupSeconds.toFixed(1)} s, restore in ${restoreSeconds.toFixed(1)} s\n`);
    }
  }, 60_000 + DRILL_CASES * 100);

  it('gives the app its records back as they were: cases, plans, logs, reminders and complaints', async () => {
    const fresh = testTables(prefix);
    const [c0, cLast] = [seeded.caseIds[0], seeded.caseIds[seeded.caseIds.length - 1]];
    const { tenantId: T, schoolId: S } = seeded;
    const noEtag = <X>(x: X): X => JSON.parse(JSON.stringify(x, (k, v) => (k === 'etag' ? undefined : v)));
    expect(noEtag(await Promise.all([c0, cLast].map((id) => new CaseRepository(fresh).get(T, S, id))))).toEqual(noEtag(sample.cases));
    expect(noEtag(await new CaseRepository(fresh).plans(T, S, cLast))).toEqual(noEtag(sample.plans));
    expect(await new CaseLogRepository(fresh).list(T, S, cLast)).toEqual(sample.log);
    expect(noEtag(await new ReminderRepository(fresh).forCase(T, S, cLast))).toEqual(noEtag(sample.reminders));
    expect(noEtag(await new ComplaintRepository(fresh).get(T, S, seeded.complaintIds[seeded.complaintIds.length - 1]))).toEqual(noEtag(sample.complaint));
  });

  it('keeps every EDM type as the table service reports it on the wire (Int64, DateTime to 100 ns, Binary, Boolean, Double 3.0)', async () => {
    let raw = '';
    await TableClient.fromConnectionString(connectionString, `${prefix}Counters`, { allowInsecureConnection: true }).getEntity('drill', 'typed', {
      onResponse: (r) => void (raw = r.bodyAsText ?? ''),
    });
    const body = JSON.parse(raw.replace(/"wholeDouble":3\.0\b/, '"wholeDouble":"3.0 as sent"')) as Record<string, unknown>;
    // What the Table service's JSON format says of each type (learn.microsoft.com, "Payload format for Table service operations").
    expect(raw).toMatch(/"wholeDouble":3\.0\b/);
    expect(body).toMatchObject({
      'int64@odata.type': 'Edm.Int64', int64: '9007199254740993',
      'dateTime@odata.type': 'Edm.DateTime', dateTime: '2026-12-05T07:30:12.1234567Z',
      'binary@odata.type': 'Edm.Binary', binary: Buffer.from([0, 1, 254, 255]).toString('base64'),
      'guid@odata.type': 'Edm.Guid', 'notANumber@odata.type': 'Edm.Double', notANumber: 'NaN',
      yes: true, no: false, half: 0.5, int32: 3, text: 'Blåbærsyltetøy 🫐',
    });
  });
});

describe('restore refuses, and writes nothing', () => {
  const source = uniquePrefix();
  let store: BackupStore;
  let good: Manifest;
  /** A copy of the good backup under a new id, with its files changed by `change`. */
  async function copy(id: string, change: (file: string, bytes: Buffer) => Buffer | undefined): Promise<string> {
    for (const name of [...good.tables.map((f) => f.file), 'manifest.json']) {
      const bytes = name === 'manifest.json' ? Buffer.from(JSON.stringify({ ...good, id })) : await readAll(`${good.id}/${name}`);
      const changed = change(name, bytes);
      if (changed) await uploadBytes(`${id}/${name}`, changed);
    }
    return id;
  }
  const container = () => backupContainer({ connectionString, container: 'refusals' });
  const readAll = async (name: string) => container().getBlobClient(name).downloadToBuffer();
  const uploadBytes = (name: string, b: Buffer) => container().getBlockBlobClient(name).upload(b, b.length);
  const gunzipLines = (b: Buffer) => gunzipSync(b).toString('utf8');

  beforeAll(async () => {
    store = storeFor('refusals');
    await seedCases(tablesFor(source), 5);
    good = await runBackup({ tables: APP_TABLES, source: new TableDump(tablesFor(source)), target: store, now: () => new Date(), tablePrefix: source });
  }, 60_000);

  async function expectNothingWritten(prefix: string): Promise<void> {
    expect((await snapshot(new TableDump(tablesFor(prefix)))).size).toBe(0);
  }

  it('a backup without a manifest (never finished)', async () => {
    const id = await copy('no-manifest', (file, b) => (file === 'manifest.json' ? undefined : b));
    const target = uniquePrefix();
    expect(await restore(store, target, id)).toEqual({ outcome: 'damaged', problems: [{ kind: 'manifestMissing' }] });
    await expectNothingWritten(target);
  });

  it('a file whose checksum does not match (one letter changed, same number of rows)', async () => {
    const id = await copy('checksum', (file, b) => (file === 'Cases.ndjson.gz' ? gzipSync(Buffer.from(gunzipLines(b).replace('Åse', 'Åsa'))) : b));
    const target = uniquePrefix();
    expect(await restore(store, target, id)).toEqual({ outcome: 'damaged', problems: [{ kind: 'checksum', table: 'Cases' }] });
    await expectNothingWritten(target);
  });

  it('a manifest whose count does not match the file', async () => {
    const id = 'count';
    const manifest = { ...good, id, tables: good.tables.map((f) => (f.table === 'CaseLog' ? { ...f, entities: f.entities + 1 } : f)) };
    await copy(id, (file, b) => (file === 'manifest.json' ? Buffer.from(JSON.stringify(manifest)) : b));
    const target = uniquePrefix();
    const found = good.tables.find((f) => f.table === 'CaseLog')!.entities;
    expect(await restore(store, target, id)).toEqual({ outcome: 'damaged', problems: [{ kind: 'count', table: 'CaseLog', expected: found + 1, found }] });
    await expectNothingWritten(target);
  });

  it('a truncated file', async () => {
    const id = await copy('truncated', (file, b) => (file === 'Cases.ndjson.gz' ? b.subarray(0, Math.floor(b.length / 2)) : b));
    const target = uniquePrefix();
    const r = await restore(store, target, id);
    expect(r).toMatchObject({ outcome: 'damaged', problems: [{ kind: 'unreadable', table: 'Cases' }] });
    await expectNothingWritten(target);
  });

  it('a target that already holds data, unless --yes', async () => {
    const cases = new CaseRepository(tablesFor(source));
    const [c] = await cases.listBySchool(...(await firstSchool(source)));
    await cases.update({ ...c, leaderId: 'changed-after-backup' });
    expect(await restore(store, source, good.id)).toEqual({ outcome: 'notEmpty', tables: expect.arrayContaining(['Cases', 'CaseLog', 'People', 'Schools']) });
    expect((await cases.get(c.tenantId, c.schoolId, c.caseId))?.leaderId).toBe('changed-after-backup');
    expect(await restore(store, source, good.id, true)).toMatchObject({ outcome: 'restored' });
    expect((await cases.get(c.tenantId, c.schoolId, c.caseId))?.leaderId).toBe(c.leaderId);
  });
});

async function firstSchool(prefix: string): Promise<[string, string]> {
  const [s] = await new DirectoryRepository(tablesFor(prefix)).listSchools();
  return [s.tenantId, s.schoolId];
}

describe('APP_TABLES', () => {
  it('is every table the code opens, so a backup leaves none out', () => {
    const files = (dir: string): string[] =>
      readdirSync(join(ROOT, dir)).flatMap((f) => (statSync(join(ROOT, dir, f)).isDirectory() ? files(posix.join(dir, f)) : f.endsWith('.ts') ? [posix.join(dir, f)] : []));
    const opened = new Set(
      files('src').flatMap((f) => [...readFileSync(join(ROOT, f), 'utf8').matchAll(/\btables\.client\(\s*'([^']+)'\s*\)|\bsuper\(\s*tables,\s*'([^']+)'/g)].map((m) => m[1] ?? m[2])),
    );
    expect([...APP_TABLES].sort()).toEqual([...opened].sort());
  });
});

