/**
 * Cards for a complaint about a member of staff (seed 001): the registration form, the complaint
 * card (the next step in the routine's words, only the buttons the domain allows, §12-5 with
 * «Meld fra nå» when the complaint says a pupil is offended, the linked case's reference for those
 * who may see it, the evaluation meeting as booked), and one small form per step. Forms come back
 * with everything typed and each problem named under its field.
 */
import { DateTime } from 'luxon';
import type { EvaluationDraft, MeetingRecordForm, StaffComplaintView, StaffRegistrationDraft, StaffRegistrationForm } from '../../../app/staff-complaint';
import { SCHOOL_ZONE } from '../../../app/school-time';
import {
  COMPLAINANT_KINDS,
  missingSignOffs,
  ROUTES,
  STAFF_COMPLAINT_LIMITS,
  WRITTEN_STATES,
  type EmployeeTalkDraft,
  type JointMeetingDraft,
  type MeasuresDraft,
  type RejectedWhat,
  type StaffComplaintError,
  type StaffComplaintFormError,
} from '../../../domain/staff-complaint';
import { fill, strings, type Lang } from '../../../i18n';
import type { Fact } from './models';
import { clip, renderFitting, type Card } from './render';
import type { Verb } from '../verbs';
import { formatDay } from './complaint-views';
import { field, renderForm, type Field, type FormModel, formModel, action, type Link } from './form';

const LOCALE: Record<Lang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };
const clockTime = (iso: string) => DateTime.fromISO(iso, { zone: SCHOOL_ZONE }).toFormat('HH:mm');
const when = (iso: string, lang: Lang) => DateTime.fromISO(iso, { zone: SCHOOL_ZONE }).setLocale(LOCALE[lang]).toFormat(lang === 'en' ? 'd LLL yyyy' : 'd.M.yyyy');
const pk = (lang: Lang) => strings(lang).staffComplaint;

function withErrors(lang: Lang, fields: Field[], errors: StaffComplaintFormError[]): { fields: Field[]; unplaced: string } {
  const t = pk(lang).errors;
  const say = (e: StaffComplaintFormError) => fill(t[e.problem], { limit: e.limit ?? '' });
  const ids = new Set(fields.map((f) => f.id));
  return {
    fields: fields.map((f) => (f.id && errors.some((e) => e.field === f.id) ? { ...f, fieldError: [...new Set(errors.filter((e) => e.field === f.id).map(say))].join(' ') } : f)),
    unplaced: [...new Set(errors.filter((e) => !ids.has(e.field)).map(say))].join(' '),
  };
}

export const staffRefusalText = (lang: Lang, e: StaffComplaintError): string => pk(lang).refusals[e.code];

// ---------------------------------------------------------------------------------------------
// Registration

/** With a large staff the names are shortened, then the intro dropped, until the card fits Teams (as the teaching complaint's form). */
export function staffRegistrationCard(lang: Lang, f: StaffRegistrationForm, formId: string): Card {
  return renderFitting(
    'work-form',
    [
      { intro: true, names: 60 },
      { intro: false, names: 60 },
      { intro: false, names: 24 },
      { intro: false, names: 16 },
      { intro: false, names: 12 },
    ].map((o) => registrationModel(lang, f, formId, o)),
  );
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
  const { fields, unplaced } = withErrors(lang, raw, f.errors);
  return formModel({
    title: t.formTitle,
    subtitle: f.school.name,
    intro: o.intro ? t.formIntro : '',
    hint: t.sensitive,
    error: f.errors.length ? [t.formError, unplaced].filter(Boolean).join(' ') : '',
    fields,
    data: { schoolId: f.school.schoolId, formId },
    actions: [action(t.submit, 'pk.submit', 'positive', 'auto')],
  });
}

// ---------------------------------------------------------------------------------------------
// The complaint

