/**
 * The overview's storage (issue 17), beside the cases in each school's partition so that it is
 * written in the case change's own transaction:
 *   ~C_<yyyy-mm>_<shard>  counters per school and month (domain/overview.ts says how a case
 *                  counts), in 16 rows a month so that changes at one school at the same moment
 *                  seldom write the same row (a case always writes its own shard); a change adds the
 *                  difference between the case's tally before and after (the tally last counted is
 *                  kept on the case row, so a retried or repeated save adds nothing);
 *   ~C_<yyyy-mm>_<shard>n<caseId>  a new case's own counts in the month (issue 14: a report's save
 *                  reads no counter row): created in the case's transaction, so a report sent
 *                  again fails whole and adds nothing. The case's first later change that counts in
 *                  the month reads the shard row and this row in one query and folds it in (shard +
 *                  own + change, clamped at 0 on the sum, the own row deleted); retention's hourly
 *                  pass folds the rest (compactCounters); till then readCounters sums it like any other;
 *   ~E_<caseId>    the case's open investigation and evaluation deadline ('' when none): the small
 *                  index «evaluations overdue now» is read from, never the cases.
 * A shard row is updated only if unchanged since it was read (ETag), and an own row deleted only if
 * still there (404 otherwise): two changes at one school at once make the later one try again
 * (case-repository.ts), or CONFLICT if its case changed too.
 */
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import type { SkolemiljoCase } from '../../domain/case';
import { openDates, tallyDelta, tallyOf, type Month, type Tally } from '../../domain/overview';
import type { LocalDate } from '../../domain/school-calendar';
import type { OpenDeadlines } from '../../ports';
import { localDateOf } from '../../app/school-time';
import { casePk, esc, keyPart, startsWith, statusOf } from './table-client';

const COUNTER = '~C_';
const OPEN = '~E_';
const SHARDS = 16;
const counterKey = (month: Month, shard: number) => `${COUNTER}${month}_${String(shard).padStart(2, '0')}`;
const SHARD_KEY_LENGTH = counterKey('2026-11', 0).length;
/** The case's shard: the same for every change of the case. */
const shardOf = (caseId: string): number => {
  let h = 0;
  for (const ch of caseId) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h % SHARDS;
};
const openKey = (caseId: string) => keyPart(`${OPEN}${caseId}`);
/**
 * A new case's own counter row in a month, just after its shard's row (two digits, then «n»): in
 * the month's range for readCounters, never a shard's key, and read with the shard row in one query.
 */
const ownKey = (month: Month, caseId: string) => keyPart(`${counterKey(month, shardOf(caseId))}n${caseId}`);

type CounterEntity = { partitionKey: string; rowKey: string; month: Month } & Record<string, unknown>;
/** A counter of a row (0 when the row or the counter is not there). */
const num = (row: CounterEntity | undefined, k: string) => (typeof row?.[k] === 'number' ? (row[k] as number) : 0);
type OpenEntity = { partitionKey: string; rowKey: string; investigationDue: string; evaluationDue: string };

/** How the case counts, with Oslo dates. */
export const tallyFor = (c: SkolemiljoCase): Tally => tallyOf(c, (iso) => localDateOf(new Date(iso)));

/** The tally stored on a case row ({} for a row written before the overview existed). */
export const storedTally = (json: unknown): Tally => (typeof json === 'string' && json ? (JSON.parse(json) as Tally) : {});

/**
 * The transaction actions that move the school's counters from the case's tally `before` to its
 * tally now, and write its open deadlines. A case not counted before (a new one) writes its tally
 * as rows of its own, with no read; otherwise each month that changes reads its shard row (ETag)
 * and the case's own row there in one query, and folds the own row into the shard row.
 */
export async function overviewActions(table: TableClient, c: SkolemiljoCase, before: Tally): Promise<TransactionAction[]> {
  const pk = casePk(c.tenantId, c.schoolId);
  const delta = tallyDelta(before, tallyFor(c));
  const fresh = Object.keys(before).length === 0;
  const actions: TransactionAction[] = fresh
    ? Object.entries(delta).map(([month, counts]): TransactionAction => ['create', { partitionKey: pk, rowKey: ownKey(month, c.caseId), month, ...counts }])
    : (await Promise.all(Object.entries(delta).map(([month, change]) => foldActions(table, pk, c.caseId, month, change)))).flat();
  const open = openDates(c);
  const entity: OpenEntity = { partitionKey: pk, rowKey: openKey(c.caseId), ...open };
  actions.push(['upsert', entity, 'Replace']);
  return actions;
}

/**
 * The month's shard row set to shard + the case's own row (if still there) + `change`, each counter
 * at least 0 (the sum is clamped, so a decrement is never lost against a count in the own row), and
 * the own row deleted: the transaction fails (412 or 404) if another change wrote the shard row or
 * folded the own row since this read, and the save tries again.
 */
async function foldActions(table: TableClient, pk: string, caseId: string, month: Month, change: Record<string, number>): Promise<TransactionAction[]> {
  const shardKey = counterKey(month, shardOf(caseId));
  const own = ownKey(month, caseId);
  // A range query (Azure reads only the keys between the two; an «or» of keys alone scans the partition).
  const filter = `PartitionKey eq '${esc(pk)}' and RowKey ge '${esc(shardKey)}' and RowKey le '${esc(own)}' and (RowKey eq '${esc(shardKey)}' or RowKey eq '${esc(own)}')`;
  let shard: TableEntityResult<CounterEntity> | undefined;
  let mine: TableEntityResult<CounterEntity> | undefined;
  for await (const e of table.listEntities<CounterEntity>({ queryOptions: { filter } })) {
    if (e.rowKey === shardKey) shard = e;
    else if (e.rowKey === own) mine = e;
  }
  const values: Record<string, number> = {};
  const keys = new Set([...Object.keys(change), ...Object.keys(mine ?? {}).filter((k) => typeof mine?.[k] === 'number')]);
  for (const k of keys) values[k] = Math.max(0, num(shard, k) + num(mine, k) + (change[k] ?? 0));
  const actions: TransactionAction[] = [shard ? ['update', { partitionKey: pk, rowKey: shardKey, ...values }, 'Merge', { etag: shard.etag }] : ['create', { partitionKey: pk, rowKey: shardKey, month, ...values }]];
  if (mine) actions.push(['delete', { partitionKey: pk, rowKey: own }]);
  return actions;
}

