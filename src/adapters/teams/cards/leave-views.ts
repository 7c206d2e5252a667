/** Cards for "permisjon": the kontaktlærer's form, the request with its state, and the decision buttons for the one who decides. */
import type { LeaveStart, LeaveView } from '../../../app/leave';
import { formatShortDay, formatWhen } from '../../../app/format';
import { LEAVE_LIMITS, type LeaveError } from '../../../domain/leave';
import { fill, plural, strings, type Lang } from '../../../i18n';
import type { Fact } from './models';
import type { Card } from './render';
import { field, renderForm, type Field, formModel, action } from './form';
import { dateField, stepForms, textField } from './step-form';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The kontaktlærer's form, on the step kit's frame (step-form.ts): each problem under its field. */
const leaveForm = stepForms<LeaveStart, LeaveError>({
  words: (lang) => ({ formError: strings(lang).work.formError, save: strings(lang).leave.submit }),
  subtitle: (_lang, s) => s.school.name,
  problem: (lang, e) => fill(strings(lang).leave.errors[e.problem], { limit: e.limit ?? '' }),
  data: (s) => ({ schoolId: s.school.schoolId }),
});

export function leaveFormCard(lang: Lang, s: LeaveStart, formId: string): Card {
  const t = strings(lang).leave;
  const fields: Field[] = [
    field({ kind: 'text', id: 'pupilName', label: t.pupilName, required: true, value: s.draft.pupilName, maxLength: LEAVE_LIMITS.pupilName }),
    field({ kind: 'choice', id: 'pupilClass', label: t.pupilClass, required: true, value: s.draft.pupilClass, placeholder: t.choose, choices: s.classes.map((c) => ({ title: c, value: c })) }),
    dateField(t.from, s.draft.from, 'from'),
    dateField(t.to, s.draft.to, 'to'),
    textField('reason', t.reason, s.draft.reason, LEAVE_LIMITS.reason, true),
  ];
  return leaveForm.card(lang, s, { title: t.formTitle, intro: t.formIntro, fields, save: 'leave.submit', data: { formId } }, { errors: s.errors });
}

/** The request as this viewer may see it; the decider gets the note field and the two buttons while it waits. */
export function leaveCard(lang: Lang, v: LeaveView, o: { info?: string; error?: string; brief?: boolean; title?: string } = {}): Card {
  const t = strings(lang).leave;
  const l = v.leave;
  const name = (id: string) => v.names[id] ?? '–';
  const facts: Fact[] = [
    { title: t.facts.pupil, value: l.pupilName },
    { title: t.facts.class, value: l.pupilClass },
    { title: t.facts.period, value: l.from === l.to ? formatShortDay(l.from, lang) : fill(t.periodFromTo, { from: formatShortDay(l.from, lang), to: formatShortDay(l.to, lang) }) },
    { title: t.facts.days, value: plural(lang, l.schoolDays, t.days) },
    // The family's reason and the leader's note are for those who handle the request, not the office.
    ...(o.brief ? [] : [{ title: t.facts.reason, value: l.reason }]),
    { title: t.facts.registeredBy, value: name(l.registeredBy) },
    { title: l.decidedAt ? t.facts.decidedBy : t.facts.decider, value: name(l.decidedAt ? l.decidedBy : l.deciderId) },
    { title: t.facts.status, value: cap(t.statuses[l.status]) },
    ...(l.note && !o.brief ? [{ title: t.facts.note, value: l.note }] : []),
  ];
  const pending = l.status === 'til_avdelingsleder';
  const decides = pending && v.viewer?.userId === l.deciderId;
  const intro = l.decidedAt
    ? fill(t.decided, { status: t.statuses[l.status], name: name(l.decidedBy), date: formatWhen(l.decidedAt, lang) })
    : decides
      ? l.deciderId === l.registeredBy
        ? t.decideOwn
        : fill(t.leaderIntro, { teacher: name(l.registeredBy) })
      : pending
        ? fill(t.sentToLeader, { leader: name(l.deciderId) })
        : '';
  return renderForm(
    formModel({
      title: o.title ?? fill(t.title, { ref: l.ref }),
      subtitle: v.school?.name ?? '',
      intro: o.info ?? intro,
      error: o.error ?? '',
      facts,
      fields: decides ? [field({ kind: 'textarea', id: 'note', label: t.noteLabel, maxLength: LEAVE_LIMITS.note })] : [],
      data: { schoolId: l.schoolId, leaveId: l.leaveId },
      actions: decides
        ? [
            action(t.grant, 'leave.grant', 'positive', 'auto'),
            action(t.deny, 'leave.deny', 'destructive', 'auto'),
          ]
        : [],
      refreshUsers: pending ? [l.deciderId] : [],
      refreshVerb: 'leave.refresh',
    }),
  );
}

/**
 * The outcome, in personal chats: in full to the kontaktlærer who registered it; to the
 * elevrådgiver and the office without the family's reason and the note.
 */
export function leaveOutcomeCard(lang: Lang, v: LeaveView): Card {
  const t = strings(lang).leave;
  const l = v.leave;
  const period = l.from === l.to ? formatShortDay(l.from, lang) : fill(t.periodFromTo, { from: formatShortDay(l.from, lang), to: formatShortDay(l.to, lang) });
  return leaveCard(lang, v, {
    title: fill(t.outcomeTitle, { ref: l.ref, status: t.statuses[l.status] }),
    info: fill(t.outcomeText, { pupil: l.pupilName, class: l.pupilClass, period, status: t.statuses[l.status], name: v.names[l.decidedBy] ?? '' }),
    brief: v.viewer?.userId !== l.registeredBy,
  });
}

/** The requests waiting for this user, with the form for a new one. */
export function leavePendingCards(lang: Lang, pending: LeaveView[]): Card[] {
  return pending.map((v) => leaveCard(lang, v));
}
