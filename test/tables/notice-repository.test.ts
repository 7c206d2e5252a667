/**
 * The notice outbox's sweep query on Azurite: due() reads the pending index, so a sweep reads the
 * notices still to send, not every notice kept until its case's retention ends.
 */
import { NoticeRepository } from '../../src/adapters/tables/notice-repository';
import type { NoticeRecord } from '../../src/ports';
import { testTables } from '../support/tables';

const tables = testTables();
const notices = new NoticeRepository(tables);
const T = 'tenant-n';
const NOW = '2026-11-24T10:00:00.000Z';
const notice = (caseId: string, recipientId: string, o: Partial<NoticeRecord> = {}): NoticeRecord => ({
  tenantId: T, schoolId: 'ellingsrud', caseId, kind: 'rektor', recipientId, status: 'pending', attempts: 0,
  nextAttemptAt: '2026-11-24T09:30:00.000Z', conversationId: '', activityId: '', lastError: '', ...o,
});

beforeAll(() => notices.init());

it('hands out a pending notice until it is sent, without reading the sent ones', async () => {
  await notices.enqueue(Array.from({ length: 40 }, (_, i) => notice(`c-sent-${i}`, 'rektor', { status: 'sent', attempts: 1 })));
  await notices.enqueue([notice('c-1', 'rektor')]);
  const [due] = (await notices.due(NOW, 10)).filter((n) => n.caseId === 'c-1');
  expect(due.recipientId).toBe('rektor');
  expect(notices.entitiesRead).toBe(1);

  expect(await notices.save({ ...due, status: 'sent', attempts: 1 })).toBe(true);
  expect((await notices.due(NOW, 10)).filter((n) => n.caseId === 'c-1')).toEqual([]);
  expect(notices.entitiesRead).toBe(0);
});

it('follows a retry to its next attempt, and a notice removed with its case is not handed out', async () => {
  await notices.enqueue([notice('c-2', 'tone')]);
  const [due] = (await notices.due(NOW, 10)).filter((n) => n.caseId === 'c-2');
  expect(await notices.save({ ...due, attempts: 1, nextAttemptAt: '2026-11-24T11:00:00.000Z' })).toBe(true);
  expect((await notices.due(NOW, 10)).filter((n) => n.caseId === 'c-2')).toEqual([]);
  expect((await notices.due('2026-11-24T11:00:00.000Z', 10)).filter((n) => n.caseId === 'c-2')).toHaveLength(1);

  await notices.removeCase(T, 'ellingsrud', 'c-2');
  expect((await notices.due('2026-11-24T12:00:00.000Z', 10)).filter((n) => n.caseId === 'c-2')).toEqual([]);
});

it('indexes notices queued before the index existed when it starts', async () => {
  // Written as an older version of the service wrote it: the notice row alone.
  const old = notice('c-old', 'lars');
  await tables.client('Notices').createEntity({ partitionKey: `${T}_ellingsrud`, rowKey: 'c-old_rektor_lars', ...old });
  expect((await notices.due(NOW, 10)).filter((n) => n.caseId === 'c-old')).toEqual([]);
  await new NoticeRepository(tables).init();
  expect((await notices.due(NOW, 10)).filter((n) => n.caseId === 'c-old')).toHaveLength(1);
});

it('a notice queued again after it was sent (a re-delivered report) is not handed out again', async () => {
  await notices.enqueue([notice('c-3', 'rektor')]);
  const [due] = (await notices.due(NOW, 10)).filter((n) => n.caseId === 'c-3');
  await notices.save({ ...due, status: 'sent', attempts: 1 });
  await notices.enqueue([notice('c-3', 'rektor')]);
  expect((await notices.due(NOW, 10)).filter((n) => n.caseId === 'c-3')).toEqual([]);
  expect((await notices.forCase(T, 'ellingsrud', 'c-3')).map((n) => n.status)).toEqual(['sent']);
});
