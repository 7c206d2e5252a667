/**
 * Klage fra foresatte og elever rettet mot personale (seed 001, SPEC §3.3): one named test per
 * rule of the school's routine, the routine's own words quoted above each. Form problems come back
 * as arrays; refusals as DomainError (shared codes) or StaffComplaintError (the complaint's own).
 */
import { DomainError } from '../../src/domain/errors';
import type { Membership, Role } from '../../src/domain/people';
import {
  awaitingEmployeeSignature,
  closeStaffComplaint,
  employeeProjection,
  evaluationMeeting,
  evaluationReminderDue,
  informEmployee,
  employeeInformed,
  informDeadline,
  informReminderDue,
  isPupilOffence,
  isStaffComplaintFormErrors,
  linkSkolemiljoCase,
  missingSignOffs,
  mayRegisterStaffComplaint,
  nextStep,
  notifyComplainantGroundless,
  pupilOffenceNotice,
  receiveWrittenComplaint,
  recordEmployeeTalk,
  recordEvaluation,
  recordJointMeeting,
  recordMeasures,
  recordMeetingRecord,
  recordMentoringAgreement,
  recordRejection,
  registerStaffComplaint,
  signOff,
  staffComplaintDeadline,
  staffComplaintIntake,
  staffComplaintView,
  StaffComplaintError,
  type StaffComplaint,
  type StaffComplaintDraft,
  type StaffComplaintFormError,
  type StaffComplaintLogEntry,
  type StaffComplaintResult,
} from '../../src/domain/staff-complaint';
import { calendarFor } from '../../src/app/school-time';

const T = 'tenant';
/** The default Norwegian school year (autumn 2026): weekends and holidays off. */
const calendar = calendarFor({}, '2026-10-01');
const S = 'nordberg';
const m = (userId: string, roles: Role[], o: Partial<Membership> = {}): Membership => ({ tenantId: T, schoolId: S, userId, name: userId, roles, classes: [], trinn: [], ...o });
const rektor = m('rektor', ['ansatt', 'rektor']);
const lars = m('lars', ['ansatt', 'avdelingsleder'], { trinn: [9] });
const mona = m('mona', ['ansatt', 'avdelingsleder'], { trinn: [8] });
const kari = m('kari', ['ansatt', 'kontaktlaerer'], { classes: ['9B'] });
const per = m('per', ['ansatt', 'faglaerer']);
const jon = m('jon', ['skoleeier']);
const elsewhere = m('oskar', ['ansatt', 'rektor', 'avdelingsleder'], { schoolId: 'annen' });
const STAFF = [rektor, lars, mona, kari, per, jon];

const PARENT = 'Kari Foresatt';
const now = (d: string): string => `${d}T09:00:00.000Z`;
const ctx = (d: string) => ({ now: now(d), today: d });

const draft: StaffComplaintDraft = {
  employeeId: 'per',
  complainantKind: 'foresatt',
  complainantName: PARENT,
  route: 'direkte_kontakt_uten_resultat',
  summary: 'Opplever at læreren snakker nedsettende til eleven i timene.',
  talkedOn: '2026-10-05',
  written: 'bedt_om',
  procedureExplained: true,
  pupilOffence: false,
};

const ok = <T extends { log: StaffComplaintLogEntry | undefined }>(r: T | StaffComplaintFormError[]): T => {
  if (isStaffComplaintFormErrors(r)) throw new Error(`form errors: ${JSON.stringify(r)}`);
  return r;
};
const formErrors = (r: unknown): StaffComplaintFormError[] => {
  if (!isStaffComplaintFormErrors(r)) throw new Error('expected form errors');
  return r;
};
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError || e instanceof StaffComplaintError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
};

const register = (d: Partial<StaffComplaintDraft> = {}, actor: Membership = lars): StaffComplaintResult =>
  ok(registerStaffComplaint(actor, { ...draft, ...d }, { complaintId: 'c1', ref: 'PK-2026-0001', now: now('2026-10-05'), today: '2026-10-05', staff: STAFF }));
const informed = (d: Partial<StaffComplaintDraft> = {}): StaffComplaint => employeeInformed(informEmployee(register(d).complaint, lars, now('2026-10-05')).complaint, now('2026-10-05'))!.complaint;
const talked = (groundless: boolean, unionRepPresent = true): StaffComplaint =>
  ok(recordEmployeeTalk(informed(), lars, { date: '2026-10-07', unionRepPresent, employeeVersion: 'Kjenner seg ikke igjen.', groundless }, ctx('2026-10-07'))).complaint;
