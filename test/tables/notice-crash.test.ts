/**
 * A new case's notices on Azurite when the instance that queued them stops half-way (issue 14: they
 * are written in one transaction before the receipt, and beside their case after it). The crash is a
 * pipeline policy on the notice table's client: from the chosen request on, nothing more reaches
 * storage, as when the process dies. Another instance's sweep (or the form sent again, when the
 * reporter got no receipt) must then deliver every card once and leave every notice where a case's
 * cards, retention and the backup look for them.
 */
import { TableClient } from '@azure/data-tables';
import { CaseRepository } from '../../src/adapters/tables/case-repository';
import { NoticeRepository } from '../../src/adapters/tables/notice-repository';
import { Tables } from '../../src/adapters/tables/table-client';
import { NoticeDispatcher } from '../../src/app/deliver-notices';
import type { Logger } from '../../src/app/logger';
import type { SkolemiljoCase } from '../../src/domain/case';
import type { Notice } from '../../src/domain/routing';
import { noMetrics, type Delivered, type NoticeRecord, type Notifier } from '../../src/ports';
import { aCase, T } from '../support/case-fixture';
import { connectionString, uniquePrefix } from '../support/tables';

const prefix = uniquePrefix();
const S = 'ellingsrud';
const T0 = new Date('2026-11-24T09:30:00.000Z');
/** The other instance sweeps after the crashed one's lease (60 s) has run out. */
const LATER = new Date(T0.getTime() + 120_000);
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Logger;

/** Tables whose clients stop at request number `crashAt` (0-based, counted over this instance): it and every later one fail unsent. */
class CrashingTables extends Tables {
  requests = 0;
  constructor(private readonly crashAt: number) {
    super({ connectionString: connectionString(), prefix });
  }

  override client(name: string): TableClient {
    const c = super.client(name);
    c.pipeline.addPolicy({
      name: 'crash',
      sendRequest: async (request, next) => {
        if (this.requests++ >= this.crashAt) throw new Error('the instance stopped');
        return next(request);
      },
    });
    return c;
  }
}

/** Teams, as far as the outbox can tell: who was sent which card, and which cards were brought up to date. */
const sent: string[] = [];
const updated: string[] = [];
const teams: Notifier = {
  send: async (kind, recipientId, c): Promise<Delivered> => {
    sent.push(`${c.caseId}:${kind}:${recipientId}`);
    return { conversationId: `a:conv-${recipientId}`, activityId: `act-${sent.length}` };
  },
  update: async (kind, recipientId, c, where) => {
    updated.push(`${c.caseId}:${kind}:${recipientId}:${where.activityId === 'receipt-1' ? 'the receipt' : 'a card'}`);
  },
};

const healthy = new Tables({ connectionString: connectionString(), prefix });
const cases = new CaseRepository(healthy);
const notices = new NoticeRepository(healthy);
const dispatcher = (outbox: NoticeRepository, at: Date) => new NoticeDispatcher(outbox, cases, teams, { now: () => at }, quiet, undefined, undefined, noMetrics);
const raw = TableClient.fromConnectionString(connectionString(), `${prefix}Notices`, { allowInsecureConnection: true });

const toRektor: Notice = { kind: 'rektor', recipientId: 'ragnhild' };
const toPost: Notice = { kind: 'postfordeler', recipientId: 'petter' };
const receipt = { notice: { kind: 'kvittering', recipientId: 'kari' } as Notice, where: { conversationId: 'a:conv-kari', activityId: 'receipt-1' } };

beforeAll(async () => {
  await Promise.all([cases.init(), notices.init()]);
});

const pointersOf = async (caseId: string) => {
  const out: string[] = [];
  for await (const p of raw.listEntities({ queryOptions: { filter: `PartitionKey eq '~pending'` } })) if (String(p.rowKey).includes(`|${caseId}_`)) out.push(String(p.rowKey));
  return out;
};
const sends = (caseId: string) => sent.filter((s) => s.startsWith(`${caseId}:`)).sort();

async function saved(caseId: string): Promise<SkolemiljoCase> {
  return (await cases.create(aCase(caseId, S))).case;
}

