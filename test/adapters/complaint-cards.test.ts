/**
 * The cards of a complaint about teaching fit Teams at the worst a school can produce: every
 * minutes written to its limit and changed several times, ten pupils with long names, long
 * written complaint, reasons and notes, 250 staff to choose a teacher from.
 */
import type { ComplaintView, RegistrationForm } from '../../src/app/teaching-complaint';
import type { StoredComplaint } from '../../src/ports';
import { COMPLAINT_LIMITS, MINUTES_KINDS, MINUTES_STAGE, type Minutes } from '../../src/domain/complaint';
import { complaintCard, complaintNoticeCard } from '../../src/adapters/teams/cards/complaint-views';
import { escalateCard, minutesCard, registrationCard, resolveCard } from '../../src/adapters/teams/cards/complaint-forms';
import { cardText } from '../support/bot-client';
import { long, names, school, size, TEAMS_LIMIT, uid } from '../support/card-limits';

const pupils = Array.from({ length: COMPLAINT_LIMITS.pupils }, (_, i) => `${long(COMPLAINT_LIMITS.pupilName - 3, 'Elevnavn ')}${i}`);
const staffIds = Array.from({ length: COMPLAINT_LIMITS.staff }, (_, i) => uid(i + 2));
const at = '2026-11-10T09:00:00.000Z';

const minutes: Minutes[] = MINUTES_KINDS.flatMap((kind) =>
  [1, 2, 3].map((v) => ({
    minutesId: `${kind}-${v}`, kind, stage: MINUTES_STAGE[kind], date: '2026-11-10', participants: { staffIds, pupils }, notes: long(COMPLAINT_LIMITS.text),
    agreed: long(COMPLAINT_LIMITS.text), proposals: long(COMPLAINT_LIMITS.text), periodEnd: '2026-12-01', followUpOn: '2026-12-01', requiresSignatures: kind === 'mote_tillitselev',
    approvals: staffIds.slice(0, 5).map((id) => ({ signer: { kind: 'ansatt' as const, userId: id }, at, by: id })), recordedAt: at, recordedBy: uid(1),
  })),
);
const complaint: StoredComplaint = {
  tenantId: 't', schoolId: 's', complaintId: 'k1', ref: 'KL-2026-9999', class: '10B', subject: long(COMPLAINT_LIMITS.subject), teacherId: uid(2), representatives: pupils,
  registeredBy: uid(3), registeredAt: at, leaderId: uid(1), stage: 4, stageSince: at, status: 'apen', minutes,
  followUp: { minutesId: 'mote_tillitselev-3', heldOn: '2026-12-01', outcome: 'ikke_bedret', note: long(COMPLAINT_LIMITS.note), at, by: uid(2) },
  writtenComplaint: { text: long(COMPLAINT_LIMITS.text), reason: long(COMPLAINT_LIMITS.reason), minutesIds: [], receivedAt: at, receivedBy: uid(1) },
  teacherInformedAt: at, skips: [{ from: 1, to: 3, reason: long(COMPLAINT_LIMITS.reason), at, by: uid(1) }], description: long(COMPLAINT_LIMITS.note),
  toRektor: { minutesIds: [], note: long(COMPLAINT_LIMITS.note), at, by: uid(1) },
};
const view: ComplaintView = {
  complaint, school, viewer: undefined, roles: { teacher: false, registrar: false, leader: true, rektor: false, participant: true, sees: true }, names,
  buttons: { minutes: ['samtale_tillitselev', 'samtale_faglaerer_leder', 'felles_mote'], approve: 'x', pupils: true, followUp: false, move: true, next: false, inform: false, escalate: false, toRektor: true, resolve: true },
  involved: staffIds, participants: staffIds.map((id) => ({ userId: id, name: names[id] })), today: '2026-12-10',
  deadline: { duty: 'samtaler_leder', stage: 4, date: '2026-12-17', basis: 'default', schoolDays: 10, responsible: [uid(1)] },
  booking: {
    complaintId: 'k1', meetingId: 'm', minutesId: 'mote_tillitselev-3', date: '2026-12-01', start: '2026-12-01T13:00:00.000Z', end: '2026-12-01T13:45:00.000Z', organizerId: uid(1),
    attendeeIds: staffIds, version: 3, bookedVersion: 3, eventId: 'e', joinUrl: '', webLink: `https://x.example/${long(200)}`, attempts: 1, lastError: '', cancelled: true, by: uid(1),
  },
};

