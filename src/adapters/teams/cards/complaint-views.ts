/**
 * Cards for a complaint about teaching (seed 000): the registration form, the complaint card
 * with its stage, the next step in the routine's words, the minutes and the buttons this viewer
 * may press, and one form card per step. Forms come back with everything typed and each problem
 * named under its field; refusals of the routine are named in words on the same card.
 */
import { DateTime } from 'luxon';
import type { ComplaintNotice, ComplaintView, RegistrationError, RegistrationForm } from '../../../app/teaching-complaint';
import { DESCRIPTION_LIMIT, FOLLOW_UP_TIME } from '../../../app/teaching-complaint';
import { SCHOOL_ZONE } from '../../../app/school-time';
import {
  COMPLAINT_LIMITS,
  ComplaintError,
  FOLLOW_UP_OUTCOMES,
  followUpOn,
  latestMinutes,
  missingForStage,
  MINUTES_KINDS,
  STAGE_NAMES,
  unsigned,
  type ComplaintFormError,
  type FollowUpDraft,
  type Minutes,
  type MinutesDraft,
  type MinutesKind,
} from '../../../domain/complaint';
import type { StageDeadline } from '../../../domain/complaint-deadlines';
import { fill, strings, type Lang } from '../../../i18n';
import type { Fact } from './models';
import { clip, renderFitting, type Card } from './render';
import type { Verb } from '../verbs';
import { field, renderForm, type Field, type FormModel, formModel, action, type Link } from './form';

const LOCALE: Record<Lang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };
export const formatDay = (d: string, lang: Lang): string => (d ? DateTime.fromISO(d, { zone: SCHOOL_ZONE }).setLocale(LOCALE[lang]).toFormat(lang === 'en' ? 'ccc d LLL yyyy' : 'ccc d.M.yyyy') : '');
const day = formatDay;
const when = (iso: string, lang: Lang) => DateTime.fromISO(iso, { zone: SCHOOL_ZONE }).setLocale(LOCALE[lang]).toFormat(lang === 'en' ? 'd LLL yyyy' : 'd.M.yyyy');
const tc = (lang: Lang) => strings(lang).teachingComplaint;
const clock = (iso: string) => DateTime.fromISO(iso, { zone: SCHOOL_ZONE }).toFormat('HH:mm');

