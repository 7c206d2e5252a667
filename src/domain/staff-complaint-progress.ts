/**
 * Where a staff complaint stands (seed 001): the routine's next step, which documents still wait
 * for a party's signature, and the evaluation meeting with its deadline. Read by the card, the
 * reminder sweep and the table; the steps that change the complaint are in staff-complaint.ts
 * (which exports everything here too).
 */
import { addSchoolDays, isSchoolDay, type LocalDate, type SchoolCalendar } from './school-calendar';
import { type DocumentKind, DOCUMENTS, type Party, type SignOff, type StaffComplaint } from './staff-complaint-records';

/** The document a party signs, with who must sign it and who has. */
export const documentOf = (c: StaffComplaint, doc: DocumentKind): { parties: Party[]; signOffs: SignOff[] } | undefined =>
  doc === 'avtale' ? c.jointMeeting : doc === 'veiledningsavtale' ? c.measures?.agreement : c.meetingRecord;

/** The parties of a document who have not signed yet (empty when all have, or nothing needs signing). */
export function missingSignOffs(c: StaffComplaint, doc: DocumentKind): Party[] {
  const d = documentOf(c, doc);
  if (!d) return [];
  return d.parties.filter((p) => !d.signOffs.some((s) => s.party === p));
}

export type StaffComplaintStep =
  | 'informer_ansatt'
  | 'samtale_ansatt'
  | 'underrett_klager'
  | 'fellesmote'
  | 'signer_avtale'
  | 'tiltak'
  | 'veiledningsavtale'
  | 'evaluering'
  | 'motebok'
  | 'signer_motebok'
  | 'avslutt'
  | 'avsluttet';

/** The next step of the routine, for the card and reminders. The employee is informed first ("umiddelbart"). */
export function nextStep(c: StaffComplaint): StaffComplaintStep {
  if (c.status === 'avsluttet') return 'avsluttet';
  if (!c.employeeInformedAt) return 'informer_ansatt';
  if (!c.employeeTalk) return 'samtale_ansatt';
  if (c.rejection) {
    if (!c.meetingRecord) return 'motebok';
    return missingSignOffs(c, 'motebok').length ? 'signer_motebok' : 'avslutt';
  }
  if (c.employeeTalk.groundless && !c.complainantNotified) return 'underrett_klager';
  if (!c.jointMeeting) return 'fellesmote';
  if (c.jointMeeting.agreed) return missingSignOffs(c, 'avtale').length ? 'signer_avtale' : 'avslutt';
  if (!c.measures) return 'tiltak';
  // The mentoring agreement belongs to a mentor; measures without one go straight to the evaluation.
  if (c.measures.mentorArea && (!c.measures.agreement || missingSignOffs(c, 'veiledningsavtale').length)) return 'veiledningsavtale';
  if (!c.measures.evaluation) return 'evaluering';
  return 'avslutt';
}

/**
 * Step 4, «Nærmeste leder informerer umiddelbart den ansatte om mottatt klage»: «umiddelbart» is
 * read as the same school day, at the latest the next school day (a complaint registered in the
 * afternoon, or on a day off). `registeredOn` is the school-local day it was registered.
 */
export function informDeadline(registeredOn: LocalDate, cal: SchoolCalendar): LocalDate {
  return addSchoolDays(registeredOn, 1, cal);
}

/**
 * The leader is reminded once a school day, from the deadline until the employee is informed —
 * delivered, not only sent.
 */
export function informReminderDue(c: StaffComplaint, registeredOn: LocalDate, today: LocalDate, cal: SchoolCalendar): boolean {
  return c.status !== 'avsluttet' && !c.employeeInformedAt && isSchoolDay(today, cal) && today >= informDeadline(registeredOn, cal);
}

/** The next date to remind of: the evaluation after the set period. */
export function staffComplaintDeadline(c: StaffComplaint): { what: 'evaluering'; date: LocalDate } | undefined {
  if (c.status === 'avsluttet' || !c.measures || c.measures.evaluation) return undefined;
  return { what: 'evaluering', date: c.measures.evaluationOn };
}

/**
 * Step 9.3, "Etter en angitt periode er det nødvendig med en evaluering": the evaluation meeting
 * to book when the measures are set — organised by the leader, with the employee and their union
 * representative when one is named ("Dersom det er nødvendig med flere møter skal tillitsvalgte
 * være til stede"). The complainant is not invited: it is the employee's evaluation.
 */
export function evaluationMeeting(c: StaffComplaint): { date: LocalDate; organizerId: string; attendeeIds: string[] } | undefined {
  if (!c.measures) return undefined;
  const attendeeIds = [c.employeeId, c.measures.unionRepId ?? ''].filter((id) => id && id !== c.leaderId);
  return { date: c.measures.evaluationOn, organizerId: c.leaderId, attendeeIds: [...new Set(attendeeIds)] };
}

/**
 * The leader is reminded of the evaluation from the school day before its date (`nextSchoolDay`
 * is the school day after today) until it is recorded — once a day, in their own chat.
 */
export function evaluationReminderDue(c: StaffComplaint, nextSchoolDay: LocalDate): boolean {
  const d = staffComplaintDeadline(c);
  return !!d && d.date <= nextSchoolDay;
}

/** The documents that wait for the employee's own signature ("undertegnes av partene"). */
export function awaitingEmployeeSignature(c: StaffComplaint): DocumentKind[] {
  if (c.status === 'avsluttet' || !c.employeeInformedAt) return [];
  return DOCUMENTS.filter((doc) => missingSignOffs(c, doc).includes('ansatt'));
}
