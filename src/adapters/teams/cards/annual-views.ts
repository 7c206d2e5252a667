/** Cards for the årshjul: the year's tasks, the form to change them, and the post in the school's channel. */
import type { AnnualView } from '../../../app/annual';
import { formatShortDay } from '../../../app/format';
import { ANNUAL_LIMITS, dateInSchoolYear, type AnnualError, type AnnualTask } from '../../../domain/annual';
import { fill, strings, type Lang } from '../../../i18n';
import type { Card } from './render';
import { noticeCard } from './views';
import { field, renderForm, type Field, formModel, action } from './form';


type TaskTexts = Record<string, readonly [string, string] | string[]>;
export const taskTitle = (lang: Lang, t: AnnualTask): string => (t.custom ? t.title : ((strings(lang).annual.tasks as TaskTexts)[t.taskId]?.[0] ?? t.taskId));
export const taskDescription = (lang: Lang, t: AnnualTask): string => (t.custom ? t.description : ((strings(lang).annual.tasks as TaskTexts)[t.taskId]?.[1] ?? ''));

export function annualCard(lang: Lang, v: AnnualView, info = ''): Card {
  const t = strings(lang).annual;
  return renderForm(
    formModel({
      title: fill(t.title, { school: v.school.name }),
      intro: info || fill(t.intro, { years: `${v.startYear}/${String(v.startYear + 1).slice(2)}` }),
      hint: v.mayEdit && !v.hasChannel ? t.noChannel : '',
      facts: v.tasks.map(({ task, day: d }) => ({ title: formatShortDay(d, lang), value: `${taskTitle(lang, task)}${task.active ? '' : ` ${t.off}`}` })),
      fields: [],
      data: { schoolId: v.school.schoolId },
      actions: v.mayEdit ? [action(t.edit, 'annual.edit')] : [],
    }),
  );
}

export function annualEditCard(lang: Lang, v: AnnualView, errors: AnnualError[] = [], typed?: { title: string; date: string; description: string }): Card {
  const t = strings(lang).annual;
  const err = (f: string) => {
    const e = errors.find((x) => x.field === f);
    return e ? fill(t.errors[e.problem], { limit: e.limit ?? '' }) : '';
  };
  const fields: Field[] = v.tasks.flatMap(({ task }) => [
    field({ kind: 'heading', label: taskTitle(lang, task) }),
    field({ kind: 'date', id: `${task.taskId}.date`, label: t.newDate, value: dateInSchoolYear(task.monthDay, v.startYear), required: true, fieldError: err(`${task.taskId}.date`) }),
    field({ kind: 'toggle', id: `${task.taskId}.active`, label: t.active, value: String(task.active) }),
  ]);
  fields.push(
    field({ kind: 'heading', label: t.newHeading }),
    field({ kind: 'text', id: 'new.title', label: t.newTitle, value: typed?.title ?? '', maxLength: ANNUAL_LIMITS.title, fieldError: err('new.title') }),
    field({ kind: 'date', id: 'new.date', label: t.newDate, value: typed?.date ?? '', fieldError: err('new.date') }),
    field({ kind: 'textarea', id: 'new.description', label: t.newDescription, value: typed?.description ?? '', maxLength: ANNUAL_LIMITS.description, fieldError: err('new.description') }),
  );
  return renderForm(
    formModel({
      title: fill(t.editTitle, { school: v.school.name }),
      intro: t.editIntro,
      error: errors.length ? strings(lang).work.formError : '',
      fields,
      data: { schoolId: v.school.schoolId },
      actions: [
        action(t.save, 'annual.save', 'positive', 'auto'),
        action(t.back, 'annual.show'),
      ],
    }),
  );
}

/** The post in the school's channel: the task and what it means, nothing about any pupil. */
export const annualPostCard = (lang: Lang, task: AnnualTask): Card =>
  noticeCard(fill(strings(lang).annual.postTitle, { title: taskTitle(lang, task) }), taskDescription(lang, task));