const refData = (v: StaffComplaintView): Record<string, string> => ({ schoolId: v.complaint.schoolId, complaintId: v.complaint.complaintId });

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
    { title: t.facts.written, value: c.reception.writtenReceivedOn ? fill(t.writtenReceivedOn, { date: formatDay(c.reception.writtenReceivedOn, lang) }) : t.writtenStates[c.reception.written] },
    ...(v.skolemiljoRef ? [{ title: t.linkedCase, value: v.skolemiljoRef }] : []),
    { title: t.facts.summary, value: cut(c.summary) },
    ...(c.employeeInformedAt ? [{ title: t.facts.informed, value: when(c.employeeInformedAt, lang) }] : []),
    ...(!c.employeeInformedAt && c.employeeInformSentAt && full ? [{ title: t.facts.informSent, value: when(c.employeeInformSentAt, lang) }] : []),
    ...(v.informDue ? [{ title: t.facts.informDue, value: formatDay(v.informDue, lang) }] : []),
    ...(c.employeeTalk
      ? [{ title: t.facts.talk, value: fill(t.talkLine, { date: formatDay(c.employeeTalk.date, lang), union: yn(c.employeeTalk.unionRepPresent), groundless: yn(c.employeeTalk.groundless) }) }]
      : []),
    ...(c.complainantNotified ? [{ title: t.facts.notified, value: formatDay(c.complainantNotified.date, lang) }] : []),
    ...(m ? [{ title: t.facts.meeting, value: fill(t.meetingLine, { date: formatDay(m.date, lang), union: yn(m.unionRepPresent), agreed: yn(m.agreed) }) }] : []),
    ...(m?.agreed ? [{ title: t.facts.agreement, value: cut(m.agreementText) }] : []),
    ...(m?.signOffs.length ? [{ title: t.facts.signed, value: m.signOffs.map((s) => t.parties[s.party]).join(', ') }] : []),
    ...(m?.agreed && missing.length ? [{ title: t.facts.missing, value: missing.map((p) => t.parties[p]).join(', ') }] : []),
    ...(ms ? [{ title: t.facts.measures, value: fill(t.measuresLine, { area: cut(ms.mentorArea || ms.other), date: formatDay(ms.evaluationOn, lang) }) }] : []),
    ...(ms?.other ? [{ title: t.facts.otherMeasures, value: cut(ms.other) }] : []),
    ...(v.booking && !ms?.evaluation
      ? [
          {
            title: t.evaluationMeeting,
            value: fill(v.booking.bookedVersion >= v.booking.version ? t.evaluationBooked : t.evaluationWaiting, { date: formatDay(v.booking.date, lang), time: clockTime(v.booking.start) }),
          },
        ]
      : []),
    ...(ma ? [{ title: t.facts.mentoring, value: cut(ma.text) }] : []),
    ...(ma?.signOffs.length ? [{ title: t.facts.mentoringSigned, value: partyList(ma.signOffs) }] : []),
    ...(ma && missingSignOffs(c, 'veiledningsavtale').length ? [{ title: t.facts.mentoringMissing, value: partyList(missingSignOffs(c, 'veiledningsavtale')) }] : []),
    ...(ms?.evaluation
      ? [{ title: t.facts.evaluation, value: [fill(t.evaluationLine, { date: formatDay(ms.evaluation.date, lang), achieved: yn(ms.evaluation.achieved) }), cut(ms.evaluation.note)].filter(Boolean).join('. ') }]
      : []),
    ...(c.rejection ? [{ title: t.facts.rejection, value: t.rejected[c.rejection.what] }] : []),
    ...(mr ? [{ title: t.facts.motebok, value: fill(t.motebokLine, { date: formatDay(mr.date, lang), agreed: yn(mr.agreed) }) }] : []),
    ...(mr ? [{ title: t.facts.participants, value: cut(mr.participants.join(', ')) }] : []),
    ...(mr?.agreed ? [{ title: t.facts.agreement, value: cut(mr.agreementText) }] : []),
    ...(mr && !mr.agreed ? [{ title: t.facts.employeeView, value: cut(mr.employeeView) }, { title: t.facts.leadershipView, value: cut(mr.leadershipView) }] : []),
    ...(mr?.signOffs.length ? [{ title: t.facts.motebokSigned, value: partyList(mr.signOffs) }] : []),
    ...(mr?.agreed && missingSignOffs(c, 'motebok').length ? [{ title: t.facts.motebokMissing, value: partyList(missingSignOffs(c, 'motebok')) }] : []),
    ...(c.closing && full ? [{ title: t.facts.closing, value: `${when(c.closing.at, lang)}: ${cut(c.closing.note)}` }] : []),
  ];
  const b = v.buttons;
  const offence = full && c.pupilOffence;
  const actions: FormModel['actions'] = [
    ...(b.inform ? [action(t.buttons.inform, 'pk.inform', 'positive')] : []),
    ...(b.written ? [action(t.writtenButton, 'pk.written.open')] : []),
    ...(b.talk ? [action(t.buttons.talk, 'pk.talk.open')] : []),
    ...(b.notify ? [action(t.buttons.notify, 'pk.notify.open')] : []),
    ...(b.meeting ? [action(t.buttons.meeting, 'pk.meeting.open')] : []),
    ...b.sign.map((p) =>
      p === 'ansatt' && v.kind === 'employee'
        ? action(t.buttons.signOwn, 'pk.signown.avtale', 'positive')
        : action(fill(t.buttons.confirm, { party: t.parties[p] }), `pk.sign.${p}` as const),
    ),
    ...(b.measures ? [action(t.buttons.measures, 'pk.measures.open')] : []),
    ...(b.mentoring ? [action(t.buttons.mentoring, 'pk.mentoring.open')] : []),
    ...b.signMentoring.map((p) =>
      p === 'ansatt' && v.kind === 'employee'
        ? action(t.buttons.signMentoring, 'pk.signown.veiledningsavtale', 'positive')
        : action(fill(t.buttons.confirmMentoring, { party: t.parties[p] }), `pk.sign.veiledningsavtale.${p}` as const),
    ),
    ...(b.evaluation ? [action(t.buttons.evaluation, 'pk.evaluation.open')] : []),
    ...(b.reject.length ? [action(t.buttons.reject, 'pk.reject.open')] : []),
    ...(b.motebok ? [action(t.buttons.motebok, 'pk.motebok.open')] : []),
    ...b.signMotebok.map((p) =>
      p === 'ansatt' && v.kind === 'employee'
        ? action(t.buttons.signMotebok, 'pk.signown.motebok', 'positive')
        : action(fill(t.buttons.confirmMotebok, { party: t.parties[p] }), `pk.sign.motebok.${p}` as const),
    ),
    ...(b.close ? [action(t.buttons.close, 'pk.close.open')] : []),
    // The complaint's own verb: the server checks the leader, then opens the report pre-filled as skjerpet and links it back.
    ...(offence && !c.skolemiljoRef && c.status === 'apen' ? [action(t.reportNow, 'pk.report', 'destructive')] : []),
  ];
  const nextText = v.kind === 'employee' ? '' : `${t.nextTitle}: ${t.steps[v.next]}`;
  const notice =
    v.notice === 'signer'
      ? t.notices.signer
      : v.notice === 'evaluering' && ms
        ? fill(t.notices.evaluering, { date: formatDay(ms.evaluationOn, lang) })
        : v.notice === 'informer' && v.informDue
          ? fill(t.notices.informer, { date: formatDay(v.informDue, lang) })
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

