/**
 * Cards for "elevsamtaler": the kontaktlærer's class card (roster, progress, marking, checklists),
 * the personal reminder with names, and the class channel's post with counts only.
 */
import { DateTime } from 'luxon';
import type { MarkAnswer, TalksView } from '../../../app/pupil-talks';
import { SCHOOL_ZONE } from '../../../app/school-time';
import {
  CONCERNS,
  DUTY_TO_REPORT_NOTE,
  ONE_TO_ONE_NOTE,
  PUPIL_CHECKLIST,
  ROSTER_LIMITS,
  TALK_KINDS,
  TEACHER_CHECKLIST,
  type ChannelReminder,
  type ClassRoster,
  type PersonalReminder,
} from '../../../domain/pupil-talks';
import { fill, strings, type Lang, type Strings } from '../../../i18n';
import type { Fact } from './models';
import type { Card } from './render';
import { field, renderForm, type Field, formModel } from './work-views';

const LOCALE: Record<Lang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };
const date = (d: string, lang: Lang) => DateTime.fromISO(d, { zone: SCHOOL_ZONE }).setLocale(LOCALE[lang]).toFormat(lang === 'en' ? 'ccc d LLL yyyy' : 'ccc d.M.yyyy');

/** 'talks.teacher.talkOften' → the text in this language. */
function catalogue(t: Strings['talks'], key: string): string {
  let node: unknown = { talks: t };
  for (const part of key.split('.')) node = (node as Record<string, unknown>)?.[part];
  return typeof node === 'string' ? node : key;
}

const progressLine = (t: Strings['talks'], kind: keyof Strings['talks']['plurals'], p: { done: number; total: number; overdue: number }) =>
  fill(t.progress, { done: p.done, total: p.total, what: t.plurals[kind] }) + (p.overdue ? ` – ${fill(t.overdue, { count: p.overdue })}` : '');

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

export function talksCard(lang: Lang, v: TalksView, o: { info?: string; error?: string; dutyToReport?: boolean; mark?: MarkDraft } = {}): Card {
  const t = strings(lang).talks;
  const pupils = v.roster.pupils;
  const f = v.form;
  const formError = f.errors.length
    ? f.errors.map((e) => fill(t.errors[e.problem], { line: e.index + 1, limit: e.limit ?? ROSTER_LIMITS.name })).filter((x, i, a) => a.indexOf(x) === i).join(' ')
    : '';
  const rosterFields: Field[] = [
    ...(pupils.length ? [field({ kind: 'heading', label: t.addMoreHeading })] : [field({ kind: 'info', label: t.rosterEmpty })]),
    field({ kind: 'textarea', id: 'names', label: t.namesLabel, value: f.names, maxLength: ROSTER_LIMITS.pupils * (ROSTER_LIMITS.name + 2), fieldError: formError }),
    field({ kind: 'toggle', id: 'under18', label: t.under18Label, value: String(f.under18) }),
  ];
  const m = o.mark;
  const markFields: Field[] = pupils.length
    ? [
        field({ kind: 'heading', label: t.markHeading }),
        field({ kind: 'choice', id: 'pupilId', label: t.pupilLabel, value: m?.pupilId ?? '', placeholder: t.choosePupil, choices: pupils.map((p) => ({ title: p.name, value: p.pupilId })), fieldError: m && !m.pupilId && m.kind !== 'klassens_time' ? t.pupilRequired : '' }),
        field({ kind: 'choice', id: 'kind', label: t.kindLabel, value: m?.kind ?? 'startsamtale', placeholder: t.chooseKind, choices: TALK_KINDS.map((k) => ({ title: t.kinds[k], value: k })) }),
        field({ kind: 'date', id: 'on', label: t.dateLabel, value: m?.on ?? v.today }),
        field({ kind: 'choice', id: 'concern', label: t.concernLabel, value: m?.concern ?? '', placeholder: t.concernNone, choices: CONCERNS.map((c) => ({ title: t.concerns[c], value: c })) }),
      ]
    : [];
  const facts: Fact[] = pupils.length
    ? [{ title: t.progressHeading, value: fill(t.pupilCount, { count: pupils.length }) }, ...v.progress.map(({ kind, p }) => ({ title: t.kinds[kind], value: progressLine(t, kind, p) }))]
    : [];
  return renderForm(
    formModel({
      title: fill(t.title, { class: v.className }),
      subtitle: v.school.name,
      intro: o.info ?? '',
      hint: o.dutyToReport ? catalogue(t, DUTY_TO_REPORT_NOTE) : catalogue(t, ONE_TO_ONE_NOTE),
      error: o.error ?? (formError ? strings(lang).work.formError : ''),
      facts,
      fields: [...markFields, ...rosterFields, ...checklistFields(t)],
      data: { schoolId: v.school.schoolId, className: v.className },
      actions: [
        ...(o.dutyToReport ? [{ title: t.reportButton, verb: 'report.start', style: 'destructive', inputs: 'none' }] : []),
        ...(pupils.length ? [{ title: t.mark, verb: 'talks.mark', style: 'positive', inputs: 'auto' }] : []),
        { title: t.addPupils, verb: 'talks.roster.add', style: pupils.length ? 'default' : 'positive', inputs: 'auto' },
      ],
    }),
  );
}

/** The answer to a mark: what was registered, and the duty to report when a concern was chosen. */
export function talksMarkedCard(lang: Lang, a: MarkAnswer): Card {
  const t = strings(lang).talks;
  const info = !a.changed ? t.alreadyMarked : a.pupilName ? fill(t.marked, { kind: t.kinds[a.kind], pupil: a.pupilName }) : fill(t.markedClass, { kind: t.kinds[a.kind] });
  return talksCard(lang, a.view, { info: a.dutyToReport ? `${info} ${catalogue(t, DUTY_TO_REPORT_NOTE)}` : info, dutyToReport: a.dutyToReport });
}

/** To the kontaktlærer alone: what is due, with the names of the pupils left. */
export function talksReminderCard(lang: Lang, schoolName: string, roster: ClassRoster, due: PersonalReminder[]): Card {
  const t = strings(lang).talks;
  const name = (id: string) => roster.pupils.find((p) => p.pupilId === id)?.name ?? '–';
  const facts: Fact[] = due.map((r) => ({
    title: t.kinds[r.kind],
    value: [progressLine(t, r.kind, { done: r.done, total: r.total, overdue: 0 }), r.overdue ? t.reminderOverdue : fill(t.reminderDue, { date: date(r.due, lang) }), r.pupilIds.length ? fill(t.reminderLeft, { names: r.pupilIds.map(name).join(', ') }) : '']
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
      facts: due.map((r) => ({ title: t.kinds[r.kind], value: `${progressLine(t, r.kind, { done: r.done, total: r.total, overdue: 0 })}. ${fill(t.reminderDue, { date: date(r.due, lang) })}` })),
      fields: [],
      data: { schoolId: '' },
      actions: [],
    }),
  );
}
