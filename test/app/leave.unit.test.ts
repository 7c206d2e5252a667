/**
 * Fast unit tests of the leave use case on the in-memory fakes of its ports (no Azurite, no
 * server): the steps that refuse or send a form back must store nothing. The whole flow, with real
 * storage and cards, is tested in test/bot and test/e2e.
 */
import { LeaveActions } from '../../src/app/leave';
import { MessageOutbox } from '../../src/app/message-outbox';
import { isDomainError } from '../../src/domain/errors';
import type { Membership } from '../../src/domain/people';
import type { School } from '../../src/domain/school';
import type { Directory, NoticeOutbox } from '../../src/ports';
import { FakeLeaveStore } from '../support/fakes/leave';

const T = 't';
const school: School = { tenantId: T, schoolId: 's', name: 'Ellingsrud skole (demo)', languageForm: 'nb', investigationDays: 5 };
const kari: Membership = { tenantId: T, schoolId: 's', userId: 'kari', name: 'Kari Kontaktlærer', roles: ['ansatt', 'kontaktlaerer'], classes: ['8A'], trinn: [] };
const directory: Directory = {
  getSchool: async () => school,
  listClasses: async () => [],
  membershipsOf: async (_t, userId) => (userId === 'kari' ? [kari] : []),
  staffOf: async () => [kari],
};
const notReached = (what: string) => () => {
  throw new Error(`${what} must not be reached`);
};
const noNotices: NoticeOutbox = { enqueue: notReached('the outbox'), stage: notReached('the outbox'), place: notReached('the outbox'), forCase: async () => [], due: async () => [], save: async () => true };
const clock = { now: () => new Date('2026-12-01T09:00:00.000Z') };
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;

const setup = () => {
  const leave = new FakeLeaveStore();
  const actions = new LeaveActions({
    directory,
    leave,
    refs: { next: notReached('the reference counter') },
    submissions: { claim: notReached('the submission claim') },
    clock,
    ids: { next: () => 'l-1' },
    notifier: { askLeader: notReached('the notifier'), outcome: notReached('the notifier') },
    logger,
    outbox: new MessageOutbox(noNotices, clock, logger),
  });
  return { leave, actions };
};

test('a request whose last day is before its first comes back as a form with errors, and nothing is stored', async () => {
  const { leave, actions } = setup();
  const r = await actions.submit({ tenantId: T, userId: 'kari' }, { pupilName: 'Ola', pupilClass: '8A', from: '2026-12-10', to: '2026-12-08', reason: 'reise' }, 'form-1');
  expect(r.kind).toBe('form');
  expect(r.kind === 'form' && r.errors.length).toBeGreaterThan(0);
  expect(await leave.get(T, 's', 'l-1')).toBeUndefined();
});

test("a kontaktlærer cannot register leave for a class that is not hers (the card's class is not trusted)", async () => {
  const { leave, actions } = setup();
  const error = await actions.submit({ tenantId: T, userId: 'kari' }, { pupilName: 'Ola', pupilClass: '9B', from: '2026-12-08', to: '2026-12-09', reason: 'reise' }, 'form-1').catch((e: unknown) => e);
  expect(isDomainError(error) && error.code).toBe('common.NO_ROLE');
  expect(await leave.get(T, 's', 'l-1')).toBeUndefined();
});
