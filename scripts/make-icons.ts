/**
 * Draws the app's two Teams icons as PNG with nothing but zlib: color.png (192×192, full
 * colour) and outline.png (32×32, white on transparent), as Teams requires. A speech bubble
 * with an exclamation mark: "si fra". Run: npx tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

type RGBA = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

export function encodePng(size: number, pixel: (x: number, y: number) => RGBA): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Shapes in a unit square (0..1). */
const roundRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const triangle = (x: number, y: number, [ax, ay]: number[], [bx, by]: number[], [cx, cy]: number[]) => {
  const s = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by), d2 = s(x, y, bx, by, cx, cy), d3 = s(x, y, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const bubble = (x: number, y: number, inset = 0) =>
  roundRect(x, y, 0.16 + inset, 0.18 + inset, 0.84 - inset, 0.7 - inset, 0.12 - inset / 2) ||
  (inset === 0 && triangle(x, y, [0.3, 0.66], [0.46, 0.66], [0.26, 0.86]));
const exclamation = (x: number, y: number) => roundRect(x, y, 0.455, 0.26, 0.545, 0.5, 0.045) || (x - 0.5) ** 2 + (y - 0.6) ** 2 <= 0.05 ** 2;

/** Supersampled coverage of a shape at pixel (px, py). */
const coverage = (size: number, px: number, py: number, inside: (x: number, y: number) => boolean, n = 4) => {
  let hit = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (inside((px + (i + 0.5) / n) / size, (py + (j + 0.5) / n) / size)) hit++;
  return hit / (n * n);
};
const mix = (a: RGBA, b: RGBA, t: number): RGBA => a.map((v, i) => Math.round(v + (b[i] - v) * t)) as RGBA;

const TEAL: RGBA = [0x0b, 0x6e, 0x79, 255];
const WHITE: RGBA = [255, 255, 255, 255];

export const colorIcon = (): Buffer =>
  encodePng(192, (x, y) => {
    const onBubble = coverage(192, x, y, (u, v) => bubble(u, v));
    const onMark = coverage(192, x, y, exclamation);
    return mix(mix(TEAL, WHITE, onBubble), TEAL, onMark);
  });

/** White outline of the bubble and the mark, everything else fully transparent. */
export const outlineIcon = (): Buffer =>
  encodePng(32, (x, y) => {
    const ring = coverage(32, x, y, (u, v) => bubble(u, v) && !bubble(u, v, 0.07), 6);
    const mark = coverage(32, x, y, exclamation, 6);
    const a = Math.min(1, ring + mark);
    return [255, 255, 255, Math.round(a * 255)];
  });

if (require.main === module) {
  const dir = join(__dirname, '..', 'manifest');
  writeFileSync(join(dir, 'color.png'), colorIcon());
  writeFileSync(join(dir, 'outline.png'), outlineIcon());
  console.log(`wrote ${dir}/color.png and outline.png`);
}
