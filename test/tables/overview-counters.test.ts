/**
 * The overview's counters (issue 17) are kept as cases change, in the change's own transaction:
 * on 5,000 cases at 10 schools, made by the domain's steps and saved into Azurite (some at once,
 * some step by step), every school's figures from the counters and the index of open deadlines
 * equal a recount from the raw cases. A repeated create, or a save retried with a stale ETag,
 * counts nothing twice. No timing here: `npm run bench:oversikt` measures the card.
 */
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { localDateOf, calendarFor } from '../../src/app/school-time';
import { figuresOf, monthOf, monthsOf, type Figures } from '../../src/domain/overview';
import type { SkolemiljoCase } from '../../src/domain/case';
import { schoolDaysBetween } from '../../src/domain/school-calendar';
import { caseSteps, generateCases, random } from '../support/overview-cases';
import { testTables } from '../support/tables';

jest.setTimeout(120_000);

const T = 'kommune';
const TODAY = '2027-03-15';
const SCHOOLS = Array.from({ length: 10 }, (_, i) => `skole-${i}`);
const PER_SCHOOL = 500;
const months = monthsOf('schoolYear', TODAY);
const dateOf = (iso: string) => localDateOf(new Date(iso));

let cases: CaseRepository;
const tables = testTables();

beforeAll(async () => {
  cases = new CaseRepository(tables);
  await cases.init();
  // Schools in parallel (their own partitions), a school's cases one after the other, in batches of 50.
  await Promise.all(
    SCHOOLS.map(async (schoolId, s) => {
      for (let b = 0; b < PER_SCHOOL / 50; b++) {
        await generateCases(cases, { tenantId: T, schoolId, n: 50, today: TODAY, from: '2026-06-01', seed: 1000 * s + b, stepEvery: 10, idPrefix: `${schoolId}-${b}`, firstRef: b * 50 });
      }
    }),
  );
  // 5,000 cases take about 50 s alone on 2 cores; beside the rest of the suite on a busy machine, over 120 s was seen.
}, 600_000);

/**
 * The figures counted the long way, from every case of the school as stored, by the definitions
 * in README («oversikt»), not by the domain's tally.
 */
function recount(all: SkolemiljoCase[], period: string[]): Figures {
  const cs = all.filter((c) => c.route !== 'ledelse');
  const inPeriod = (d: string | undefined) => !!d && period.includes(monthOf(d));
  const cal = calendarFor({}, TODAY);
  const due = cs.filter((c) => inPeriod(c.investigationDue));
  const recorded = (c: SkolemiljoCase) => (c.investigationRecordedAt ? dateOf(c.investigationRecordedAt) : undefined);
  const planDays: Record<number, number> = {};
  for (const c of cs) {
    const p = c.work?.firstPlan;
    if (!p || !inPeriod(p.date)) continue;
    const days = schoolDaysBetween(dateOf(c.createdAt), p.date, cal);
    planDays[days] = (planDays[days] ?? 0) + 1;
  }
  const evaluationOpen = (c: SkolemiljoCase) => {
    const w = c.work;
    if (!w || w.closure || c.status === 'avsluttet' || w.planVersion === 0) return false;
    const last = w.evaluations.at(-1);
    return !last || last.planVersion < w.planVersion || last.outcome === 'fortsette';
  };
  return {
    reported: cs.filter((c) => inPeriod(dateOf(c.createdAt))).length,
    decided: due.filter((c) => recorded(c) || c.investigationDue < TODAY).length,
    inTime: due.filter((c) => recorded(c) && recorded(c)! <= c.investigationDue).length,
    plans: cs.filter((c) => inPeriod(c.work?.firstPlan?.date)).length,
    closed: cs.filter((c) => c.work?.closure && inPeriod(dateOf(c.work.closure.at))).length,
    serious: cs.filter((c) => inPeriod(dateOf(c.createdAt)) && c.escalation.state === 'varslet' && c.route !== 'ledelse').length,
    planDays,
    evaluationsOverdue: cs.filter((c) => evaluationOpen(c) && c.work!.evaluationDue < TODAY).length,
  };
}

async function fromCounters(schoolId: string, period: string[]): Promise<Figures> {
  const [counters, open] = await Promise.all([cases.counters(T, schoolId, period[0], period.at(-1)!), cases.openDeadlines(T, schoolId, TODAY)]);
  const pending = open.investigationsNotYetDue.filter((d) => period.includes(monthOf(d))).length;
  return figuresOf(period.map((m) => counters[m] ?? {}), pending, open.evaluationsOverdue);
}

