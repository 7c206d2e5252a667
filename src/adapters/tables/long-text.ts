/**
 * Long text (a case's casework, a complaint's body, a plan) in one table entity: gzip-compressed,
 * split on byte boundaries of the compressed bytes into binary properties `<p>Gz0…`, with the
 * count (`<p>Parts`) and a SHA-256 of the text (`<p>Sha256`). A character is never cut (the split
 * is of compressed bytes, not of the text), the parts are read by number, never by name order,
 * and a record that comes back changed in any way is refused loudly instead of shown altered.
 * Rows written before (JSON split over string properties `<p>0`, `<p>1`, …) are still read.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DomainError } from '../../domain/errors';

/** Azure Tables keeps a binary property to 64 KiB and a whole entity to 1 MiB. */
const PART_BYTES = 60_000;
const MAX_PARTS = 15;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A stored long text that does not match its checksum or lacks a part: never shown as it is. */
export class LongTextCorrupt extends Error {
  constructor(prefix: string, why: string) {
    super(`stored long text "${prefix}" is damaged: ${why}`);
  }
}

export function toChunks(prefix: string, text: string): Record<string, unknown> {
  const raw = Buffer.from(text, 'utf8');
  const packed = gzipSync(raw);
  const parts = Math.max(1, Math.ceil(packed.length / PART_BYTES));
  if (parts > MAX_PARTS) throw new DomainError('common.TEXT_TOO_LARGE', { size: text.length });
  const out: Record<string, unknown> = { [`${prefix}Parts`]: parts, [`${prefix}Sha256`]: sha256(raw) };
  // A copy per part: the SDK sends a Uint8Array as Edm.Binary, and must not see the whole Buffer pool.
  for (let i = 0; i < parts; i++) out[`${prefix}Gz${i}`] = new Uint8Array(packed.subarray(i * PART_BYTES, (i + 1) * PART_BYTES));
  return out;
}

export function hasChunks(prefix: string, e: Record<string, unknown>): boolean {
  return typeof e[`${prefix}Parts`] === 'number' || typeof e[`${prefix}0`] === 'string';
}

export function fromChunks(prefix: string, e: Record<string, unknown>): string {
  const parts = e[`${prefix}Parts`];
  if (typeof parts !== 'number') {
    let legacy = '';
    for (let i = 0; typeof e[`${prefix}${i}`] === 'string'; i++) legacy += e[`${prefix}${i}`] as string;
    return legacy;
  }
  const pieces: Buffer[] = [];
  for (let i = 0; i < parts; i++) {
    const part = e[`${prefix}Gz${i}`];
    if (!(part instanceof Uint8Array)) throw new LongTextCorrupt(prefix, `part ${i} of ${parts} is missing`);
    pieces.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
  }
  let raw: Buffer;
  try {
    raw = gunzipSync(Buffer.concat(pieces));
  } catch {
    throw new LongTextCorrupt(prefix, 'it does not decompress');
  }
  if (sha256(raw) !== e[`${prefix}Sha256`]) throw new LongTextCorrupt(prefix, 'its checksum does not match');
  return raw.toString('utf8');
}
