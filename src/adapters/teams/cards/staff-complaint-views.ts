/**
 * Cards for a complaint about a member of staff (seed 001): the registration form, the complaint
 * card (the next step in the routine's words, only the buttons the domain allows, §12-5 with
 * «Meld fra nå» when the complaint says a pupil is offended, the linked case's reference for those
 * who may see it, the evaluation meeting as booked). The step forms are in staff-complaint-forms.ts.
 */
import type { StaffComplaintView, StaffRegistrationDraft, StaffRegistrationForm } from '../../../app/staff-complaint';
import { formatDate, formatShortDay, formatTime } from '../../../app/format';
import {
  COMPLAINANT_KINDS,
  missingSignOffs,
  ROUTES,
  STAFF_COMPLAINT_LIMITS,
  WRITTEN_STATES,
  type Party,
  type StaffComplaintFormError,
} from '../../../domain/staff-complaint';
import { fill, strings, type Lang } from '../../../i18n';
import type { Fact } from './models';
import { clip, renderFitting, type Card } from './render';
import { field, type Field, type FormModel, formModel, action, type Link } from './form';
import { banner, fittings, placeErrors } from './step-form';
import type { Verb } from '../verbs';

export const pk = (lang: Lang) => strings(lang).staffComplaint;

/** A problem with what was typed, in words (under its field). */
export const staffProblem = (lang: Lang, e: StaffComplaintFormError): string => fill(pk(lang).errors[e.problem], { limit: e.limit ?? '' });

// ---------------------------------------------------------------------------------------------
// Registration

/** With a large staff the names are shortened, then the intro dropped, until the card fits Teams (as the teaching complaint's form). */
export function staffRegistrationCard(lang: Lang, f: StaffRegistrationForm, formId: string): Card {
  return renderFitting('work-form', fittings([60, 60, 24, 16, 12]).map((o) => registrationModel(lang, f, formId, o)));
}

function registrationModel(lang: Lang, f: StaffRegistrationForm, formId: string, o: { intro: boolean; names: number }): FormModel {
  const t = pk(lang);
  const d: StaffRegistrationDraft = f.draft;
  const raw: Field[] = [
    field({ kind: 'choice', id: 'employeeId', label: t.employee, required: true, value: d.employeeId, placeholder: t.chooseEmployee, choices: f.staff.map((s) => ({ title: clip(s.name, o.names), value: s.userId })) }),
    field({ kind: 'radio', id: 'complainantKind', label: t.complainantKind, required: true, value: d.complainantKind, choices: COMPLAINANT_KINDS.map((k) => ({ title: t.kinds[k], value: k })) }),
    field({ kind: 'text', id: 'complainantName', label: t.complainantName, required: true, value: d.complainantName, maxLength: STAFF_COMPLAINT_LIMITS.name }),
    field({ kind: 'radio', id: 'route', label: t.route, required: true, value: d.route, choices: ROUTES.map((k) => ({ title: t.routes[k], value: k })) }),
    field({ kind: 'textarea', id: 'summary', label: t.summary, required: true, value: d.summary, maxLength: STAFF_COMPLAINT_LIMITS.summary }),
    field({ kind: 'date', id: 'talkedOn', label: t.talkedOn, required: true, value: d.talkedOn }),
    field({ kind: 'radio', id: 'written', label: t.written, required: true, value: d.written, choices: WRITTEN_STATES.map((k) => ({ title: t.writtenStates[k], value: k })) }),
    field({ kind: 'toggle', id: 'procedureExplained', label: t.procedureExplained, value: String(d.procedureExplained) }),
    field({ kind: 'toggle', id: 'pupilOffence', label: t.pupilOffence, value: String(d.pupilOffence) }),
  ];
  const { fields, unplaced } = placeErrors(raw, f.errors, (e) => staffProblem(lang, e));
  return formModel({
    title: t.formTitle,
    subtitle: f.school.name,
    intro: o.intro ? t.formIntro : '',
    hint: t.sensitive,
    error: banner(t.formError, f.errors, unplaced),
    fields,
    data: { schoolId: f.school.schoolId, formId },
    actions: [action(t.submit, 'pk.submit', 'positive', 'auto')],
  });
}

// ---------------------------------------------------------------------------------------------
// The complaint

export const refData = (v: StaffComplaintView): Record<string, string> => ({ schoolId: v.complaint.schoolId, complaintId: v.complaint.complaintId });

