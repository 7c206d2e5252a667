/**
 * Backup and restore against real Azurite (tables from jest's global setup, a blob service of
 * this file's own). The drill: cases with plans, logs, complaints and reminders → backup → wipe →
 * restore → every entity equal, property by property, types included. DRILL_CASES sets its size
 * (300 here; `npm run test:restore` runs 10,000 and prints the figures for docs/backup.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TableClient } from '@azure/data-tables';
import { startAzurite } from '../../scripts/azurite';
import { backupContainer, BackupStore } from '../../src/adapters/blob/backup-store';
import { CaseLogRepository } from '../../src/adapters/tables/case-log-repository';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { ComplaintRepository } from '../../src/adapters/tables/complaint-repository';
import { DirectoryRepository } from '../../src/adapters/tables/directory-repository';
import { ReminderRepository } from '../../src/adapters/tables/reminder-repository';
import type { RawEntity } from '../../src/ports';
import { APP_TABLES, BATCH_BYTES, BATCH_ENTITIES, TableDump } from '../../src/adapters/tables/table-dump';
import { runBackup, type Manifest } from '../../src/app/backup';
import { restoreBackup } from '../../src/app/restore';
import { DailyBackup } from '../../src/app/daily-backup';
import { BackupClaims } from '../../src/adapters/tables/backup-claims';
import { azuriteConnectionString } from '../../src/config';
import { fill, strings } from '../../src/i18n';
import { seedCases } from '../support/backup-data';
import { testTables, uniquePrefix } from '../support/tables';
import { tablesInCode } from '../infra/bicep';

const DRILL_CASES = Number(process.env.DRILL_CASES ?? 300);
const ROOT = join(__dirname, '..', '..');

let blob: ChildProcess;
let connectionString = '';
beforeAll(async () => {
  const started = await startAzurite({ service: 'blob' });
  blob = started.proc;
  connectionString = azuriteConnectionString(Number(process.env.TEST_AZURITE_PORT), started.port);
}, 90_000);
// SIGKILL: on SIGTERM Azurite waits for the SDK's keep-alive connections, which wait for it.
afterAll(() => blob?.kill('SIGKILL'));

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

describe('the daily backup (BACKUP_DAILY=true)', () => {
  const prefix = uniquePrefix();
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const instance = (instanceId: string, at: string, store: BackupStore) =>
    new DailyBackup({ tables: APP_TABLES, source: new TableDump(tablesFor(prefix)), target: store, claims: new BackupClaims(tablesFor(prefix)), clock: { now: () => new Date(at) }, logger: quiet, instanceId, tablePrefix: prefix });

  beforeAll(async () => {
    await seedCases(tablesFor(prefix), 3);
    await new BackupClaims(tablesFor(prefix)).init();
  }, 60_000);

  it('is made once a day, from 02:00 Oslo time, by one instance even when two sweep at once', async () => {
    const store = storeFor('daily');
    // 01:30 in Oslo (00:30 UTC in winter): not yet.
    expect(await instance('a', '2026-12-05T00:30:00.000Z', store).sweep()).toBeUndefined();
    const [a, b] = await Promise.all([instance('a', '2026-12-05T01:10:00.000Z', store).sweep(), instance('b', '2026-12-05T01:10:00.000Z', store).sweep()]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await store.list()).toEqual([(a ?? b)!.id]);
    expect(await new BackupClaims(tablesFor(prefix)).doneNote('2026-12-05')).toBe((a ?? b)!.id);
    // Later the same day: done already. The next day: a new one.
    expect(await instance('b', '2026-12-05T13:00:00.000Z', store).sweep()).toBeUndefined();
    const next = await instance('b', '2026-12-06T01:05:00.000Z', store).sweep();
    expect(await store.list()).toEqual([(a ?? b)!.id, next!.id]);
  });

  it('is taken over by another instance when the one that claimed the day stopped half-way', async () => {
    const claims = new BackupClaims(tablesFor(prefix));
    // Instance a claimed 2026-12-07 at 02:05 and stopped; its lease (10 minutes) has run out by 02:20.
    expect(await claims.take('2026-12-07', { holder: 'a', now: '2026-12-07T01:05:00.000Z', until: '2026-12-07T01:15:00.000Z' })).toBeDefined();
    const store = storeFor('takeover');
    expect(await instance('b', '2026-12-07T01:10:00.000Z', store).sweep()).toBeUndefined();
    const m = await instance('b', '2026-12-07T01:20:00.000Z', store).sweep();
    expect(m?.tables.find((f) => f.table === 'Cases')?.entities).toBeGreaterThan(0);
    expect(await store.list()).toEqual([m!.id]);
  });
});

describe('npm run admin -- backup / restore (the admin tool, as IT runs it)', () => {
  const source = uniquePrefix();
  const target = uniquePrefix();
  const admin = (prefix: string, ...args: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((done) => {
      const p = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/admin.ts', ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, NODE_ENV: 'development', TABLES_CONNECTION_STRING: connectionString, TABLE_PREFIX: prefix, BACKUP_CONTAINER: 'admin-tool' },
      });
      let out = '';
      let err = '';
      p.stdout.on('data', (b: Buffer) => (out += b.toString()));
      p.stderr.on('data', (b: Buffer) => (err += b.toString()));
      p.on('close', (code) => done({ code: code ?? -1, out, err }));
    });
  const nb = strings('nb').admin.backup;
  /** A message with its {placeholders} matched by anything. */
  const shape = (template: string, known: Record<string, string | number>) =>
    new RegExp(fill(template, known).replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+'));

  beforeAll(async () => {
    await seedCases(tablesFor(source), 3);
  }, 60_000);

  it('backs up, restores into an empty account, then refuses to restore over the data (exit 2)', async () => {
    const backup = await admin(source, 'backup');
    expect(backup.code).toBe(0);
    const id = /(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)/.exec(backup.out)![1];
    expect(backup.out).toMatch(shape(nb.written, { id }));

    const restored = await admin(target, 'restore', id);
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(shape(nb.restored, { id }));
    expect((await snapshot(new TableDump(tablesFor(target)))).size).toBe((await snapshot(new TableDump(tablesFor(source)))).size);

    const again = await admin(target, 'restore', id);
    expect(again.code).toBe(2);
    const keys = [...(await snapshot(new TableDump(tablesFor(source)))).keys()];
    expect(again.err).toContain(fill(nb.notEmpty, { tables: APP_TABLES.filter((t) => keys.some((k) => k.startsWith(`${t}/`))).join(', ') }));
  }, 240_000);

  it('refuses a backup that was never finished, in nynorsk with --lang nn, and writes nothing', async () => {
    const empty = uniquePrefix();
    const r = await admin(empty, 'restore', '2026-01-01T02-00-00Z', '--lang', 'nn');
    expect(r.code).toBe(1);
    const nn = strings('nn').admin.backup;
    expect(r.err).toContain(fill(nn.damaged, { id: '2026-01-01T02-00-00Z' }));
    expect(r.err).toContain(nn.manifestMissing);
    expect((await snapshot(new TableDump(tablesFor(empty)))).size).toBe(0);
  }, 120_000);
});

async function firstSchool(prefix: string): Promise<[string, string]> {
  const [s] = await new DirectoryRepository(tablesFor(prefix)).listSchools();
  return [s.tenantId, s.schoolId];
}

describe('APP_TABLES', () => {
  it('is every table the code opens, so a backup leaves none out', () => {
    const opened = tablesInCode();
    expect([...APP_TABLES].sort()).toEqual([...opened].sort());
  });
});

