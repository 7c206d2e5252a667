/**
 * The overview's storage (issue 17), beside the cases in each school's partition so that it is
 * written in the case change's own transaction:
 *   ~C_<yyyy-mm>_<shard>  counters per school and month (domain/overview.ts says how a case
 *                  counts), in 16 rows a month so that reports at one school at the same moment
 *                  seldom write the same row (a case always writes its own shard); a change adds the
 *                  difference between the case's tally before and after (the tally last counted is
 *                  kept on the case row, so a retried or repeated save adds nothing);
 *   ~E_<caseId>    the case's open investigation and evaluation deadline ('' when none): the small
 *                  index «evaluations overdue now» is read from, never the cases.
 * A counter row is updated only if unchanged since it was read (ETag): two changes at one school
 * at once make the later one try again (case-repository.ts), or CONFLICT if its case changed too.
 */
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { SkolemiljoCase } from '../../domain/case';
import { openDates, tallyDelta, tallyOf, type Month, type Tally } from '../../domain/overview';
import type { LocalDate } from '../../domain/school-calendar';
import type { OpenDeadlines } from '../../ports';
import { localDateOf } from '../../app/school-time';
import { casePk, esc, keyPart, readRow, startsWith } from './table-client';

const COUNTER = '~C_';
const OPEN = '~E_';
const SHARDS = 16;
const counterKey = (month: Month, shard: number) => `${COUNTER}${month}_${String(shard).padStart(2, '0')}`;
/** The case's shard: the same for every change of the case. */
const shardOf = (caseId: string): number => {
  let h = 0;
  for (const ch of caseId) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h % SHARDS;
};
const openKey = (caseId: string) => keyPart(`${OPEN}${caseId}`);

type CounterEntity = { partitionKey: string; rowKey: string; month: Month } & Record<string, unknown>;
type OpenEntity = { partitionKey: string; rowKey: string; investigationDue: string; evaluationDue: string };

/** How the case counts, with Oslo dates. */
export const tallyFor = (c: SkolemiljoCase): Tally => tallyOf(c, (iso) => localDateOf(new Date(iso)));

/** The tally stored on a case row ({} for a row written before the overview existed). */
export const storedTally = (json: unknown): Tally => (typeof json === 'string' && json ? (JSON.parse(json) as Tally) : {});

/**
 * The transaction actions that move the school's counters from the case's tally `before` to its
 * tally now, and write its open deadlines. Reads the counter rows it changes (their ETags).
 */
export async function overviewActions(table: TableClient, c: SkolemiljoCase, before: Tally): Promise<TransactionAction[]> {
  const pk = casePk(c.tenantId, c.schoolId);
  const shard = shardOf(c.caseId);
  const delta = tallyDelta(before, tallyFor(c));
  const changed = Object.entries(delta);
  const rows = await Promise.all(changed.map(([month]) => readRow<CounterEntity>(table, pk, counterKey(month, shard))));
  const actions: TransactionAction[] = changed.map(([month, change], i): TransactionAction => {
    const row = rows[i];
    const values: Record<string, number> = {};
    for (const [k, d] of Object.entries(change)) values[k] = Math.max(0, (typeof row?.[k] === 'number' ? (row[k] as number) : 0) + d);
    const rowKey = counterKey(month, shard);
    return row ? ['update', { partitionKey: pk, rowKey, ...values }, 'Merge', { etag: row.etag }] : ['create', { partitionKey: pk, rowKey, month, ...values }];
  });
  const open = openDates(c);
  const entity: OpenEntity = { partitionKey: pk, rowKey: openKey(c.caseId), ...open };
  actions.push(['upsert', entity, 'Replace']);
  return actions;
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