// ---------------------------------------------------------------------------------------------
// Forms

/** `shorter`: the same fields with shorter choice titles, tried in order when the card is too large (what was typed is never cut). */
function formCard(lang: Lang, v: StaffComplaintView, o: { title: string; intro?: string; fields: Field[]; shorter?: Field[][]; save: Verb; errors?: StaffComplaintFormError[]; error?: string }): Card {
  if (o.shorter?.length) return renderFitting('work-form', [o.fields, ...o.shorter].map((fs) => formCardModel(lang, v, { ...o, fields: fs })));
  return renderForm(formCardModel(lang, v, o));
}

function formCardModel(lang: Lang, v: StaffComplaintView, o: { title: string; intro?: string; fields: Field[]; save: Verb; errors?: StaffComplaintFormError[]; error?: string }): FormModel {
  const t = pk(lang);
  const { fields, unplaced } = withErrors(lang, o.fields, o.errors ?? []);
  return (
    formModel({
      title: o.title,
      subtitle: fill(t.title, { ref: v.complaint.ref }),
      intro: o.intro ?? '',
      hint: t.sensitive,
      error: o.error ?? (o.errors?.length ? [t.formError, unplaced].filter(Boolean).join(' ') : ''),
      fields,
      data: refData(v),
      actions: [
        action(t.buttons.save, o.save, 'positive', 'auto'),
        action(t.buttons.back, 'pk.refresh'),
      ],
    })
  );
}

