/**
 * The forms of a complaint about teaching (seed 000): registration, and one form card per step.
 * Forms come back with everything typed and each problem named under its field; refusals of the
 * routine are named in words on the same card.
 */
import type { ComplaintView, RegistrationError, RegistrationForm } from '../../../app/teaching-complaint';
import { DESCRIPTION_LIMIT, FOLLOW_UP_TIME } from '../../../app/teaching-complaint';
import { formatClock, formatShortDay, formatTime } from '../../../app/format';
import {
  COMPLAINT_LIMITS,
  FOLLOW_UP_OUTCOMES,
  followUpOn,
  latestMinutes,
  STAGE_NAMES,
  unsigned,
  type ComplaintFormError,
  type FollowUpDraft,
  type Minutes,
  type MinutesDraft,
  type MinutesKind,
} from '../../../domain/complaint';
import { fill, strings, type Lang } from '../../../i18n';
import { clip, renderFitting, type Card } from './render';
import { field, renderForm, type Field, type FormModel, formModel, action } from './form';
import { banner, dateField, fittings, placeErrors, stepForms, textField, type FormSay } from './step-form';
import { refData, tc } from './complaint-views';

// ---------------------------------------------------------------------------------------------
// Problems and refusals in words

type AnyFormError = ComplaintFormError | RegistrationError;
/** Room for every pupil's name on its own line. */
const PUPILS_TEXT = COMPLAINT_LIMITS.pupils * (COMPLAINT_LIMITS.pupilName + 1);

function problemText(lang: Lang, e: AnyFormError): string {
  const t = tc(lang).errors;
  switch (e.problem) {
    case 'required':
      return e.role === 'tillitselev' ? t.requiredPupils : t.required;
    case 'missingParticipant':
      return e.role === 'leder' ? t.missingLeder : e.role === 'tillitselev' ? t.requiredPupils : t.missingFaglaerer;
    case 'notSeparate':
      return e.field === 'pupils' ? t.notSeparatePupils : t.notSeparateStaff;
    case 'order':
      return e.field === 'periodEnd' ? t.orderPeriodEnd : t.order;
    case 'tooLong':
    case 'tooMany':
      return fill(t[e.problem], { limit: e.limit ?? '' });
    default:
      return t[e.problem];
  }
}

export const minutesReplacedText = (lang: Lang): string => tc(lang).minutesReplaced;

// ---------------------------------------------------------------------------------------------
// Registration

/**
 * The registration form. A big school's teacher list is most of the card: when it does not fit,
 * the routine's text goes first (it is on the complaint card), then the names are shortened;
 * what was typed is never cut.
 */
export function registrationCard(lang: Lang, f: RegistrationForm, formId: string): Card {
  return renderFitting('work-form', fittings([0, 0, 24, 16]).map((o) => registrationModel(lang, f, formId, o)));
}

function registrationModel(lang: Lang, f: RegistrationForm, formId: string, o: { intro: boolean; names: number }): FormModel {
  const t = tc(lang);
  const d = f.draft;
  const raw: Field[] = [
    field({ kind: 'choice', id: 'class', label: t.class, required: true, value: d.class, placeholder: t.chooseClass, choices: f.classes.map((c) => ({ title: c, value: c })) }),
    field({ kind: 'text', id: 'subject', label: t.subject, required: true, value: d.subject, maxLength: COMPLAINT_LIMITS.subject }),
    field({ kind: 'choice', id: 'teacherId', label: t.teacher, required: true, value: d.teacherId, placeholder: t.chooseTeacher, choices: f.teachers.map((s) => ({ title: o.names ? clip(s.name, o.names) : s.name, value: s.userId })) }),
    textField('representatives', t.representatives, d.representatives, PUPILS_TEXT),
    field({ kind: 'textarea', id: 'description', label: t.description, required: true, value: d.description, maxLength: DESCRIPTION_LIMIT }),
    // Someone at several schools registers at one of them; the form is built from that school's classes and staff.
    ...(f.others.length
      ? [field({ kind: 'choice', id: 'switchSchool', label: t.school, value: f.school.schoolId, choices: [{ title: f.school.name, value: f.school.schoolId }, ...f.others.map((x) => ({ title: x.name, value: x.schoolId }))] })]
      : []),
  ];
  const { fields, unplaced } = placeErrors(raw, f.errors, (e) => problemText(lang, e));
  const open = f.open.length ? fill(t.yourOpen, { list: f.open.map((x) => `${x.ref} (${x.class}, ${x.subject})`).join(', ') }) : '';
  return formModel({
    title: t.formTitle,
    subtitle: f.school.name,
    intro: [o.intro ? strings(lang).complaint.teaching : '', t.formIntroWho, open].filter(Boolean).join('\n\n'),
    hint: t.sensitive,
    error: banner(t.formError, f.errors, unplaced),
    fields,
    data: { schoolId: f.school.schoolId, formId },
    actions: [
      action(t.submit, 'tc.submit', 'positive', 'auto'),
      ...(f.others.length ? [action(t.switchSchool, 'tc.start', 'default', 'auto')] : []),
    ],
  });
}

/** For staff who do not register complaints themselves: the routine, and who registers. */
export function routineCard(lang: Lang): Card {
  const c = strings(lang).complaint;
  return renderForm(formModel({ title: c.teachingTitle, intro: `${c.teaching}\n\n${tc(lang).routineWho}`, fields: [], actions: [], data: {} }));
}

// ---------------------------------------------------------------------------------------------
// Forms

