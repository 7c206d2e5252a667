/**
 * "klage": the card that asks what the complaint is about, and the short answers that point a
 * member of staff on (seed 001 §1–2: a complaint about a colleague goes to the leader).
 */
import { strings, type Lang } from '../../../i18n';
import { action, field, formModel, renderForm } from './form';
import type { Card } from './render';

export function complaintChoiceCard(lang: Lang): Card {
  const t = strings(lang).complaint;
  const kinds = t.kinds;
  return renderForm(
    formModel({
      title: t.title,
      intro: t.intro,
      fields: [field({ kind: 'radio', id: 'about', label: t.about, required: true, choices: (Object.keys(kinds) as (keyof typeof kinds)[]).map((k) => ({ title: kinds[k], value: k })) })],
      data: {},
      actions: [action(t.next, 'complaint.choose', 'positive', 'auto')],
    }),
  );
}

/** A staff member who may be offending a pupil is §12-5: the report opens pre-filled as skjerpet. */
export function pupilOffenceCard(lang: Lang): Card {
  const t = strings(lang).complaint;
  return renderForm(formModel({ title: t.pupilTitle, intro: t.pupil, fields: [], actions: [action(t.reportNow, 'report.start', 'positive')], data: { prefill: 'skjerpet' } }));
}

/** Whom to turn to instead: the leader (or, for a leader without the form, the steps). */
export function complaintPointerCard(lang: Lang, leader: boolean): Card {
  const t = strings(lang).complaint;
  const [title, text] = leader ? [t.leaderTitle, `${t.colleague}\n\n${t.leaderSteps}`] : [t.colleagueTitle, t.colleague];
  return renderForm(formModel({ title, intro: text, fields: [], actions: [], data: {} }));
}
