/**
 * The numbers of the case references (SM-2026-0042), chosen in this instance and made unique by
 * the case's own transaction: the reference row beside the case (`~X_SM-…`) is *created* there,
 * so two cases given one number collide (409) and the second is not saved (ReferenceTaken).
 * A report costs no round trip for its number: this instance counts on from the last number it
 * used at the school this year; concurrent reports on one instance get distinct numbers at once.
 * A cold instance reads the highest taken (the year's reference rows, and the Counters row) once;
 * one whose number was taken by another instance is told the highest by the failed save (which
 * reads the year's reference rows to tell a reference taken from the same case sent again), and
 * counts on from there.
 *
 * The Counters row (`ref_<year>`, the layout before) is still the fence for instances of the
 * version before, which take their numbers there and *upsert* the reference row (they would
 * overwrite ours without a collision). So this instance uses a number only when the Counters row
 * is already past it: it keeps the row up to AHEAD numbers ahead, raised after the answer when
 * half is used (on the request's path only when it is used up: a cold start after the deploy, or a
 * burst), so an instance of before that takes its next numbers there takes numbers past ours. The
 * row as this version writes it carries `oldHigh` (the highest number an instance of before may
 * have taken: a write of before replaces the row and drops the property, so its value is such a
 * number) and `used` (the highest number used when the row was raised). Retention keeps a deleted
 * case's reference row (its case id only), so a number stays taken for good: a cold instance counts
 * on past it, and a warm one that never saw it collides with it. Every write is conditional on the ETag read, so no write of before
 * goes unseen. Gaps: an instance of before jumps at most AHEAD during a deploy; a report refused
 * after its number was chosen leaves one, as before.
 */
import type { TableClient } from '@azure/data-tables';
import { REF_PATTERN } from '../../domain/reference';
import type { CaseRefs } from '../../ports';
import { casePk, esc, keyPart, readRow, startsWith, statusOf, TableRepository, type Tables } from './table-client';

/** The reference rows beside the cases: one per reference, so «sak SM-…» is a point read and a second case with the reference collides. */
export const REF = '~X_';
export const refKey = (ref: string) => keyPart(`${REF}${ref}`);

/**
 * The year's reference rows at the school: the highest number, and the case a reference names.
 * Their keys sort as text (SM-2026-10000 before SM-2026-9999), so every row of the year is read,
 * its key and case id only: a school's year holds tens or hundreds of cases, read on a cold start
 * or a collision only.
 */
export async function yearRefs(cases: TableClient, pk: string, year: number): Promise<{ highest: number; caseOf: Map<string, string> }> {
  let highest = 0;
  const caseOf = new Map<string, string>();
  const filter = `PartitionKey eq '${esc(pk)}' and ${startsWith(refKey(`SM-${year}-`))}`;
  for await (const e of cases.listEntities<{ caseId: string }>({ queryOptions: { filter, select: ['RowKey', 'caseId'] } })) {
    const ref = e.rowKey!.slice(REF.length);
    caseOf.set(ref, e.caseId);
    const m = REF_PATTERN.exec(ref);
    if (m && Number(m[1]) === year) highest = Math.max(highest, Number(m[2]));
  }
  return { highest, caseOf };
}

/** How far the Counters row is kept ahead of the numbers this instance uses. */
export const AHEAD = 20;
const MAX_TRIES = 50;

interface CounterRow { partitionKey: string; rowKey: string; value: number; oldHigh?: number; used?: number }
/** What this instance knows of one school's year. */
interface State {
  /** The highest number used or known taken: the next is last + 1. */
  last: number;
  /** Numbers up to here an instance of before cannot take (the Counters row is past them). */
  fence: number;
  /** Numbers up to here an instance of before may have taken. */
  oldHigh: number;
  /** The Counters row as last read or written (etag undefined: there is none). */
  row: { value: number; used: number; etag?: string };
  raising?: Promise<void>;
}

export class CaseRefNumbers extends TableRepository implements CaseRefs {
  private readonly counters = this.own('Counters');
  private readonly cases: TableClient = this.own('Cases');
  private readonly states = new Map<string, Promise<State>>();
  private readonly pending = new Set<Promise<unknown>>();

  /** `afterAnswer`: resolves once the request being handled is answered (the Counters row is raised then). */
  constructor(tables: Tables, private readonly afterAnswer: () => Promise<void> = () => Promise.resolve()) {
    super(tables);
  }

