/** Complaints about teaching on the real Azurite: stored whole, saved with their log in one step, ETags, reminder claims. */
import { ComplaintRepository } from '../../src/adapters/tables/complaint-repository';
import type { StoredComplaint } from '../../src/ports';
import { COMPLAINT_LIMITS, type ComplaintLogEntry, type Minutes } from '../../src/domain/complaint';
import { testTables } from '../support/tables';

const T = 'tenant-a';
const repo = new ComplaintRepository(testTables());
const at = '2026-11-10T09:00:00.000Z';
const log = (action: ComplaintLogEntry['action'], detail = ''): ComplaintLogEntry => ({ at, actorId: 'per', action, detail });

const complaint = (complaintId: string, schoolId = 'ellingsrud'): StoredComplaint => ({
  tenantId: T, schoolId, complaintId, ref: `KL-2026-${complaintId.slice(-4)}`, class: '8A', subject: 'Matematikk', teacherId: 'per', representatives: [],
  registeredBy: 'kari', registeredAt: at, leaderId: 'lars', stage: 1, stageSince: at, status: 'apen', minutes: [], teacherInformedAt: '', skips: [], description: 'For fort',
});
const meeting = (minutesId: string, text = 'Tempo'): Minutes => ({
  minutesId, kind: 'mote_tillitselev', stage: 2, date: '2026-11-10', participants: { staffIds: ['per'], pupils: ['Ola'] }, notes: text, agreed: text, proposals: '',
  periodEnd: '2026-12-01', followUpOn: '2026-12-01', requiresSignatures: true, approvals: [], recordedAt: at, recordedBy: 'per',
});

/** A reminder claim beside the complaint (src/adapters/tables/claims.ts does the leasing). */
const rk = (c: StoredComplaint, key: string, recipientId: string) => ({ tenantId: T, schoolId: 'ellingsrud', subjectId: c.complaintId, key, recipientId });
const take = async (k: ReturnType<typeof rk>, now: string, until: string) => !!(await repo.reminders.take(k, { now, until }));

beforeAll(() => repo.init());

