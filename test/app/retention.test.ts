/**
 * Retention (SPEC §4) on Azurite: a closed case is deleted once the school's retention period has
 * passed since it was closed; one log entry says a case was deleted and when, nothing about the pupil.
 */
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { openCase, type SkolemiljoCase } from '../../src/domain/case';
import type { ActivityPlan } from '../../src/domain/casework';
import type { Report } from '../../src/domain/report';
import { DEMO_TENANT } from '../../src/seed';
import { BotClient, cardText, persona } from '../support/bot-client';
import { testTables } from '../support/tables';
import { ComplaintRepository } from '../../src/adapters/tables/complaint-repository';
import { StaffComplaintRepository } from '../../src/adapters/tables/staff-complaint-repository';
import { LeaveRepository } from '../../src/adapters/tables/leave-repository';
import { PupilTalksRepository } from '../../src/adapters/tables/pupil-talks-repository';
import { IdempotencyRepository } from '../../src/adapters/tables/idempotency-repository';
import { IcsLinks, LocalCalendar } from '../../src/adapters/local/local-calendar';
import { registerComplaint, resolve } from '../../src/domain/complaint';
import { registerLeave } from '../../src/domain/leave';
import type { StaffComplaint } from '../../src/domain/staff-complaint';
import { NoticeRepository } from '../../src/adapters/tables/notice-repository';
import { MessageOutbox, messageSubject, type MessageTopic } from '../../src/app/message-outbox';
import { PermanentDeliveryError } from '../../src/ports';

const clock = { at: new Date('2027-12-01T09:00:00Z'), now() { return this.at; } };
const S = 'ellingsrud';
const report: Report = {
  pupilName: 'Ola Hemmeligsen', pupilClass: '8A', signs: [], observed: 'Noe ingen skal lese etterpå', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [], staffSuspected: false, leadershipSuspected: false,
};

let connector: FakeConnector;
let app: TestApp;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});

async function closedCase(caseId: string, closedAt: string | undefined): Promise<SkolemiljoCase> {
  return closedCaseIn(app, caseId, closedAt);
}

async function closedCaseIn(app: TestApp, caseId: string, closedAt: string | undefined): Promise<SkolemiljoCase> {
  const opened = openCase({ tenantId: DEMO_TENANT, schoolId: S, caseId, ref: `SM-2026-${caseId.slice(-4)}`, now: '2026-11-24T09:00:00.000Z', reporterId: 'kari', report, suggestedLeaderId: 'lars', investigationDue: '2026-12-01' });
  const created = (await app.cases.create(opened.case)).case;
  await app.caseLog.append(DEMO_TENANT, S, caseId, opened.log);
  await app.caseLog.append(DEMO_TENANT, S, caseId, { at: '2026-11-25T09:00:00.000Z', actorId: 'rektor', action: 'omklassifisert', detail: 'Ola Hemmeligsen har det bra' });
  const plan: ActivityPlan = { version: 1, problem: 'Ola Hemmeligsen er alene', measures: [], evaluationDate: '2026-12-16', pupilView: 'x', parentsView: '', bestInterests: 'x', createdAt: '2026-11-26T09:00:00.000Z', createdBy: 'lars' };
  const work = { members: [], planVersion: 1, evaluationDue: '', evaluations: [], ...(closedAt ? { closure: { pupilDoingWell: true, adultsNotWorried: true, note: '', at: closedAt, by: 'lars' } } : {}) };
  return app.cases.savePlan({ ...created, status: closedAt ? 'avsluttet' : 'videresendt', work }, plan);
}

