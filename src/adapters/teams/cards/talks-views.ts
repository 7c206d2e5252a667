/**
 * Cards for "elevsamtaler": the kontaktlærer's class card (class picker, roster, progress, marking,
 * checklists), the class list with one pupil to correct or remove (after asking), the varsler in
 * orden and atferd, the personal reminder with names, and the class channel's post with counts only.
 */
import type { MarkAnswer, PupilForm, PupilView, TalksView } from '../../../app/pupil-talks';
import { formatShortDay } from '../../../app/format';
import {
  CONCERNS,
  DUTY_TO_REPORT_NOTE,
  GRADE_AREAS,
  ONE_TO_ONE_NOTE,
  PUPIL_CHECKLIST,
  ROSTER_LIMITS,
  TALK_KINDS,
  TEACHER_CHECKLIST,
  type ChannelReminder,
  type ClassRoster,
  type PersonalReminder,
  type RosterError,
} from '../../../domain/pupil-talks';
import { fill, plural, strings, type Lang, type Strings } from '../../../i18n';
import type { Fact } from './models';
import { clip, renderFitting, type Card } from './render';
import { field, renderForm, type Field, formModel, action } from './form';
import { placeErrors } from './step-form';
import { meldepliktCard } from './meldeplikt-views';


/** 'talks.teacher.talkOften' → the text in this language. */
function catalogue(t: Strings['talks'], key: string): string {
  let node: unknown = { talks: t };
  for (const part of key.split('.')) node = (node as Record<string, unknown>)?.[part];
  return typeof node === 'string' ? node : key;
}

/** «3 av 25 startsamtaler», «0 av 1 startsamtale»: the noun agrees with the total. */
const progressLine = (lang: Lang, t: Strings['talks'], kind: keyof Strings['talks']['plurals'], p: { done: number; total: number; overdue: number }) =>
  fill(t.progress, { done: p.done, total: p.total, what: plural(lang, p.total, t.plurals[kind]) }) + (p.overdue ? ` – ${fill(t.overdue, { count: p.overdue })}` : '');

function checklistFields(t: Strings['talks']): Field[] {
  return [
    field({ kind: 'heading', label: t.teacherHeading }),
    ...TEACHER_CHECKLIST.map((k) => field({ kind: 'info', label: `• ${catalogue(t, k)}` })),
    field({ kind: 'heading', label: t.pupilHeading }),
    ...PUPIL_CHECKLIST.map((k) => field({ kind: 'info', label: `• ${catalogue(t, k)}` })),
  ];
}

/** What the mark form sent, to give it back unchanged when something is wrong. */
export interface MarkDraft {
  pupilId: string;
  kind: string;
  on: string;
  concern: string;
}

/** The class picker's value: school and class, checked against the directory when it comes back. */
export const classValue = (schoolId: string, className: string): string => `${schoolId}|${className}`;

const data = (v: TalksView, extra: Record<string, string> = {}) => ({ schoolId: v.school.schoolId, className: v.className, ...extra });

function pickerFields(t: Strings['talks'], v: TalksView, short: (s: string) => string = (s) => s): Field[] {
  if (v.classes.length < 2) return [];
  const schools = new Set(v.classes.map((c) => c.schoolId));
  return [
    field({
      kind: 'choice', id: 'pickClass', label: t.classLabel, value: classValue(v.school.schoolId, v.className), placeholder: t.classLabel,
      choices: v.classes.map((c) => ({ title: schools.size > 1 ? `${c.className} – ${short(c.schoolName)}` : c.className, value: classValue(c.schoolId, c.className) })),
    }),
  ];
}

/**
 * The kontaktlærer's class card. A class at every limit (40 long names, all of them new, many
 * classes) would not fit Teams' size limit: then the newcomers are summed up (their names are in the
 * class list), then the checklists give way, then long names in the lists are shortened. What she
 * typed is never cut.
 */
