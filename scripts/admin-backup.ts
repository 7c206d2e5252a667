/**
 * `npm run admin -- backup` and `npm run admin -- restore <id> [--yes]` (docs/backup.md). Exit
 * codes as for the other commands: 0 done, 1 refused or failed with nothing written, 2 nothing
 * written because the target holds data and --yes was not given.
 */
import { BackupConfigError, backupContainerOf, BackupStore } from '../src/adapters/blob/backup-store';
import { azureCredential, Tables } from '../src/adapters/tables/table-client';
import { APP_TABLES, BATCH_BYTES, BATCH_ENTITIES, TableDump } from '../src/adapters/tables/table-dump';
import { runBackup } from '../src/app/backup';
import { restoreBackup, type Problem } from '../src/app/restore';
import type { Config } from '../src/config';
import { fill, strings, type Lang } from '../src/i18n';

/** An error the admin can act on: printed as it is, exit code 1. */
export class BackupRefusal extends Error {}

function storeOf(cfg: Config, lang: Lang): BackupStore {
  try {
    return new BackupStore(backupContainerOf(cfg));
  } catch (e) {
    if (e instanceof BackupConfigError) throw new BackupRefusal(strings(lang).admin.backup.blobMissing);
    throw e;
  }
}

function dumpOf(cfg: Config): TableDump {
  return new TableDump(
    new Tables({
      connectionString: cfg.TABLES_CONNECTION_STRING || undefined,
      endpoint: cfg.TABLES_ENDPOINT || undefined,
      credential: cfg.TABLES_CONNECTION_STRING ? undefined : azureCredential(cfg.AZURE_CLIENT_ID),
      prefix: cfg.TABLE_PREFIX,
    }),
  );
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
const sizeOf = (lang: Lang, bytes: number) => `${new Intl.NumberFormat(lang === 'en' ? 'en' : 'nb', { maximumFractionDigits: 1 }).format(bytes / 2 ** 20)} MB`;

export async function adminBackup(lang: Lang, cfg: Config): Promise<number> {
  const t = strings(lang).admin.backup;
  const store = storeOf(cfg, lang);
  const started = Date.now();
  console.log(fill(t.started, { tables: APP_TABLES.length, container: cfg.BACKUP_CONTAINER }));
  const manifest = await runBackup({
    tables: APP_TABLES,
    source: dumpOf(cfg),
    target: store,
    now: () => new Date(),
    tablePrefix: cfg.TABLE_PREFIX,
    progress: ({ table, entities, done }) => {
      if (done) console.log(fill(t.table, { table, entities }));
    },
  });
  const entities = manifest.tables.reduce((n, f) => n + f.entities, 0);
  const bytes = manifest.tables.reduce((n, f) => n + f.bytes, 0);
  console.log(fill(t.written, { id: manifest.id, entities, size: sizeOf(lang, bytes), seconds: seconds(started) }));
  return 0;
}

function problemLine(lang: Lang, p: Problem): string {
  const t = strings(lang).admin.backup;
  switch (p.kind) {
    case 'manifestMissing':
      return t.manifestMissing;
    case 'manifestDamaged':
      return t.manifestDamaged;
    case 'fileMissing':
      return fill(t.fileMissing, { table: p.table });
    case 'checksum':
      return fill(t.checksum, { table: p.table });
    case 'unreadable':
      return fill(t.unreadable, { table: p.table, line: p.line });
    case 'count':
      return fill(t.count, { table: p.table, expected: p.expected, found: p.found });
  }
}

export async function adminRestore(lang: Lang, id: string | undefined, yes: boolean, cfg: Config): Promise<number> {
  const t = strings(lang).admin.backup;
  const store = storeOf(cfg, lang);
  if (!id) {
    // Without an id: what there is to choose from.
    const ids = await store.list().catch((e) => ((e as { statusCode?: number }).statusCode === 404 ? [] : Promise.reject(e)));
    console.error(fill(strings(lang).admin.argMissing, { arg: '<backup-id>' }));
    console.error(fill(ids.length ? t.available : t.none, { container: cfg.BACKUP_CONTAINER }));
    for (const x of ids) console.error(`  ${x}`);
    return 1;
  }
  const started = Date.now();
  const r = await restoreBackup({
    store,
    target: dumpOf(cfg),
    id,
    yes,
    batchEntities: BATCH_ENTITIES,
    batchBytes: BATCH_BYTES,
    progress: ({ table, entities }) => console.log(fill(t.table, { table, entities })),
    verified: (entities) => console.log(fill(t.restoring, { id, entities })),
  });
  if (r.outcome === 'damaged') {
    console.error(fill(t.damaged, { id }));
    for (const p of r.problems) console.error(problemLine(lang, p));
    return 1;
  }
  if (r.outcome === 'notEmpty') {
    console.error(fill(t.notEmpty, { tables: r.tables.join(', ') }));
    return 2;
  }
  console.log(fill(t.restored, { id, entities: r.entities, seconds: seconds(started) }));
  return 0;
}