describe('complaints about teaching', () => {
  it('are stored whole with their first log entry; the same complaint again changes nothing', async () => {
    const first = await repo.create(complaint('k-0001'), log('klage_registrert'));
    expect(first.created).toBe(true);
    expect(first.complaint.etag).toBeTruthy();
    const again = await repo.create({ ...complaint('k-0001'), subject: 'Norsk' }, log('klage_registrert'));
    expect(again.created).toBe(false);
    expect(again.complaint.subject).toBe('Matematikk');
    expect(await repo.get(T, 'ellingsrud', 'k-0001')).toMatchObject({ description: 'For fort', stage: 1, minutes: [], skips: [] });
    expect(await repo.get(T, 'nordberg', 'k-0001')).toBeUndefined();
    expect((await repo.byRef(T, 'ellingsrud', 'KL-2026-0001'))?.complaintId).toBe('k-0001');
    expect(await repo.log(T, 'ellingsrud', 'k-0001')).toHaveLength(1);
  });

  it('an update from a stale read is refused with CONFLICT and its log entry is not written', async () => {
    await repo.create(complaint('k-0002'), log('klage_registrert'));
    const a = (await repo.get(T, 'ellingsrud', 'k-0002'))!;
    const b = (await repo.get(T, 'ellingsrud', 'k-0002'))!;
    await repo.update({ ...a, stage: 2 }, [log('trinn_videre')]);
    await expect(repo.update({ ...b, status: 'avsluttet' }, [log('klage_avsluttet')])).rejects.toMatchObject({ code: 'common.CONFLICT' });
    expect((await repo.get(T, 'ellingsrud', 'k-0002'))?.stage).toBe(2);
    expect((await repo.log(T, 'ellingsrud', 'k-0002')).map((l) => l.action)).toEqual(['klage_registrert', 'trinn_videre']);
  });

  it('keep minutes over 64 KiB whole, and are found by their follow-up date until it is held', async () => {
    await repo.create(complaint('k-0003'), log('klage_registrert'));
    const c = (await repo.get(T, 'ellingsrud', 'k-0003'))!;
    const minutes = Array.from({ length: 12 }, (_, i) => meeting(`r${i}`, `${i}`.repeat(COMPLAINT_LIMITS.text)));
    await repo.update({ ...c, stage: 2, minutes }, [log('referat_registrert')]);
    const read = (await repo.get(T, 'ellingsrud', 'k-0003'))!;
    expect(read.minutes).toEqual(minutes);
    expect((await repo.followUpsDue(T, 'ellingsrud', '2026-11-30')).map((x) => x.complaintId)).toEqual([]);
    expect((await repo.followUpsDue(T, 'ellingsrud', '2026-12-01')).map((x) => x.complaintId)).toEqual(['k-0003']);
    await repo.update({ ...read, followUp: { minutesId: 'r11', heldOn: '2026-12-01', outcome: 'bedret', note: '', at, by: 'per' } }, [log('oppfolging_holdt')]);
    expect(await repo.followUpsDue(T, 'ellingsrud', '2026-12-31')).toEqual([]);
    // Complaints only: log rows and reminder claims are not listed.
    expect((await repo.listOpen(T, 'ellingsrud')).map((x) => x.complaintId)).toEqual(['k-0001', 'k-0002', 'k-0003']);
  });

  it('give one caller the claim to remind a person of a deadline; a released claim can be taken again', async () => {
    const c = complaint('k-0001');
    const lease = '2026-11-10T09:02:00.000Z';
    const claims = await Promise.all([1, 2, 3].map(() => take(rk(c, '2026-12-01', 'lars'), at, lease)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await take(rk(c, '2026-12-01', 'per'), at, lease)).toBe(true);
    // Another deadline of the same complaint is claimed apart.
    expect(await take(rk(c, 'rektor_2026-12-14', 'lars'), at, lease)).toBe(true);
    await repo.reminders.release(rk(c, '2026-12-01', 'lars'));
    expect(await take(rk(c, '2026-12-01', 'lars'), at, lease)).toBe(true);
  });

  it('a claim whose holder stopped before sending is taken over by one caller after its lease; a sent one never is', async () => {
    const c = complaint('k-0002');
    expect(await take(rk(c, 'samtale_faglaerer_2026-11-17', 'per'), at, '2026-11-10T09:02:00.000Z')).toBe(true);
    // Still leased: nobody else.
    expect(await take(rk(c, 'samtale_faglaerer_2026-11-17', 'per'), '2026-11-10T09:01:00.000Z', '2026-11-10T09:03:00.000Z')).toBe(false);
    // The lease ran out: exactly one of two instances takes it over.
    const later = '2026-11-10T10:00:00.000Z';
    const takeovers = await Promise.all([1, 2].map(() => take(rk(c, 'samtale_faglaerer_2026-11-17', 'per'), later, '2026-11-10T10:02:00.000Z')));
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    await repo.reminders.done(rk(c, 'samtale_faglaerer_2026-11-17', 'per'), later);
    expect(await take(rk(c, 'samtale_faglaerer_2026-11-17', 'per'), '2026-11-11T10:00:00.000Z', '2026-11-11T10:02:00.000Z')).toBe(false);
  });

  it('keep a moved follow-up date and read it as the date the sweep looks for', async () => {
    await repo.create(complaint('k-0004'), log('klage_registrert'));
    const c = (await repo.get(T, 'ellingsrud', 'k-0004'))!;
    await repo.update({ ...c, stage: 2, minutes: [meeting('r1')], followUpMoved: { minutesId: 'r1', date: '2026-12-03', at, by: 'lars' } }, [log('oppfolging_flyttet')]);
    expect((await repo.get(T, 'ellingsrud', 'k-0004'))?.followUpMoved).toEqual({ minutesId: 'r1', date: '2026-12-03', at, by: 'lars' });
    expect((await repo.followUpsDue(T, 'ellingsrud', '2026-12-02')).map((x) => x.complaintId)).not.toContain('k-0004');
    expect((await repo.followUpsDue(T, 'ellingsrud', '2026-12-03')).map((x) => x.complaintId)).toContain('k-0004');
  });
});
