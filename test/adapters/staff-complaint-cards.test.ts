/**
 * The cards of a complaint about a member of staff fit Teams at the worst a school can produce:
 * every text of every step written to its limit (summary, the employee's version, the agreement,
 * measures, the mentoring agreement, the evaluation, a møtebok with twelve long participant names
 * and both sides' views, the closing note), every button at once, 250 staff to choose from.
 */
import type { StaffComplaintView, StaffRegistrationForm } from '../../src/app/staff-complaint';
import { PARTIES, REJECTED_WHAT, STAFF_COMPLAINT_LIMITS as L, type SignOff, type StaffComplaint } from '../../src/domain/staff-complaint';
import { staffComplaintCard, staffRegistrationCard } from '../../src/adapters/teams/cards/staff-complaint-views';
import { closeCard, evaluationCard, measuresCard, meetingCard, mentoringCard, motebokCard, notifyCard, rejectCard, talkCard, writtenCard } from '../../src/adapters/teams/cards/staff-complaint-forms';
import { cardText } from '../support/bot-client';
import { long, names, school, size, TEAMS_LIMIT, uid } from '../support/card-limits';

const at = '2026-11-10T09:00:00.000Z';
const participants = Array.from({ length: L.participants }, (_, i) => `${long(L.name - 3, 'Deltakernavn ')}${String(i).padStart(3, '0')}`);
const someSigned: SignOff[] = [{ party: 'ansatt', at, by: uid(2) }];

/** Every record at once, every text at its limit (more than the domain would ever hold together). */
const complaint: StaffComplaint = {
  tenantId: 't', schoolId: 's', complaintId: 'p1', ref: 'PK-2026-9999', employeeId: uid(2), leaderId: uid(1), registeredAt: at,
  complainantKind: 'foresatt', complainantName: long(L.name), route: 'saerlig_alvorlig', summary: long(L.summary),
  reception: { talkedOn: '2026-11-02', written: 'mottatt', writtenReceivedAt: at, writtenReceivedOn: '2026-11-03', procedureExplained: true },
  pupilOffence: true, skolemiljoRef: '', employeeInformedAt: at,
  employeeTalk: { date: '2026-11-03', unionRepPresent: true, employeeVersion: long(L.text), groundless: true, at, by: uid(1) },
  complainantNotified: { date: '2026-11-04', at, by: uid(1) },
  jointMeeting: { date: '2026-11-05', unionRepPresent: true, complainantPresent: true, agreed: true, agreementText: long(L.text), parties: ['ansatt', 'tillitsvalgt', 'klager'], signOffs: someSigned, at, by: uid(1) },
  measures: {
    mentorArea: long(L.text), other: long(L.text), evaluationOn: '2026-12-01', unionRepId: uid(3), at, by: uid(1),
    agreement: { text: long(L.text), parties: ['ansatt', 'ledelse'], signOffs: someSigned, at, by: uid(1) },
    evaluation: { date: '2026-12-01', achieved: false, note: long(L.note), at, by: uid(1) },
  },
  rejection: { what: 'begge', at, by: uid(1) },
  meetingRecord: {
    date: '2026-12-02', participants, unionRepPresent: true, agreed: true, agreementText: long(L.text), employeeView: long(L.text), leadershipView: long(L.text),
    parties: ['ansatt', 'tillitsvalgt', 'ledelse'], signOffs: someSigned, at, by: uid(1),
  },
  status: 'apen',
  closing: { note: long(L.note), at, by: uid(1) },
};
const booking = {
  complaintId: 'p1', meetingId: 'personalklage-p1-evaluering', date: '2026-12-01', start: '2026-12-01T13:00:00.000Z', end: '2026-12-01T13:45:00.000Z', organizerId: uid(1),
  attendeeIds: [uid(2), uid(3)], version: 1, bookedVersion: 0, eventId: '', joinUrl: '', webLink: '', attempts: 3, lastError: 'x',
};
const view = (kind: 'full' | 'employee'): StaffComplaintView => ({
  complaint, kind, school, names, next: 'signer_motebok', today: '2026-12-10', skolemiljoRef: 'SM-2026-0042', booking, notice: 'evaluering',
  buttons: {
    inform: true, written: true, talk: true, notify: true, meeting: true, close: true, sign: [...PARTIES], measures: true, mentoring: true, evaluation: true,
    reject: [...REJECTED_WHAT], motebok: true, signMentoring: [...PARTIES], signMotebok: [...PARTIES],
  },
});
const tooLong = (field: string, limit: number) => ({ field, problem: 'tooLong' as const, limit });