const jointNoAgreement = (): StaffComplaint =>
  ok(recordJointMeeting(talked(false), lars, { date: '2026-10-12', unionRepPresent: true, complainantPresent: true, agreed: false, agreementText: '' }, ctx('2026-10-12'))).complaint;
const withMeasures = (): StaffComplaint =>
  ok(recordMeasures(jointNoAgreement(), lars, { mentorArea: 'Klasseledelse og språkbruk', other: '', evaluationOn: '2026-12-14', unionRepPresent: true }, ctx('2026-10-14'))).complaint;

/** No names or free text in any log entry. */
const expectSafe = (log: StaffComplaintLogEntry | undefined): void => {
  expect(log).toBeDefined();
  for (const secret of [PARENT, 'nedsettende', 'Kjenner', 'Klasseledelse', 'Rolig']) expect(log!.detail).not.toContain(secret);
};

describe('Klage rettet mot personale — seed 001', () => {
  // "Ingen ansatte skal ta imot klage fra elever eller foreldre på andre kollegaer. Foreldre og
  // elever skal bes om å henvende seg direkte til den det gjelder"
  test('staff never take a complaint about a colleague and redirect to the person concerned', () => {
    expect(mayRegisterStaffComplaint(kari, S, 'per')).toBe(false);
    expect(mayRegisterStaffComplaint(per, S, 'kari')).toBe(false);
    expect(staffComplaintIntake(kari, S)).toEqual({ kind: 'henvis', rule: 'ingen_ansatte_tar_imot_klage_paa_kollegaer', steps: ['den_det_gjelder', 'avdelingsleder'] });
    expect(code(() => registerStaffComplaint(kari, draft, { complaintId: 'c', ref: 'r', now: now('2026-10-05'), today: '2026-10-05', staff: STAFF }))).toBe('common.NO_ROLE');
    expect(mayRegisterStaffComplaint(elsewhere, S, 'per')).toBe(false);
    expect(mayRegisterStaffComplaint(jon, S, 'per')).toBe(false);
  });

  // "Hvis direkte kontakt med den saken gjelder ikke fører fram eller saken oppleves som særlig
  // alvorlig, skal klage rettes til avdelingsleder."
  test('the complaint goes to the avdelingsleder when direct contact failed or it is especially serious', () => {
    expect(staffComplaintIntake(lars, S)).toEqual({ kind: 'registrer' });
    expect(staffComplaintIntake(rektor, S)).toEqual({ kind: 'registrer' });
    expect(register({ route: 'saerlig_alvorlig' }).complaint.route).toBe('saerlig_alvorlig');
    expect(formErrors(registerStaffComplaint(lars, { ...draft, route: '' }, { complaintId: 'c', ref: 'r', now: now('2026-10-05'), today: '2026-10-05', staff: STAFF }))).toContainEqual({ field: 'route', problem: 'required' });
  });

  // "Skolens ledelse / avdelingsleder mottar en klage, samtaler med den som har fremmet klagen, ber
  // om at klagen fremmes skriftlig (dersom dette ikke allerede er gjort) og informerer klageren om
  // videre saksgang."
  test('the receiving leader records the conversation, the written complaint asked for or received, and that the complainant was told the procedure', () => {
    const { complaint, log } = register();
    expect(complaint.leaderId).toBe('lars');
    expect(complaint.reception).toEqual({ talkedOn: '2026-10-05', written: 'bedt_om', writtenReceivedAt: '', procedureExplained: true });
    expectSafe(log);
    const errors = formErrors(
      registerStaffComplaint(lars, { ...draft, talkedOn: '', written: 'muntlig', procedureExplained: false }, { complaintId: 'c', ref: 'r', now: now('2026-10-05'), today: '2026-10-05', staff: STAFF }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'talkedOn', problem: 'required' },
        { field: 'written', problem: 'invalid' },
        { field: 'procedureExplained', problem: 'required' },
      ]),
    );
    const received = ok(receiveWrittenComplaint(complaint, lars, '2026-10-06', ctx('2026-10-06')));
    expect(received.complaint.reception).toMatchObject({ written: 'mottatt', writtenReceivedAt: now('2026-10-06') });
    expect(code(() => receiveWrittenComplaint(received.complaint, lars, '2026-10-06', ctx('2026-10-06')))).toBe('staffComplaint.ALREADY_RECORDED');
    expect(register({ written: 'mottatt' }).complaint.reception.writtenReceivedAt).toBe(now('2026-10-05'));
  });

  // "ber om at klagen fremmes skriftlig (dersom dette ikke allerede er gjort)" — "Kravet om at
  // klagen skal fremmes skriftlig er ment for å ... dekke behovet for dokumentasjon"
  test('the written complaint asked for is recorded when it comes, with its date, by the leader only', () => {
    const { complaint } = register();
    expect(formErrors(receiveWrittenComplaint(complaint, lars, '', ctx('2026-10-09')))).toEqual([{ field: 'date', problem: 'required' }]);
    expect(formErrors(receiveWrittenComplaint(complaint, lars, '2026-10-10', ctx('2026-10-09')))).toEqual([{ field: 'date', problem: 'future' }]);
    expect(formErrors(receiveWrittenComplaint(complaint, lars, '2026-10-01', ctx('2026-10-09')))).toEqual([{ field: 'date', problem: 'order' }]);
    expect(code(() => receiveWrittenComplaint(complaint, kari, '2026-10-08', ctx('2026-10-09')))).toBe('common.NOT_FOUND');
    expect(code(() => receiveWrittenComplaint(complaint, per, '2026-10-08', ctx('2026-10-09')))).toBe('common.NOT_FOUND');
    const r = ok(receiveWrittenComplaint(complaint, rektor, '2026-10-08', ctx('2026-10-09')));
    expect(r.complaint.reception).toMatchObject({ written: 'mottatt', writtenReceivedOn: '2026-10-08' });
    expect(r.log).toMatchObject({ action: 'skriftlig_klage_mottatt', actorId: 'rektor' });
    expectSafe(r.log);
    // Received at registration: nothing more to record.
    expect(code(() => receiveWrittenComplaint(register({ written: 'mottatt' }).complaint, lars, '2026-10-08', ctx('2026-10-09')))).toBe('staffComplaint.ALREADY_RECORDED');
  });

  // "Nærmeste leder informerer umiddelbart den ansatte om mottatt klage."
  test('Nærmeste leder informerer umiddelbart den ansatte: first, informed only when the notice is delivered, by the next school day, reminded until then', () => {
    const { complaint } = register();
    expect(nextStep(complaint)).toBe('informer_ansatt');
    expect(code(() => recordEmployeeTalk(complaint, lars, { date: '2026-10-07', unionRepPresent: true, employeeVersion: 'x', groundless: false }, ctx('2026-10-07')))).toBe('staffComplaint.EMPLOYEE_NOT_INFORMED');
    expect(code(() => closeStaffComplaint(complaint, lars, 'Trukket', now('2026-10-05')))).toBe('staffComplaint.EMPLOYEE_NOT_INFORMED');
    // Sent is not informed: the notice may not have arrived.
    const sent = informEmployee(complaint, lars, now('2026-10-05'));
    expectSafe(sent.log);
    expect(sent.complaint).toMatchObject({ employeeInformedAt: '', employeeInformSentAt: now('2026-10-05') });
    expect(nextStep(sent.complaint)).toBe('informer_ansatt');
    expect(staffComplaintView(sent.complaint, per)).toBe('none');
    // Delivered: informed, once.
    const r = employeeInformed(sent.complaint, now('2026-10-06'))!;
    expect(r.complaint.employeeInformedAt).toBe(now('2026-10-06'));
    expectSafe(r.log);
    expect(employeeInformed(r.complaint, now('2026-10-07'))).toBeUndefined();
    expect(code(() => informEmployee(r.complaint, lars, now('2026-10-05')))).toBe('staffComplaint.EMPLOYEE_ALREADY_INFORMED');
    expect(nextStep(r.complaint)).toBe('samtale_ansatt');
    // «Umiddelbart»: the same school day, at the latest the next. Registered Friday 2 October → Monday 5 October.
    expect(informDeadline('2026-10-02', calendar)).toBe('2026-10-05');
    expect(informReminderDue(sent.complaint, '2026-10-02', '2026-10-02', calendar)).toBe(false); // the same day
    expect(informReminderDue(sent.complaint, '2026-10-02', '2026-10-03', calendar)).toBe(false); // Saturday
    expect(informReminderDue(sent.complaint, '2026-10-02', '2026-10-05', calendar)).toBe(true); // the deadline
    expect(informReminderDue(sent.complaint, '2026-10-02', '2026-10-07', calendar)).toBe(true); // late: still reminded
    expect(informReminderDue(r.complaint, '2026-10-02', '2026-10-07', calendar)).toBe(false); // informed
  });

  // "Nærmeste leder innkaller den ansatte til samtale der den ansatte får anledning til å legge frem
  // sin versjon av saken. Det anbefales at vedkommende har med seg sin tillitsvalgte"
  test('the conversation with the employee records their version and whether the union representative was there, recommended not required', () => {
    const without = talked(false, false);
    expect(without.employeeTalk).toMatchObject({ unionRepPresent: false, employeeVersion: 'Kjenner seg ikke igjen.' });
    expect(talked(false, true).employeeTalk?.unionRepPresent).toBe(true);
    const errors = formErrors(recordEmployeeTalk(informed(), lars, { date: '2026-10-04', unionRepPresent: true, employeeVersion: '', groundless: false }, ctx('2026-10-07')));
    expect(errors).toEqual([
      { field: 'date', problem: 'order' },
      { field: 'employeeVersion', problem: 'required' },
    ]);
  });

  // "Dersom den ansatte mener at klagen er grunnløs, underretter skolens ledelse klageren om dette"
  test('when the employee finds the complaint groundless the complainant is told, and that is recorded before the joint meeting', () => {
    const c = talked(true);
    expect(nextStep(c)).toBe('underrett_klager');
    expect(code(() => recordJointMeeting(c, lars, { date: '2026-10-12', unionRepPresent: true, complainantPresent: true, agreed: false, agreementText: '' }, ctx('2026-10-12')))).toBe('staffComplaint.COMPLAINANT_NOT_NOTIFIED');
    expect(code(() => notifyComplainantGroundless(talked(false), lars, '2026-10-08', ctx('2026-10-08')))).toBe('staffComplaint.NOT_GROUNDLESS');
    const r = ok(notifyComplainantGroundless(c, lars, '2026-10-08', ctx('2026-10-08')));
    expect(r.complaint.complainantNotified?.date).toBe('2026-10-08');
    expectSafe(r.log);
    expect(nextStep(r.complaint)).toBe('fellesmote');
  });

  // "Skolens ledelse innkaller den ansatte (som bør ha med seg sin tillitsvalgte) og klageren til et
  // møte der målet er å finne en løsning. Hvis partene blir enige, skrives det man blir enige om
  // ned, og undertegnes av partene."
  test('the joint meeting records the written agreement and each party signs it', () => {
    const r = ok(recordJointMeeting(talked(false), lars, { date: '2026-10-12', unionRepPresent: true, complainantPresent: true, agreed: true, agreementText: 'Rolig tone i timene.' }, ctx('2026-10-12')));
    expectSafe(r.log);
    expect(r.complaint.jointMeeting).toMatchObject({ agreed: true, agreementText: 'Rolig tone i timene.', parties: ['ansatt', 'tillitsvalgt', 'klager'] });
    expect(nextStep(r.complaint)).toBe('signer_avtale');
    let c = signOff(r.complaint, per, 'avtale', 'ansatt', now('2026-10-12')).complaint;
    // The employee signs only their own part; the leader confirms the others' paper signatures.
    expect(code(() => signOff(c, per, 'avtale', 'klager', now('2026-10-12')))).toBe('common.NO_ROLE');
    c = signOff(c, lars, 'avtale', 'tillitsvalgt', now('2026-10-12')).complaint;
    const last = signOff(c, lars, 'avtale', 'klager', now('2026-10-12'));
    expectSafe(last.log);
    expect(missingSignOffs(last.complaint, 'avtale')).toEqual([]);
    expect(signOff(last.complaint, lars, 'avtale', 'klager', now('2026-10-13')).log).toBeUndefined();
    expect(nextStep(last.complaint)).toBe('avslutt');
    // Without the union representative, the employee and the complainant sign.
    const noRep = ok(recordJointMeeting(talked(false), lars, { date: '2026-10-12', unionRepPresent: false, complainantPresent: true, agreed: true, agreementText: 'Avtale.' }, ctx('2026-10-12')));
    expect(noRep.complaint.jointMeeting?.parties).toEqual(['ansatt', 'klager']);
    expect(code(() => signOff(noRep.complaint, lars, 'avtale', 'tillitsvalgt', now('2026-10-12')))).toBe('staffComplaint.NOT_SIGNABLE');
    expect(formErrors(recordJointMeeting(talked(false), lars, { date: '2026-10-12', unionRepPresent: true, complainantPresent: false, agreed: true, agreementText: '' }, ctx('2026-10-12')))).toEqual([
      { field: 'complainantPresent', problem: 'required' },
      { field: 'agreementText', problem: 'required' },
    ]);
  });

  // "Hvis partene ikke blir enige, må skolens ledelse vurdere hvilke andre tiltak som kan / må
  // iverksettes. Dersom det er nødvendig med flere møter skal tillitsvalgte være til stede"
  test('without agreement the leadership sets measures, and further meetings need the union representative', () => {
    const c = jointNoAgreement();
    expect(nextStep(c)).toBe('tiltak');
    expect(code(() => recordMeasures(talked(false), lars, { mentorArea: 'x', other: '', evaluationOn: '2026-12-14', unionRepPresent: true }, ctx('2026-10-14')))).toBe('staffComplaint.JOINT_MEETING_FIRST');
    expect(formErrors(recordMeasures(c, lars, { mentorArea: 'x', other: '', evaluationOn: '2026-12-14', unionRepPresent: false }, ctx('2026-10-14')))).toEqual([{ field: 'unionRepPresent', problem: 'unionRepRequired' }]);
    const agreed = ok(recordJointMeeting(talked(false), lars, { date: '2026-10-12', unionRepPresent: true, complainantPresent: true, agreed: true, agreementText: 'Avtale.' }, ctx('2026-10-12'))).complaint;
    expect(code(() => recordMeasures(agreed, lars, { mentorArea: 'x', other: '', evaluationOn: '2026-12-14', unionRepPresent: true }, ctx('2026-10-14')))).toBe('staffComplaint.AGREEMENT_REACHED');
  });

  // "Eksempel på tiltak: Veileder settes inn innenfor avtalt område, for å se hvilke endringer det kan
  // være nødvendig å foreta." The mentor is the seed's example of a measure, not a requirement
  // ("vurdere hvilke andre tiltak som kan / må iverksettes"): other measures alone will do, but some
  // measure must be set. Without a mentor there is no mentoring agreement to write or to reject.
  test('Eksempel på tiltak: a mentor within an agreed area is one measure, not required; at least one measure is', () => {
    expect(withMeasures().measures).toMatchObject({ mentorArea: 'Klasseledelse og språkbruk', evaluationOn: '2026-12-14' });
    expect(formErrors(recordMeasures(jointNoAgreement(), lars, { mentorArea: ' ', other: '', evaluationOn: '2026-12-14', unionRepPresent: true }, ctx('2026-10-14')))).toEqual([{ field: 'mentorArea', problem: 'measureRequired' }]);
    const other = ok(recordMeasures(jointNoAgreement(), lars, { mentorArea: '', other: 'Hospitering hos en kollega', evaluationOn: '2026-12-14', unionRepPresent: true }, ctx('2026-10-14')));
    expectSafe(other.log);
    expect(other.complaint.measures).toMatchObject({ mentorArea: '', other: 'Hospitering hos en kollega' });
    // No mentor: straight to the evaluation, no mentoring agreement, nothing of the mentoring to reject.
    expect(nextStep(other.complaint)).toBe('evaluering');
    expect(code(() => recordMentoringAgreement(other.complaint, lars, 'x', now('2026-12-01')))).toBe('staffComplaint.NO_MENTORING');
    expect(code(() => recordRejection(other.complaint, lars, 'veiledning', now('2026-12-01')))).toBe('staffComplaint.NO_MENTORING');
  });

  // "Når veiledningen er avsluttet skal det man har kommet frem til og er enige om, skrives ned og
  // undertegnes."
  test('when the mentoring ends what was agreed is written down and signed', () => {
    const r = ok(recordMentoringAgreement(withMeasures(), lars, 'Rolig tone, tydelige beskjeder.', now('2026-12-01')));
    expectSafe(r.log);
    expect(nextStep(r.complaint)).toBe('veiledningsavtale');
    expect(missingSignOffs(r.complaint, 'veiledningsavtale')).toEqual(['ansatt', 'ledelse']);
    let c = signOff(r.complaint, per, 'veiledningsavtale', 'ansatt', now('2026-12-01')).complaint;
    c = signOff(c, lars, 'veiledningsavtale', 'ledelse', now('2026-12-01')).complaint;
    expect(missingSignOffs(c, 'veiledningsavtale')).toEqual([]);
    expect(nextStep(c)).toBe('evaluering');
    expect(code(() => recordMentoringAgreement(jointNoAgreement(), lars, 'x', now('2026-12-01')))).toBe('staffComplaint.NO_MEASURES');
  });

  // "Etter en angitt periode er det nødvendig med en evaluering for å forsikre seg om at ønsket
  // resultat er oppnådd." — and, the evaluation being one of the further meetings: "Dersom det er
  // nødvendig med flere møter skal tillitsvalgte være til stede".
  test('the evaluation date is set with the measures and the evaluation is held after it, with the union representative present', () => {
    const c = withMeasures();
    expect(staffComplaintDeadline(c)).toEqual({ what: 'evaluering', date: '2026-12-14' });
    expect(formErrors(recordMeasures(jointNoAgreement(), lars, { mentorArea: 'x', other: '', evaluationOn: '', unionRepPresent: true }, ctx('2026-10-14')))).toEqual([{ field: 'evaluationOn', problem: 'required' }]);
    expect(code(() => recordEvaluation(c, lars, { date: '2026-12-01', achieved: true, note: '' }, ctx('2026-12-01')))).toBe('staffComplaint.EVALUATION_NOT_DUE');
    expect(formErrors(recordEvaluation(c, lars, { date: '2026-12-14', achieved: true, note: '', unionRepPresent: false }, ctx('2026-12-14')))).toEqual([{ field: 'unionRepPresent', problem: 'unionRepRequired' }]);
    const r = ok(recordEvaluation(c, lars, { date: '2026-12-14', achieved: true, note: 'Rolig i klassen.', unionRepPresent: true }, ctx('2026-12-14')));
    expectSafe(r.log);
    expect(r.complaint.measures?.evaluation).toMatchObject({ date: '2026-12-14', achieved: true });
    expect(staffComplaintDeadline(r.complaint)).toBeUndefined();
  });

  // "Etter en angitt periode er det nødvendig med en evaluering" — "Dersom det er nødvendig med
  // flere møter skal tillitsvalgte være til stede"
  test('the evaluation meeting is booked for the leader, the employee and the union representative when named, and reminded from the school day before until recorded', () => {
    const c = withMeasures();
    expect(evaluationMeeting(c)).toEqual({ date: '2026-12-14', organizerId: 'lars', attendeeIds: ['per'] });
    const withRep = ok(
      recordMeasures(jointNoAgreement(), lars, { mentorArea: 'x', other: '', evaluationOn: '2026-12-14', unionRepPresent: true, unionRepId: 'kari' }, { ...ctx('2026-10-14'), staff: STAFF }),
    ).complaint;
    expect(evaluationMeeting(withRep)).toEqual({ date: '2026-12-14', organizerId: 'lars', attendeeIds: ['per', 'kari'] });
    const reps = (unionRepId: string) =>
      formErrors(recordMeasures(jointNoAgreement(), lars, { mentorArea: 'x', other: '', evaluationOn: '2026-12-14', unionRepPresent: true, unionRepId }, { ...ctx('2026-10-14'), staff: [...STAFF, elsewhere] }));
    expect(reps('per')).toEqual([{ field: 'unionRepId', problem: 'invalid' }]);
    expect(reps('oskar')).toEqual([{ field: 'unionRepId', problem: 'notStaff' }]);
    expect(reps('ukjent')).toEqual([{ field: 'unionRepId', problem: 'notStaff' }]);
    // Friday 11 December: the next school day is Monday 14 December, the evaluation date.
    expect(evaluationReminderDue(c, '2026-12-11')).toBe(false);
    expect(evaluationReminderDue(c, '2026-12-14')).toBe(true);
    expect(evaluationReminderDue(c, '2026-12-20')).toBe(true); // overdue: still reminded
    const done = ok(recordEvaluation(c, lars, { date: '2026-12-14', achieved: true, note: '', unionRepPresent: true }, ctx('2026-12-14'))).complaint;
    expect(evaluationReminderDue(done, '2026-12-20')).toBe(false);
    expect(evaluationMeeting(jointNoAgreement())).toBeUndefined();
  });

  // "skrives ned, og undertegnes av partene" / "Når veiledningen er avsluttet skal det man har
  // kommet frem til og er enige om, skrives ned og undertegnes."
  test('a written agreement or mentoring agreement waits for the employee’s own signature until they sign it', () => {
    const agreed = ok(recordJointMeeting(talked(false), lars, { date: '2026-10-12', unionRepPresent: true, complainantPresent: true, agreed: true, agreementText: 'Rolig tone.' }, ctx('2026-10-12'))).complaint;
    expect(awaitingEmployeeSignature(agreed)).toEqual(['avtale']);
    expect(awaitingEmployeeSignature(signOff(agreed, lars, 'avtale', 'klager', now('2026-10-12')).complaint)).toEqual(['avtale']);
    expect(awaitingEmployeeSignature(signOff(agreed, per, 'avtale', 'ansatt', now('2026-10-12')).complaint)).toEqual([]);
    expect(awaitingEmployeeSignature(withMeasures())).toEqual([]);
    const mentoring = ok(recordMentoringAgreement(withMeasures(), lars, 'Ukentlige møter.', now('2026-11-20'))).complaint;
    expect(awaitingEmployeeSignature(mentoring)).toEqual(['veiledningsavtale']);
  });

  // "Dersom den ansatte avviser klagen og / eller veiledning, skal skolens ledelse kalle inn
  // vedkommende. Tillitsvalgte skal være til stede."
  test('when the employee rejects the complaint or the mentoring a meeting with the union representative present is required', () => {
    expect(code(() => recordRejection(talked(false), lars, 'veiledning', now('2026-10-08')))).toBe('staffComplaint.NO_MEASURES');
    const rejected = recordRejection(talked(false), lars, 'klagen', now('2026-10-08'));
    expectSafe(rejected.log);
    expect(nextStep(rejected.complaint)).toBe('motebok');
    expect(code(() => closeStaffComplaint(rejected.complaint, lars, 'Avsluttet', now('2026-10-09')))).toBe('staffComplaint.MOTEBOK_MISSING');
    expect(recordRejection(withMeasures(), lars, 'veiledning', now('2026-10-20')).complaint.rejection?.what).toBe('veiledning');
    const base = { date: '2026-10-09', participants: ['Per', 'Tillitsvalgt', 'Lars'], agreed: false, agreementText: '', employeeView: 'a', leadershipView: 'b' };
    expect(formErrors(recordMeetingRecord(rejected.complaint, lars, { ...base, unionRepPresent: false }, ctx('2026-10-09')))).toEqual([{ field: 'unionRepPresent', problem: 'unionRepRequired' }]);
    expect(code(() => recordMeetingRecord(talked(false), lars, { ...base, unionRepPresent: true }, ctx('2026-10-09')))).toBe('staffComplaint.NOT_REJECTED');
  });

  // "Hvis enighet oppnås, skrives møtebok som undertegnes av partene."
  test('an agreed møtebok is signed by the parties', () => {
    const c = recordRejection(talked(false), lars, 'klagen', now('2026-10-08')).complaint;
    const r = ok(recordMeetingRecord(c, lars, { date: '2026-10-09', participants: ['Per', 'Tillitsvalgt', 'Lars'], unionRepPresent: true, agreed: true, agreementText: 'Avtale.', employeeView: '', leadershipView: '' }, ctx('2026-10-09')));
    expect(nextStep(r.complaint)).toBe('signer_motebok');
    let d = r.complaint;
    for (const party of ['ansatt', 'tillitsvalgt', 'ledelse'] as const) d = signOff(d, lars, 'motebok', party, now('2026-10-09')).complaint;
    expect(missingSignOffs(d, 'motebok')).toEqual([]);
    expect(nextStep(d)).toBe('avslutt');
  });

  // "Ved uenighet skal det også føres møtebok som definerer dato for møtet, hvem som deltok og
  // partenes ulike syn på saken."
  test('a møtebok without agreement states the date, who took part and each side’s view', () => {
    const c = recordRejection(talked(false), lars, 'klagen', now('2026-10-08')).complaint;
    const errors = formErrors(recordMeetingRecord(c, lars, { date: '', participants: ['Per'], unionRepPresent: true, agreed: false, agreementText: '', employeeView: '', leadershipView: '' }, ctx('2026-10-09')));
    expect(errors).toEqual([
      { field: 'date', problem: 'required' },
      { field: 'participants', problem: 'required' },
      { field: 'employeeView', problem: 'required' },
      { field: 'leadershipView', problem: 'required' },
    ]);
    const r = ok(recordMeetingRecord(c, lars, { date: '2026-10-09', participants: ['Per', 'Tillitsvalgt', 'Lars'], unionRepPresent: true, agreed: false, agreementText: '', employeeView: 'Avviser', leadershipView: 'Fastholder' }, ctx('2026-10-09')));
    expect(r.complaint.meetingRecord).toMatchObject({ date: '2026-10-09', participants: ['Per', 'Tillitsvalgt', 'Lars'], employeeView: 'Avviser', leadershipView: 'Fastholder', parties: [] });
    expect(r.log.detail).not.toContain('Avviser');
    expect(r.log.detail).not.toContain('Tillitsvalgt');
    const closed = ok(closeStaffComplaint(r.complaint, lars, 'Møtebok ført, saken avsluttet.', now('2026-10-10')));
    expect(closed.complaint.status).toBe('avsluttet');
    expectSafe(closed.log);
    expect(nextStep(closed.complaint)).toBe('avsluttet');
    expect(code(() => recordEvaluation(closed.complaint, lars, { date: '2026-12-14', achieved: true, note: '' }, ctx('2026-12-14')))).toBe('common.CLOSED');
  });
});

