/** The conversation with the reporter, "snarest" (004 §8.3, SPEC §3.1.2), and where a meeting can go. */
import { forwardCase, openCase, SkolemiljoCase } from '../../src/domain/case';
import { DomainError } from '../../src/domain/errors';
import { callReporterMeeting, firstFreeSlot, meetingBooked } from '../../src/domain/meetings';
import type { Membership, Role } from '../../src/domain/people';
import type { Report } from '../../src/domain/report';
import { proposeSlot, schoolHourWindows } from '../../src/app/meeting-slots';

const T = 'tenant';
const m = (userId: string, roles: Role[], o: Partial<Membership> = {}): Membership => ({ tenantId: T, schoolId: 'ellingsrud', userId, name: userId, roles, classes: [], trinn: [], ...o });
const rektor = m('rektor', ['ansatt', 'rektor']);
const lars = m('lars', ['ansatt', 'avdelingsleder'], { trinn: [8] });
const mona = m('mona', ['ansatt', 'avdelingsleder'], { trinn: [9] });
const report: Report = {
  pupilName: 'Ola', pupilClass: '8A', signs: [], observed: 'x', kinds: ['mobbing'], kindOther: '', where: 'ute', date: '2026-11-23', time: '',
  source: 'egen_observasjon', intervened: false, intervention: '', pupilInformed: 'ja', pupilInformedWhy: '', vulnerabilities: [],
  staffSuspected: false, leadershipSuspected: false,
};
const NOW = '2026-11-24T09:30:00.000Z';
const reported = (): SkolemiljoCase =>
  openCase({ tenantId: T, schoolId: 'ellingsrud', caseId: 'c1', ref: 'SM-2026-0001', now: NOW, reporterId: 'kari', report, suggestedLeaderId: 'lars', investigationDue: '2026-12-01' }).case;
const forwarded = () => forwardCase(reported(), rektor, lars, NOW).case;
const input = { start: '2026-11-25T08:00:00.000Z', end: '2026-11-25T08:30:00.000Z', minutes: 30, location: 'Møterom 2', online: false };
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? [e.code, e.detail?.field, e.detail?.problem].filter(Boolean).join(' ') : 'other';
  }
  return 'allowed';
};

describe('the conversation with the reporter', () => {
  it('is called by the nærmeste leder who has the case, with the reporter invited', () => {
    const r = callReporterMeeting(forwarded(), lars, input, { now: NOW, meetingId: 'm1' });
    expect(r.meeting).toMatchObject({ organizerId: 'lars', attendeeIds: ['kari'], status: 'venter', version: 1, bookedVersion: 0 });
    expect(r.log).toMatchObject({ action: 'samtale_innkalt', actorId: 'lars' });
  });

  it('cannot be called by rektor, another leader, or before the case is forwarded', () => {
    expect(refusal(() => callReporterMeeting(forwarded(), rektor, input, { now: NOW, meetingId: 'm1' }))).toBe('common.NO_ROLE');
    expect(refusal(() => callReporterMeeting(forwarded(), mona, input, { now: NOW, meetingId: 'm1' }))).toBe('common.NO_ROLE');
    expect(refusal(() => callReporterMeeting(reported(), lars, input, { now: NOW, meetingId: 'm1' }))).toBe('common.NO_ROLE');
  });

  it('must be in the future, 15 to 180 minutes long, and have a place unless it is a Teams meeting', () => {
    const call = (o: Partial<typeof input>) => refusal(() => callReporterMeeting(forwarded(), lars, { ...input, ...o }, { now: NOW, meetingId: 'm1' }));
    expect(call({ start: '2026-11-24T09:00:00.000Z' })).toBe('common.INVALID_INPUT start past');
    expect(call({ start: 'i morgen' })).toBe('common.INVALID_INPUT start required');
    expect(call({ minutes: 5 })).toBe('common.INVALID_INPUT minutes range');
    expect(call({ location: '' })).toBe('common.INVALID_INPUT location required');
    expect(call({ location: '', online: true })).toBe('allowed');
  });

  it('is moved, not doubled, when called again; the same time again changes nothing', () => {
    const first = callReporterMeeting(forwarded(), lars, input, { now: NOW, meetingId: 'm1' });
    const booked = meetingBooked(first.case, 'm1', 1, { eventId: 'e1', joinUrl: '', webLink: '' });
    const same = callReporterMeeting(booked, lars, input, { now: NOW, meetingId: 'm2' });
    expect(same.changed).toBe(false);
    const moved = callReporterMeeting(booked, lars, { ...input, start: '2026-11-26T08:00:00.000Z', end: '2026-11-26T08:30:00.000Z' }, { now: NOW, meetingId: 'm2' });
    expect(moved.case.meetings).toHaveLength(1);
    expect(moved.meeting).toMatchObject({ meetingId: 'm1', eventId: 'e1', version: 2, bookedVersion: 1 });
    expect(moved.log?.action).toBe('samtale_flyttet');
  });
});

describe('where a meeting can go', () => {
  const at = (iso: string) => Date.parse(iso);
  it('is the first quarter hour everyone is free', () => {
    const day = { start: at('2026-11-25T07:00:00Z'), end: at('2026-11-25T14:30:00Z') };
    expect(firstFreeSlot([day], [{ start: at('2026-11-25T07:00:00Z'), end: at('2026-11-25T07:40:00Z') }], 30)).toEqual({ start: at('2026-11-25T07:45:00Z'), end: at('2026-11-25T08:15:00Z') });
  });

  it('is in school hours (08:00–15:30 Oslo) on school days only: after Friday afternoon comes Monday', () => {
    // Friday 27 November 2026, 15:00 in Oslo: too late today, the weekend does not count.
    const windows = schoolHourWindows(new Date('2026-11-27T14:00:00Z'), {});
    expect(new Date(windows[0].start).toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(windows).toHaveLength(5);
  });

  it('skips public holidays and the Christmas break', () => {
    // Friday 18 December 2026 afternoon: the next school day is after the Christmas break, in January.
    const windows = schoolHourWindows(new Date('2026-12-18T15:00:00Z'), {});
    expect(new Date(windows[0].start).toISOString().slice(0, 10) >= '2027-01-04').toBe(true);
  });

  it('keeps its local time across the change to summer time, after the Easter break', () => {
    // Friday 27 March 2026, afternoon (08:00 is 07:00Z in winter). Summer time starts on Sunday,
    // the Easter break runs to 2. påskedag, so the next school day is Tuesday 7 April at 08:00 = 06:00Z.
    const windows = schoolHourWindows(new Date('2026-03-27T15:00:00Z'), {});
    expect(new Date(windows[0].start).toISOString()).toBe('2026-04-07T06:00:00.000Z');
    expect(proposeSlot(windows, { lars: [{ start: '2026-04-07T06:00:00.000Z', end: '2026-04-07T07:00:00.000Z' }] }, 30)).toEqual({ start: at('2026-04-07T07:00:00.000Z'), end: at('2026-04-07T07:30:00.000Z') });
  });
});