const { form, card } = stepForms<ComplaintView, AnyFormError>({
  words: (lang) => ({ formError: tc(lang).formError, save: tc(lang).buttons.save, back: tc(lang).buttons.back }),
  subtitle: (lang, v) => fill(tc(lang).title, { ref: v.complaint.ref }),
  problem: problemText,
  data: refData,
  back: 'tc.refresh',
});

export function minutesCard(lang: Lang, v: ComplaintView, d: MinutesDraft & { kind: MinutesKind }, formId: string, o: FormSay<ComplaintFormError> = {}): Card {
  const t = tc(lang);
  const l = t.minutesLabels;
  const k = d.kind;
  const text = (id: 'notes' | 'agreed' | 'proposals', label: string, value: string, required: boolean) => textField(id, label, value, COMPLAINT_LIMITS.text, required);
  const fields: Field[] = [
    dateField(l.date, d.date),
    field({ kind: 'multi', id: 'staffIds', label: l.staff, required: true, value: d.staffIds.join(','), choices: v.participants.map((p) => ({ title: p.name, value: p.userId })) }),
    ...(k === 'samtale_faglaerer_leder' ? [] : [textField('pupils', l.pupils, d.pupils.join('\n'), PUPILS_TEXT, true)]),
    ...(k === 'felles_mote' ? [text('proposals', l.proposals, d.proposals, true), text('agreed', l.chosen, d.agreed, true)] : []),
    text('notes', l.notes[k], d.notes, k !== 'felles_mote'),
    ...(k === 'mote_tillitselev' ? [text('agreed', l.agreed, d.agreed, true), dateField(l.periodEnd, d.periodEnd, 'periodEnd')] : []),
  ];
  return card(lang, v, { title: fill(t.minutesTitle, { kind: t.kinds[k] }), intro: t.minutesIntro[k], hint: t.sensitive, fields, save: 'tc.minutes.save', data: { kind: k, formId } }, o);
}

export const pupilsCard = form<string[]>((lang, v, chosen) => {
  const t = tc(lang);
  const m = latestMinutes(v.complaint, 'mote_tillitselev');
  const choices = (m ? unsigned(m).pupils : []).map((p) => ({ title: p, value: p }));
  return { title: t.pupilsTitle, intro: t.pupilsIntro, fields: [field({ kind: 'multi', id: 'pupils', label: t.pupilsLabel, required: true, value: chosen.join(','), choices })], save: 'tc.pupils.save' };
});

export const followUpCard = form<FollowUpDraft>((lang, v, d) => {
  const t = tc(lang);
  const meeting = latestMinutes(v.complaint, 'mote_tillitselev');
  const outcome = field({ kind: 'radio', id: 'outcome', label: t.outcomeLabel, required: true, value: d.outcome, choices: FOLLOW_UP_OUTCOMES.map((x) => ({ title: t.outcomes[x], value: x })) });
  const fields = [dateField(t.heldOn, d.heldOn, 'heldOn'), outcome, textField('note', t.noteOptional, d.note, COMPLAINT_LIMITS.note)];
  return { title: t.followUpTitle, intro: fill(t.followUpIntro, { date: formatShortDay(meeting?.followUpOn ?? '', lang) }), fields, save: 'tc.followup.save' };
});

export const escalateCard = form<{ text: string; reason: string; skipReason: string }>((lang, v, d) => {
  const t = tc(lang);
  const c = v.complaint;
  const attached = (['samtale_faglaerer', 'mote_tillitselev'] as const).map((k) => latestMinutes(c, k)).filter((m): m is Minutes => !!m);
  const list = attached.length ? fill(t.attached, { list: attached.map((m) => `${t.kinds[m.kind]} (${formatShortDay(m.date, lang)})`).join(', ') }) : t.noneAttached;
  const fields = [
    textField('text', t.writtenText, d.text, COMPLAINT_LIMITS.text, true),
    textField('reason', t.reasonLabel, d.reason, COMPLAINT_LIMITS.reason, true),
    ...(c.stage < 2 ? [textField('skipReason', t.skipReason, d.skipReason, COMPLAINT_LIMITS.reason, true)] : []),
  ];
  return { title: t.escalateTitle, intro: `${t.escalateIntro}\n\n${list}`, hint: t.sensitive, fields, save: 'tc.escalate.save' };
});

export const rektorCard = form<string>((lang, _v, note) => {
  const t = tc(lang);
  return { title: t.rektorTitle, intro: t.rektorIntro, fields: [textField('note', t.rektorNote, note, COMPLAINT_LIMITS.note)], save: 'tc.rektor.save' };
});

export const resolveCard = form<string>((lang, v, note) => {
  const t = tc(lang);
  const c = v.complaint;
  const intro = c.stage === 5 ? t.resolveIntroRektor : fill(t.resolveIntro, { stage: c.stage, name: t.stages[STAGE_NAMES[c.stage] as keyof typeof t.stages] });
  return { title: t.resolveTitle, intro, hint: t.sensitive, fields: [textField('note', t.resolveNote, note, COMPLAINT_LIMITS.note, true)], save: 'tc.resolve.save' };
});

/** «Flytt oppfølgingsmøtet»: a school day for the follow-up meeting; the time of day stays. */
export const moveCard = form<string>((lang, v, date) => {
  const t = tc(lang);
  const b = v.booking;
  const intro = fill(t.moveIntro, { date: formatShortDay(followUpOn(v.complaint), lang), time: b && !b.cancelled ? formatTime(b.start, lang) : formatClock(FOLLOW_UP_TIME, lang) });
  return { title: t.moveTitle, intro, fields: [dateField(t.moveDate, date)], save: 'tc.followup.move.save' };
});
