/**
 * The archive export as PDF, read back the way a person would notice problems: is it a PDF, how
 * many pages, does every page say "Side n av N", are the Norwegian letters right, does a long
 * table carry its header row onto the next page.
 *
 * With compress:false pdfkit writes content streams as plain text; the standard fonts show text as
 * TJ arrays of hex strings in WinAnsi, split wherever a kerning number goes in between:
 * `[<41> 40 <76> 25 <e5> 0] TJ` is "Avå". readPdf joins the pieces and decodes them, one string
 * per TJ (one line of text), page by page in /Kids order.
 */
import { renderArchivePdf } from '../../src/adapters/export/archive-pdf';
import { toWinAnsi } from '../../src/adapters/export/pdf/win-ansi';
import type { ArchiveDocument } from '../../src/app/archive-model';
import { winAnsi } from '../support/pdf-text';

interface ReadPdf {
  /** The text lines drawn on each page, in drawing order. */
  pages: string[][];
  /** Every hex string in every TJ (to check none is malformed). */
  hexStrings: string[];
  title: string | undefined;
  creator: string | undefined;
  lang: string | undefined;
  /** The XMP metadata packet. */
  xmp: string | undefined;
}


/** Decodes a PDF literal string's bytes (pdfkit escapes \n \r \t \b \f ( ) \\); UTF-16BE when it has a BOM. */
function literal(raw: string): string {
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
  for (let i = 0; i < raw.length; i++) {
    let ch = raw[i];
    if (ch === '\\') {
      ch = raw[++i];
      if (/[0-7]/.test(ch)) {
        const oct = /^[0-7]{1,3}/.exec(raw.slice(i))![0];
        bytes.push(parseInt(oct, 8));
        i += oct.length - 1;
        continue;
      }
      bytes.push(escapes[ch] ?? ch.charCodeAt(0));
      continue;
    }
    bytes.push(ch.charCodeAt(0));
  }
  const buf = Buffer.from(bytes);
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  return buf.toString('latin1');
}

/** The literal string at the start of `body` ("(...)"), up to the first unescaped ")". */
function literalAt(body: string): string {
  let i = body.indexOf('(') + 1;
  let raw = '';
  while (i < body.length && body[i] !== ')') {
    if (body[i] === '\\') raw += body[i++];
    raw += body[i++];
  }
  return literal(raw);
}

function readPdf(pdf: Buffer): ReadPdf {
  const text = pdf.toString('latin1');
  const objects = new Map<number, string>();
  for (const m of text.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) objects.set(Number(m[1]), m[2]);
  const ref = (body: string, key: string): string | undefined => {
    const m = new RegExp(`/${key} (\\d+) 0 R`).exec(body);
    return m ? objects.get(Number(m[1])) : undefined;
  };
  /** A string entry, inline (`/Lang (nb-NO)`) or an indirect object (pdfkit writes /Info entries so). */
  const str = (dict: string, key: string): string | undefined => {
    const indirect = ref(dict, key);
    if (indirect !== undefined) return literalAt(indirect);
    const inline = dict.indexOf(`/${key} (`);
    return inline < 0 ? undefined : literalAt(dict.slice(inline));
  };
  const root = ref(/trailer\s*<<([\s\S]*?)>>/.exec(text)![1], 'Root')!;
  const info = ref(/trailer\s*<<([\s\S]*?)>>/.exec(text)![1], 'Info')!;
  const pagesTree = ref(root, 'Pages')!;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(pagesTree)![1].matchAll(/(\d+) 0 R/g)].map((m) => objects.get(Number(m[1]))!);
  const hexStrings: string[] = [];
  const pages = kids.map((page) => {
    const content = ref(page, 'Contents')!;
    const stream = /stream\n([\s\S]*)\nendstream/.exec(content)![1];
    return [...stream.matchAll(/\[([^\]]*)\] TJ/g)].map((tj) => {
      const hex = [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]);
      hexStrings.push(...hex);
      return winAnsi(Buffer.from(hex.join(''), 'hex'));
    });
  });
  return { pages, hexStrings, title: str(info, 'Title'), creator: str(info, 'Creator'), lang: str(root, 'Lang'), xmp: /<x:xmpmeta[\s\S]*<\/x:xmpmeta>/.exec(pdf.toString('utf8'))?.[0] };
}

const LONG =
  'Eleven forteller at han blir holdt utenfor i friminuttene og får stygge meldinger i klassens chat («ingen vil ha deg med»). Tiltaket følges opp av kontaktlærer hver uke – jf. opplæringsloven § 12-4.';

const TITLE = 'Sak SM-2026-0001 – elevens skolemiljø (opplæringsloven § 12-4)';

function document(over: Partial<ArchiveDocument> = {}): ArchiveDocument {
  return {
    lang: 'nb',
    title: TITLE,
    school: 'Ellingsrud skole',
    confidentiality: 'Unntatt offentlighet, jf. offl. § 13 og fvl. § 13',
    generated: 'Skrevet ut 25.11.2026 kl. 14.05',
    pageLabel: 'Side {page} av {pages}',
    sections: [
      {
        heading: 'Meldingen',
        facts: [
          ['Elev', 'Ola Nordmann, 7B'],
          ['Meldt av', 'Lars Eide, kontaktlærer'],
          ['Hva skjedde', 'Ola sier: «De sier at jeg ødelegger.»\nMor har også ringt skolen.'],
        ],
        paragraphs: ['Første avsnitt om Æsa, Øystein og Åse på skolegården.', 'Andre avsnitt – med tankestrek og § 12-4.'],
      },
      {
        heading: 'Aktivitetsplan, versjon 1',
        table: {
          columns: ['Nivå', 'Tiltak', 'Når', 'Ansvarlig'],
          rows: Array.from({ length: 20 }, (_, i) => ['Klasse', `Tiltak ${i + 1}: ${LONG} ${LONG}`, `Uke ${40 + i}`, 'Kontaktlærer Lars Eide']),
        },
      },
    ],
    ...over,
  };
}

