/**
 * The evaluation and closing cards (004 §8.7). The evaluation asks for a reason when it comes
 * before the plan's evaluation date, who took part (the pupil, the parents, the kontaktlærer:
 * yes, or no with why), and, when its meeting is still ahead, whether to keep or cancel it. The
 * closing card says what is missing when the latest evaluation did not end the measures.
 */
import type { CaseForViewer } from '../../../app/case-actions';
import { formatDay, formatWhen } from '../../../app/format';
import { caseworkOf, CASEWORK_LIMITS, EVALUATION_OUTCOMES, type ClosureDraft, type EvaluationDraft, type FormError } from '../../../domain/casework';
import { dialogueFields, EVALUATION_PARTIES, MEETING_CHOICES, type CloseBlocker } from '../../../domain/evaluation';
import { fill, strings, type Lang } from '../../../i18n';
import type { Card } from './render';
import { errorText, form } from './work-views';
import { field, type Field } from './form';
import type { Verb } from '../verbs';

/** What the card needs to know besides the case: today, and the evaluation meeting still ahead (its start). */
export interface EvaluationContext {
  today: string;
  meetingStart: string;
}

export function evaluationCard(lang: Lang, v: CaseForViewer, d: EvaluationDraft, o: EvaluationContext, errors?: FormError[]): Card {
  const t = strings(lang).work;
  const due = caseworkOf(v.case).evaluationDue;
  const early = !!due && o.today < due;
  const yesNo = (['ja', 'nei'] as const).map((x) => ({ title: t.yesNo[x], value: x }));
  const dialogue: Field[] = EVALUATION_PARTIES.flatMap((p) => {
    const f = dialogueFields(p);
    const a = d.dialogue?.[p];
    return [
      field({ kind: 'radio', id: f.tookPart, label: t.parties[p], required: true, value: a?.tookPart ?? '', choices: yesNo }),
      field({ kind: 'text', id: f.why, label: t.whyNotLabel, value: a?.why ?? '', maxLength: CASEWORK_LIMITS.text }),
    ];
  });
  return form(lang, v, {
    title: t.evaluationTitle,
    intro: t.evaluationIntro,
    hint: t.sensitive,
    errors,
    fields: [
      ...(early ? [field({ kind: 'textarea', id: 'earlyReason', label: fill(t.earlyReasonLabel, { date: formatDay(due, lang) }), required: true, value: d.earlyReason ?? '' })] : []),
      field({ kind: 'radio', id: 'outcome', label: t.outcomeLabel, required: true, value: d.outcome, choices: EVALUATION_OUTCOMES.map((x) => ({ title: t.outcomes[x], value: x })) }),
      field({ kind: 'textarea', id: 'evalNote', label: t.evalNoteLabel, required: true, value: d.note }),
      field({ kind: 'date', id: 'nextEvaluationDate', label: t.nextEvaluationLabel, value: d.nextEvaluationDate, min: o.today }),
      field({ kind: 'heading', label: t.dialogueHeading }),
      ...dialogue,
      ...(o.meetingStart
        ? [
            field({
              kind: 'radio',
              id: 'meetingChoice',
              label: fill(t.meetingChoiceLabel, { when: formatWhen(o.meetingStart, lang) }),
              required: true,
              value: d.meetingChoice ?? '',
              choices: MEETING_CHOICES.map((x) => ({ title: t.meetingChoices[x], value: x })),
            }),
          ]
        : []),
    ],
    save: 'work.evaluate.save',
  });
}

export function closeCard(lang: Lang, v: CaseForViewer, d: ClosureDraft, errors?: FormError[]): Card {
  const t = strings(lang).work;
  const mapped = (errors ?? []).map((e) => (e.field === 'pupilDoingWell' || e.field === 'adultsNotWorried' ? { ...e, problem: 'required' as const } : e));
  const card = form(lang, v, {
    title: t.closeTitle,
    intro: t.closeIntro,
    errors: mapped,
    fields: [
      field({ kind: 'toggle', id: 'pupilDoingWell', label: t.pupilDoingWellLabel, value: String(d.pupilDoingWell) }),
      field({ kind: 'toggle', id: 'adultsNotWorried', label: t.adultsNotWorriedLabel, value: String(d.adultsNotWorried) }),
      field({ kind: 'textarea', id: 'closeNote', label: t.closeNoteLabel, value: d.note }),
    ],
    save: 'work.close.save',
    saveTitle: t.buttons.close,
  });
  // A toggle that must be on says so in words, not "må fylles ut".
  return JSON.parse(JSON.stringify(card).split(errorText(lang, { field: '', problem: 'required' })).join(t.errors.mustConfirm)) as Card;
}

/** The case cannot be closed yet: what is missing, and the step that comes first. */
export function closeBlockedCard(lang: Lang, v: CaseForViewer, blocker: CloseBlocker): Card {
  const t = strings(lang).work;
  const step: { verb: Verb; title: string } = blocker === 'justere' ? { verb: 'work.plan.open', title: t.buttons.newPlan } : blocker === 'ingen_plan' ? { verb: 'work.plan.open', title: t.buttons.plan } : { verb: 'work.evaluate.open', title: t.buttons.evaluate };
  return form(lang, v, { title: t.closeTitle, intro: t.closeBlocked[blocker], fields: [], save: step.verb, saveTitle: step.title });
}