describe('Klage rettet mot personale — access and §12-5', () => {
  // SPEC §4 / §3.3: only the avdelingsleder and rektor see it; the employee what concerns them once informed.
  test('only the receiving leader and rektor see the complaint, the employee once informed', () => {
    const { complaint } = register();
    expect(staffComplaintView(complaint, lars)).toBe('full');
    expect(staffComplaintView(complaint, rektor)).toBe('full');
    expect(staffComplaintView(complaint, mona)).toBe('none');
    expect(staffComplaintView(complaint, kari)).toBe('none');
    expect(staffComplaintView(complaint, per)).toBe('none');
    expect(staffComplaintView(complaint, elsewhere)).toBe('none');
    expect(staffComplaintView(complaint, undefined)).toBe('none');
    const c = employeeInformed(informEmployee(complaint, lars, now('2026-10-05')).complaint, now('2026-10-05'))!.complaint;
    expect(staffComplaintView(c, per)).toBe('employee');
    expect(code(() => recordEmployeeTalk(c, mona, { date: '2026-10-07', unionRepPresent: true, employeeVersion: 'x', groundless: false }, ctx('2026-10-07')))).toBe('common.NOT_FOUND');
    expect(code(() => recordEmployeeTalk(c, per, { date: '2026-10-07', unionRepPresent: true, employeeVersion: 'x', groundless: false }, ctx('2026-10-07')))).toBe('common.NO_ROLE');
    const view = employeeProjection({ ...c, pupilOffence: true, skolemiljoRef: 'SM-2026-0007' });
    expect(view).not.toHaveProperty('complainantName');
    expect(view).not.toHaveProperty('skolemiljoRef');
    expect(view.summary).toBe(draft.summary);
  });

  test('a leader does not register a complaint about themselves, and a complaint about rektor is not handled here', () => {
    expect(mayRegisterStaffComplaint(lars, S, 'lars')).toBe(false);
    expect(formErrors(registerStaffComplaint(lars, { ...draft, employeeId: 'lars' }, { complaintId: 'c', ref: 'r', now: now('2026-10-05'), today: '2026-10-05', staff: STAFF }))).toEqual([{ field: 'employeeId', problem: 'self' }]);
    expect(formErrors(registerStaffComplaint(lars, { ...draft, employeeId: 'rektor' }, { complaintId: 'c', ref: 'r', now: now('2026-10-05'), today: '2026-10-05', staff: STAFF }))).toEqual([{ field: 'employeeId', problem: 'notHandledHere' }]);
    expect(formErrors(registerStaffComplaint(lars, { ...draft, employeeId: 'oskar' }, { complaintId: 'c', ref: 'r', now: now('2026-10-05'), today: '2026-10-05', staff: [...STAFF, elsewhere] }))).toEqual([{ field: 'employeeId', problem: 'notStaff' }]);
    expect(register({}, rektor).complaint.leaderId).toBe('rektor');
  });

  // SPEC §3.3: "If the complaint says a staff member offends a pupil, the bot points out that §12-5
  // applies and offers to start a skolemiljø report at once."
  test('a complaint that a member of staff offends a pupil points to §12-5 and links the skolemiljø case', () => {
    expect(isPupilOffence(draft)).toBe(false);
    const plain = register().complaint;
    expect(pupilOffenceNotice(plain)).toBeUndefined();
    expect(code(() => linkSkolemiljoCase(plain, lars, 'SM-2026-0007', now('2026-10-05')))).toBe('staffComplaint.NOT_PUPIL_OFFENCE');
    const r = register({ pupilOffence: true });
    expect(isPupilOffence(r.complaint)).toBe(true);
    expect(r.log.detail).toContain('krenkelse=ja');
    expect(pupilOffenceNotice(r.complaint)).toEqual({ section: '12-5', offerReport: true, skolemiljoRef: '' });
    expect(code(() => linkSkolemiljoCase(r.complaint, lars, 'not a ref', now('2026-10-05')))).toBe('common.INVALID_INPUT');
    // Only the complaint's leader or rektor links a case: the report's submitter is checked here.
    expect(code(() => linkSkolemiljoCase(r.complaint, kari, 'SM-2026-0007', now('2026-10-05'), 'case-7'))).toBe('common.NOT_FOUND');
    expect(code(() => linkSkolemiljoCase(r.complaint, mona, 'SM-2026-0007', now('2026-10-05'), 'case-7'))).toBe('common.NOT_FOUND');
    expect(linkSkolemiljoCase(r.complaint, rektor, 'SM-2026-0007', now('2026-10-05'), 'case-7').complaint.skolemiljoCaseId).toBe('case-7');
    const linked = linkSkolemiljoCase(r.complaint, lars, 'SM-2026-0007', now('2026-10-05'), 'case-7');
    expect(linked.log.detail).toBe('ref=PK-2026-0001;sak=SM-2026-0007');
    expect(employeeProjection(linked.complaint)).not.toHaveProperty('skolemiljoCaseId');
    expect(pupilOffenceNotice(linked.complaint)).toEqual({ section: '12-5', offerReport: false, skolemiljoRef: 'SM-2026-0007' });
    expect(code(() => linkSkolemiljoCase(linked.complaint, lars, 'SM-2026-0008', now('2026-10-05')))).toBe('case.ALREADY_CONNECTED');
  });
});
