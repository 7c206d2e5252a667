/**
 * Long Norwegian text must come back byte for byte, every time. The flaky «keeps casework larger
 * than one table property» lost an «å» to U+FFFD on a busy machine: Azurite decodes each network
 * read of a request body as UTF-8 on its own, so a read that ended inside «å» broke it. Here every
 * request goes through a proxy that cuts it inside characters on purpose, under parallel load.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { TableClient } from '@azure/data-tables';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { LongTextCorrupt, toChunks } from '../../src/adapters/tables/long-text';
import { refusalText } from '../../src/adapters/teams/refusals';
import { Tables } from '../../src/adapters/tables/table-client';
import { azuriteConnectionString } from '../../src/config';
import type { Casework } from '../../src/domain/casework';
import { openCase, type SkolemiljoCase } from '../../src/domain/case';
import type { Report } from '../../src/domain/report';
import { connectionString, uniquePrefix } from '../support/tables';
import { splitProxy, type SplitProxy } from './split-proxy';

const T = 'tenant-lt';
const report: Report = {
  pupilName: 'Åse Ørnes', pupilClass: '9B', signs: [], observed: 'Blåmerke på låret, «ble dyttet» i gangen.', kinds: ['mobbing'], kindOther: '', where: 'gangen', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};
const aCase = (caseId: string): SkolemiljoCase =>
  openCase({ tenantId: T, schoolId: 'ellingsrud', caseId, ref: `SM-2026-${caseId.slice(-4)}`, now: '2026-11-24T09:30:00.000Z', reporterId: 'kari', report, suggestedLeaderId: 'lars', investigationDue: '2026-12-01' }).case;

const LETTERS = [...'abcdefghijklmnoprstuvyæøåÆØÅéü', '😀', '🙂', '👍'];

/** `bytes` of UTF-8 text: Norwegian words, æøå, emoji (surrogate pairs, ZWJ sequences, flags), seeded. */
function norwegianText(bytes: number, seed: number): string {
  const words = ['skolemiljø', 'årsak', 'æresord', 'Ørsta', 'Ålesund', 'tiltak', 'elev', 'blåøyd', 'føle', 'trygg', 'gå', 'være', 'læreren', 'skjønner', '😀', '👩‍🏫', '🇳🇴', '🧒🏽', '«sitat»', '–', '\n'];
  // mulberry32: the low bits of a plain LCG repeat too soon and the text would compress to nothing.
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  let x = 0;
  const out: string[] = [];
  for (let size = 0; size < bytes; ) {
    x = next();
    // Every other token a made-up name of random letters, so the text does not compress to one part.
    let w = words[x % words.length];
    if (x % 2 === 0) {
      w = '';
      for (let n = 3 + (x % 6); n > 0; n--) {
        x = next();
        w += LETTERS[x % LETTERS.length];
      }
    }
    w += x % 7 === 0 ? '. ' : ' ';
    out.push(w);
    size += Buffer.byteLength(w);
  }
  return out.join('');
}

const workWith = (text: string): Casework => ({
  members: [],
  planVersion: 1,
  evaluationDue: '2027-01-10',
  evaluations: [{ planVersion: 1, outcome: 'fortsette', note: text, nextEvaluationDate: '2027-01-10', at: '2026-12-01T10:00:00.000Z', by: 'lars' }],
});

let proxy: SplitProxy;
let cases: CaseRepository;
let prefix: string;

beforeAll(async () => {
  proxy = await splitProxy(Number(process.env.TEST_AZURITE_PORT));
  prefix = uniquePrefix();
  cases = new CaseRepository(new Tables({ connectionString: azuriteConnectionString(proxy.port), prefix }));
  await cases.init();
});
afterAll(() => proxy.close());

