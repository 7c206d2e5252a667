/**
 * Klage på opplæring (seed 000, SPEC §3.2): one named test per rule of the school's routine, the
 * routine's own words quoted above each. Form problems come back as arrays; refusals as
 * DomainError (shared codes) or ComplaintError (the complaint's own codes).
 */
import {
  advance,
  allSigned,
  approveMinutes,
  assignLeader,
  completeStage,
  ComplaintError,
  confirmPupilSignature,
  escalateToLeader,
  followUpDate,
  followUpOn,
  formatComplaintRef,
  handToRektor,
  informTeacher,
  isComplaintFormErrors,
  latestMinutes,
  mayRegisterComplaint,
  teacherInformed,
  missingForStage,
  moveFollowUp,
  recordFollowUp,
  recordMinutes,
  registerComplaint,
  resolve,
  type ComplaintDraft,
  type ComplaintFormError,
  type ComplaintLogEntry,
  type MinutesDraft,
  type TeachingComplaint,
} from '../../src/domain/complaint';
import { complaintDeadline, deadlineReminderDue, STAGE_DEADLINE_SCHOOL_DAYS, stageDeadline } from '../../src/domain/complaint-deadlines';
import { DomainError } from '../../src/domain/errors';
import type { Membership, Role } from '../../src/domain/people';
import { defaultBreaks, type SchoolCalendar } from '../../src/domain/school-calendar';

const T = 'tenant';
const S = 'ellingsrud';
const m = (userId: string, roles: Role[], o: Partial<Membership> = {}): Membership => ({ tenantId: T, schoolId: S, userId, name: userId, roles, classes: [], trinn: [], ...o });
const rektor = m('rektor', ['ansatt', 'rektor']);
const lars = m('lars', ['ansatt', 'avdelingsleder'], { trinn: [9] });
const mona = m('mona', ['ansatt', 'avdelingsleder'], { trinn: [8] });
const kari = m('kari', ['ansatt', 'kontaktlaerer'], { classes: ['9B'] });
const per = m('per', ['ansatt', 'faglaerer']);
const nina = m('nina', ['ansatt', 'faglaerer']);
const sara = m('sara', ['ansatt', 'miljoteam']);
const jon = m('jon', ['skoleeier']);
const elsewhere = m('oskar', ['ansatt', 'rektor', 'avdelingsleder'], { schoolId: 'bjorkelangen' });
/** The school's staff list, as the server looks it up. Pupils have no membership. */
const STAFF = [rektor, lars, mona, kari, per, nina, sara, jon];
const CLASSES = ['8A', '9B'];