describe('retention', () => {
  it('deletes a case closed longer ago than the school keeps them (12 months by default), keeps the others, and leaves one note without the pupil', async () => {
    await closedCase('ret-old-0001', '2026-11-30T10:00:00.000Z'); // closed 12 months and a day ago
    await closedCase('ret-new-0002', '2027-01-15T10:00:00.000Z'); // closed 10½ months ago
    await closedCase('ret-open-0003', undefined); // never closed: never deleted

    const r = await app.retention.sweep();
    expect(r.deleted).toBe(1);
    expect(await app.cases.get(DEMO_TENANT, S, 'ret-old-0001')).toBeUndefined();
    expect(await app.cases.plans(DEMO_TENANT, S, 'ret-old-0001')).toEqual([]);
    const left = await app.caseLog.list(DEMO_TENANT, S, 'ret-old-0001');
    expect(left).toEqual([{ at: '2027-12-01T09:00:00.000Z', actorId: 'system', action: 'slettet', detail: 'ref=SM-2026-0001;avsluttet=2026-11-30' }]);
    expect(JSON.stringify(left)).not.toContain('Hemmeligsen');

    for (const id of ['ret-new-0002', 'ret-open-0003']) {
      expect(await app.cases.get(DEMO_TENANT, S, id)).toBeDefined();
      expect(await app.cases.plans(DEMO_TENANT, S, id)).toHaveLength(1);
    }
    // Running it again changes nothing and writes no second note.
    expect((await app.retention.sweep()).deleted).toBe(0);
    expect(await app.caseLog.list(DEMO_TENANT, S, 'ret-old-0001')).toHaveLength(1);
  });

  it('follows the school’s own setting', async () => {
    const school = (await app.directory.getSchool(DEMO_TENANT, S))!;
    await app.directory.upsertSchool({ ...school, retentionMonths: 6 });
    expect((await app.retention.sweep()).byKind).toEqual({ skolemiljosak: 1 }); // the one closed 10½ months ago
    expect(await app.cases.get(DEMO_TENANT, S, 'ret-new-0002')).toBeUndefined();
    expect(await app.cases.get(DEMO_TENANT, S, 'ret-open-0003')).toBeDefined();
    expect(app.logs.join('')).not.toContain('Hemmeligsen');
  });
});