export function talksCard(lang: Lang, v: TalksView, o: { info?: string; error?: string; dutyToReport?: boolean; mark?: MarkDraft } = {}): Card {
  return renderFitting('work-form', [
    talksModel(lang, v, o, { newcomers: 'each', checklists: true, clip: 0 }),
    talksModel(lang, v, o, { newcomers: 'summary', checklists: true, clip: 0 }),
    talksModel(lang, v, o, { newcomers: 'summary', checklists: false, clip: 0 }),
    talksModel(lang, v, o, { newcomers: 'summary', checklists: false, clip: 30 }),
  ]);
}

function talksModel(lang: Lang, v: TalksView, o: Parameters<typeof talksCard>[2] = {}, fit: { newcomers: 'each' | 'summary'; checklists: boolean; clip: number }) {
  const t = strings(lang).talks;
  const pupils = v.roster.pupils;
  const f = v.form;
  const short = (s: string) => (fit.clip ? clip(s, fit.clip) : s);
  const formError = f.errors.length
    ? f.errors.map((e) => fill(t.errors[e.problem], { line: e.index + 1, limit: e.limit ?? ROSTER_LIMITS.name })).filter((x, i, a) => a.indexOf(x) === i).join(' ')
    : '';
  const rosterFields: Field[] = [
    ...(pupils.length ? [field({ kind: 'heading', label: t.addMoreHeading })] : [field({ kind: 'info', label: t.rosterEmpty })]),
    field({ kind: 'textarea', id: 'names', label: t.namesLabel, value: f.names, maxLength: ROSTER_LIMITS.pupils * (ROSTER_LIMITS.name + 2), fieldError: formError }),
    field({ kind: 'toggle', id: 'under18', label: t.under18Label, value: String(f.under18) }),
    ...(pupils.length ? [field({ kind: 'toggle', id: 'newcomers', label: t.newcomersLabel, value: String(f.newcomers) })] : []),
  ];
  const m = o.mark;
  const markFields: Field[] = pupils.length
    ? [
        field({ kind: 'heading', label: t.markHeading }),
        field({ kind: 'choice', id: 'pupilId', label: t.pupilLabel, value: m?.pupilId ?? '', placeholder: t.choosePupil, choices: pupils.map((p) => ({ title: short(p.name), value: p.pupilId })), fieldError: m && !m.pupilId && m.kind !== 'klassens_time' ? t.pupilRequired : '' }),
        field({ kind: 'choice', id: 'kind', label: t.kindLabel, value: m?.kind ?? 'startsamtale', placeholder: t.chooseKind, choices: TALK_KINDS.map((k) => ({ title: t.kinds[k], value: k })) }),
        field({ kind: 'date', id: 'on', label: t.dateLabel, value: m?.on ?? v.today }),
        field({ kind: 'choice', id: 'concern', label: t.concernLabel, value: m?.concern ?? '', placeholder: t.concernNone, choices: CONCERNS.map((c) => ({ title: t.concerns[c], value: c })) }),
      ]
    : [];
  const w = v.warningCounts;
  const firstDue = v.newcomers.map((n) => n.due).sort()[0];
  const newcomers: Fact[] =
    fit.newcomers === 'each' || v.newcomers.length < 2
      ? v.newcomers.map((n) => ({ title: t.newcomerFact, value: fill(t.newcomerDue, { name: n.name, date: formatShortDay(n.due, lang) }) }))
      : [{ title: t.newcomerFact, value: fill(t.newcomersSummary, { count: v.newcomers.length, date: formatShortDay(firstDue, lang) }) }];
  const facts: Fact[] = pupils.length
    ? [
        { title: t.progressHeading, value: plural(lang, pupils.length, t.pupilCount) },
        ...v.progress.map(({ kind, p }) => ({ title: t.kinds[kind], value: progressLine(lang, t, kind, p) })),
        ...newcomers,
        { title: t.warnFact, value: w.orden + w.atferd ? fill(t.warnCount, { orden: w.orden, atferd: w.atferd }) : t.warnNone },
      ]
    : [];
  const several = v.classes.length > 1;
  return formModel({
    title: fill(t.title, { class: v.className }),
    subtitle: v.school.name,
    // ROSTER=graph: where the list came from, and that the last saved one is shown while the school's system does not answer.
    intro: [o.info ?? '', v.rosterSource === 'school' ? t.rosterFromSchool : v.rosterSource === 'schoolDown' ? t.rosterSchoolDown : ''].filter(Boolean).join(' '),
    hint: o.dutyToReport ? catalogue(t, DUTY_TO_REPORT_NOTE) : catalogue(t, ONE_TO_ONE_NOTE),
    error: o.error ?? (formError ? strings(lang).work.formError : ''),
    facts,
    fields: [...pickerFields(t, v, short), ...markFields, ...rosterFields, ...(fit.checklists ? checklistFields(t) : [])],
    data: data(v),
    actions: [
      ...(pupils.length ? [action(t.mark, 'talks.mark', 'positive', 'auto')] : []),
      action(t.addPupils, 'talks.roster.add', pupils.length ? 'default' : 'positive', 'auto'),
      ...(pupils.length
        ? [
            action(t.editRoster, 'talks.roster.open'),
            action(t.warnButton, 'talks.warn.open'),
          ]
        : []),
      ...(several ? [action(t.showClass, 'talks.show', 'default', 'auto')] : []),
    ],
  });
}

