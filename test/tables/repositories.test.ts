/**
 * The repositories against the real Azurite that jest's global setup started (no mock of our storage).
 * The CaseStore's own promises (create, get, update, list, by reference) are in test/ports/cases.contract.test.ts,
 * which holds this repository and the in-memory fake to the same assertions.
 */
import { CaseLogRepository } from '../../src/adapters/tables/case-log-repository';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { ConversationRepository } from '../../src/adapters/tables/conversation-repository';
import { CounterRepository } from '../../src/adapters/tables/counter-repository';
import { DirectoryRepository } from '../../src/adapters/tables/directory-repository';
import { IdempotencyRepository } from '../../src/adapters/tables/idempotency-repository';
import { NoticeRepository } from '../../src/adapters/tables/notice-repository';
import { PreferenceRepository } from '../../src/adapters/tables/preference-repository';
import type { NoticeRecord } from '../../src/ports';
import { openCase } from '../../src/domain/case';
import { aCase, report, T } from '../support/case-fixture';
import { testTables, uniquePrefix } from '../support/tables';

const prefix = uniquePrefix();
const tables = testTables(prefix);
const cases = new CaseRepository(tables);
const counters = new CounterRepository(tables);
const log = new CaseLogRepository(tables);
const idem = new IdempotencyRepository(tables);
const notices = new NoticeRepository(tables);
const directory = new DirectoryRepository(tables);
const conversations = new ConversationRepository(tables);
const prefs = new PreferenceRepository(tables);

beforeAll(async () => {
  await Promise.all([cases, counters, log, idem, notices, directory, conversations, prefs].map((r) => r.init()));
});

describe('reference counters', () => {
  it('give 50 concurrent reports at one school 50 different consecutive numbers', async () => {
    const got = await Promise.all(Array.from({ length: 50 }, () => counters.next(T, 'ellingsrud', 2026)));
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
  it('give two instances reporting at once 80 different consecutive numbers', async () => {
    const other = new CounterRepository(testTables(prefix));
    const got = await Promise.all(Array.from({ length: 80 }, (_, i) => (i % 2 ? other : counters).next(T, 'ellingsrud', 2030)));
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });
  it('count each school and year on its own', async () => {
    expect(await counters.next(T, 'nordberg', 2026)).toBe(1);
    expect(await counters.next(T, 'ellingsrud', 2027)).toBe(1);
    expect(await counters.next('tenant-b', 'ellingsrud', 2026)).toBe(1);
  });
});

describe('the case log', () => {
  it('keeps every entry, in order, even when written concurrently', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ at: `2026-11-24T10:00:${String(i).padStart(2, '0')}.000Z`, actorId: `u${i}`, action: 'lest' as const, detail: '' }));
    await Promise.all(entries.map((e) => log.append(T, 'ellingsrud', 'c-log', e)));
    const listed = await log.list(T, 'ellingsrud', 'c-log');
    expect(listed.map((e) => e.actorId)).toEqual(entries.map((e) => e.actorId));
    expect(await log.list(T, 'ellingsrud', 'other')).toEqual([]);
  });

  it("lists a case's first entries, saved with the case, before the later ones; once, however often the case is created; retention takes them too", async () => {
    const opened = openCase({ tenantId: T, schoolId: 'ellingsrud', caseId: 'c-logged', ref: 'SM-2026-0777', now: '2026-11-24T09:30:00.000Z', reporterId: 'kari', report: { ...report, staffSuspected: true }, suggestedLeaderId: 'lars', investigationDue: '2026-12-01' });
    expect(opened.logs.length).toBeGreaterThan(1); // 'meldt', and the school owner told (§ 12-5)
    await cases.create(opened.case, [], opened.logs);
    await cases.create(opened.case, [], opened.logs);
    const later = { at: '2026-11-24T09:31:00.000Z', actorId: 'lars', action: 'lest' as const, detail: '' };
    await log.append(T, 'ellingsrud', 'c-logged', later);
    expect(await log.list(T, 'ellingsrud', 'c-logged')).toEqual([...opened.logs, later]);
    // The case's rows are still only cases to whoever lists them.
    expect((await cases.listBySchool(T, 'ellingsrud')).filter((c) => c.caseId === 'c-logged')).toHaveLength(1);
    const deleted = { at: '2026-12-24T09:00:00.000Z', actorId: 'system', action: 'slettet' as const, detail: '' };
    await log.append(T, 'ellingsrud', 'c-logged', deleted);
    await log.removeCase(T, 'ellingsrud', 'c-logged');
    expect(await log.list(T, 'ellingsrud', 'c-logged')).toEqual([deleted]);
  });
});

describe('idempotency', () => {
  it('answers "first time" once per activity, also under concurrency', async () => {
    const r = await Promise.all(Array.from({ length: 10 }, () => idem.firstTime('conv|activity-1')));
    expect(r.filter(Boolean)).toHaveLength(1);
    expect(await idem.firstTime('conv|activity-2')).toBe(true);
  });
  it('lets one submission of a form win and returns its case to the others', async () => {
    const r = await Promise.all(['case-a', 'case-b', 'case-c'].map((caseId) => idem.claim('form-1', { caseId })));
    const winners = r.filter((x) => x.first);
    expect(winners).toHaveLength(1);
    expect(new Set(r.map((x) => x.value.caseId))).toEqual(new Set([winners[0].value.caseId]));
  });
});