describe('retention of every record type', () => {
  // The same tables as the app (its own prefix), opened as the service opens them: real storage, no mock.
  const prefix = 'tretention' + Math.random().toString(16).slice(2, 8);
  let own: TestApp;
  let bot: BotClient;
  const T = DEMO_TENANT;
  const SECRET = 'Hemmeligsen';
  const old = '2026-11-15T10:00:00.000Z'; // more than 12 months before 1 December 2027
  const recent = '2027-06-01T10:00:00.000Z';
  const lars = persona('Lars');
  const kari = persona('Kari');
  const rektor = persona('Ragnhild');

  beforeAll(async () => {
    own = await startTestApp({ connectorUrl: connector.url, clock, env: { TABLE_PREFIX: prefix } });
    bot = new BotClient(own.url, connector.url);
  });
  afterAll(async () => own.close());

  it('deletes complaints, leave requests, rosters, meetings and old idempotency rows after the period, keeps the newer ones, and leaves one line each without names', async () => {
    const tables = testTables(prefix);
    const staff = await own.directory.staffOf(T, S);
    const m = (p: { userId: string }) => staff.find((x) => x.userId === p.userId)!;
    // Teaching complaints, closed long ago and lately.
    const teaching = new ComplaintRepository(tables);
    for (const [id, at] of [['kl-old', old], ['kl-new', recent]]) {
      const r = registerComplaint(m(lars), { class: '8A', subject: 'Matematikk', teacherId: kari.userId, representatives: [`Ola ${SECRET}`] }, { complaintId: id, ref: `KL-2026-${id === 'kl-old' ? '0001' : '0002'}`, now: at, classes: ['8A'], staff, leader: m(lars) });
      if (Array.isArray(r)) throw new Error('invalid complaint');
      const closed = resolve(r.complaint, m(lars), `Løst med ${SECRET}`, at);
      if (Array.isArray(closed)) throw new Error('not resolved');
      await teaching.create({ ...closed.complaint, description: `Elevene ${SECRET} klaget` }, r.log);
    }
    // Staff complaints.
    const staffRepo = new StaffComplaintRepository(tables);
    for (const [id, at] of [['pk-old', old], ['pk-new', recent]]) {
      await staffRepo.create({ tenantId: T, schoolId: S, complaintId: id, ref: `PK-2026-${id === 'pk-old' ? '0001' : '0002'}`, status: 'avsluttet', employeeId: kari.userId, summary: `Klage fra ${SECRET}`, closing: { note: SECRET, at, by: lars.userId } } as unknown as StaffComplaint, { at, actorId: lars.userId, action: 'personalklage_registrert', detail: '' });
    }
    // Leave requests: decided long ago, decided lately.
    const leave = new LeaveRepository(tables);
    for (const [id, at] of [['pe-old', old], ['pe-new', recent]]) {
      const l = registerLeave(m(kari), { pupilName: `Siri ${SECRET}`, pupilClass: '8A', from: at.slice(0, 10), to: at.slice(0, 10), reason: 'Begravelse' }, { leaveId: id, ref: `PE-2026-${id === 'pe-old' ? '0001' : '0002'}`, now: at, schoolDays: 1, leader: m(lars) });
      await leave.create({ ...l, status: 'innvilget', decidedBy: kari.userId, decidedAt: at });
    }
    // Class rosters with a conversation: the school year 2025–26 ended in July 2026; 2026–27 in July 2027.
    const talks = new PupilTalksRepository(tables);
    for (const schoolYear of [2025, 2026]) {
      await talks.save({ roster: { tenantId: T, schoolId: S, className: '8A', schoolYear, pupils: [{ pupilId: 'p1', name: `Ola ${SECRET}`, under18: true }] }, done: [], warnings: [] } as never);
    }
    // Meetings in the local calendar.
    const calendar = new LocalCalendar(tables, new IcsLinks(() => own.url, 'x'.repeat(32), 30));
    const person = { userId: lars.userId, email: '', name: 'Lars Eide' };
    for (const [id, end] of [['mote-old', '2026-11-10T13:45:00.000Z'], ['mote-new', '2027-11-20T13:45:00.000Z']]) {
      await calendar.create({ meetingId: id, tenantId: T, organizer: person, attendees: [], subject: 'Oppfølgingsmøte', body: '', start: end.replace('13:45', '13:00'), end, location: 'Rom 1', online: false });
    }
    // Idempotency rows: one written two months ago, one today.
    const idem = new IdempotencyRepository(tables, { now: () => new Date('2027-10-01T09:00:00Z') });
    await idem.firstTime('gammel aktivitet');
    await new IdempotencyRepository(tables, clock).firstTime('ny aktivitet');

    const r = await own.retention.sweep();
    expect(r.byKind).toEqual({ klage: 1, personalklage: 1, permisjon: 1, klasseliste: 1, mote: 1 });

    expect(await teaching.get(T, S, 'kl-old')).toBeUndefined();
    expect(await teaching.log(T, S, 'kl-old')).toEqual([]);
    expect(await teaching.get(T, S, 'kl-new')).toBeDefined();
    expect(await staffRepo.get(T, S, 'pk-old')).toBeUndefined();
    expect(await staffRepo.get(T, S, 'pk-new')).toBeDefined();
    expect(await leave.get(T, S, 'pe-old')).toBeUndefined();
    expect(await leave.get(T, S, 'pe-new')).toBeDefined();
    expect(await talks.get(T, S, 2025, '8A')).toBeUndefined();
    expect(await talks.get(T, S, 2026, '8A')).toBeDefined();
    expect(await calendar.ics(T, 'mote-old')).toBeUndefined();
    expect(await calendar.ics(T, 'mote-new')).toBeDefined();
    expect(await idem.firstTime('gammel aktivitet')).toBe(true); // forgotten
    expect(await idem.firstTime('ny aktivitet')).toBe(false); // still remembered

    // One line each, with the reference and the dates only.
    const lines = await Promise.all(['kl-old', 'pk-old', 'pe-old', 'roster_2025_8A'].map((id) => own.caseLog.list(T, S, id)));
    expect(lines.map((l) => l.map((e) => [e.action, e.detail]))).toEqual([
      [['slettet', 'type=klage;ref=KL-2026-0001;avsluttet=2026-11-15']],
      [['slettet', 'type=personalklage;ref=PK-2026-0001;avsluttet=2026-11-15']],
      [['slettet', 'type=permisjon;ref=PE-2026-0001;avgjort=2026-11-15']],
      [['slettet', 'type=klasseliste;klasse=8A;skolear=2025']],
    ]);
    expect(JSON.stringify(lines) + own.logs.join('')).not.toContain(SECRET);
    // A second sweep finds nothing more and writes no second line.
    expect((await own.retention.sweep()).deleted).toBe(0);
    expect(await own.caseLog.list(T, S, 'kl-old')).toHaveLength(1);

    // A card about a deleted record, refreshed or pressed: the «slettet» card, whatever the verb.
    const deleted = 'Saken er slettet etter skolens lagringstid';
    expect(cardText(await bot.act(lars, 'tc.refresh', { schoolId: S, complaintId: 'kl-old' }))).toContain(deleted);
    expect(cardText(await bot.act(lars, 'pk.refresh', { schoolId: S, complaintId: 'pk-old' }))).toContain(deleted);
    expect(cardText(await bot.act(kari, 'leave.grant', { schoolId: S, leaveId: 'pe-old' }))).toContain(deleted);
    // A record that never existed is not found, as before.
    expect(cardText(await bot.act(kari, 'leave.refresh', { schoolId: S, leaveId: 'pe-never' }))).not.toContain(deleted);
  });

  it('deletes the messages about a complaint or leave request with it, and any message sent or given up on before the period; keeps the others and those still to send', async () => {
    const tables = testTables(prefix);
    const staff = await own.directory.staffOf(T, S);
    const m = (p: { userId: string }) => staff.find((x) => x.userId === p.userId)!;
    const teaching = new ComplaintRepository(tables);
    for (const [id, at, ref] of [['kl-msg-old', old, 'KL-2026-0003'], ['kl-msg-new', recent, 'KL-2026-0004']]) {
      const r = registerComplaint(m(lars), { class: '8A', subject: 'Norsk', teacherId: kari.userId, representatives: ['Ola'] }, { complaintId: id, ref, now: at, classes: ['8A'], staff, leader: m(lars) });
      if (Array.isArray(r)) throw new Error('invalid complaint');
      const closed = resolve(r.complaint, m(lars), 'Løst', at);
      if (Array.isArray(closed)) throw new Error('not resolved');
      await teaching.create({ ...closed.complaint, description: 'Undervisningen' }, r.log);
    }
    const leave = new LeaveRepository(tables);
    const l = registerLeave(m(kari), { pupilName: 'Siri', pupilClass: '8A', from: old.slice(0, 10), to: old.slice(0, 10), reason: 'Begravelse' }, { leaveId: 'pe-msg-old', ref: 'PE-2026-0003', now: old, schoolDays: 1, leader: m(lars) });
    await leave.create({ ...l, status: 'innvilget', decidedBy: kari.userId, decidedAt: old });

    // The app's own outbox table, written by the outbox as the app writes it, at two moments.
    const messages = new NoticeRepository(tables, 'Messages');
    const quiet = { info() {}, warn() {}, error() {} };
    const outboxAt = (iso: string) => {
      const o = new MessageOutbox(messages, { now: () => new Date(iso) }, quiet);
      o.route('klage', { send: async (x) => { if (x.notice === 'utsatt') throw new Error('Teams svarer ikke'); return 'sent'; } }); // 'utsatt': still to send
      o.route('permisjon', { send: async () => { throw new PermanentDeliveryError(403); } }); // the bot was removed: given up on
      return o; // no route for personalklage: those stay to be sent
    };
    const msg = (topic: MessageTopic, subjectId: string) => ({ tenantId: T, schoolId: S, topic, subjectId, notice: 'melding', recipientId: lars.userId });
    // Long ago, about records already gone: delivered, given up on, and one still to send.
    await outboxAt(old).send([msg('klage', 'kl-gone'), msg('permisjon', 'pe-gone'), msg('personalklage', 'pk-waiting')]);
    // Lately, about the complaint and the leave request whose period has passed, and about the complaint kept.
    await outboxAt(recent).send([msg('klage', 'kl-msg-old'), msg('permisjon', 'pe-msg-old'), { ...msg('klage', 'kl-msg-old'), notice: 'utsatt' }, msg('klage', 'kl-msg-new')]);
    const rows = async (topic: MessageTopic, id: string) => (await messages.forCase(T, S, messageSubject(topic, id))).map((n) => n.status);
    expect((await rows('klage', 'kl-msg-old')).sort()).toEqual(['pending', 'sent']);
    expect([await rows('klage', 'kl-gone'), await rows('permisjon', 'pe-gone'), await rows('personalklage', 'pk-waiting')]).toEqual([['sent'], ['failed'], ['pending']]);

    expect((await own.retention.sweep()).byKind).toEqual({ klage: 1, permisjon: 1 });
    expect(await teaching.get(T, S, 'kl-msg-old')).toBeUndefined();
    expect(await leave.get(T, S, 'pe-msg-old')).toBeUndefined();
    // With their records: every message about them, sent lately or not.
    expect(await rows('klage', 'kl-msg-old')).toEqual([]);
    expect(await rows('permisjon', 'pe-msg-old')).toEqual([]);
    // Before the period: delivered and given-up messages, whatever their subject; one still to send stays.
    expect(await rows('klage', 'kl-gone')).toEqual([]);
    expect(await rows('permisjon', 'pe-gone')).toEqual([]);
    expect(await rows('personalklage', 'pk-waiting')).toEqual(['pending']);
    // The kept complaint keeps its message.
    expect(await rows('klage', 'kl-msg-new')).toEqual(['sent']);
    // A complaint's message still to send when the complaint went is not sent afterwards.
    expect((await messages.due('2030-01-01T00:00:00.000Z', 100)).map((n) => n.caseId)).toEqual([messageSubject('personalklage', 'pk-waiting')]);
  });

  it('replaces the cards already sent about a deleted case by the «slettet» card', async () => {
    const c = await closedCaseIn(own, 'ret-card-0009', '2026-11-30T10:00:00.000Z');
    await own.notices.enqueue([{ tenantId: T, schoolId: S, caseId: c.caseId, kind: 'rektor', recipientId: rektor.userId, status: 'sent', attempts: 1, nextAttemptAt: '', conversationId: `a:conv-${rektor.userId}`, activityId: 'activity-rektor-1', lastError: '' }]);
    const before = connector.updates.length;
    expect((await own.retention.sweep()).byKind).toEqual({ skolemiljosak: 1 });
    const updates = connector.updates.slice(before);
    expect(updates.map((u) => u.activityId)).toEqual(['activity-rektor-1']);
    expect(cardText(updates[0].activity.attachments[0].content)).toContain('Saken er slettet etter skolens lagringstid');
    expect(JSON.stringify(updates)).not.toContain('Hemmeligsen');
    // And the card's own refresh, or any of its buttons, answers with it too.
    expect(cardText(await bot.act(rektor, 'case.refresh', { schoolId: S, caseId: c.caseId }))).toContain('Saken er slettet etter skolens lagringstid');
  });
});