  async propose(tenantId: string, schoolId: string, year: number): Promise<number> {
    const s = await this.state(tenantId, schoolId, year);
    let n = ++s.last;
    for (let i = 0; ; i++) {
      // An instance of before may have taken it meanwhile: a number past theirs.
      if (n <= s.oldHigh) n = ++s.last;
      if (n <= s.fence) break;
      if (i >= MAX_TRIES) throw new Error('case reference fence contended too long');
      await this.raise(s, tenantId, schoolId, year);
    }
    if (s.fence - s.last < AHEAD / 2 && !s.raising) {
      const later = this.afterAnswer()
        .then(() => (s.fence - s.last < AHEAD / 2 ? this.raise(s, tenantId, schoolId, year) : undefined))
        // Not raised now: it is raised on the path when it is needed.
        .catch(() => undefined)
        .finally(() => this.pending.delete(later));
      this.pending.add(later);
    }
    return n;
  }

  async taken(tenantId: string, schoolId: string, year: number, highest: number): Promise<void> {
    const s = await this.state(tenantId, schoolId, year);
    s.last = Math.max(s.last, highest);
  }

  /** Resolves when the Counters rows being raised after an answer are written (graceful shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private state(tenantId: string, schoolId: string, year: number): Promise<State> {
    const key = `${casePk(tenantId, schoolId)}|${year}`;
    let p = this.states.get(key);
    if (!p) {
      p = this.read(tenantId, schoolId, year).then((seen) => {
        const s: State = { last: 0, fence: 0, oldHigh: 0, row: { value: 0, used: 0 } };
        this.learn(s, seen);
        return s;
      });
      this.states.set(key, p);
      p.catch(() => this.states.delete(key));
    }
    return p;
  }

  /** The highest reference row of the year at the school, and the Counters row: one wait. */
  private async read(tenantId: string, schoolId: string, year: number): Promise<{ highest: number; row?: CounterRow & { etag?: string } }> {
    const pk = casePk(tenantId, schoolId);
    const [{ highest }, row] = await Promise.all([yearRefs(this.cases, pk, year), readRow<CounterRow>(this.counters, pk, `ref_${year}`)]);
    return { highest, row };
  }

  private learn(s: State, seen: { highest: number; row?: CounterRow & { etag?: string } }): void {
    const r = seen.row;
    if (r) {
      // Without oldHigh the row was last written by an instance of before: its value may be taken.
      const mine = typeof r.oldHigh === 'number';
      s.oldHigh = Math.max(s.oldHigh, mine ? r.oldHigh! : r.value);
      if (mine) s.fence = Math.max(s.fence, r.value);
      s.row = { value: r.value, used: Math.max(s.row.used, r.used ?? 0), etag: r.etag };
    }
    s.last = Math.max(s.last, seen.highest, s.oldHigh, s.row.used);
  }

  /** Raises the Counters row so the numbers this instance hands out are behind it (one at a time per school and year). */
  private raise(s: State, tenantId: string, schoolId: string, year: number): Promise<void> {
    s.raising ??= this.raiseOnce(s, casePk(tenantId, schoolId), `ref_${year}`).finally(() => (s.raising = undefined));
    return s.raising;
  }

  private async raiseOnce(s: State, pk: string, rk: string): Promise<void> {
    for (let i = 0; i < MAX_TRIES; i++) {
      if (s.fence - s.last >= AHEAD / 2) return;
      const value = Math.max(s.row.value, s.last + AHEAD);
      const used = Math.max(s.row.used, s.last);
      const entity: CounterRow = { partitionKey: pk, rowKey: rk, value, oldHigh: s.oldHigh, used };
      try {
        // The row as last seen, without reading it first: 412 if anyone wrote it since.
        const r = s.row.etag ? await this.counters.updateEntity(entity, 'Replace', { etag: s.row.etag }) : await this.counters.createEntity(entity);
        s.row = { value, used, etag: r.etag };
        s.fence = Math.max(s.fence, value);
        return;
      } catch (e) {
        const st = statusOf(e);
        if (st !== 412 && st !== 409 && st !== 404) throw e;
        const row = await readRow<CounterRow>(this.counters, pk, rk);
        if (!row) s.row = { value: s.row.value, used: s.row.used };
        this.learn(s, { highest: 0, row });
        await new Promise((r) => setTimeout(r, Math.random() * 10 * (i + 1)));
      }
    }
    throw new Error('case reference fence contended too long');
  }
}