/** The answer to a mark: what was registered, and the duty to report when a concern was chosen. */
export function talksMarkedCard(lang: Lang, a: MarkAnswer): Card {
  const t = strings(lang).talks;
  const info = !a.changed ? t.alreadyMarked : a.pupilName ? fill(t.marked, { kind: t.kinds[a.kind], pupil: a.pupilName }) : fill(t.markedClass, { kind: t.kinds[a.kind] });
  // A revealed concern gets the meldeplikt guidance instead of the class card (seed 002).
  if (a.guidance) return meldepliktCard(lang, { ...a, guidance: a.guidance }, info);
  return talksCard(lang, a.view, { info: a.dutyToReport ? `${info} ${catalogue(t, DUTY_TO_REPORT_NOTE)}` : info, dutyToReport: a.dutyToReport });
}

/** The class list to correct: every pupil with what the kontaktlærer set, and one to choose. */
export function talksRosterCard(lang: Lang, v: TalksView, o: { info?: string; error?: string } = {}): Card {
  const t = strings(lang).talks;
  const line = (p: TalksView['roster']['pupils'][number]) =>
    [p.name, p.under18 ? t.rosterUnder18 : '', p.joinedOn ? fill(t.rosterJoined, { date: formatShortDay(p.joinedOn, lang) }) : ''].filter(Boolean).join(' – ');
  return renderForm(
    formModel({
      title: fill(t.rosterTitle, { class: v.className }),
      subtitle: v.school.name,
      intro: o.info ?? t.rosterIntro,
      error: o.error ?? '',
      facts: [{ title: t.progressHeading, value: plural(lang, v.roster.pupils.length, t.pupilCount) }],
      fields: [
        ...v.roster.pupils.map((p) => field({ kind: 'info', label: line(p) })),
        field({ kind: 'choice', id: 'pupilId', label: t.pupilLabel, placeholder: t.choosePupil, choices: v.roster.pupils.map((p) => ({ title: p.name, value: p.pupilId })), fieldError: o.error ? t.pupilRequired : '' }),
      ],
      data: data(v),
      actions: [
        ...(v.roster.pupils.length ? [action(t.editPupil, 'talks.pupil.open', 'positive', 'auto')] : []),
        action(t.back, 'talks.show'),
      ],
    }),
  );
}

/** A correction's problem in words, under its field (step-form.ts places it). */
const pupilProblem = (lang: Lang, e: RosterError): string => {
  const t = strings(lang).talks;
  return e.problem === 'required' || e.problem === 'tooLong' || e.problem === 'duplicate' ? fill(t.nameErrors[e.problem], { limit: e.limit ?? ROSTER_LIMITS.name }) : t.errors.notThisYear;
};