describe('staff complaint cards at the limits', () => {
  // From the languages' rules, not from our output (see complaint-cards.test.ts): 13.00 UTC on 1 December is 14.00 in Oslo.
  it.each([
    ['nb', 'tir. 1.12.2026 kl. 14.00, venter på kalenderen', '10.11.2026'],
    ['nn', 'tys. 1.12.2026 kl. 14.00, ventar på kalenderen', '10.11.2026'],
    ['en', 'Tue 1 Dec 2026 at 14:00, waiting for the calendar', '10 Nov 2026'],
  ] as const)('writes the evaluation meeting’s day and time as every other card does (%s)', (lang, meeting, informed) => {
    const waiting = { ...view('full'), complaint: { ...complaint, measures: { ...complaint.measures!, evaluation: undefined } } };
    const text = cardText(staffComplaintCard(lang, waiting));
    expect(text).toContain(meeting);
    expect(text).toContain(`${informed}\n`);
  });
  it.each(['nb', 'nn', 'en'] as const)('the complaint card with every step recorded at its limit and every button stays under 28 KB (%s)', (lang) => {
    for (const kind of ['full', 'employee'] as const) {
      const card = staffComplaintCard(lang, view(kind), { info: long(200), error: long(200) });
      expect(size(card)).toBeLessThan(TEAMS_LIMIT);
      expect(JSON.stringify(card)).toContain('PK-2026-9999');
      expect(JSON.stringify(card)).toContain('pk.sign.motebok.ledelse');
    }
  });

  it.each(['nb', 'nn', 'en'] as const)('every step form keeps every text typed to its limit, with a problem named under each field, and stays under 28 KB (%s)', (lang) => {
    const v = view('full');
    const cards = [
      talkCard(lang, v, { date: '2026-11-03', unionRepPresent: true, employeeVersion: long(L.text), groundless: true }, { errors: [tooLong('employeeVersion', L.text)] }),
      notifyCard(lang, v, '2026-11-04', { error: long(300) }),
      meetingCard(lang, v, { date: '2026-11-05', unionRepPresent: true, complainantPresent: true, agreed: true, agreementText: long(L.text) }, { errors: [tooLong('agreementText', L.text)] }),
      measuresCard(lang, v, { mentorArea: long(L.text), other: long(L.text), evaluationOn: '2026-12-01', unionRepPresent: false }, {
        errors: [tooLong('mentorArea', L.text), tooLong('other', L.text), { field: 'unionRepPresent', problem: 'unionRepRequired' }],
      }),
      mentoringCard(lang, v, long(L.text), { errors: [tooLong('text', L.text)] }),
      evaluationCard(lang, v, { date: '2026-11-20', achieved: true, note: long(L.note), unionRepPresent: false }, { errors: [{ field: 'date', problem: 'notDue' }, tooLong('note', L.note), { field: 'unionRepPresent', problem: 'unionRepRequired' }] }),
      rejectCard(lang, v, 'begge', { errors: [{ field: 'what', problem: 'invalid' }] }),
      motebokCard(
        lang,
        v,
        { date: '2026-12-02', participants: participants.join('\n'), unionRepPresent: false, agreed: false, agreementText: long(L.text), employeeView: long(L.text), leadershipView: long(L.text) },
        { errors: [tooLong('agreementText', L.text), tooLong('employeeView', L.text), tooLong('leadershipView', L.text), { field: 'unionRepPresent', problem: 'unionRepRequired' }] },
      ),
      closeCard(lang, v, long(L.note), { errors: [tooLong('note', L.note)] }),
      writtenCard(lang, v, '2026-11-03', { errors: [{ field: 'date', problem: 'future' }] }),
      measuresCard(lang, v, { mentorArea: long(L.text), other: long(L.text), evaluationOn: '2026-12-01', unionRepPresent: true, unionRepId: uid(3) }, {}, Object.entries(names).map(([userId, name]) => ({ userId, name }))),
    ];
    for (const card of cards) expect(size(card)).toBeLessThan(TEAMS_LIMIT);
    // Nothing typed is thrown away.
    expect(JSON.stringify(cards[7])).toContain(JSON.stringify(long(L.text)));
    expect(JSON.stringify(cards[7])).toContain(JSON.stringify(participants.join('\n')));
  });

  it('the registration form with 250 staff to choose from and every text at its limit stays under 28 KB', () => {
    const form: StaffRegistrationForm = {
      kind: 'form', school, staff: Object.entries(names).map(([userId, name]) => ({ userId, name })),
      draft: { employeeId: uid(2), complainantKind: 'foresatt', complainantName: long(L.name), route: 'saerlig_alvorlig', summary: long(L.summary), talkedOn: '2026-11-02', written: 'bedt_om', procedureExplained: true, pupilOffence: true },
      errors: [tooLong('complainantName', L.name), tooLong('summary', L.summary)],
    };
    const card = staffRegistrationCard('nb', form, 'f1');
    expect(size(card)).toBeLessThan(TEAMS_LIMIT);
    expect(JSON.stringify(card)).toContain(JSON.stringify(form.draft.summary));
  });
});