/**
 * Retention: a deleted case's own counter rows (the months its tally named) are folded into their
 * shard rows, so that no row keyed by the case stays; its counts stay (the school's history).
 */
export async function foldOwnRows(table: TableClient, tenantId: string, schoolId: string, caseId: string, tally: Tally): Promise<void> {
  const pk = casePk(tenantId, schoolId);
  for (let attempt = 1; ; attempt++) {
    const months = await Promise.all(Object.keys(tally).map((month) => foldActions(table, pk, caseId, month, {})));
    const actions = months.filter((m) => m.some(([kind]) => kind === 'delete')).flat();
    if (!actions.length) return;
    try {
      await table.submitTransaction(actions);
      return;
    } catch (e) {
      if (![404, 409, 412].includes(statusOf(e) ?? 0) || attempt >= 12) throw e;
    }
  }
}

/**
 * Folds the school's own counter rows into their shard rows, one transaction per shard and month
 * (retention's hourly pass), so that the overview reads 16 rows a month and the last hour's new
 * cases. A transaction that meets a change of one of those cases (412: the shard row written
 * meanwhile; 404: an own row folded meanwhile; 409: the shard row made meanwhile) fails whole and is
 * left to the next pass, as are own rows past the 99 a transaction can delete. Returns the rows folded.
 */
export async function compactCounters(table: TableClient, tenantId: string, schoolId: string): Promise<number> {
  const pk = casePk(tenantId, schoolId);
  const shards = new Map<string, TableEntityResult<CounterEntity>>();
  const own = new Map<string, TableEntityResult<CounterEntity>[]>();
  for await (const e of table.listEntities<CounterEntity>({ queryOptions: { filter: `PartitionKey eq '${esc(pk)}' and ${startsWith(COUNTER)}` } })) {
    const shardKey = e.rowKey.slice(0, SHARD_KEY_LENGTH);
    if (e.rowKey.length === SHARD_KEY_LENGTH) shards.set(shardKey, e);
    else if (e.rowKey[SHARD_KEY_LENGTH] === 'n') own.set(shardKey, [...(own.get(shardKey) ?? []), e]);
  }
  let folded = 0;
  for (const [shardKey, all] of own) {
    const shard = shards.get(shardKey);
    const rows = all.slice(0, 99);
    const values: Record<string, number> = {};
    for (const row of rows) for (const [k, v] of Object.entries(row)) if (typeof v === 'number') values[k] = (values[k] ?? num(shard, k)) + v;
    const actions: TransactionAction[] = [shard ? ['update', { partitionKey: pk, rowKey: shardKey, ...values }, 'Merge', { etag: shard.etag }] : ['create', { partitionKey: pk, rowKey: shardKey, month: rows[0].month, ...values }]];
    for (const row of rows) actions.push(['delete', { partitionKey: pk, rowKey: row.rowKey }]);
    try {
      await table.submitTransaction(actions);
      folded += rows.length;
    } catch (e) {
      if (![404, 409, 412].includes(statusOf(e) ?? 0)) throw e;
    }
  }
  return folded;
}

/** The school's counter rows for the months from..to (both included): month → counter → count. */
export async function readCounters(table: TableClient, tenantId: string, schoolId: string, from: Month, to: Month): Promise<Record<Month, Record<string, number>>> {
  const pk = casePk(tenantId, schoolId);
  const filter = `PartitionKey eq '${esc(pk)}' and RowKey ge '${esc(`${COUNTER}${from}`)}' and RowKey lt '${esc(`${COUNTER}${to}~`)}'`;
  const out: Record<Month, Record<string, number>> = {};
  for await (const e of table.listEntities<CounterEntity>({ queryOptions: { filter } })) {
    const counts = (out[e.month] ??= {});
    for (const [k, v] of Object.entries(e)) if (typeof v === 'number') counts[k] = (counts[k] ?? 0) + v;
  }
  return out;
}

/** The open deadlines that matter today: evaluations overdue, and investigations not yet due. */
export async function readOpenDeadlines(table: TableClient, tenantId: string, schoolId: string, today: LocalDate): Promise<OpenDeadlines> {
  const pk = casePk(tenantId, schoolId);
  const t = esc(today);
  const filter = `PartitionKey eq '${esc(pk)}' and ${startsWith(OPEN)} and ((evaluationDue gt '' and evaluationDue lt '${t}') or investigationDue ge '${t}')`;
  const out: OpenDeadlines = { evaluationsOverdue: 0, investigationsNotYetDue: [] };
  for await (const e of table.listEntities<OpenEntity>({ queryOptions: { filter, select: ['evaluationDue', 'investigationDue'] } })) {
    if (e.evaluationDue && e.evaluationDue < today) out.evaluationsOverdue++;
    if (e.investigationDue && e.investigationDue >= today) out.investigationsNotYetDue.push(e.investigationDue);
  }
  return out;
}

/** Retention: a deleted case's open deadlines go with it; its counts stay (they are the school's history). */
export const openRowKey = openKey;
