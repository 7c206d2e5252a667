/**
 * Entities exactly as the table service holds them, each property with its EDM type, for backups.
 * The SDK cannot be used for reading here: JSON.parse turns a Double 3.0 into the number 3, which
 * the SDK then calls Int32, and a restore would change the property's type. So the response text
 * itself is read, with every number kept as the service wrote it.
 */

import { EDM, type EdmType, type RawEntity, type TypedValue } from '../../ports/backup';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** A number token of the response, kept as text. */
interface Num { $n: string }
const isNum = (v: unknown): v is Num => typeof v === 'object' && v !== null && typeof (v as Num).$n === 'string';

/**
 * Wraps every JSON number outside a string as {"$n":"<its text>"}, so 3.0 and 3 stay apart
 * after JSON.parse. Entity values are never objects, so the wrapper cannot be mistaken for data.
 */
export function keepNumberText(json: string): string {
  return json.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (m) => (m.startsWith('"') ? m : `{"$n":"${m}"}`));
}

/** The entities of one query response (`{"value":[…]}`), with the types the service stored. */
export function parseEntities(responseText: string): RawEntity[] {
  const body = JSON.parse(keepNumberText(responseText)) as { value?: Record<string, unknown>[] };
  return (body.value ?? []).map(fromService);
}

function fromService(o: Record<string, unknown>): RawEntity {
  const p: Record<string, TypedValue> = {};
  for (const [key, v] of Object.entries(o)) {
    if (key === 'PartitionKey' || key === 'RowKey' || key === 'Timestamp' || key.startsWith('odata.') || key.endsWith('@odata.type')) continue;
    const annotated = o[`${key}@odata.type`];
    p[key] = typeof annotated === 'string' ? annotatedValue(key, annotated.replace(/^Edm\./, ''), v) : inferred(key, v);
  }
  return { PartitionKey: String(o.PartitionKey), RowKey: String(o.RowKey), p };
}

function annotatedValue(key: string, type: string, v: unknown): TypedValue {
  if (!EDM.has(type as EdmType)) throw new Error(`property ${key}: unknown type Edm.${type}`);
  if (isNum(v)) return [type as EdmType, Number(v.$n)];
  if (typeof v === 'string' || typeof v === 'boolean') return [type as EdmType, v];
  throw new Error(`property ${key}: unexpected value for Edm.${type}`);
}

/** What the service leaves out of the response: String, Boolean, Int32, and a Double it can tell by its text. */
function inferred(key: string, v: unknown): TypedValue {
  if (typeof v === 'string') return ['String', v];
  if (typeof v === 'boolean') return ['Boolean', v];
  if (isNum(v)) {
    const n = Number(v.$n);
    const integer = /^-?\d+$/.test(v.$n);
    return integer && n >= INT32_MIN && n <= INT32_MAX ? ['Int32', n] : ['Double', n];
  }
  throw new Error(`property ${key}: value of unknown type`);
}

/** The entity as the SDK writes it back, every type stated so nothing is left to inference. */
export function toSdkEntity(e: RawEntity): Record<string, unknown> {
  const out: Record<string, unknown> = { partitionKey: e.PartitionKey, rowKey: e.RowKey };
  for (const [key, [type, value]] of Object.entries(e.p)) {
    out[key] = type === 'String' || type === 'Boolean' ? value : { type, value };
  }
  return out;
}