describe('the overview’s counters on 5,000 cases at 10 schools', () => {
  it('equal a recount from the raw cases, for this month, the school year and each of its months', async () => {
    let total = 0;
    for (const schoolId of SCHOOLS) {
      const all = await cases.listBySchool(T, schoolId);
      total += all.length;
      for (const period of [[monthOf(TODAY)], months, ...months.map((m) => [m])]) {
        expect({ schoolId, period, ...(await fromCounters(schoolId, period)) }).toEqual({ schoolId, period, ...recount(all, period) });
      }
    }
    expect(total).toBe(SCHOOLS.length * PER_SCHOOL);
  });

  it('has every kind of figure in it (the generated cases are not all alike)', async () => {
    const f = await fromCounters(SCHOOLS[0], months);
    for (const k of ['reported', 'decided', 'inTime', 'plans', 'closed', 'serious', 'evaluationsOverdue'] as const) expect(f[k]).toBeGreaterThan(0);
    expect(f.decided).toBeGreaterThan(f.inTime);
    expect(Object.keys(f.planDays).length).toBeGreaterThan(3);
  });

  it('loses no count when 40 reports at one school are saved at the same moment', async () => {
    const o = { tenantId: T, schoolId: 'samtidig', n: 40, today: TODAY, from: '2027-03-01', seed: 11 };
    const rnd = random(11);
    const all = Array.from({ length: 40 }, (_, i) => caseSteps(o, i, rnd).at(-1)!.case);
    await Promise.all(all.map((c) => cases.create(c)));
    expect(await fromCounters('samtidig', months)).toEqual(recount(await cases.listBySchool(T, 'samtidig'), months));
    expect((await fromCounters('samtidig', months)).reported).toBe(all.filter((c) => c.route !== 'ledelse').length);
  });

  it('counts a case saved before the overview existed once, when the service starts', async () => {
    const o = { tenantId: T, schoolId: 'gammel', n: 6, today: TODAY, from: '2027-02-01', seed: 21 };
    const rnd = random(21);
    for (let i = 0; i < 6; i++) await cases.create(caseSteps(o, i, rnd).at(-1)!.case);
    // As stored before: no tally on the case rows, no counter rows, no open deadlines.
    const table = tables.client('Cases');
    for await (const e of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${T}_gammel'` } })) {
      const rk = String(e.rowKey);
      if (rk.startsWith('~C_') || rk.startsWith('~E_')) await table.deleteEntity(String(e.partitionKey), rk);
      else if (!rk.startsWith('~')) {
        const { tally: _t, etag: _e, timestamp: _ts, ...old } = e;
        await table.updateEntity(old as { partitionKey: string; rowKey: string }, 'Replace');
      }
    }
    expect((await fromCounters('gammel', months)).reported).toBe(0);
    await new CaseRepository(tables).init();
    const counted = await fromCounters('gammel', months);
    expect(counted).toEqual(recount(await cases.listBySchool(T, 'gammel'), months));
    expect(counted.reported).toBeGreaterThan(0);
    await new CaseRepository(tables).init();
    expect(await fromCounters('gammel', months)).toEqual(counted);
  });

  it('counts nothing twice: the same report created again, or a save retried with the ETag it was read with', async () => {
    const o = { tenantId: T, schoolId: 'gjentatt', n: 1, today: TODAY, from: '2027-03-01', seed: 7 };
    let steps = caseSteps(o, 0, random(7));
    for (let seed = 8; steps.length < 3; seed++) steps = caseSteps(o, 0, random(seed));
    const first = await cases.create(steps[0].case);
    const before = await fromCounters('gjentatt', months);
    expect((await cases.create(steps[0].case)).created).toBe(false);
    expect(await fromCounters('gjentatt', months)).toEqual(before);
    const saved = await cases.update({ ...steps[1].case, etag: first.case.etag });
    const after = await fromCounters('gjentatt', months);
    // The Teams activity delivered again: the same change with the ETag it was read with is refused.
    await expect(cases.update({ ...steps[1].case, etag: first.case.etag })).rejects.toMatchObject({ code: 'common.CONFLICT' });
    expect(await fromCounters('gjentatt', months)).toEqual(after);
    // Saved again unchanged (a refresh): no change in the counts either.
    await cases.update(saved);
    expect(await fromCounters('gjentatt', months)).toEqual(after);
    expect(after).toEqual(recount(await cases.listBySchool(T, 'gjentatt'), months));
  });
});