describe('a new case whose instance stops between two table calls', () => {
  // Table calls of one report's notices, two to send: 1 before the receipt (stage), 1 after (place),
  // then per notice a lease (pointer, row), the card, and its record (row, pointer): 10 in all.
  it.each(Array.from({ length: 11 }, (_, i) => i))('stopping at call %i: the reporter has the receipt after the first, and every card goes once (or twice only where one reached Teams unrecorded)', async (crashAt) => {
    const c = await saved(`crash-${crashAt}`);
    const crashing = new CrashingTables(crashAt);
    const a = dispatcher(new NoticeRepository(crashing), T0);
    const queued = await a.queue(c, [toRektor, toPost], receipt).then(
      () => true,
      () => false,
    );
    await a.idle();
    if (crashAt === 10) expect(crashing.requests).toBe(10); // the whole of it: no call left out of the list above
    // The receipt is shown once the first call is stored: one table round trip before the answer.
    expect(queued).toBe(crashAt >= 1);
    const byA = sends(c.caseId);
    const unrecorded = (await notices.forCase(T, S, c.caseId)).filter((n) => n.status === 'pending' && byA.includes(`${c.caseId}:${n.kind}:${n.recipientId}`));

    const b = dispatcher(notices, LATER);
    // No receipt: the reporter sends the same form again (report-concern's finish queues the same notices).
    if (!queued) await b.queue(c, [toRektor, toPost], receipt);
    await b.idle();
    await b.sweep();

    const expected = [`${c.caseId}:postfordeler:petter`, `${c.caseId}:rektor:ragnhild`];
    for (const n of unrecorded) expected.push(`${c.caseId}:${n.kind}:${n.recipientId}`);
    expect(sends(c.caseId)).toEqual(expected.sort());
    // A card twice only where the instance stopped between a card reaching Teams and its record (the outbox's one at-least-once point).
    expect(unrecorded.length).toBeLessThanOrEqual(1);
    // Every notice, and the receipt's copy, beside the case, delivered; nothing left for the sweep.
    const stored = await notices.forCase(T, S, c.caseId);
    expect(stored.map((n) => [n.kind, n.recipientId, n.status]).sort()).toEqual([['kvittering', 'kari', 'sent'], ['postfordeler', 'petter', 'sent'], ['rektor', 'ragnhild', 'sent']]);
    expect(stored.find((n) => n.kind === 'kvittering')?.activityId).toBe('receipt-1');
    await b.sweep();
    expect(await pointersOf(c.caseId)).toEqual([]);
    expect(sends(c.caseId)).toHaveLength(expected.length);
    // The case changes: rektor's card and the reporter's receipt are found and show it.
    b.refreshCopies(c);
    await b.idle();
    expect(updated.filter((u) => u.startsWith(`${c.caseId}:`)).sort()).toEqual([`${c.caseId}:kvittering:kari:the receipt`, `${c.caseId}:rektor:ragnhild:a card`]);
  });
});

describe('notices staged and never placed', () => {
  it('go with their case when retention deletes it: nothing is stored again or sent afterwards', async () => {
    const c = await saved('crash-retention');
    const a = dispatcher(new NoticeRepository(new CrashingTables(1)), T0);
    await a.queue(c, [toRektor, toPost], receipt);
    await a.idle();
    expect(await pointersOf(c.caseId)).toHaveLength(2);

    await notices.removeCase(T, S, c.caseId);
    await dispatcher(notices, LATER).sweep();
    expect(sends(c.caseId)).toEqual([]);
    expect(await notices.forCase(T, S, c.caseId)).toEqual([]);
    expect(await pointersOf(c.caseId)).toEqual([]);
  });
});

describe('rows of the layout before', () => {
  const row = (caseId: string, kind: Notice['kind'], recipientId: string, o: Partial<NoticeRecord> = {}) => ({
    partitionKey: `${T}_${S}`, rowKey: `${caseId}_${kind}_${recipientId}`, tenantId: T, schoolId: S, caseId, kind, recipientId, status: 'pending', attempts: 0,
    nextAttemptAt: T0.toISOString(), conversationId: '', activityId: '', lastError: '', ...o,
  });

  it('a notice and its pointer as the version before wrote them are sent once, and the pointer dropped', async () => {
    const c = await saved('old-layout');
    await raw.createEntity(row(c.caseId, 'rektor', 'ragnhild'));
    await raw.createEntity({ partitionKey: '~pending', rowKey: `${T}_${S}|${c.caseId}_rektor_ragnhild`, pk: `${T}_${S}`, rk: `${c.caseId}_rektor_ragnhild`, nextAttemptAt: T0.toISOString() });
    await raw.createEntity(row(c.caseId, 'kvittering', 'kari', { status: 'sent', attempts: 1, conversationId: 'a:conv-kari', activityId: 'receipt-0' }));
    // And a pointer to a notice never written (the version before stopped between its two transactions): not sent, nothing made up.
    await raw.createEntity({ partitionKey: '~pending', rowKey: `${T}_${S}|${c.caseId}_postfordeler_petter`, pk: `${T}_${S}`, rk: `${c.caseId}_postfordeler_petter`, nextAttemptAt: T0.toISOString() });

    await dispatcher(notices, LATER).sweep();
    expect(sends(c.caseId)).toEqual([`${c.caseId}:rektor:ragnhild`]);
    expect((await notices.forCase(T, S, c.caseId)).map((n) => [n.kind, n.status]).sort()).toEqual([['kvittering', 'sent'], ['rektor', 'sent']]);
    expect(await pointersOf(c.caseId)).toEqual([`${T}_${S}|${c.caseId}_postfordeler_petter`]);
  });
});