type FormOpts = { errors?: StaffComplaintFormError[]; error?: string };

export function talkCard(lang: Lang, v: StaffComplaintView, d: EmployeeTalkDraft, o: FormOpts = {}): Card {
  const t = pk(lang);
  return formCard(lang, v, {
    title: t.talkTitle,
    intro: t.steps.samtale_ansatt,
    fields: [
      field({ kind: 'date', id: 'date', label: t.date, required: true, value: d.date }),
      field({ kind: 'toggle', id: 'unionRepPresent', label: t.unionRepPresent, value: String(d.unionRepPresent) }),
      field({ kind: 'textarea', id: 'employeeVersion', label: t.employeeVersion, required: true, value: d.employeeVersion, maxLength: STAFF_COMPLAINT_LIMITS.text }),
      field({ kind: 'toggle', id: 'groundless', label: t.groundless, value: String(d.groundless) }),
    ],
    save: 'pk.talk.save',
    ...o,
  });
}

export function notifyCard(lang: Lang, v: StaffComplaintView, date: string, o: FormOpts = {}): Card {
  const t = pk(lang);
  return formCard(lang, v, { title: t.notifyTitle, intro: t.notifyIntro, fields: [field({ kind: 'date', id: 'date', label: t.date, required: true, value: date })], save: 'pk.notify.save', ...o });
}

export function meetingCard(lang: Lang, v: StaffComplaintView, d: JointMeetingDraft, o: FormOpts = {}): Card {
  const t = pk(lang);
  return formCard(lang, v, {
    title: t.meetingTitle,
    intro: t.steps.fellesmote,
    fields: [
      field({ kind: 'date', id: 'date', label: t.date, required: true, value: d.date }),
      field({ kind: 'toggle', id: 'unionRepPresent', label: t.unionRepPresent, value: String(d.unionRepPresent) }),
      field({ kind: 'toggle', id: 'complainantPresent', label: t.complainantPresent, value: String(d.complainantPresent) }),
      field({ kind: 'toggle', id: 'agreed', label: t.agreed, value: String(d.agreed) }),
      field({ kind: 'textarea', id: 'agreementText', label: t.agreementText, value: d.agreementText, maxLength: STAFF_COMPLAINT_LIMITS.text }),
    ],
    save: 'pk.meeting.save',
    ...o,
  });
}

export function closeCard(lang: Lang, v: StaffComplaintView, note: string, o: FormOpts = {}): Card {
  const t = pk(lang);
  return formCard(lang, v, {
    title: t.closeTitle,
    fields: [field({ kind: 'textarea', id: 'note', label: t.closeNote, required: true, value: note, maxLength: STAFF_COMPLAINT_LIMITS.note })],
    save: 'pk.close.save',
    ...o,
  });
}

/** `reps`: staff who may be named as the union representative, invited to the evaluation meeting. */
export function measuresCard(lang: Lang, v: StaffComplaintView, d: MeasuresDraft, o: FormOpts = {}, reps: { userId: string; name: string }[] = []): Card {
  const t = pk(lang);
  const rep = d.unionRepId ?? '';
  // With a large staff the names in the union representative's list are shortened until the card fits.
  const fields = (names: number): Field[] => [
      field({ kind: 'textarea', id: 'mentorArea', label: t.mentorArea, value: d.mentorArea, maxLength: STAFF_COMPLAINT_LIMITS.text }),
      field({ kind: 'textarea', id: 'other', label: t.otherMeasures, value: d.other, maxLength: STAFF_COMPLAINT_LIMITS.text }),
      field({ kind: 'date', id: 'evaluationOn', label: t.evaluationOn, required: true, value: d.evaluationOn }),
      field({ kind: 'toggle', id: 'unionRepPresent', label: t.unionRepPresent, value: String(d.unionRepPresent) }),
      ...((reps.length || rep) && names > 0
        ? [field({ kind: 'choice', id: 'unionRepId', label: t.unionRep, value: rep, placeholder: t.chooseUnionRep, choices: reps.map((r) => ({ title: clip(r.name, names), value: r.userId })) })]
        : []),
  ];
  return formCard(lang, v, {
    title: t.measuresTitle,
    intro: t.steps.tiltak,
    fields: fields(60),
    // The last resort (hundreds of staff and every text at its limit) leaves the list out: the meeting is then booked for the leader and the employee.
    shorter: [fields(24), fields(16), fields(12), fields(0)],
    save: 'pk.measures.save',
    ...o,
  });
}