/** The follow-up meeting as the calendar has it: when, and the .ics file or the Teams link; or that it waits for the calendar. */
function bookedLine(lang: Lang, b: NonNullable<ComplaintView['booking']>): string {
  const t = tc(lang);
  const date = day(b.date, lang);
  if (b.cancelled) {
    if (b.bookedVersion < b.version) return fill(t.bookingCancelPending, { date, time: clock(b.start) });
    // The local calendar's file now cancels the event for those who added it.
    return oneLine(fill(t.bookingCancelled, { date, time: clock(b.start), link: '' }));
  }
  if (b.bookedVersion < b.version) return fill(t.bookingPending, { date, time: clock(b.start) });
  // The link is a button under the card (cards/*.json text is kept free of live links).
  return oneLine(fill(t.bookedLine, { date, time: clock(b.start), end: clock(b.end), link: '' }));
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The follow-up meeting's Teams link or calendar file, as a button, when the booking is shown on the card. */
function calendarLinks(lang: Lang, v: ComplaintView): Link[] {
  const t = tc(lang);
  const b = v.booking;
  if (!b || !bookingFact(lang, v).length || b.bookedVersion < b.version) return [];
  // A cancelled Teams meeting has nothing to join; its .ics file (local calendar) now cancels it.
  if (b.cancelled) return !b.joinUrl && b.webLink ? [{ title: t.icsCancelLink, url: b.webLink }] : [];
  if (b.joinUrl) return [{ title: t.teamsLink, url: b.joinUrl }];
  return b.webLink ? [{ title: t.icsLink, url: b.webLink }] : [];
}

/** «Frist»: the stage's deadline, saying whether it is the routine's three weeks or the app's default. */
function deadlineLine(lang: Lang, d: StageDeadline, today: string): string {
  const t = tc(lang);
  const v = { date: day(d.date, lang), what: t.deadlineWhat[d.duty], days: d.schoolDays };
  const line = fill(d.basis === 'seed' ? t.deadlineSeed : d.basis === 'moved' ? t.deadlineMoved : t.deadlineDefault, v);
  return d.date < today ? `${line} ${t.deadlinePassed}` : line;
}

/** The follow-up meeting's booking, when the card should show it: while it is awaited, or once it is called off. */
function bookingFact(lang: Lang, v: ComplaintView): Fact[] {
  const b = v.booking;
  const c = v.complaint;
  const meeting = latestMinutes(c, 'mote_tillitselev');
  if (!b || !meeting) return [];
  const awaited = c.stage === 2 && c.status === 'apen' && b.minutesId === meeting.minutesId && c.followUp?.minutesId !== meeting.minutesId;
  return awaited || b.cancelled ? [{ title: tc(lang).bookedTitle, value: bookedLine(lang, b) }] : [];
}

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
// The complaint

const refData = (v: ComplaintView): Record<string, string> => ({
  schoolId: v.complaint.schoolId,
  complaintId: v.complaint.complaintId,
  minutesId: latestMinutes(v.complaint, 'mote_tillitselev')?.minutesId ?? '',
  /** The stage this card shows: a second click on a step already taken changes nothing. */
  stage: String(v.complaint.stage),
});

/** The next step in the routine's words, from what the domain says the stage still needs. */
function nextStep(lang: Lang, v: ComplaintView): string {
  const t = tc(lang).next;
  const c = v.complaint;
  const name = (id: string) => v.names[id] ?? '–';
  if (c.status === 'avsluttet') return t.closed;
  const first = missingForStage(c)[0];
  switch (c.stage) {
    case 1:
      return first ? t.s1_minutes : t.s1_done;
    case 2: {
      const m = latestMinutes(c, 'mote_tillitselev');
      if (!first) return fill(t.s2_written, { leader: name(c.leaderId) });
      if (first.code === 'MINUTES_NOT_APPROVED' && m) {
        const u = unsigned(m);
        return fill(t.s2_sign, { names: [...u.staffIds.map(name), ...u.pupils].join(', ') });
      }
      if (first.code === 'FOLLOW_UP_NOT_HELD') return fill(t.s2_followup, { date: day(followUpOn(c), lang) });
      if (first.code === 'CONDITIONS_IMPROVED') return t.s2_improved;
      return t.s2_minutes;
    }
    case 3:
      return fill(t.s3, { leader: name(c.leaderId) });
    case 4:
      if (!first) return t.s4_done;
      return first.detail?.kind === 'felles_mote' ? t.s4_joint : t.s4_separate;
    default:
      return t.s5;
  }
}

function minutesLines(lang: Lang, v: ComplaintView, m: Minutes, count: number, n: number): Field[] {
  const t = tc(lang);
  const name = (id: string) => v.names[id] ?? '–';
  const cut = (s: string) => (n ? clip(s, n) : s);
  const lines: string[] = [fill(t.lines.participants, { names: [...m.participants.staffIds.map(name), ...m.participants.pupils].join(', ') })];
  if (m.notes) lines.push(fill(t.lines.notes[m.kind], { text: cut(m.notes) }));
  if (m.proposals) lines.push(fill(t.lines.proposals, { text: cut(m.proposals) }));
  if (m.agreed) lines.push(fill(t.lines.agreed, { text: cut(m.agreed) }));
  if (m.periodEnd) lines.push(fill(t.lines.periodEnd, { date: day(m.periodEnd, lang) }));
  if (m.requiresSignatures) {
    const u = unsigned(m);
    const signed = m.approvals.map((a) => (a.signer.kind === 'ansatt' ? name(a.signer.userId) : a.signer.name));
    if (signed.length) lines.push(fill(t.lines.signed, { names: signed.join(', ') }));
    lines.push(u.staffIds.length || u.pupils.length ? fill(t.lines.missing, { names: [...u.staffIds.map(name), ...u.pupils].join(', ') }) : t.lines.allSigned);
  }
  if (count > 1) lines.push(t.lines.version);
  return [field({ kind: 'heading', label: fill(t.minutesHeading, { kind: t.kinds[m.kind], date: day(m.date, lang) }) }), ...lines.map((l) => field({ kind: 'info', label: l }))];
}

function complaintModel(lang: Lang, v: ComplaintView, o: { info?: string; error?: string }, n: number): FormModel {
  const t = tc(lang);
  const c = v.complaint;
  const name = (id: string) => v.names[id] ?? '–';
  const cut = (s: string) => (n ? clip(s, n) : s);
  const meeting = latestMinutes(c, 'mote_tillitselev');
  const facts: Fact[] = [
    { title: t.facts.stage, value: fill(t.stageLine, { stage: c.stage, name: t.stages[STAGE_NAMES[c.stage] as keyof typeof t.stages] }) },
    { title: t.facts.status, value: t.statuses[c.status] },
    { title: t.facts.class, value: c.class },
    { title: t.facts.subject, value: c.subject },
    { title: t.facts.teacher, value: name(c.teacherId) },
    ...(c.representatives.length ? [{ title: t.facts.representatives, value: c.representatives.join(', ') }] : []),
    { title: t.facts.leader, value: name(c.leaderId) },
    { title: t.facts.registered, value: fill(t.registeredBy, { date: when(c.registeredAt, lang), name: name(c.registeredBy) }) },
    ...(c.description ? [{ title: t.facts.description, value: cut(c.description) }] : []),
    ...(v.deadline ? [{ title: t.deadlineTitle, value: deadlineLine(lang, v.deadline, v.today) }] : []),
    // The follow-up's day is in «Frist» (with the routine's three weeks) and in the calendar line.
    ...(meeting && c.stage === 2 && c.followUp?.minutesId !== meeting.minutesId && v.deadline?.duty !== 'oppfolgingsmote' ? [{ title: t.facts.followUp, value: day(followUpOn(c), lang) }] : []),
    ...bookingFact(lang, v),
    ...(c.followUp ? [{ title: t.facts.followUp, value: `${day(c.followUp.heldOn, lang)}: ${t.outcomes[c.followUp.outcome]}${c.followUp.note ? ` (${cut(c.followUp.note)})` : ''}` }] : []),
    ...(c.writtenComplaint
      ? [
          { title: t.facts.written, value: `${when(c.writtenComplaint.receivedAt, lang)}: ${cut(c.writtenComplaint.text)}` },
          { title: t.facts.reason, value: cut(c.writtenComplaint.reason) },
        ]
      : []),
    ...c.skips.map((s) => ({ title: t.facts.skipped, value: fill(t.skipLine, { from: s.from, to: s.to, name: name(s.by), date: when(s.at, lang), reason: cut(s.reason) }) })),
    ...(c.teacherInformedAt ? [{ title: t.facts.informed, value: when(c.teacherInformedAt, lang) }] : []),
    ...(c.toRektor ? [{ title: t.facts.toRektor, value: `${when(c.toRektor.at, lang)}${c.toRektor.note ? `: ${cut(c.toRektor.note)}` : ''}` }] : []),
    ...(c.resolution ? [{ title: t.facts.resolution, value: fill(t.resolutionLine, { date: when(c.resolution.at, lang), name: name(c.resolution.by), stage: c.resolution.stage, note: cut(c.resolution.note) }) }] : []),
  ];
  const fields = MINUTES_KINDS.flatMap((k) => {
    const all = c.minutes.filter((m) => m.kind === k);
    return all.length ? minutesLines(lang, v, all[all.length - 1], all.length, n) : [];
  });
  const b = v.buttons;
  const actions: FormModel['actions'] = [
    ...(b.approve ? [action(t.buttons.approve, 'tc.approve', 'positive')] : []),
    ...b.minutes.map((k) => action(t.buttons.minutes[k], `tc.minutes.${k}` as const)),
    ...(b.pupils ? [action(t.buttons.pupils, 'tc.pupils.open')] : []),
    ...(b.followUp ? [action(t.buttons.followUp, 'tc.followup.open')] : []),
    ...(b.move ? [action(t.moveButton, 'tc.followup.move.open')] : []),
    ...(b.next ? [action(t.buttons.next, 'tc.next')] : []),
    ...(b.inform ? [action(t.buttons.inform, 'tc.next', 'positive')] : []),
    ...(b.escalate ? [action(t.buttons.escalate, 'tc.escalate.open')] : []),
    ...(b.toRektor ? [action(t.buttons.toRektor, 'tc.rektor.open')] : []),
    ...(b.resolve ? [action(t.buttons.resolve, 'tc.resolve.open')] : []),
  ];
  return formModel({
    title: fill(t.title, { ref: c.ref }),
    subtitle: v.school?.name ?? '',
    intro: [o.info ?? '', `${t.nextTitle}: ${nextStep(lang, v)}`].filter(Boolean).join('\n\n'),
    error: o.error ?? '',
    facts,
    fields,
    data: refData(v),
    actions,
    // Right under the facts, beside the follow-up meeting they belong to (Teams folds a card's seventh button into "…").
    factLinks: calendarLinks(lang, v),
    refreshUsers: v.involved,
    refreshVerb: 'tc.refresh',
  });
}

/** The complaint as this viewer may see it; long minutes shrink step by step until the card fits. */
export function complaintCard(lang: Lang, v: ComplaintView, o: { info?: string; error?: string } = {}): Card {
  return renderFitting('work-form', [0, 1200, 400, 120].map((n) => complaintModel(lang, v, o, n)));
}

/** What a person is told in their personal chat. The follow-up reminder names no pupil and quotes no minutes. */
export function complaintNoticeCard(lang: Lang, v: ComplaintView, notice: ComplaintNotice): Card {
  const t = tc(lang);
  const c = v.complaint;
  const name = (id: string) => v.names[id] ?? '–';
  if (notice === 'oppfolging' || notice === 'frist') {
    const d = v.deadline;
    const date = d?.date ?? followUpOn(c);
    const text = notice === 'oppfolging' ? (date < v.today ? t.reminderOverdue : t.reminder) : `${date < v.today ? `${t.deadlinePassed} ` : ''}${t.due[d?.duty ?? 'oppfolgingsmote']}`;
    return renderForm(
      formModel({
        title: fill(notice === 'oppfolging' ? t.reminderTitle : t.dueTitle, { ref: c.ref }),
        subtitle: v.school?.name ?? '',
        intro: fill(text, { ref: c.ref, subject: c.subject, class: c.class, date: day(date, lang) }),
        fields: [],
        data: refData(v),
        actions: [action(t.buttons.open, 'tc.refresh', 'positive')],
      }),
    );
  }
  if (notice === 'mote_flyttet' || notice === 'mote_avlyst') {
    const b = v.booking;
    const when = { ref: c.ref, subject: c.subject, class: c.class, name: name(b?.by ?? ''), date: day(b?.date ?? '', lang), time: clock(b?.start ?? '') };
    return complaintCard(lang, v, { info: fill(notice === 'mote_flyttet' ? t.movedNotice : t.cancelledNotice, when) });
  }
  const by =
    notice === 'godkjenn'
      ? (latestMinutes(c, 'mote_tillitselev')?.recordedBy ?? '')
      : notice === 'orientert'
        ? c.leaderId
        : notice === 'til_rektor'
          ? (c.toRektor?.by ?? '')
          : notice === 'avsluttet'
            ? (c.resolution?.by ?? '')
            : '';
  return complaintCard(lang, v, { info: fill(t.notices[notice], { name: name(by), ref: c.ref, subject: c.subject, class: c.class }) });
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