function complaintModel(lang: Lang, v: StaffComplaintView, o: { info?: string; error?: string }, n: number): FormModel {
  const t = pk(lang);
  const c = v.complaint;
  const name = (id: string) => v.names[id] ?? '–';
  const cut = (s: string) => (n ? clip(s, n) : s);
  const yn = (b: boolean) => (b ? t.yes : t.no);
  const full = v.kind === 'full';
  const m = c.jointMeeting;
  const missing = missingSignOffs(c, 'avtale');
  const ms = c.measures;
  const ma = ms?.agreement;
  const mr = c.meetingRecord;
  const partyList = (ps: readonly { party: keyof typeof t.parties }[] | readonly (keyof typeof t.parties)[]) =>
    ps.map((p) => t.parties[typeof p === 'string' ? p : p.party]).join(', ');
  const facts: Fact[] = [
    { title: t.facts.status, value: t.statuses[c.status] },
    { title: t.facts.employee, value: name(c.employeeId) },
    { title: t.facts.leader, value: name(c.leaderId) },
    ...(full ? [{ title: t.facts.complainant, value: `${t.kinds[c.complainantKind]}: ${c.complainantName}` }] : [{ title: t.facts.complainant, value: t.kinds[c.complainantKind] }]),
    { title: t.facts.route, value: t.routes[c.route] },
    { title: t.facts.written, value: c.reception.writtenReceivedOn ? fill(t.writtenReceivedOn, { date: formatShortDay(c.reception.writtenReceivedOn, lang) }) : t.writtenStates[c.reception.written] },
    ...(v.skolemiljoRef ? [{ title: t.linkedCase, value: v.skolemiljoRef }] : []),
    { title: t.facts.summary, value: cut(c.summary) },
    ...(c.employeeInformedAt ? [{ title: t.facts.informed, value: formatDate(c.employeeInformedAt, lang) }] : []),
    ...(!c.employeeInformedAt && c.employeeInformSentAt && full ? [{ title: t.facts.informSent, value: formatDate(c.employeeInformSentAt, lang) }] : []),
    ...(v.informDue ? [{ title: t.facts.informDue, value: formatShortDay(v.informDue, lang) }] : []),
    ...(c.employeeTalk
      ? [{ title: t.facts.talk, value: fill(t.talkLine, { date: formatShortDay(c.employeeTalk.date, lang), union: yn(c.employeeTalk.unionRepPresent), groundless: yn(c.employeeTalk.groundless) }) }]
      : []),
    ...(c.complainantNotified ? [{ title: t.facts.notified, value: formatShortDay(c.complainantNotified.date, lang) }] : []),
    ...(m ? [{ title: t.facts.meeting, value: fill(t.meetingLine, { date: formatShortDay(m.date, lang), union: yn(m.unionRepPresent), agreed: yn(m.agreed) }) }] : []),
    ...(m?.agreed ? [{ title: t.facts.agreement, value: cut(m.agreementText) }] : []),
    ...(m?.signOffs.length ? [{ title: t.facts.signed, value: m.signOffs.map((s) => t.parties[s.party]).join(', ') }] : []),
    ...(m?.agreed && missing.length ? [{ title: t.facts.missing, value: missing.map((p) => t.parties[p]).join(', ') }] : []),
    ...(ms ? [{ title: t.facts.measures, value: fill(t.measuresLine, { area: cut(ms.mentorArea || ms.other), date: formatShortDay(ms.evaluationOn, lang) }) }] : []),
    ...(ms?.other ? [{ title: t.facts.otherMeasures, value: cut(ms.other) }] : []),
    ...(v.booking && !ms?.evaluation
      ? [
          {
            title: t.evaluationMeeting,
            value: fill(v.booking.bookedVersion >= v.booking.version ? t.evaluationBooked : t.evaluationWaiting, { date: formatShortDay(v.booking.date, lang), time: formatTime(v.booking.start, lang) }),
          },
        ]
      : []),
    ...(ma ? [{ title: t.facts.mentoring, value: cut(ma.text) }] : []),
    ...(ma?.signOffs.length ? [{ title: t.facts.mentoringSigned, value: partyList(ma.signOffs) }] : []),
    ...(ma && missingSignOffs(c, 'veiledningsavtale').length ? [{ title: t.facts.mentoringMissing, value: partyList(missingSignOffs(c, 'veiledningsavtale')) }] : []),
    ...(ms?.evaluation
      ? [{ title: t.facts.evaluation, value: [fill(t.evaluationLine, { date: formatShortDay(ms.evaluation.date, lang), achieved: yn(ms.evaluation.achieved) }), cut(ms.evaluation.note)].filter(Boolean).join('. ') }]
      : []),
    ...(c.rejection ? [{ title: t.facts.rejection, value: t.rejected[c.rejection.what] }] : []),
    ...(mr ? [{ title: t.facts.motebok, value: fill(t.motebokLine, { date: formatShortDay(mr.date, lang), agreed: yn(mr.agreed) }) }] : []),
    ...(mr ? [{ title: t.facts.participants, value: cut(mr.participants.join(', ')) }] : []),
    ...(mr?.agreed ? [{ title: t.facts.agreement, value: cut(mr.agreementText) }] : []),
    ...(mr && !mr.agreed ? [{ title: t.facts.employeeView, value: cut(mr.employeeView) }, { title: t.facts.leadershipView, value: cut(mr.leadershipView) }] : []),
    ...(mr?.signOffs.length ? [{ title: t.facts.motebokSigned, value: partyList(mr.signOffs) }] : []),
    ...(mr?.agreed && missingSignOffs(c, 'motebok').length ? [{ title: t.facts.motebokMissing, value: partyList(missingSignOffs(c, 'motebok')) }] : []),
    ...(c.closing && full ? [{ title: t.facts.closing, value: `${formatDate(c.closing.at, lang)}: ${cut(c.closing.note)}` }] : []),
  ];
  const b = v.buttons;
  const offence = full && c.pupilOffence;
  /** One document's signing buttons: the employee signs with their own button; the leader confirms for each other party. */
  const signs = (parties: readonly Party[], own: [string, Verb], confirm: string, verb: (p: Party) => Verb) =>
    parties.map((p) => (p === 'ansatt' && v.kind === 'employee' ? action(own[0], own[1], 'positive') : action(fill(confirm, { party: t.parties[p] }), verb(p))));
  const actions: FormModel['actions'] = [
    ...(b.inform ? [action(t.buttons.inform, 'pk.inform', 'positive')] : []),
    ...(b.written ? [action(t.writtenButton, 'pk.written.open')] : []),
    ...(b.talk ? [action(t.buttons.talk, 'pk.talk.open')] : []),
    ...(b.notify ? [action(t.buttons.notify, 'pk.notify.open')] : []),
    ...(b.meeting ? [action(t.buttons.meeting, 'pk.meeting.open')] : []),
    ...signs(b.sign, [t.buttons.signOwn, 'pk.signown.avtale'], t.buttons.confirm, (p) => `pk.sign.${p}` as const),
    ...(b.measures ? [action(t.buttons.measures, 'pk.measures.open')] : []),
    ...(b.mentoring ? [action(t.buttons.mentoring, 'pk.mentoring.open')] : []),
    ...signs(b.signMentoring, [t.buttons.signMentoring, 'pk.signown.veiledningsavtale'], t.buttons.confirmMentoring, (p) => `pk.sign.veiledningsavtale.${p}` as const),
    ...(b.evaluation ? [action(t.buttons.evaluation, 'pk.evaluation.open')] : []),
    ...(b.reject.length ? [action(t.buttons.reject, 'pk.reject.open')] : []),
    ...(b.motebok ? [action(t.buttons.motebok, 'pk.motebok.open')] : []),
    ...signs(b.signMotebok, [t.buttons.signMotebok, 'pk.signown.motebok'], t.buttons.confirmMotebok, (p) => `pk.sign.motebok.${p}` as const),
    ...(b.close ? [action(t.buttons.close, 'pk.close.open')] : []),
    // The complaint's own verb: the server checks the leader, then opens the report pre-filled as skjerpet and links it back.
    ...(offence && !c.skolemiljoRef && c.status === 'apen' ? [action(t.reportNow, 'pk.report', 'destructive')] : []),
  ];
  const nextText = v.kind === 'employee' ? '' : `${t.nextTitle}: ${t.steps[v.next]}`;
  const notice =
    v.notice === 'signer'
      ? t.notices.signer
      : v.notice === 'evaluering' && ms
        ? fill(t.notices.evaluering, { date: formatShortDay(ms.evaluationOn, lang) })
        : v.notice === 'informer' && v.informDue
          ? fill(t.notices.informer, { date: formatShortDay(v.informDue, lang) })
          : '';
  return formModel({
    title: fill(t.title, { ref: c.ref }),
    subtitle: v.school?.name ?? '',
    intro: [o.info ?? notice, v.kind === 'employee' ? t.employeeIntro : '', offence ? t.pupilOffenceNotice : '', nextText].filter(Boolean).join('\n\n'),
    hint: full ? t.sensitive : '',
    error: o.error ?? '',
    facts,
    fields: [],
    // Every button finds the complaint by its ids; the server decides the rest.
    data: refData(v),
    actions,
    // After the card's own buttons: the booked meeting's link.
    footLinks: calendarLinks(lang, v),
    refreshUsers: [],
    refreshVerb: '',
  });
}

export function staffComplaintCard(lang: Lang, v: StaffComplaintView, o: { info?: string; error?: string } = {}): Card {
  return renderFitting('work-form', [0, 1200, 300].map((n) => complaintModel(lang, v, o, n)));
}

/** The booked evaluation meeting's Teams link or calendar file (local calendar), until the evaluation is recorded. */
function calendarLinks(lang: Lang, v: StaffComplaintView): Link[] {
  const b = v.booking;
  if (!b || b.bookedVersion < b.version || v.complaint.measures?.evaluation || v.complaint.status !== 'apen') return [];
  if (b.joinUrl) return [{ title: pk(lang).teamsLink, url: b.joinUrl }];
  return b.webLink ? [{ title: pk(lang).icsLink, url: b.webLink }] : [];
}