/** One pupil: name, age and start day to correct, what is registered, and removal. */
export function talksPupilCard(lang: Lang, pv: PupilView, form?: PupilForm): Card {
  const t = strings(lang).talks;
  const v = pv.view;
  const p = pv.pupil;
  const registered = [
    ...pv.done.map((d) => fill(t.registeredLine, { what: t.kinds[d.kind], date: formatShortDay(d.on, lang) })),
    ...pv.warnings.map((w) => fill(t.registeredLine, { what: fill(t.warnRegistered, { area: t.areas[w.area] }), date: formatShortDay(w.on, lang) })),
  ];
  const errors = form?.errors ?? [];
  const { fields } = placeErrors(
    [
      field({ kind: 'text', id: 'name', label: t.nameLabel, value: form?.name ?? p.name, required: true, maxLength: ROSTER_LIMITS.name * 2 }),
      field({ kind: 'toggle', id: 'under18', label: t.under18One, value: String(form?.under18 ?? p.under18) }),
      field({ kind: 'date', id: 'joinedOn', label: t.joinedLabel, value: form?.joinedOn ?? p.joinedOn ?? '' }),
      field({ kind: 'heading', label: t.registeredHeading }),
      ...(registered.length ? registered : [t.noneRegistered]).map((label) => field({ kind: 'info', label })),
    ],
    errors,
    (e) => pupilProblem(lang, e),
  );
  return renderForm(
    formModel({
      title: fill(t.pupilTitle, { class: v.className }),
      subtitle: v.school.name,
      error: errors.length ? strings(lang).work.formError : '',
      // Her deadline for the startsamtale while it is still to be held (her own when she came later).
      // A pupil from the school's system (ROSTER=graph): the name and who is in the class are kept there.
      intro: [pv.done.some((d) => d.kind === 'startsamtale') ? '' : fill(t.startDue, { date: formatShortDay(pv.startDue, lang) }), p.sourceId ? t.pupilFromSchool : ''].filter(Boolean).join(' '),
      fields,
      data: data(v, { pupilId: p.pupilId }),
      actions: [
        action(t.savePupil, 'talks.pupil.save', 'positive', 'auto'),
        action(t.removePupil, 'talks.pupil.remove', 'destructive'),
        action(t.back, 'talks.roster.open'),
      ],
    }),
  );
}

/** Asks before a pupil is taken off the roster: everything registered for them goes too. */
export function talksRemoveCard(lang: Lang, pv: PupilView): Card {
  const t = strings(lang).talks;
  return renderForm(
    formModel({
      title: fill(t.removeTitle, { name: pv.pupil.name }),
      subtitle: `${pv.view.school.name}, ${pv.view.className}`,
      intro: pv.pupil.sourceId ? `${t.removeIntro} ${t.pupilFromSchool}` : t.removeIntro,
      fields: [],
      data: data(pv.view, { pupilId: pv.pupil.pupilId }),
      actions: [
        action(t.removeConfirm, 'talks.pupil.remove.confirm', 'destructive'),
        action(t.cancel, 'talks.pupil.open'),
      ],
    }),
  );
}

/** What the warning form sent, to give it back unchanged when something is wrong. */
export interface WarnDraft {
  pupilId: string;
  area: string;
  on: string;
}

/** 003: "Varsle elever om fare for nedsatt karakter i orden og adferd så snart som mulig". */
export function talksWarnCard(lang: Lang, v: TalksView, o: { info?: string; error?: string; draft?: WarnDraft } = {}): Card {
  return renderFitting('work-form', [warnModel(lang, v, o, 0), warnModel(lang, v, o, 30)]);
}