const HOLIDAYS = new Set(['2026-12-25', '2026-12-26', '2027-01-01', '2027-03-25', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17']);
const calendar: SchoolCalendar = { isPublicHoliday: (d) => HOLIDAYS.has(d), breaks: defaultBreaks(2026) };

const OLA = 'Ola Nordmann';
const AMINA = 'Amina Ali';
const at = (d: string): string => `${d}T09:00:00.000Z`;

const draft: ComplaintDraft = { class: '9B', subject: 'Matematikk', teacherId: 'per', representatives: [] };

const ok = <R>(r: R | ComplaintFormError[]): R => {
  if (isComplaintFormErrors(r)) throw new Error(`unexpected form errors: ${JSON.stringify(r)}`);
  return r;
};
const formErrors = (r: unknown): ComplaintFormError[] => {
  if (!isComplaintFormErrors(r)) throw new Error('expected form errors, got a result');
  return r;
};
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError || e instanceof ComplaintError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
};

const register = (actor: Membership = per, d: ComplaintDraft = draft) =>
  registerComplaint(actor, d, { complaintId: 'k1', ref: formatComplaintRef(2026, 1), now: at('2026-11-02'), classes: CLASSES, staff: STAFF, leader: lars });
const registered = (): TeachingComplaint => ok(register()).complaint;

const minutes = (kind: string, o: Partial<MinutesDraft> = {}): MinutesDraft => {
  const base: Record<string, MinutesDraft> = {
    samtale_faglaerer: { kind, date: '2026-11-02', staffIds: ['per'], pupils: [OLA], notes: 'Gjennomgangen går for fort', agreed: '', proposals: '', periodEnd: '' },
    mote_tillitselev: { kind, date: '2026-11-10', staffIds: ['per'], pupils: [OLA, AMINA], notes: 'Tempo og lekser', agreed: 'Mer repetisjon', proposals: '', periodEnd: '2026-12-01' },
    samtale_tillitselev: { kind, date: '2026-12-07', staffIds: ['lars'], pupils: [OLA], notes: 'Elevenes syn', agreed: '', proposals: '', periodEnd: '' },
    samtale_faglaerer_leder: { kind, date: '2026-12-08', staffIds: ['lars', 'per'], pupils: [], notes: 'Lærerens syn', agreed: '', proposals: '', periodEnd: '' },
    felles_mote: { kind, date: '2026-12-10', staffIds: ['lars', 'per'], pupils: [OLA], notes: '', agreed: 'Ukeplan med repetisjon', proposals: 'Ukeplan; ekstra time', periodEnd: '' },
  };
  return { ...base[kind], ...o };
};
const record = (c: TeachingComplaint, actor: Membership, d: MinutesDraft, id: string, today = '2026-12-20') =>
  recordMinutes(c, actor, d, { minutesId: id, staff: STAFF, today, now: at(today), calendar });

const atStage2 = (): TeachingComplaint => {
  const c = ok(record(registered(), per, minutes('samtale_faglaerer'), 'r1', '2026-11-02')).complaint;
  return completeStage(c, per, at('2026-11-03')).complaint;
};
const withMeeting = (): TeachingComplaint => ok(record(atStage2(), per, minutes('mote_tillitselev'), 'r2', '2026-11-10')).complaint;
const signed = (c: TeachingComplaint = withMeeting()): TeachingComplaint => {
  let x = approveMinutes(c, per, 'r2', at('2026-11-10')).complaint;
  x = confirmPupilSignature(x, per, 'r2', OLA, at('2026-11-10')).complaint;
  return confirmPupilSignature(x, per, 'r2', AMINA, at('2026-11-10')).complaint;
};
const followedUp = (c: TeachingComplaint = signed(), outcome = 'ikke_bedret', heldOn = '2026-12-01') =>
  ok(recordFollowUp(c, per, { heldOn, outcome, note: '' }, { today: '2026-12-01', now: at('2026-12-01') })).complaint;
const written = { text: 'Vi klager på opplæringen i matematikk', reason: 'Ikke bedre etter avtalt periode' };
const atStage3 = (): TeachingComplaint => ok(escalateToLeader(followedUp(), lars, written, at('2026-12-02'))).complaint;
const atStage4 = (): TeachingComplaint => informTeacher(atStage3(), lars, at('2026-12-03')).complaint;
const stage4Done = (): TeachingComplaint => {
  let c = atStage4();
  c = ok(record(c, lars, minutes('samtale_tillitselev'), 'r3')).complaint;
  c = ok(record(c, lars, minutes('samtale_faglaerer_leder'), 'r4')).complaint;
  return ok(record(c, lars, minutes('felles_mote'), 'r5')).complaint;
};
const atStage5 = (): TeachingComplaint => ok(handToRektor(stage4Done(), lars, { note: '' }, at('2027-01-11'))).complaint;

describe('klage på opplæring (seed 000)', () => {
  // «må eleven/elevene først be om en samtale med læreren som har faget»
  test('a complaint starts at the conversation with the subject teacher', () => {
    const r = ok(register());
    expect(r.complaint).toMatchObject({ stage: 1, status: 'apen', teacherId: 'per', leaderId: 'lars', ref: 'KL-2026-0001', class: '9B', subject: 'Matematikk' });
    expect(r.log).toMatchObject({ action: 'klage_registrert', actorId: 'per' });
    // Nothing recorded yet: stage 1 is not done.
    expect(code(() => completeStage(r.complaint, per, at('2026-11-02')))).toBe('complaint.MINUTES_MISSING');
  });

  // Seed 001 §1: «Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kollegaer.
  // Foreldre og elever skal bes om å henvende seg direkte til den det gjelder.»
  // Seed 000: «må eleven/elevene først be om en samtale med læreren som har faget» … «leverer dette
  // til leder med elevoppfølgingsansvar».
  // They seem to differ only at first sight: 000 lets the faglærer take the first conversation, and
  // that is the complaint going «direkte til den det gjelder» — it is not a complaint about a
  // colleague. 000 is the more specific routine for teaching and names only the faglærer and the
  // leader; neither seed gives the kontaktlærer a part. So: the teacher about their own teaching,
  // the avdelingsleder or rektor; every other member of staff (the kontaktlærer too) is refused.
  test('Ingen ansatte skal ta imot klage på andre kollegaer: only the teacher concerned, an avdelingsleder or rektor registers a complaint about teaching', () => {
    expect(ok(register(per)).complaint.registeredBy).toBe('per');
    expect(ok(register(mona)).complaint.registeredBy).toBe('mona');
    expect(ok(register(rektor)).complaint.registeredBy).toBe('rektor');
    expect(code(() => register(kari))).toBe('common.NO_ROLE'); // the kontaktlærer of the class, about Per's teaching
    expect(mayRegisterComplaint(kari, S, 'kari', '9B')).toBe(true); // …but about her own teaching she may
    expect(code(() => register(nina))).toBe('common.NO_ROLE');
    expect(code(() => register(sara))).toBe('common.NO_ROLE');
    expect(code(() => register(jon))).toBe('common.NO_ROLE');
    expect(code(() => registerComplaint(undefined, draft, { complaintId: 'k', ref: 'r', now: at('2026-11-02'), classes: CLASSES, staff: STAFF, leader: lars }))).toBe('common.NO_ROLE');
    const bad = formErrors(register(rektor, { class: '10C', subject: '', teacherId: 'jon', representatives: ['x'.repeat(101)] }));
    expect(bad).toEqual(
      expect.arrayContaining([
        { field: 'class', problem: 'invalid' },
        { field: 'subject', problem: 'required' },
        { field: 'teacherId', problem: 'notStaff' },
        { field: 'representatives', problem: 'tooLong', limit: 100 },
      ]),
    );
    expect(code(() => registerComplaint(per, draft, { complaintId: 'k', ref: 'r', now: at('2026-11-02'), classes: CLASSES, staff: STAFF, leader: kari }))).toBe('common.LEADER_INVALID');
  });

  // «I denne samtalen bør eleven/elevene beskrive så konkret som mulig hva som oppleves som vanskelig.»
  test('the conversation with the subject teacher records what the pupils find difficult', () => {
    const c = registered();
    const errs = formErrors(record(c, per, minutes('samtale_faglaerer', { notes: ' ', pupils: [], staffIds: ['kari'] }), 'r1'));
    expect(errs).toEqual(
      expect.arrayContaining([
        { field: 'notes', problem: 'required' },
        { field: 'pupils', problem: 'required', role: 'tillitselev' },
        { field: 'staffIds', problem: 'missingParticipant', role: 'faglaerer' },
      ]),
    );
    expect(formErrors(record(c, per, minutes('samtale_faglaerer', { date: '2026-12-24' }), 'r1', '2026-11-02'))).toEqual([{ field: 'date', problem: 'future' }]);
    const r = ok(record(c, per, minutes('samtale_faglaerer'), 'r1'));
    expect(latestMinutes(r.complaint, 'samtale_faglaerer')).toMatchObject({ stage: 1, notes: 'Gjennomgangen går for fort', requiresSignatures: false });
  });

  // «Dersom problemene ikke lar seg løse etter første samtale, skal følgende rutine følges: Det settes av tid til nytt møte.»
  test('the tillitselev meeting comes only after the first conversation', () => {
    expect(code(() => record(registered(), per, minutes('mote_tillitselev'), 'r2'))).toBe('complaint.NOT_AT_STAGE');
    const c = atStage2();
    expect(c.stage).toBe(2);
    expect(ok(record(c, per, minutes('mote_tillitselev'), 'r2', '2026-11-10')).complaint.minutes).toHaveLength(2);
  });

  // «I dette møtet deltar tillitselev(er) og faglærer. Dersom det gjelder en faggruppe, velger elevene en representant.»
  test('the tillitselev(er) and the subject teacher take part in the tillitselev meeting', () => {
    const c = atStage2();
    expect(formErrors(record(c, per, minutes('mote_tillitselev', { staffIds: [], pupils: [''] }), 'r2', '2026-11-10'))).toEqual(
      expect.arrayContaining([
        { field: 'staffIds', problem: 'missingParticipant', role: 'faglaerer' },
        { field: 'pupils', problem: 'required', role: 'tillitselev' },
      ]),
    );
    expect(formErrors(record(c, per, minutes('mote_tillitselev', { pupils: [OLA, 'ola nordmann'] }), 'r2', '2026-11-10'))).toEqual([{ field: 'pupils', problem: 'duplicate' }]);
    // A pupil is never a staff participant: staff ids are looked up in the school's staff list.
    expect(formErrors(record(c, per, minutes('mote_tillitselev', { staffIds: ['per', 'pupil-aad-id'] }), 'r2', '2026-11-10'))).toEqual([{ field: 'staffIds', problem: 'notStaff' }]);
    // The tillitselever are the pupils who met.
    expect(withMeeting().representatives).toEqual([OLA, AMINA]);
  });

  // «Elevene skriver ned det de vil ta opp knyttet til opplæringen.» «Eleven/tillitseleven skriver
  // ned det de blir enige om i møtet, og avtaler en periode (frist) for forandringer.»
  test('the minutes of the tillitselev meeting record what the pupils raise, what was agreed and an agreed period for changes', () => {
    const c = atStage2();
    expect(formErrors(record(c, per, minutes('mote_tillitselev', { notes: '', agreed: '', periodEnd: '' }), 'r2', '2026-11-10'))).toEqual(
      expect.arrayContaining([
        { field: 'notes', problem: 'required' },
        { field: 'agreed', problem: 'required' },
        { field: 'periodEnd', problem: 'required' },
      ]),
    );
    expect(formErrors(record(c, per, minutes('mote_tillitselev', { periodEnd: '2026-11-10' }), 'r2', '2026-11-10'))).toEqual([{ field: 'periodEnd', problem: 'order' }]);
    // The follow-up meeting judges the period, so the period ends by then.
    expect(formErrors(record(c, per, minutes('mote_tillitselev', { periodEnd: '2026-12-02' }), 'r2', '2026-11-10'))).toEqual([{ field: 'periodEnd', problem: 'afterFollowUp' }]);
    expect(latestMinutes(withMeeting(), 'mote_tillitselev')).toMatchObject({ agreed: 'Mer repetisjon', periodEnd: '2026-12-01', notes: 'Tempo og lekser' });
  });

  // «Nytt møte settes opp etter tre uker.»
  test('the follow-up meeting is set three weeks after the tillitselev meeting', () => {
    expect(followUpDate('2026-11-10', calendar)).toBe('2026-12-01');
    // Three calendar weeks; a day off moves it to the next school day.
    expect(followUpDate('2026-09-08', calendar)).toBe('2026-10-05'); // høstferie week 40
    expect(followUpDate('2027-04-26', calendar)).toBe('2027-05-18'); // 17. mai
    expect(followUpDate('2026-12-01', calendar)).toBe('2027-01-04'); // juleferie
    // Set at once, with the minutes, and offered for reminders until it is held.
    const c = withMeeting();
    expect(latestMinutes(c, 'mote_tillitselev')?.followUpOn).toBe('2026-12-01');
    expect(complaintDeadline(c)).toEqual({ what: 'oppfolgingsmote', date: '2026-12-01' });
    expect(complaintDeadline(followedUp())).toBeUndefined();
  });

  // «Referatet skrives under av møtedeltakere.»
  test('the minutes of the tillitselev meeting must be signed by everyone who took part', () => {
    let c = withMeeting();
    c = recordFollowUpOk(c);
    expect(code(() => escalateToLeader(c, lars, written, at('2026-12-02')))).toBe('complaint.MINUTES_NOT_APPROVED');
    c = approveMinutes(c, per, 'r2', at('2026-11-10')).complaint;
    c = confirmPupilSignature(c, per, 'r2', OLA, at('2026-11-10')).complaint;
    expect(allSigned(latestMinutes(c, 'mote_tillitselev')!)).toBe(false);
    expect(code(() => escalateToLeader(c, lars, written, at('2026-12-02')))).toBe('complaint.MINUTES_NOT_APPROVED');
    c = confirmPupilSignature(c, per, 'r2', AMINA, at('2026-11-10')).complaint;
    expect(allSigned(latestMinutes(c, 'mote_tillitselev')!)).toBe(true);
    expect(ok(escalateToLeader(c, lars, written, at('2026-12-02'))).complaint.stage).toBe(3);
    // The other minutes of the routine need no signatures.
    expect(latestMinutes(stage4Done(), 'felles_mote')?.requiresSignatures).toBe(false);
  });

  // «Referatet skrives under av møtedeltakere.» — by those who took part, each once.
  test('only a listed participant signs the minutes, and a second approval changes nothing', () => {
    const c = withMeeting();
    expect(code(() => approveMinutes(c, lars, 'r2', at('2026-11-10')))).toBe('common.NO_ROLE');
    expect(code(() => approveMinutes(c, nina, 'r2', at('2026-11-10')))).toBe('common.NOT_FOUND');
    expect(code(() => approveMinutes(c, elsewhere, 'r2', at('2026-11-10')))).toBe('common.NOT_FOUND');
    expect(code(() => confirmPupilSignature(c, per, 'r2', 'Kari Pupil', at('2026-11-10')))).toBe('common.INVALID_INPUT');
    const first = approveMinutes(c, per, 'r2', at('2026-11-10'));
    expect(first.log).toEqual({ at: at('2026-11-10'), actorId: 'per', action: 'referat_godkjent', detail: 'referat=r2' });
    const second = approveMinutes(first.complaint, per, 'r2', at('2026-11-11'));
    expect(second.complaint).toBe(first.complaint);
    expect(second.log).toBeUndefined();
    const pupil = confirmPupilSignature(first.complaint, per, 'r2', 'amina ali', at('2026-11-10'));
    expect(confirmPupilSignature(pupil.complaint, per, 'r2', AMINA, at('2026-11-10')).log).toBeUndefined();
    expect(latestMinutes(pupil.complaint, 'mote_tillitselev')?.approvals).toEqual([
      { signer: { kind: 'ansatt', userId: 'per' }, at: at('2026-11-10'), by: 'per' },
      { signer: { kind: 'elev', name: AMINA }, at: at('2026-11-10'), by: 'per' },
    ]);
  });

  // «Referatet skrives under av møtedeltakere.» — what they signed is what counts.
  test('changed minutes must be signed again', () => {
    const c = ok(record(signed(), per, minutes('mote_tillitselev', { agreed: 'Mer repetisjon og færre lekser' }), 'r2b', '2026-11-11'));
    expect(c.log.action).toBe('referat_endret');
    expect(latestMinutes(c.complaint, 'mote_tillitselev')?.approvals).toEqual([]);
    expect(code(() => approveMinutes(c.complaint, per, 'r2', at('2026-11-11')))).toBe('common.CONFLICT');
    expect(missingForStage(c.complaint).map((e) => e.code)).toEqual(['complaint.MINUTES_NOT_APPROVED', 'complaint.FOLLOW_UP_NOT_HELD']);
  });

  // «Hvis forholdene ikke bedrer seg etter avtalt periode, gir tillitseleven beskjed til lærer om at elevene ønsker å gå videre med saken.»
  test("a complaint cannot go to the leader before the tillitselev meeting's follow-up has been held", () => {
    const c = signed();
    expect(code(() => escalateToLeader(c, lars, written, at('2026-11-20')))).toBe('complaint.FOLLOW_UP_NOT_HELD');
    expect(code(() => advance(c, lars, { to: 3, now: at('2026-11-20') }))).toBe('complaint.FOLLOW_UP_NOT_HELD');
    // Not before the agreed period is over, and not before the meeting itself.
    const early = formErrors(recordFollowUp(c, per, { heldOn: '2026-11-24', outcome: 'ikke_bedret', note: '' }, { today: '2026-11-24', now: at('2026-11-24') }));
    expect(early).toEqual([{ field: 'heldOn', problem: 'beforePeriodEnd' }]);
    expect(formErrors(recordFollowUp(c, per, { heldOn: '2026-11-09', outcome: 'x', note: '' }, { today: '2026-12-01', now: at('2026-12-01') }))).toEqual([
      { field: 'outcome', problem: 'invalid' },
      { field: 'heldOn', problem: 'order' },
    ]);
    // Better after the period: nothing to take to the leader; the complaint is resolved at stage 2.
    const better = followedUp(c, 'bedret');
    expect(code(() => escalateToLeader(better, lars, written, at('2026-12-02')))).toBe('complaint.CONDITIONS_IMPROVED');
    expect(ok(resolve(better, per, 'Bedre etter avtalt periode', at('2026-12-01'))).complaint.resolution).toMatchObject({ stage: 2, by: 'per' });
    // Not better: on to the leader.
    expect(ok(escalateToLeader(followedUp(c), lars, written, at('2026-12-02'))).complaint.stage).toBe(3);
  });

  // «Referat fra avholdt samtale skal legges ved den skriftlige klagen. I tillegg skal det begrunnes hvorfor klagen legges fram for leder.»
  test('a written complaint to the leader carries the minutes and the reason', () => {
    const c = followedUp();
    expect(formErrors(escalateToLeader(c, lars, { text: '', reason: ' ' }, at('2026-12-02')))).toEqual([
      { field: 'text', problem: 'required' },
      { field: 'reason', problem: 'required' },
    ]);
    const r = ok(escalateToLeader(c, lars, written, at('2026-12-02')));
    expect(r.complaint.writtenComplaint).toEqual({ text: written.text, reason: written.reason, minutesIds: ['r1', 'r2'], receivedAt: at('2026-12-02'), receivedBy: 'lars' });
    expect(r.log).toEqual({ at: at('2026-12-02'), actorId: 'lars', action: 'klage_til_leder', detail: 'fra=2;til=3;referater=r1,r2' });
    // Stage 3 is entered with the written complaint only.
    expect(code(() => advance(c, lars, { to: 3, now: at('2026-12-02') }))).toBe('complaint.WRITTEN_COMPLAINT_REQUIRED');
  });

  // «Elev/tillitselev utformer skriftlig klage på opplæringen og leverer dette til leder med elevoppfølgingsansvar»
  test('the written complaint is received by the leader responsible for pupil follow-up', () => {
    const c = followedUp();
    expect(code(() => escalateToLeader(c, per, written, at('2026-12-02')))).toBe('common.NO_ROLE');
    expect(code(() => escalateToLeader(c, rektor, written, at('2026-12-02')))).toBe('common.NO_ROLE');
    expect(code(() => escalateToLeader(c, mona, written, at('2026-12-02')))).toBe('common.NOT_FOUND');
  });

  // «(som vurderer hvem som skal følge opp, ev. i samarbeid med rektor)» «Leder med elevoppølgingsansvar (ev. leder med personalansvar)»
  test('the responsible leader may hand the follow-up to another leader', () => {
    const c = atStage3();
    expect(code(() => assignLeader(c, per, mona, at('2026-12-02')))).toBe('common.NO_ROLE');
    expect(code(() => assignLeader(c, lars, kari, at('2026-12-02')))).toBe('common.LEADER_INVALID');
    expect(code(() => assignLeader(c, lars, elsewhere, at('2026-12-02')))).toBe('common.LEADER_INVALID');
    expect(code(() => assignLeader(c, lars, lars, at('2026-12-02')))).toBe('complaint.SAME_LEADER');
    const r = assignLeader(c, lars, mona, at('2026-12-02'));
    expect(r.complaint.leaderId).toBe('mona');
    expect(r.log).toMatchObject({ action: 'leder_endret', detail: 'leder=mona' });
    expect(code(() => informTeacher(r.complaint, lars, at('2026-12-03')))).toBe('common.NO_ROLE');
    expect(informTeacher(r.complaint, mona, at('2026-12-03')).complaint.stage).toBe(4);
    expect(assignLeader(c, rektor, mona, at('2026-12-02')).complaint.leaderId).toBe('mona');
  });

  // «Leder med elevoppølgingsansvar (ev. leder med personalansvar) orienterer lærer om at klage er mottatt og at han/hun vil bli invitert til en samtale.»
  test('the leader informs the teacher that the complaint is received before the conversations', () => {
    const c = atStage3();
    expect(code(() => record(c, lars, minutes('samtale_tillitselev'), 'r3'))).toBe('complaint.NOT_AT_STAGE');
    expect(code(() => informTeacher(c, per, at('2026-12-03')))).toBe('common.NO_ROLE');
    const r = informTeacher(c, lars, at('2026-12-03'));
    // Moving to stage 4 sends the teacher the notice; the teacher is informed when it is delivered.
    expect(r.complaint).toMatchObject({ stage: 4, teacherInformedAt: '' });
    expect(r.log).toEqual({ at: at('2026-12-03'), actorId: 'lars', action: 'laerer_orientert', detail: 'fra=3;til=4' });
    const delivered = teacherInformed(r.complaint, at('2026-12-04'))!;
    expect(delivered.complaint.teacherInformedAt).toBe(at('2026-12-04'));
    expect(delivered.log).toEqual({ at: at('2026-12-04'), actorId: 'lars', action: 'laerer_informert', detail: 'faglaerer=per;levert=ja' });
    expect(teacherInformed(delivered.complaint, at('2026-12-05'))).toBeUndefined(); // once
    expect(teacherInformed(c, at('2026-12-05'))).toBeUndefined(); // not before stage 4
  });

  // «Leder gjennomfører separate samtaler med tillitselev og lærer. Det skrives referater.»
  test('the leader holds separate conversations with the tillitselev and the teacher, with minutes', () => {
    const c = atStage4();
    expect(formErrors(record(c, lars, minutes('samtale_tillitselev', { staffIds: ['lars', 'per'] }), 'r3'))).toEqual([{ field: 'staffIds', problem: 'notSeparate' }]);
    expect(formErrors(record(c, lars, minutes('samtale_faglaerer_leder', { pupils: [OLA] }), 'r4'))).toEqual([{ field: 'pupils', problem: 'notSeparate' }]);
    expect(formErrors(record(c, lars, minutes('samtale_faglaerer_leder', { staffIds: ['lars'], notes: '' }), 'r4'))).toEqual([
      { field: 'staffIds', problem: 'missingParticipant', role: 'faglaerer' },
      { field: 'notes', problem: 'required' },
    ]);
    expect(code(() => handToRektor(c, lars, { note: '' }, at('2026-12-20')))).toBe('complaint.MINUTES_MISSING');
    const one = ok(record(c, lars, minutes('samtale_tillitselev'), 'r3')).complaint;
    expect(missingForStage(one).map((e) => [e.code, e.detail?.kind])).toEqual([
      ['complaint.MINUTES_MISSING', 'samtale_faglaerer_leder'],
      ['complaint.MINUTES_MISSING', 'felles_mote'],
    ]);
  });

  // «Leder inviterer lærer og tillitselev til felles samtale. Forslag til løsninger drøftes og velges. Leder skriver referat fra samtalen.»
  test('the joint meeting follows the separate conversations and records the proposed and the chosen solutions', () => {
    let c = atStage4();
    expect(code(() => record(c, lars, minutes('felles_mote'), 'r5'))).toBe('complaint.SEPARATE_TALKS_FIRST');
    c = ok(record(c, lars, minutes('samtale_tillitselev'), 'r3')).complaint;
    c = ok(record(c, lars, minutes('samtale_faglaerer_leder'), 'r4')).complaint;
    expect(formErrors(record(c, lars, minutes('felles_mote', { proposals: '', agreed: '', pupils: [] }), 'r5'))).toEqual([
      { field: 'pupils', problem: 'required', role: 'tillitselev' },
      { field: 'agreed', problem: 'required' },
      { field: 'proposals', problem: 'required' },
    ]);
    const r = ok(record(c, lars, minutes('felles_mote'), 'r5'));
    expect(latestMinutes(r.complaint, 'felles_mote')).toMatchObject({ proposals: 'Ukeplan; ekstra time', agreed: 'Ukeplan med repetisjon', recordedBy: 'lars' });
    expect(missingForStage(r.complaint)).toEqual([]);
  });

  // «Leder med elevoppølgingsansvar … orienterer lærer …» «Leder gjennomfører …» «Leder inviterer …» — stage 4 is the leader's.
  test('only the responsible leader acts at stage 4', () => {
    const c = atStage4();
    // The teacher and rektor know of the complaint but do not act at stage 4.
    for (const who of [per, rektor]) expect(code(() => record(c, who, minutes('samtale_tillitselev'), 'r3'))).toBe('common.NO_ROLE');
    // Other leaders and teachers with no part in it do not learn that it exists.
    for (const who of [mona, kari]) expect(code(() => record(c, who, minutes('samtale_tillitselev'), 'r3'))).toBe('common.NOT_FOUND');
    expect(code(() => resolve(c, per, 'Løst', at('2026-12-20')))).toBe('common.NO_ROLE');
    expect(code(() => handToRektor(stage4Done(), rektor, { note: '' }, at('2026-12-20')))).toBe('common.NO_ROLE');
  });

  // «Dersom saken ikke løses etter dette, behandles den av rektor med utgangspunkt i referater og foreslåtte løsninger.»
  test('only rektor handles stage 5, from the minutes and the proposed solutions', () => {
    const r = ok(handToRektor(stage4Done(), lars, { note: 'Ikke enighet' }, at('2027-01-11')));
    expect(r.complaint.stage).toBe(5);
    expect(r.complaint.toRektor).toEqual({ minutesIds: ['r1', 'r2', 'r3', 'r4', 'r5'], note: 'Ikke enighet', at: at('2027-01-11'), by: 'lars' });
    expect(latestMinutes(r.complaint, 'felles_mote')?.proposals).toBe('Ukeplan; ekstra time');
    expect(r.log).toEqual({ at: at('2027-01-11'), actorId: 'lars', action: 'til_rektor', detail: 'fra=4;til=5;referater=r1,r2,r3,r4,r5' });
    const c = atStage5();
    expect(code(() => resolve(c, lars, 'Løst', at('2027-01-12')))).toBe('common.NO_ROLE');
    expect(code(() => resolve(c, per, 'Løst', at('2027-01-12')))).toBe('common.NO_ROLE');
    expect(code(() => resolve(c, elsewhere, 'Løst', at('2027-01-12')))).toBe('common.NOT_FOUND');
    expect(code(() => completeStage(c, rektor, at('2027-01-12')))).toBe('complaint.FINAL_STAGE');
    const done = ok(resolve(c, rektor, 'Rektors vedtak: ukeplan videreføres', at('2027-01-12')));
    expect(done.complaint).toMatchObject({ status: 'avsluttet', resolution: { stage: 5, by: 'rektor', note: 'Rektors vedtak: ukeplan videreføres' } });
    expect(done.log).toEqual({ at: at('2027-01-12'), actorId: 'rektor', action: 'klage_avsluttet', detail: 'trinn=5' });
  });

  // «Det er et mål at alle klager løses på lavest mulig nivå, dvs. i dialog mellom lærer/elev.»
  test('a stage cannot be skipped without a recorded reason', () => {
    const c = registered();
    expect(code(() => advance(c, lars, { to: 4, now: at('2026-11-03') }))).toBe('complaint.STAGE_SKIPPED');
    expect(code(() => advance(c, lars, { to: 4, reason: '  ', now: at('2026-11-03') }))).toBe('complaint.STAGE_SKIPPED');
    expect(code(() => escalateToLeader(c, lars, written, at('2026-11-03')))).toBe('complaint.STAGE_SKIPPED');
    // Skipping is a leader's decision, never the teacher's.
    expect(code(() => advance(c, per, { to: 4, reason: 'Eleven vil ikke møte læreren', now: at('2026-11-03') }))).toBe('common.NO_ROLE');
    const r = advance(c, lars, { to: 4, reason: 'Eleven vil ikke møte læreren', now: at('2026-11-03') });
    expect(r.complaint).toMatchObject({ stage: 4, teacherInformedAt: '' }); // until the teacher's notice is delivered
    expect(r.complaint.skips).toEqual([{ from: 1, to: 4, reason: 'Eleven vil ikke møte læreren', at: at('2026-11-03'), by: 'lars' }]);
    expect(r.log).toEqual({ at: at('2026-11-03'), actorId: 'lars', action: 'trinn_hoppet_over', detail: 'fra=1;til=4;grunn=Eleven vil ikke møte læreren' });
    // A written complaint that comes straight to the leader skips the tillitselev meeting, with a reason.
    const direct = ok(escalateToLeader(c, lars, { ...written, skipReason: 'Skriftlig klage levert direkte' }, at('2026-11-03')));
    expect(direct.complaint.stage).toBe(3);
    expect(direct.log.action).toBe('trinn_hoppet_over');
    // No going back, and the next stage needs the current one done.
    expect(code(() => advance(r.complaint, lars, { to: 2, reason: 'x', now: at('2026-11-04') }))).toBe('complaint.STAGE_PASSED');
    expect(code(() => advance(r.complaint, lars, { to: 5, now: at('2026-11-04') }))).toBe('complaint.MINUTES_MISSING');
  });

  // «Det er et mål at alle klager løses på lavest mulig nivå, dvs. i dialog mellom lærer/elev.»
  test('a complaint can be resolved at any stage with a note, and then nothing more happens', () => {
    const c = ok(record(registered(), per, minutes('samtale_faglaerer'), 'r1', '2026-11-02')).complaint;
    expect(formErrors(resolve(c, per, ' ', at('2026-11-02')))).toEqual([{ field: 'note', problem: 'required' }]);
    const r = ok(resolve(c, per, 'Løst i samtalen', at('2026-11-02')));
    expect(r.complaint).toMatchObject({ status: 'avsluttet', resolution: { stage: 1, note: 'Løst i samtalen', by: 'per' } });
    expect(code(() => resolve(r.complaint, per, 'igjen', at('2026-11-03')))).toBe('common.CLOSED');
    expect(code(() => completeStage(r.complaint, per, at('2026-11-03')))).toBe('common.CLOSED');
    expect(code(() => approveMinutes(r.complaint, per, 'r1', at('2026-11-03')))).toBe('common.CLOSED');
    expect(ok(resolve(atStage3(), lars, 'Løst av leder', at('2026-12-03'))).complaint.resolution?.stage).toBe(3);
  });

  // SPEC §4: «Nobody sees another school's cases.»
  test("another school's staff, and staff with no part in it, do not find the complaint", () => {
    const c = withMeeting();
    expect(code(() => record(c, elsewhere, minutes('mote_tillitselev'), 'x'))).toBe('common.NOT_FOUND');
    expect(code(() => completeStage(c, elsewhere, at('2026-11-10')))).toBe('common.NOT_FOUND');
    expect(code(() => resolve(c, nina, 'x', at('2026-11-10')))).toBe('common.NOT_FOUND');
    expect(code(() => assignLeader(c, { ...lars, schoolId: 'bjorkelangen' }, mona, at('2026-11-10')))).toBe('common.NOT_FOUND');
    expect(code(() => resolve(c, { ...rektor, tenantId: 'other' }, 'x', at('2026-11-10')))).toBe('common.NOT_FOUND');
  });

  // SPEC §4: «Logs of the running service never contain pupil names or free text from reports.»
  test('log entries carry ids and codes, never minutes text or pupil names', () => {
    const logs: ComplaintLogEntry[] = [];
    const keep = <R extends { log: ComplaintLogEntry | undefined }>(r: R): R => {
      if (r.log) logs.push(r.log);
      return r;
    };
    let c = keep(ok(register())).complaint;
    c = keep(ok(record(c, per, minutes('samtale_faglaerer'), 'r1', '2026-11-02'))).complaint;
    c = keep(completeStage(c, per, at('2026-11-03'))).complaint;
    c = keep(ok(record(c, per, minutes('mote_tillitselev'), 'r2', '2026-11-10'))).complaint;
    c = keep(approveMinutes(c, per, 'r2', at('2026-11-10'))).complaint;
    c = keep(confirmPupilSignature(c, per, 'r2', OLA, at('2026-11-10'))).complaint;
    c = keep(confirmPupilSignature(c, per, 'r2', AMINA, at('2026-11-10'))).complaint;
    c = keep(ok(recordFollowUp(c, per, { heldOn: '2026-12-01', outcome: 'ikke_bedret', note: 'Fortsatt for høyt tempo' }, { today: '2026-12-01', now: at('2026-12-01') }))).complaint;
    c = keep(ok(escalateToLeader(c, lars, written, at('2026-12-02')))).complaint;
    c = keep(informTeacher(c, lars, at('2026-12-03'))).complaint;
    keep(ok(resolve(c, lars, 'Løst etter samtale med Ola Nordmann', at('2026-12-04'))));
    expect(logs.map((l) => l.action)).toEqual([
      'klage_registrert',
      'referat_registrert',
      'trinn_videre',
      'referat_registrert',
      'referat_godkjent',
      'elevsignatur_bekreftet',
      'elevsignatur_bekreftet',
      'oppfolging_holdt',
      'klage_til_leder',
      'laerer_orientert',
      'klage_avsluttet',
    ]);
    const all = JSON.stringify(logs);
    for (const secret of ['Ola', 'Amina', 'Gjennomgangen', 'Tempo', 'repetisjon', 'tempo', written.text, written.reason, 'Matematikk']) expect(all).not.toContain(secret);
    expect(logs[5].detail).toBe('referat=r2;elev=1');
  });
});

function recordFollowUpOk(c: TeachingComplaint): TeachingComplaint {
  return ok(recordFollowUp(c, per, { heldOn: '2026-12-01', outcome: 'ikke_bedret', note: '' }, { today: '2026-12-01', now: at('2026-12-01') })).complaint;
}

describe('deadlines per stage, and moving the follow-up meeting (seed 000)', () => {
  const ctx = { calendar, dateOf: (iso: string) => iso.slice(0, 10), rektorIds: ['rektor'] };
  const deadline = (c: TeachingComplaint) => stageDeadline(c, ctx);
  const move = (c: TeachingComplaint, actor: Membership, date: string, today = '2026-11-20') => moveFollowUp(c, actor, date, { today, now: at(today), calendar });

  // «må eleven/elevene først be om en samtale med læreren som har faget» — the routine gives no time.
  test('the conversation with the subject teacher is due within a school week of the complaint (a default), and the teacher is the one reminded', () => {
    expect(STAGE_DEADLINE_SCHOOL_DAYS.samtale_faglaerer).toBe(5);
    // Registered Monday 2 November: five school days on is Monday 9 November.
    expect(deadline(registered())).toEqual({ duty: 'samtale_faglaerer', stage: 1, date: '2026-11-09', basis: 'default', schoolDays: 5, responsible: ['per'] });
    // Recorded: the stage's work is done, nothing more is reminded.
    expect(deadline(ok(record(registered(), per, minutes('samtale_faglaerer'), 'r1', '2026-11-02')).complaint)).toBeUndefined();
  });

  // «Dersom problemene ikke lar seg løse etter første samtale ... Det settes av tid til nytt møte.»
  test('the tillitselev meeting is due within a school week after the first conversation did not solve it', () => {
    expect(deadline(atStage2())).toMatchObject({ duty: 'mote_tillitselev', date: '2026-11-10', basis: 'default', responsible: ['per'] });
  });

  // «Nytt møte settes opp etter tre uker.»
  test('the follow-up meeting is due three weeks after the tillitselev meeting, the routine’s own number, until it is held', () => {
    expect(deadline(withMeeting())).toEqual({ duty: 'oppfolgingsmote', stage: 2, date: '2026-12-01', basis: 'seed', schoolDays: 0, responsible: ['per', 'lars'] });
    expect(deadline(followedUp(signed(), 'bedret'))).toBeUndefined();
  });

  // «Elev/tillitselev utformer skriftlig klage»: the pupils act, not staff.
  test('after a follow-up without improvement the pupils write the complaint: no member of staff has a deadline', () => {
    expect(deadline(followedUp())).toBeUndefined();
  });

  // «Leder ... orienterer lærer om at klage er mottatt og at han/hun vil bli invitert til en samtale.»
  test('the leader informs the teacher within two school days of receiving the written complaint', () => {
    // Received Wednesday 2 December: Friday 4 December.
    expect(deadline(atStage3())).toEqual({ duty: 'orientere_laerer', stage: 3, date: '2026-12-04', basis: 'default', schoolDays: 2, responsible: ['lars'] });
  });

  // «Leder gjennomfører separate samtaler ... Leder inviterer lærer og tillitselev til felles samtale.»
  test('the leader’s separate conversations and joint meeting are due within two school weeks of informing the teacher', () => {
    expect(deadline(atStage4())).toMatchObject({ duty: 'samtaler_leder', date: '2026-12-17', schoolDays: 10, responsible: ['lars'] });
    expect(deadline(stage4Done())).toBeUndefined();
  });

  // «Dersom saken ikke løses etter dette, behandles den av rektor»
  test('rektor handles it within two school weeks; a closed complaint has no deadline', () => {
    expect(deadline(atStage5())).toMatchObject({ duty: 'rektor', stage: 5, date: '2027-01-25', responsible: ['rektor'] });
    expect(deadline(ok(resolve(atStage5(), rektor, 'Løst', at('2027-01-12'))).complaint)).toBeUndefined();
  });

  test('school days skip weekends, public holidays and the Christmas break', () => {
    const c = { ...registered(), stageSince: at('2026-12-14') };
    // Monday 14 December: 15–18 December, then the break until 1 January, then Monday 4 January.
    expect(deadline(c)?.date).toBe('2027-01-04');
  });

  test('a reminder goes out from the school day before the deadline, over a weekend or a break', () => {
    const d = deadline(registered())!; // Monday 9 November
    expect(deadlineReminderDue(d, '2026-11-05', calendar)).toBe(false);
    expect(deadlineReminderDue(d, '2026-11-06', calendar)).toBe(true); // the Friday before
    expect(deadlineReminderDue(d, '2026-11-12', calendar)).toBe(true); // late: still once
    const overBreak = deadline({ ...registered(), stageSince: at('2026-12-14') })!; // Monday 4 January
    expect(deadlineReminderDue(overBreak, '2026-12-17', calendar)).toBe(false);
    expect(deadlineReminderDue(overBreak, '2026-12-18', calendar)).toBe(true);
  });

  test('nobody is reminded on a Saturday or in the Christmas break, only on school days', () => {
    const d = deadline(registered())!; // Monday 9 November
    expect(deadlineReminderDue(d, '2026-11-07', calendar)).toBe(false); // Saturday
    expect(deadlineReminderDue(d, '2026-11-08', calendar)).toBe(false); // Sunday
    expect(deadlineReminderDue(d, '2026-11-09', calendar)).toBe(true);
    const overBreak = deadline({ ...registered(), stageSince: at('2026-12-14') })!; // Monday 4 January
    expect(deadlineReminderDue(overBreak, '2026-12-28', calendar)).toBe(false); // in the break
  });

  test('the follow-up meeting can be moved to another school day after the agreed period; it is then the deadline', () => {
    const r = move(withMeeting(), lars, '2026-12-03');
    const c = ok(r).complaint;
    expect(followUpOn(c)).toBe('2026-12-03');
    expect(ok(r).log).toEqual({ at: at('2026-11-20'), actorId: 'lars', action: 'oppfolging_flyttet', detail: 'referat=r2;fra=2026-12-01;til=2026-12-03' });
    expect(deadline(c)).toMatchObject({ duty: 'oppfolgingsmote', date: '2026-12-03', basis: 'moved' });
    expect(missingForStage(signed(c)).map((e) => e.detail)).toEqual([{ oppfolging: '2026-12-03' }]);
    // The minutes keep the day the routine set.
    expect(latestMinutes(c, 'mote_tillitselev')?.followUpOn).toBe('2026-12-01');
    // The same day again changes nothing.
    expect(ok(move(c, lars, '2026-12-03')).log).toBeUndefined();
  });

  test('a moved follow-up must be a school day, not passed, after the meeting and not before the agreed period ends', () => {
    const problem = (date: string) => formErrors(move(withMeeting(), per, date)).map((e) => e.problem);
    expect(problem('')).toEqual(['required']);
    expect(problem('3. desember')).toEqual(['invalid']);
    expect(problem('2026-11-19')).toEqual(['past']);
    expect(problem('2026-12-05')).toEqual(['notSchoolDay']); // a Saturday
    expect(problem('2026-12-22')).toEqual(['notSchoolDay']); // the Christmas break
    expect(problem('2026-11-30')).toEqual(['followUpBeforePeriodEnd']); // the period ends 1 December
    expect(formErrors(move(withMeeting(), per, '2026-11-10', '2026-11-10')).map((e) => e.problem)).toEqual(['order']);
  });

  test('only those who act at stage 2 move the follow-up, and not once it is held; new minutes set a new date three weeks on', () => {
    expect(code(() => move(withMeeting(), sara, '2026-12-03'))).toBe('common.NOT_FOUND');
    expect(code(() => move(followedUp(), lars, '2026-12-03'))).toBe('complaint.FOLLOW_UP_HELD');
    expect(code(() => move(atStage2(), lars, '2026-12-03'))).toBe('complaint.MINUTES_MISSING');
    const moved = ok(move(withMeeting(), lars, '2026-12-03')).complaint;
    const again = ok(record(moved, per, minutes('mote_tillitselev', { date: '2026-11-12', periodEnd: '2026-12-03' }), 'r9', '2026-11-12')).complaint;
    expect(followUpOn(again)).toBe('2026-12-03');
    expect(deadline(again)).toMatchObject({ basis: 'seed', date: '2026-12-03' });
  });
});
