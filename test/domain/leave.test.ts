/**
 * Who is told a leave request's outcome (seed 003, the kontaktlærer's duties): «Kontaktlærer
 * arkiverer ferdig behandlede søknader i kontaktlærerperm, leverer original til elev og kopi til
 * elevrådgiver og til administrasjonen.» «Administrasjonen» is the school office (`kontor`), not the
 * IT `admin` role.
 */
import { leaveOutcomeRecipients, type LeaveRequest } from '../../src/domain/leave';
import type { Membership, Role } from '../../src/domain/people';

const m = (userId: string, roles: Role[], schoolId = 's1'): Membership => ({ tenantId: 't', schoolId, userId, name: userId, roles, classes: [], trinn: [] });
const leave = { tenantId: 't', schoolId: 's1', registeredBy: 'kari', decidedBy: 'lars' } as LeaveRequest;

describe('leave outcome (seed 003)', () => {
  test('kopi til elevrådgiver og til administrasjonen: the kontaktlærer, the elevrådgiver and the school office, never the IT admin', () => {
    const staff = [m('kari', ['kontaktlaerer']), m('lars', ['avdelingsleder']), m('ingrid', ['elevradgiver']), m('tone', ['kontor', 'postfordeler']), m('it', ['admin']), m('else', ['kontor'], 's2')];
    expect(leaveOutcomeRecipients(leave, staff).sort()).toEqual(['ingrid', 'kari', 'tone']);
    // The one who decided knows.
    expect(leaveOutcomeRecipients({ ...leave, decidedBy: 'kari' }, staff).sort()).toEqual(['ingrid', 'tone']);
  });

  test('a school that has named no office yet sends the copy to its postfordeler, still not to the IT admin', () => {
    const staff = [m('kari', ['kontaktlaerer']), m('post', ['postfordeler']), m('it', ['admin'])];
    expect(leaveOutcomeRecipients(leave, staff).sort()).toEqual(['kari', 'post']);
  });
});
