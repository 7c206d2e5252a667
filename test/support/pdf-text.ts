/**
 * The text a PDF from pdfkit shows, read back from the file as downloaded (compressed): each
 * content stream is inflated and its TJ arrays of WinAnsi hex strings decoded, one line per TJ.
 * Enough to check what a reader of the PDF would see; not a general PDF reader.
 */
import { inflateSync } from 'node:zlib';

/** WinAnsi bytes 0x80–0x9f (0xa0–0xff are Latin-1). Node's TextDecoder('windows-1252') decodes as Latin-1, so not that. */
const WIN_ANSI_80 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
export const winAnsi = (bytes: Buffer): string => [...bytes].map((b) => (b >= 0x80 && b < 0xa0 ? WIN_ANSI_80[b - 0x80] : String.fromCharCode(b))).join('');

export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a compressed content stream (fonts, images, metadata)
    }
    for (const tj of content.matchAll(/\[([^\]]*)\] TJ/g)) {
      const hex = [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      lines.push(winAnsi(Buffer.from(hex, 'hex')));
    }
  }
  return lines.join('\n');
}
