/**
 * The forms of a complaint about teaching (seed 000): registration, and one form card per step.
 * Forms come back with everything typed and each problem named under its field; refusals of the
 * routine are named in words on the same card.
 */
import type { ComplaintView, RegistrationError, RegistrationForm } from '../../../app/teaching-complaint';
import { DESCRIPTION_LIMIT, FOLLOW_UP_TIME } from '../../../app/teaching-complaint';
import {
  COMPLAINT_LIMITS,
  ComplaintError,
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
import type { Verb } from '../verbs';
import { field, renderForm, type Field, type FormModel, formModel, action } from './form';
import { clock, day, refData, tc } from './complaint-views';

// ---------------------------------------------------------------------------------------------
// Problems and refusals in words

type AnyFormError = ComplaintFormError | RegistrationError;

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

/** Every field's problems, named under it; errors for fields not on the card go to the banner. */
function withErrors(lang: Lang, fields: Field[], errors: AnyFormError[]): { fields: Field[]; unplaced: string } {
  const ids = new Set(fields.map((f) => f.id));
  const text = (id: string) => [...new Set(errors.filter((e) => e.field === id).map((e) => problemText(lang, e)))].join(' ');
  return {
    fields: fields.map((f) => (f.id && errors.some((e) => e.field === f.id) ? { ...f, fieldError: text(f.id) } : f)),
    unplaced: [...new Set(errors.filter((e) => !ids.has(e.field)).map((e) => problemText(lang, e)))].join(' '),
  };
}

/** The routine's refusal, with the stage, the minutes or the date it is about. */
export function refusalText(lang: Lang, e: ComplaintError): string {
  const t = tc(lang);
  const kind = typeof e.detail?.kind === 'string' && e.detail.kind in t.kinds ? t.kinds[e.detail.kind as MinutesKind] : '';
  return fill(t.refusals[e.code], { kind, stage: e.detail?.stage ?? '', date: typeof e.detail?.oppfolging === 'string' ? day(e.detail.oppfolging, lang) : '' });
}

export const minutesReplacedText = (lang: Lang): string => tc(lang).refusals.MINUTES_REPLACED;

// ---------------------------------------------------------------------------------------------
// Registration

/**
 * The registration form. A big school's teacher list is most of the card: when it does not fit,
 * the routine's text goes first (it is on the complaint card), then the names are shortened;
 * what was typed is never cut.
 */
export function registrationCard(lang: Lang, f: RegistrationForm, formId: string): Card {
  return renderFitting(
    'work-form',
    [
      { intro: true, names: 0 },
      { intro: false, names: 0 },
      { intro: false, names: 24 },
      { intro: false, names: 16 },
    ].map((o) => registrationModel(lang, f, formId, o)),
  );
}

function registrationModel(lang: Lang, f: RegistrationForm, formId: string, o: { intro: boolean; names: number }): FormModel {
  const t = tc(lang);
  const d = f.draft;
  const raw: Field[] = [
    field({ kind: 'choice', id: 'class', label: t.class, required: true, value: d.class, placeholder: t.chooseClass, choices: f.classes.map((c) => ({ title: c, value: c })) }),
    field({ kind: 'text', id: 'subject', label: t.subject, required: true, value: d.subject, maxLength: COMPLAINT_LIMITS.subject }),
    field({ kind: 'choice', id: 'teacherId', label: t.teacher, required: true, value: d.teacherId, placeholder: t.chooseTeacher, choices: f.teachers.map((s) => ({ title: o.names ? clip(s.name, o.names) : s.name, value: s.userId })) }),
    field({ kind: 'textarea', id: 'representatives', label: t.representatives, value: d.representatives, maxLength: COMPLAINT_LIMITS.pupils * (COMPLAINT_LIMITS.pupilName + 1) }),
    field({ kind: 'textarea', id: 'description', label: t.description, required: true, value: d.description, maxLength: DESCRIPTION_LIMIT }),
    // Someone at several schools registers at one of them; the form is built from that school's classes and staff.
    ...(f.others.length
      ? [field({ kind: 'choice', id: 'switchSchool', label: t.school, value: f.school.schoolId, choices: [{ title: f.school.name, value: f.school.schoolId }, ...f.others.map((x) => ({ title: x.name, value: x.schoolId }))] })]
      : []),
  ];
  const { fields, unplaced } = withErrors(lang, raw, f.errors);
  const open = f.open.length ? fill(t.yourOpen, { list: f.open.map((x) => `${x.ref} (${x.class}, ${x.subject})`).join(', ') }) : '';
  return formModel({
    title: t.formTitle,
    subtitle: f.school.name,
    intro: [o.intro ? strings(lang).complaint.teaching : '', t.formIntroWho, open].filter(Boolean).join('\n\n'),
    hint: t.sensitive,
    error: f.errors.length ? [t.formError, unplaced].filter(Boolean).join(' ') : '',
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

function formCard(
  lang: Lang,
  v: ComplaintView,
  o: { title: string; intro: string; fields: Field[]; save: Verb; errors?: AnyFormError[]; error?: string; data?: Record<string, string>; hint?: string },
): Card {
  const t = tc(lang);
  const { fields, unplaced } = withErrors(lang, o.fields, o.errors ?? []);
  const banner = [o.errors?.length ? t.formError : '', unplaced, o.error ?? ''].filter(Boolean).join(' ');
  return renderForm(
    formModel({
      title: o.title,
      subtitle: fill(t.title, { ref: v.complaint.ref }),
      intro: o.intro,
      hint: o.hint ?? '',
      error: banner,
      fields,
      data: { ...refData(v), ...(o.data ?? {}) },
      actions: [
        action(t.buttons.save, o.save, 'positive', 'auto'),
        action(t.buttons.back, 'tc.refresh'),
      ],
    }),
  );
}

export function minutesCard(lang: Lang, v: ComplaintView, d: MinutesDraft & { kind: MinutesKind }, formId: string, o: { errors?: ComplaintFormError[]; error?: string } = {}): Card {
  const t = tc(lang);
  const l = t.minutesLabels;
  const k = d.kind;
  const text = (id: 'notes' | 'agreed' | 'proposals', label: string, value: string, required: boolean) => field({ kind: 'textarea', id, label, value, required, maxLength: COMPLAINT_LIMITS.text });
  const fields: Field[] = [
    field({ kind: 'date', id: 'date', label: l.date, required: true, value: d.date }),
    field({ kind: 'multi', id: 'staffIds', label: l.staff, required: true, value: d.staffIds.join(','), choices: v.participants.map((p) => ({ title: p.name, value: p.userId })) }),
    ...(k === 'samtale_faglaerer_leder' ? [] : [field({ kind: 'textarea', id: 'pupils', label: l.pupils, required: true, value: d.pupils.join('\n'), maxLength: COMPLAINT_LIMITS.pupils * (COMPLAINT_LIMITS.pupilName + 1) })]),
    ...(k === 'felles_mote' ? [text('proposals', l.proposals, d.proposals, true), text('agreed', l.chosen, d.agreed, true)] : []),
    text('notes', l.notes[k], d.notes, k !== 'felles_mote'),
    ...(k === 'mote_tillitselev' ? [text('agreed', l.agreed, d.agreed, true), field({ kind: 'date', id: 'periodEnd', label: l.periodEnd, required: true, value: d.periodEnd })] : []),
  ];
  return formCard(lang, v, { title: fill(t.minutesTitle, { kind: t.kinds[k] }), intro: t.minutesIntro[k], hint: t.sensitive, fields, save: 'tc.minutes.save', errors: o.errors, error: o.error, data: { kind: k, formId } });
}

export function pupilsCard(lang: Lang, v: ComplaintView, chosen: string[], o: { errors?: ComplaintFormError[]; error?: string } = {}): Card {
  const t = tc(lang);
  const m = latestMinutes(v.complaint, 'mote_tillitselev');
  const waiting = m ? unsigned(m).pupils : [];
  return formCard(lang, v, {
    title: t.pupilsTitle,
    intro: t.pupilsIntro,
    fields: [field({ kind: 'multi', id: 'pupils', label: t.pupilsLabel, required: true, value: chosen.join(','), choices: waiting.map((p) => ({ title: p, value: p })) })],
    save: 'tc.pupils.save',
    errors: o.errors,
    error: o.error,
  });
}

export function followUpCard(lang: Lang, v: ComplaintView, d: FollowUpDraft, o: { errors?: ComplaintFormError[]; error?: string } = {}): Card {
  const t = tc(lang);
  const meeting = latestMinutes(v.complaint, 'mote_tillitselev');
  return formCard(lang, v, {
    title: t.followUpTitle,
    intro: fill(t.followUpIntro, { date: day(meeting?.followUpOn ?? '', lang) }),
    fields: [
      field({ kind: 'date', id: 'heldOn', label: t.heldOn, required: true, value: d.heldOn }),
      field({ kind: 'radio', id: 'outcome', label: t.outcomeLabel, required: true, value: d.outcome, choices: FOLLOW_UP_OUTCOMES.map((x) => ({ title: t.outcomes[x], value: x })) }),
      field({ kind: 'textarea', id: 'note', label: t.noteOptional, value: d.note, maxLength: COMPLAINT_LIMITS.note }),
    ],
    save: 'tc.followup.save',
    errors: o.errors,
    error: o.error,
  });
}

export function escalateCard(lang: Lang, v: ComplaintView, d: { text: string; reason: string; skipReason: string }, o: { errors?: ComplaintFormError[]; error?: string } = {}): Card {
  const t = tc(lang);
  const c = v.complaint;
  const attached = (['samtale_faglaerer', 'mote_tillitselev'] as const).map((k) => latestMinutes(c, k)).filter((m): m is Minutes => !!m);
  return formCard(lang, v, {
    title: t.escalateTitle,
    intro: `${t.escalateIntro}\n\n${attached.length ? fill(t.attached, { list: attached.map((m) => `${t.kinds[m.kind]} (${day(m.date, lang)})`).join(', ') }) : t.noneAttached}`,
    hint: t.sensitive,
    fields: [
      field({ kind: 'textarea', id: 'text', label: t.writtenText, required: true, value: d.text, maxLength: COMPLAINT_LIMITS.text }),
      field({ kind: 'textarea', id: 'reason', label: t.reasonLabel, required: true, value: d.reason, maxLength: COMPLAINT_LIMITS.reason }),
      ...(c.stage < 2 ? [field({ kind: 'textarea', id: 'skipReason', label: t.skipReason, required: true, value: d.skipReason, maxLength: COMPLAINT_LIMITS.reason })] : []),
    ],
    save: 'tc.escalate.save',
    errors: o.errors,
    error: o.error,
  });
}

export function rektorCard(lang: Lang, v: ComplaintView, note: string, o: { errors?: ComplaintFormError[]; error?: string } = {}): Card {
  const t = tc(lang);
  return formCard(lang, v, {
    title: t.rektorTitle,
    intro: t.rektorIntro,
    fields: [field({ kind: 'textarea', id: 'note', label: t.rektorNote, value: note, maxLength: COMPLAINT_LIMITS.note })],
    save: 'tc.rektor.save',
    errors: o.errors,
    error: o.error,
  });
}

export function resolveCard(lang: Lang, v: ComplaintView, note: string, o: { errors?: ComplaintFormError[]; error?: string } = {}): Card {
  const t = tc(lang);
  const c = v.complaint;
  return formCard(lang, v, {
    title: t.resolveTitle,
    intro: c.stage === 5 ? t.resolveIntroRektor : fill(t.resolveIntro, { stage: c.stage, name: t.stages[STAGE_NAMES[c.stage] as keyof typeof t.stages] }),
    hint: t.sensitive,
    fields: [field({ kind: 'textarea', id: 'note', label: t.resolveNote, required: true, value: note, maxLength: COMPLAINT_LIMITS.note })],
    save: 'tc.resolve.save',
    errors: o.errors,
    error: o.error,
  });
}

/** «Flytt oppfølgingsmøtet»: a school day for the follow-up meeting; the time of day stays. */
export function moveCard(lang: Lang, v: ComplaintView, date: string, o: { errors?: ComplaintFormError[]; error?: string } = {}): Card {
  const t = tc(lang);
  const b = v.booking;
  const current = followUpOn(v.complaint);
  return formCard(lang, v, {
    title: t.moveTitle,
    intro: fill(t.moveIntro, { date: day(current, lang), time: b && !b.cancelled ? clock(b.start) : FOLLOW_UP_TIME }),
    fields: [field({ kind: 'date', id: 'date', label: t.moveDate, required: true, value: date })],
    save: 'tc.followup.move.save',
    errors: o.errors,
    error: o.error,
  });
}