describe('long text in a table entity', () => {
  it('comes back byte for byte: 200 KB of æøå and emoji in each of 12 cases, written and read in parallel through cut connections', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `lt-${String(i).padStart(4, '0')}`);
    const texts = new Map(ids.map((id, i) => [id, norwegianText(200_000, i + 1)]));
    expect(Buffer.byteLength(texts.get(ids[0])!)).toBeGreaterThanOrEqual(200_000);
    // Compressed, each still needs more than one binary part (at most 64 KiB each).
    expect(gzipSync(texts.get(ids[0])!).length).toBeGreaterThan(64 * 1024);
    await Promise.all(ids.map(async (id) => {
      const c = (await cases.create(aCase(id))).case;
      await cases.update({ ...c, work: workWith(texts.get(id)!) });
    }));
    const read = await Promise.all(ids.map((id) => cases.get(T, 'ellingsrud', id)));
    for (const [i, id] of ids.entries()) {
      const back = read[i]!.work!.evaluations[0].note;
      expect({ id, same: Buffer.from(back, 'utf8').equals(Buffer.from(texts.get(id)!, 'utf8')), replacement: back.includes('\uFFFD') }).toEqual({ id, same: true, replacement: false });
      expect(read[i]!.report).toEqual(report);
    }
  });

  it('shrinks and grows without leftovers: a long text replaced by a short one and back reads as written', async () => {
    const c = (await cases.create(aCase('lt-0100'))).case;
    const long = norwegianText(200_000, 99);
    const saved = await cases.update({ ...c, work: workWith(long) });
    const short = await cases.update({ ...saved, work: workWith('Kort: «gått bra» 👍') });
    expect((await cases.get(T, 'ellingsrud', 'lt-0100'))!.work!.evaluations[0].note).toBe('Kort: «gått bra» 👍');
    await cases.update({ ...short, work: workWith(long) });
    expect((await cases.get(T, 'ellingsrud', 'lt-0100'))!.work!.evaluations[0].note).toBe(long);
  });

  it('sends every JSON body as ASCII, so no cut falls inside a character: 20 KB of æøå in one property comes back whole', async () => {
    const text = 'æøå ÆØÅ «blåbær» 🇳🇴 '.repeat(800);
    // Control: a client without the service's settings sends UTF-8, and the proxy does cut inside it.
    const plain = TableClient.fromConnectionString(azuriteConnectionString(proxy.port), `${prefix}Plain`, { allowInsecureConnection: true });
    await plain.createTable();
    const before = proxy.cutsInsideCharacters();
    await plain.upsertEntity({ partitionKey: 'p', rowKey: 'r', text }, 'Replace');
    expect(proxy.cutsInsideCharacters()).toBeGreaterThan(before);
    // The service's own client (table-client.ts) gives it nothing to cut, and the text is intact.
    const tables = new Tables({ connectionString: azuriteConnectionString(proxy.port), prefix });
    const mine = await tables.ensure(tables.client('Probe'));
    const cutBefore = proxy.cutsInsideCharacters();
    await Promise.all(Array.from({ length: 8 }, (_, i) => mine.upsertEntity({ partitionKey: 'p', rowKey: `r${i}`, text }, 'Replace')));
    expect(proxy.cutsInsideCharacters()).toBe(cutBefore);
    const back = await Promise.all(Array.from({ length: 8 }, (_, i) => mine.getEntity<{ text: string }>('p', `r${i}`)));
    for (const e of back) expect(Buffer.from(e.text, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('refuses a stored text that changed or lost a part, instead of showing it altered', async () => {
    const c = (await cases.create(aCase('lt-0300'))).case;
    await cases.update({ ...c, work: workWith(norwegianText(200_000, 7)) });
    const raw = TableClient.fromConnectionString(connectionString(), `${prefix}Cases`, { allowInsecureConnection: true });
    const pk = `${T}_ellingsrud`;
    const e = await raw.getEntity<Record<string, unknown>>(pk, 'lt-0300');
    expect(e.workParts).toBeGreaterThanOrEqual(2);
    const part = Buffer.from(e.workGz1 as Uint8Array);
    part[100] ^= 0xff;
    await raw.updateEntity({ partitionKey: pk, rowKey: 'lt-0300', workGz1: new Uint8Array(part) }, 'Merge');
    await expect(cases.get(T, 'ellingsrud', 'lt-0300')).rejects.toThrow(LongTextCorrupt);
    const { etag: _etag, timestamp: _ts, workGz1: _gone, ...rest } = (await raw.getEntity<Record<string, unknown>>(pk, 'lt-0300')) as Record<string, unknown>;
    await raw.upsertEntity({ ...rest, partitionKey: pk, rowKey: 'lt-0300' }, 'Replace');
    await expect(cases.get(T, 'ellingsrud', 'lt-0300')).rejects.toThrow(/part 1 of \d+ is missing/);
  });

  it('still reads a case stored the old way (JSON split over string properties work0, work1, …)', async () => {
    const c = (await cases.create(aCase('lt-0400'))).case;
    const raw = TableClient.fromConnectionString(connectionString(), `${prefix}Cases`, { allowInsecureConnection: true });
    const json = JSON.stringify(workWith('Gammel rad: æøå 🙂 '.repeat(3000)));
    const e = await raw.getEntity<Record<string, unknown>>(`${T}_ellingsrud`, 'lt-0400');
    const { etag: _etag, timestamp: _ts, ...rest } = e as Record<string, unknown> & { etag: string; timestamp: string };
    const legacy: Record<string, unknown> = { ...rest, partitionKey: `${T}_ellingsrud`, rowKey: 'lt-0400' };
    for (let i = 0; i * 30_000 < json.length; i++) legacy[`work${i}`] = json.slice(i * 30_000, (i + 1) * 30_000);
    await raw.upsertEntity(legacy as { partitionKey: string; rowKey: string }, 'Replace');
    expect((await cases.get(T, 'ellingsrud', c.caseId))!.work).toEqual(JSON.parse(json));
  });
});

describe('a text too large for one entity', () => {
  it('is refused before anything is written, in words that name no limit the text cannot keep', () => {
    // Random bytes as text hardly compress: more than the 15 parts of 60 000 bytes an entity holds.
    const huge = randomBytes(1_000_000).toString('base64');
    let refused: unknown;
    try {
      toChunks('work', huge);
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({ code: 'common.TEXT_TOO_LARGE', detail: { size: huge.length } });
    expect(refusalText('nb', refused)).toBe('Teksten er for lang til å lagres. Ingenting er lagret. Forkort teksten og prøv igjen.');
  });
});