describe('complaint cards at the limits', () => {
  it.each(['nb', 'nn', 'en'] as const)('the complaint card with every minutes at its limit, changed twice, stays under 28 KB (%s)', (lang) => {
    const card = complaintCard(lang, view, { info: 'x', error: 'y' });
    expect(size(card)).toBeLessThan(TEAMS_LIMIT);
    expect(JSON.stringify(card)).toContain('Ansatt Etternavnsen-Dobbeltnavn 11');
    expect(size(complaintNoticeCard(lang, view, 'til_rektor'))).toBeLessThan(TEAMS_LIMIT);
    expect(size(complaintNoticeCard(lang, view, 'oppfolging'))).toBeLessThan(TEAMS_LIMIT);
    for (const notice of ['frist', 'mote_flyttet', 'mote_avlyst'] as const) expect(size(complaintNoticeCard(lang, view, notice))).toBeLessThan(TEAMS_LIMIT);
  });

  // Written from the languages' rules, not from our output: Språkrådet's «kl. 14.00» and «10.11.2026» (no
  // leading zeros), the dictionaries' «tirsdag»/«tysdag» shortened with a full stop, en-GB's «Tue 1 Dec» and
  // «14:00». 13.00 UTC on 1 December is 14.00 in Oslo (UTC+1 in winter).
  it.each([
    ['nb', 'tir. 1.12.2026 kl. 14.00 er avlyst.', 'Oppfølgingsmøtet tir. 1.12.2026 kl. 14.00 i klagen KL-2026-9999', '10.11.2026 av'],
    ['nn', 'tys. 1.12.2026 kl. 14.00 er avlyst.', 'Oppfølgingsmøtet tys. 1.12.2026 kl. 14.00 i klaga KL-2026-9999', '10.11.2026 av'],
    ['en', 'Tue 1 Dec 2026 at 14:00 is cancelled.', 'The follow-up meeting on Tue 1 Dec 2026 at 14:00 in complaint KL-2026-9999', '10 Nov 2026 by'],
  ] as const)('writes the meeting’s day and time as every other card does (%s)', (lang, cancelled, notice, registered) => {
    expect(cardText(complaintCard(lang, view))).toContain(cancelled);
    expect(cardText(complaintCard(lang, view))).toContain(registered);
    expect(cardText(complaintNoticeCard(lang, view, 'mote_avlyst'))).toContain(notice);
  });

  it('the forms keep every text typed to its limit and stay under 28 KB', () => {
    const full = { kind: 'felles_mote' as const, date: '2026-12-10', staffIds, pupils, notes: long(COMPLAINT_LIMITS.text), agreed: long(COMPLAINT_LIMITS.text), proposals: long(COMPLAINT_LIMITS.text), periodEnd: '' };
    const m = minutesCard('nb', view, full, 'f1', { errors: [{ field: 'notes', problem: 'tooLong', limit: COMPLAINT_LIMITS.text }] });
    expect(size(m)).toBeLessThan(TEAMS_LIMIT);
    expect(JSON.stringify(m)).toContain(JSON.stringify(full.proposals));
    expect(size(escalateCard('nb', { ...view, complaint: { ...complaint, stage: 1 } }, { text: long(COMPLAINT_LIMITS.text), reason: long(COMPLAINT_LIMITS.reason), skipReason: long(COMPLAINT_LIMITS.reason) }))).toBeLessThan(TEAMS_LIMIT);
    expect(size(resolveCard('nn', view, long(COMPLAINT_LIMITS.note)))).toBeLessThan(TEAMS_LIMIT);
  });

  it('the registration form with 250 teachers to choose from stays under 28 KB', () => {
    const form: RegistrationForm = {
      kind: 'form', school, classes: Array.from({ length: 40 }, (_, i) => `${8 + (i % 3)}${String.fromCharCode(65 + i)}`),
      teachers: Object.entries(names).map(([userId, name]) => ({ userId, name })),
      draft: { class: '8A', subject: long(COMPLAINT_LIMITS.subject), teacherId: uid(2), representatives: pupils.join('\n'), description: long(COMPLAINT_LIMITS.note) },
      errors: [{ field: 'teacherId', problem: 'colleague' }], others: [{ schoolId: 'n', name: 'Nordberg skole (demo)' }], open: [],
    };
    const card = registrationCard('nb', form, 'f1');
    expect(size(card)).toBeLessThan(TEAMS_LIMIT);
    expect(JSON.stringify(card)).toContain(JSON.stringify(form.draft.description));
    expect(JSON.stringify(card)).toContain(JSON.stringify(form.draft.representatives));
  });
});