function warnModel(lang: Lang, v: TalksView, o: Parameters<typeof talksWarnCard>[2] = {}, cut: number) {
  const t = strings(lang).talks;
  const short = (s: string) => (cut ? clip(s, cut) : s);
  // One line per pupil warned, in the roster's order: "Sara Berg: atferd (tir. 24.11.2026)".
  const lines = v.roster.pupils
    .map((p) => ({ p, ws: v.warnings.filter((w) => w.pupilId === p.pupilId).sort((a, b) => (a.on < b.on ? -1 : 1)) }))
    .filter((x) => x.ws.length)
    .map(({ p, ws }) => fill(t.warnLine, { name: short(p.name), list: ws.map((w) => `${t.areas[w.area]} (${formatShortDay(w.on, lang)})`).join(', ') }));
  const d = o.draft;
  return formModel({
    title: fill(t.warnTitle, { class: v.className }),
    subtitle: v.school.name,
    intro: o.info ?? '',
    hint: t.warnIntro,
    error: o.error ?? '',
    facts: [{ title: t.warnFact, value: v.warnings.length ? fill(t.warnCount, { orden: v.warningCounts.orden, atferd: v.warningCounts.atferd }) : t.warnNone }],
    fields: [
      field({ kind: 'heading', label: t.warnHeading }),
      field({ kind: 'choice', id: 'pupilId', label: t.pupilLabel, value: d?.pupilId ?? '', placeholder: t.choosePupil, choices: v.roster.pupils.map((p) => ({ title: short(p.name), value: p.pupilId })), fieldError: d && !d.pupilId ? t.pupilRequired : '' }),
      field({ kind: 'radio', id: 'area', label: t.areaLabel, value: d?.area ?? '', choices: GRADE_AREAS.map((a) => ({ title: t.areas[a], value: a })), fieldError: d && !d.area ? t.chooseArea : '' }),
      field({ kind: 'date', id: 'on', label: t.warnDateLabel, value: d?.on ?? v.today }),
      field({ kind: 'heading', label: t.warnListHeading }),
      ...(lines.length ? lines : [t.warnNone]).map((label) => field({ kind: 'info', label })),
    ],
    data: data(v),
    actions: [
      action(t.warnSave, 'talks.warn.save', 'positive', 'auto'),
      action(t.back, 'talks.show'),
    ],
  });
}

/** To the kontaktlærer alone: what is due, with the names of the pupils left. */
export function talksReminderCard(lang: Lang, schoolName: string, roster: ClassRoster, due: PersonalReminder[]): Card {
  const t = strings(lang).talks;
  const name = (id: string) => roster.pupils.find((p) => p.pupilId === id)?.name ?? '–';
  const facts: Fact[] = due.map((r) => ({
    title: t.kinds[r.kind],
    value: [progressLine(lang, t, r.kind, { done: r.done, total: r.total, overdue: 0 }), r.overdue ? t.reminderOverdue : fill(t.reminderDue, { date: formatShortDay(r.due, lang) }), r.pupilIds.length ? fill(t.reminderLeft, { names: r.pupilIds.map(name).join(', ') }) : '']
      .filter(Boolean)
      .join('. '),
  }));
  return renderForm(
    formModel({
      title: fill(t.reminderTitle, { class: roster.className }),
      subtitle: schoolName,
      hint: catalogue(t, ONE_TO_ONE_NOTE),
      facts,
      fields: [],
      data: { schoolId: roster.schoolId, className: roster.className },
      actions: [],
    }),
  );
}

/** In the class channel: counts and the due day, never a name or an id. */
export function talksChannelCard(lang: Lang, schoolName: string, className: string, due: ChannelReminder[]): Card {
  const t = strings(lang).talks;
  return renderForm(
    formModel({
      title: fill(t.channelTitle, { class: className }),
      subtitle: schoolName,
      intro: t.channelIntro,
      facts: due.map((r) => ({ title: t.kinds[r.kind], value: `${progressLine(lang, t, r.kind, { done: r.done, total: r.total, overdue: 0 })}. ${fill(t.reminderDue, { date: formatShortDay(r.due, lang) })}` })),
      fields: [],
      data: { schoolId: '' },
      actions: [],
    }),
  );
}
