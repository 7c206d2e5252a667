/**
 * The backup file's line: an entity exactly as the table service holds it, each property with its
 * EDM type. The table adapter (src/adapters/tables/raw-entities.ts, table-dump.ts) reads and writes
 * it; app/backup.ts and app/restore.ts stream and check it without knowing the table service.
 */

export type EdmType = 'String' | 'Boolean' | 'Int32' | 'Int64' | 'Double' | 'DateTime' | 'Binary' | 'Guid';

/**
 * [type, value]: String, Int64, DateTime (all seven decimals kept), Binary (base64) and Guid as
 * text; Int32 and Double as numbers (a Double that is NaN or ±Infinity as the service's text);
 * Boolean as a boolean.
 */
export type TypedValue = [EdmType, string | number | boolean];

/** One line of a backup file. ETag and Timestamp are the service's own and are not kept: a restore gets new ones. */
export interface RawEntity {
  PartitionKey: string;
  RowKey: string;
  p: Record<string, TypedValue>;
}

/** The EDM types a backup may hold (the adapter reads by them, a restore checks against them). */
export const EDM: ReadonlySet<EdmType> = new Set<EdmType>(['String', 'Boolean', 'Int32', 'Int64', 'Double', 'DateTime', 'Binary', 'Guid']);
/** Checks a line read from a backup file; throws on anything that is not an entity. */
export function checkRawEntity(x: unknown): RawEntity {
  const e = x as RawEntity;
  if (typeof e !== 'object' || e === null || typeof e.PartitionKey !== 'string' || typeof e.RowKey !== 'string' || typeof e.p !== 'object' || e.p === null)
    throw new Error('not an entity');
  for (const [key, tv] of Object.entries(e.p)) {
    if (!Array.isArray(tv) || tv.length !== 2 || !EDM.has(tv[0])) throw new Error(`property ${key}: not a typed value`);
  }
  return e;
}