describe('renderArchivePdf', () => {
  let pdf: Buffer;
  let read: ReadPdf;
  beforeAll(async () => {
    pdf = await renderArchivePdf(document(), { compress: false });
    read = readPdf(pdf);
  });

  it('writes a PDF: it starts with %PDF-', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
  });

  it('a 20-row table of long text runs over more than one page', () => {
    const pageObjects = pdf.toString('latin1').match(/\/Type \/Page(?!s)/g) ?? [];
    expect(pageObjects.length).toBeGreaterThan(1);
    expect(read.pages).toHaveLength(pageObjects.length);
  });

  it('every page has "Side n av N" in its footer, for the right N', () => {
    const n = read.pages.length;
    expect(pdf.toString('latin1')).toContain('/Count ' + n);
    read.pages.forEach((lines, i) => expect(lines).toContain(`Side ${i + 1} av ${n}`));
    const all = read.pages.flat();
    expect(all).toContain('Side 1 av ' + n);
    expect(all).toContain(`Side ${n} av ${n}`);
    expect(all).not.toContain(`Side ${n + 1} av ${n}`);
  });

  it('every page has the confidentiality line in its header', () => {
    for (const lines of read.pages) expect(lines).toContain('Unntatt offentlighet, jf. offl. § 13 og fvl. § 13');
  });

  it('has the title, creator and language in its metadata', () => {
    expect(read.title).toBe(TITLE);
    expect(read.creator).toBe('Meld fra');
    expect(read.lang).toBe('nb-NO');
    expect(read.xmp).toContain('<rdf:li xml:lang="x-default">' + TITLE + '</rdf:li>');
  });

  it('escapes the title in the XMP metadata (pdfkit would put it in raw)', async () => {
    const title = 'Sak SM-2026-0002 – mobbing & <utestenging>';
    const meta = readPdf(await renderArchivePdf(document({ title, sections: [] }), { compress: false }));
    expect(meta.title).toBe(title);
    expect(meta.xmp).toContain('mobbing &amp; &lt;utestenging&gt;');
  });

  it('writes nynorsk documents with Lang nn-NO', async () => {
    const nn = readPdf(await renderArchivePdf(document({ lang: 'nn', sections: [] }), { compress: false }));
    expect(nn.lang).toBe('nn-NO');
    expect(nn.pages).toHaveLength(1);
    expect(nn.pages[0]).toContain('Side 1 av 1');
  });

  it('prints æ ø å Æ Ø Å « » – § as themselves', () => {
    const all = read.pages.flat();
    expect(all.slice(0, 2).join(' ')).toContain('elevens skolemiljø');
    expect(all).toContain('Ola sier: «De sier at jeg ødelegger.»');
    expect(all).toContain('Mor har også ringt skolen.');
    expect(all).toContain('Første avsnitt om Æsa, Øystein og Åse på skolegården.');
    expect(all).toContain('Andre avsnitt – med tankestrek og § 12-4.');
    expect(all).toContain('Nivå');
    // Every glyph string is whole bytes (a character outside WinAnsi would make an odd-length one).
    for (const hex of read.hexStrings) expect(hex.length % 2).toBe(0);
  });

  it('wraps long cells and repeats the table header row on every page the table continues on', () => {
    const tablePages = read.pages.filter((lines) => lines.some((l) => /^Tiltak \d+:/.test(l)));
    expect(tablePages.length).toBeGreaterThan(1);
    const header = ['Nivå', 'Tiltak', 'Når', 'Ansvarlig'];
    // On the first page the header row comes right before the first row; on the others it is the first text drawn.
    const first = tablePages[0];
    const at = first.indexOf('Nivå');
    expect(first.slice(at, at + 5)).toEqual([...header, 'Klasse']);
    for (const lines of tablePages.slice(1)) expect(lines.slice(0, 4)).toEqual(header);
    // All 20 rows are there, each once, in order, and their cells are wrapped.
    const starts = read.pages.flat().filter((l) => /^Tiltak \d+:/.test(l));
    expect(starts.map((l) => Number(/^Tiltak (\d+):/.exec(l)![1]))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const line of starts) expect(line.length).toBeLessThan(LONG.length / 2);
  });

  it('replaces characters the standard fonts lack instead of garbling the line', async () => {
    expect(toWinAnsi('č ŋ đ − → 😀 a\u030Ao 1\u202F000')).toBe('c n d - -> ? åo 1 000');
    const odd = readPdf(
      await renderArchivePdf(document({ sections: [{ heading: 'Sámi: Áŋŋá Čuđe', paragraphs: ['Før → etter ✓'] }] }), { compress: false }),
    );
    const all = odd.pages.flat();
    expect(all).toContain('Sámi: Ánná Cude');
    expect(all).toContain('Før -> etter x');
    for (const hex of odd.hexStrings) expect(hex.length % 2).toBe(0);
  });

  it('compresses by default', async () => {
    const compressed = await renderArchivePdf(document());
    expect(compressed.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(compressed.toString('latin1')).toContain('/FlateDecode');
    expect(compressed.length).toBeLessThan(pdf.length);
  });
});
