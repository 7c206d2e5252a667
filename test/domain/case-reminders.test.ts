/**
 * «Snarest» and «informert» as duties with reminders (004 §8.3), and the school owner following a
 * §12-5 case's investigation deadline (§ 12-5 «straks»). Pure rules; the bot test
 * test/bot/school-owner.test.ts proves them through the endpoint.
 */
import { forwardCase, markSerious, openCase, reclassify, recordPupilInformed, type SkolemiljoCase } from '../../src/domain/case';
import type { DomainError } from '../../src/domain/errors';
import type { Membership, Role } from '../../src/domain/people';
import type { Report } from '../../src/domain/report';
import { dutyState, recipientsOf } from '../../src/domain/reminders';

const T = 'tenant';
const NOW = '2026-11-24T09:30:00.000Z';
const m = (userId: string, roles: Role[], o: Partial<Membership> = {}): Membership => ({ tenantId: T, schoolId: 'ellingsrud', userId, name: userId, roles, classes: [], trinn: [], ...o });
const rektor = m('rektor', ['ansatt', 'rektor']);
const lars = m('lars', ['ansatt', 'avdelingsleder'], { trinn: [8] });
const kari = m('kari', ['ansatt', 'kontaktlaerer'], { classes: ['8A'] });
const report = (o: Partial<Report> = {}): Report => ({
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false, ...o,
});
const newCase = (o: Partial<Report> = {}): SkolemiljoCase =>
  openCase({ tenantId: T, schoolId: 'ellingsrud', caseId: 'c1', ref: 'SM-2026-0001', now: NOW, reporterId: 'kari', report: report(o), suggestedLeaderId: 'lars', investigationDue: '2026-11-25' }).case;
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};

describe('«innkaller snarest den ansatte til en samtale» (004 §8.3)', () => {
  it('is open until the conversation with the reporter is called, and done once it is (or the case is closed)', () => {
    const c = forwardCase(newCase(), rektor, lars, NOW).case;
    expect(dutyState('kalle_inn', c)).toBe('open');
    const called = { ...c, meetings: [{ meetingId: 'm1', purpose: 'samtale_melder' as const, organizerId: 'lars', attendeeIds: ['kari'], start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T09:30:00.000Z', location: '', online: false, status: 'venter' as const, version: 1, bookedVersion: 0, eventId: '', joinUrl: '', webLink: '', requestedAt: NOW, requestedBy: 'lars' }] };
    expect(dutyState('kalle_inn', called)).toBe('done');
    expect(dutyState('kalle_inn', { ...c, status: 'avsluttet' })).toBe('done');
  });
  it('reminds the nærmeste leder first, then rektor too', () => {
    const c = forwardCase(newCase(), rektor, lars, NOW).case;
    expect(recipientsOf({ step: 0, duty: 'kalle_inn' }, c, ['rektor'], ['jon'])).toEqual(['lars']);
    expect(recipientsOf({ step: 1, duty: 'kalle_inn' }, c, ['rektor'], ['jon'])).toEqual(['lars', 'rektor']);
  });
});

describe('«Eleven skal bli informert om at du varsler rektor» (004 §8.3)', () => {
  it('is open only when the reporter answered «nei, ikke ennå», until rektor or the leader records it', () => {
    expect(dutyState('elev_informert', newCase())).toBe('done');
    expect(dutyState('elev_informert', newCase({ pupilInformed: 'nei_grunn', pupilInformedWhy: 'Eleven er syk' }))).toBe('done');
    const c = newCase({ pupilInformed: 'nei_ennaa' });
    expect(dutyState('elev_informert', c)).toBe('open');
    const r = recordPupilInformed(c, rektor, 'rektor', NOW);
    expect([r.case.pupilInformedAt, r.case.pupilInformedBy, r.log.action]).toEqual([NOW, 'rektor', 'elev_informert']);
    expect(dutyState('elev_informert', r.case)).toBe('done');
    expect(code(() => recordPupilInformed(r.case, rektor, 'rektor', NOW))).toBe('case.ALREADY_RECORDED');
  });
  it('is recorded by rektor, or by the leader once the case is forwarded; not by the reporter', () => {
    const c = newCase({ pupilInformed: 'nei_ennaa' });
    expect(code(() => recordPupilInformed(c, kari, 'kari', NOW))).toBe('common.NO_ROLE');
    expect(code(() => recordPupilInformed(c, lars, 'lars', NOW))).toBe('common.NOT_FOUND');
    const f = forwardCase(c, rektor, lars, NOW).case;
    expect(recordPupilInformed(f, lars, 'lars', NOW).case.pupilInformedBy).toBe('lars');
  });
});

describe('§ 12-5 «straks»: the school owner follows the investigation deadline', () => {
  it('gets the investigation reminders of a case it was told of, from the first one', () => {
    expect(recipientsOf({ step: 0, duty: 'undersokelse' }, newCase({ staffSuspected: true }), ['rektor'], ['jon'])).toEqual(['rektor', 'jon']);
    expect(recipientsOf({ step: 0, duty: 'undersokelse' }, markSerious(newCase(), rektor, NOW).case, ['rektor'], ['jon'])).toEqual(['rektor', 'jon']);
  });
  it('not for an ordinary case, nor after a reclassification, nor for the leader’s own steps', () => {
    expect(recipientsOf({ step: 0, duty: 'undersokelse' }, newCase(), ['rektor'], ['jon'])).toEqual(['rektor']);
    expect(recipientsOf({ step: 0, duty: 'undersokelse' }, reclassify(newCase({ staffSuspected: true }), rektor, 'Ingen ansatt.', NOW).case, ['rektor'], ['jon'])).toEqual(['rektor']);
    expect(recipientsOf({ step: 0, duty: 'elev_informert' }, newCase({ staffSuspected: true }), ['rektor'], ['jon'])).toEqual(['rektor']);
  });
});