describe('the notice outbox', () => {
  const notice = (recipientId: string): NoticeRecord => ({
    tenantId: T, schoolId: 'ellingsrud', caseId: 'c-n', kind: 'rektor', recipientId, status: 'pending', attempts: 0,
    nextAttemptAt: '2026-11-24T09:30:00.000Z', conversationId: '', activityId: '', lastError: '',
  });
  it('queues a notice once even when enqueued twice', async () => {
    await notices.enqueue([notice('rektor')]);
    await notices.enqueue([notice('rektor')]);
    expect(await notices.forCase(T, 'ellingsrud', 'c-n')).toHaveLength(1);
  });
  it('lets exactly one of two instances claim a due notice (ETag)', async () => {
    await notices.enqueue([notice('tone')]);
    const [a] = (await notices.due('2026-11-24T10:00:00.000Z', 10)).filter((n) => n.recipientId === 'tone');
    const [b] = (await notices.due('2026-11-24T10:00:00.000Z', 10)).filter((n) => n.recipientId === 'tone');
    const results = await Promise.all([notices.save({ ...a, status: 'sent' }), notices.save({ ...b, status: 'sent' })]);
    expect(results.sort()).toEqual([false, true]);
  });
  it('does not hand out notices that are not due yet', async () => {
    await notices.enqueue([{ ...notice('later'), nextAttemptAt: '2026-12-01T00:00:00.000Z' }]);
    expect((await notices.due('2026-11-24T10:00:00.000Z', 100)).map((n) => n.recipientId)).not.toContain('later');
  });
});

describe('directory, conversations and preferences', () => {
  it('knows a person at two schools, and each school’s staff', async () => {
    const base = { tenantId: T, name: 'Per', classes: [], trinn: [] };
    await directory.upsertMembership({ ...base, schoolId: 'ellingsrud', userId: 'per', roles: ['ansatt'] });
    await directory.upsertMembership({ ...base, schoolId: 'nordberg', userId: 'per', roles: ['ansatt', 'kontaktlaerer'], classes: ['5B'] });
    expect((await directory.membershipsOf(T, 'per')).map((m) => m.schoolId).sort()).toEqual(['ellingsrud', 'nordberg']);
    expect((await directory.staffOf(T, 'nordberg')).find((m) => m.userId === 'per')?.classes).toEqual(['5B']);
    expect(await directory.membershipsOf('tenant-b', 'per')).toEqual([]);
  });
  it('stores where to reach a user and reads it back', async () => {
    await conversations.put(T, 'kari', { reference: { conversation: { id: 'a:1' } as never, serviceUrl: 'http://x/' }, locale: 'nn-NO' });
    expect(await conversations.get(T, 'kari')).toEqual({ reference: { conversation: { id: 'a:1' }, serviceUrl: 'http://x/' }, locale: 'nn-NO' });
    expect(await conversations.get(T, 'nobody')).toBeUndefined();
  });
  it('keeps a chosen language, seen by another instance too', async () => {
    await prefs.setLanguage(T, 'eva', 'nn');
    expect(await new PreferenceRepository(tables).language(T, 'eva')).toBe('nn');
    expect(await prefs.language(T, 'nobody')).toBeUndefined();
  });
});

describe('plan versions and large casework', () => {
  const plan = (version: number, problem: string) => ({
    version, problem, measures: [], evaluationDate: '2026-12-16', pupilView: 'x', parentsView: '', bestInterests: 'x', createdAt: '2026-11-25T10:00:00.000Z', createdBy: 'lars',
  });
  it('saves each plan version beside its case and never overwrites one: the same version again is a conflict', async () => {
    const c = (await cases.create(aCase('plan-0001'))).case;
    const v1 = await cases.savePlan({ ...c, work: { members: [], planVersion: 1, evaluationDue: '2026-12-16', evaluations: [] } }, plan(1, 'første'));
    await expect(cases.savePlan({ ...v1, work: { ...v1.work!, planVersion: 1 } }, plan(1, 'overskrevet?'))).rejects.toMatchObject({ code: 'common.CONFLICT' });
    const v2 = await cases.savePlan({ ...(await cases.get(T, 'ellingsrud', 'plan-0001'))!, work: { ...v1.work!, planVersion: 2 } }, plan(2, 'andre'));
    expect(v2.work!.planVersion).toBe(2);
    expect((await cases.plans(T, 'ellingsrud', 'plan-0001')).map((p) => [p.version, p.problem])).toEqual([[1, 'første'], [2, 'andre']]);
    // Plan rows are not cases.
    expect((await cases.listBySchool(T, 'ellingsrud')).filter((x) => x.caseId === 'plan-0001')).toHaveLength(1);
  });
  it('keeps casework larger than one table property (64 KiB) whole, split over several', async () => {
    const c = (await cases.create(aCase('plan-0002'))).case;
    const evaluations = Array.from({ length: 40 }, (_, i) => ({ planVersion: 1, outcome: 'fortsette' as const, note: `${i} ${'æøå '.repeat(370)}`, nextEvaluationDate: '2027-01-10', at: '2026-12-01T10:00:00.000Z', by: 'lars' }));
    const work = { members: [], planVersion: 1, evaluationDue: '2027-01-10', evaluations };
    expect(JSON.stringify(work).length).toBeGreaterThan(60_000);
    await cases.update({ ...c, work });
    expect((await cases.get(T, 'ellingsrud', 'plan-0002'))!.work).toEqual(work);
  });
});