/** Step 3, later: the day the written complaint came. */
export function writtenCard(lang: Lang, v: StaffComplaintView, date: string, o: FormOpts = {}): Card {
  const t = pk(lang);
  return formCard(lang, v, { title: t.writtenTitle, intro: t.writtenIntro, fields: [field({ kind: 'date', id: 'date', label: t.date, required: true, value: date })], save: 'pk.written.save', ...o });
}

export function mentoringCard(lang: Lang, v: StaffComplaintView, text: string, o: FormOpts = {}): Card {
  const t = pk(lang);
  return formCard(lang, v, {
    title: t.mentoringTitle,
    intro: t.steps.veiledningsavtale,
    fields: [field({ kind: 'textarea', id: 'text', label: t.mentoringText, required: true, value: text, maxLength: STAFF_COMPLAINT_LIMITS.text })],
    save: 'pk.mentoring.save',
    ...o,
  });
}

export function evaluationCard(lang: Lang, v: StaffComplaintView, d: EvaluationDraft, o: FormOpts = {}): Card {
  const t = pk(lang);
  return formCard(lang, v, {
    title: t.evaluationTitle,
    intro: t.steps.evaluering,
    fields: [
      field({ kind: 'date', id: 'date', label: t.date, required: true, value: d.date }),
      field({ kind: 'toggle', id: 'achieved', label: t.achieved, value: String(d.achieved) }),
      field({ kind: 'toggle', id: 'unionRepPresent', label: t.unionRepPresent, value: String(d.unionRepPresent) }),
      field({ kind: 'textarea', id: 'note', label: t.evaluationNote, value: d.note, maxLength: STAFF_COMPLAINT_LIMITS.note }),
    ],
    save: 'pk.evaluation.save',
    ...o,
  });
}

/** Only what the domain lets this viewer record as rejected now is offered. */
export function rejectCard(lang: Lang, v: StaffComplaintView, what: string, o: FormOpts = {}): Card {
  const t = pk(lang);
  const choices: RejectedWhat[] = v.buttons.reject;
  return formCard(lang, v, {
    title: t.rejectTitle,
    intro: t.steps.motebok,
    fields: [field({ kind: 'radio', id: 'what', label: t.rejectWhat, required: true, value: what, choices: choices.map((k) => ({ title: t.rejected[k], value: k })) })],
    save: 'pk.reject.save',
    ...o,
  });
}

export function motebokCard(lang: Lang, v: StaffComplaintView, d: MeetingRecordForm, o: FormOpts = {}): Card {
  const t = pk(lang);
  return formCard(lang, v, {
    title: t.motebokTitle,
    intro: t.steps.motebok,
    fields: [
      field({ kind: 'date', id: 'date', label: t.date, required: true, value: d.date }),
      field({ kind: 'textarea', id: 'participants', label: t.participants, required: true, value: d.participants, maxLength: (STAFF_COMPLAINT_LIMITS.name + 1) * STAFF_COMPLAINT_LIMITS.participants }),
      field({ kind: 'toggle', id: 'unionRepPresent', label: t.unionRepPresent, value: String(d.unionRepPresent) }),
      field({ kind: 'toggle', id: 'agreed', label: t.agreed, value: String(d.agreed) }),
      field({ kind: 'textarea', id: 'agreementText', label: t.agreementText, value: d.agreementText, maxLength: STAFF_COMPLAINT_LIMITS.text }),
      field({ kind: 'textarea', id: 'employeeView', label: t.employeeView, value: d.employeeView, maxLength: STAFF_COMPLAINT_LIMITS.text }),
      field({ kind: 'textarea', id: 'leadershipView', label: t.leadershipView, value: d.leadershipView, maxLength: STAFF_COMPLAINT_LIMITS.text }),
    ],
    save: 'pk.motebok.save',
    ...o,
  });
}
