/**
 * The meldeplikt guidance after an elevsamtale that revealed drugs, violence or abuse (seed 002):
 * the duty to inform barnevernstjenesten and the duty to avert crime, that both are the teacher's
 * own, whom to talk to at the school, and «Meld fra» only as an additional step for the school
 * environment. Built from the school's directory and settings: nothing about the pupil is on it
 * but the name already on the kontaktlærer's own class card.
 */
import type { MarkAnswer } from '../../../app/pupil-talks';
import type { MeldepliktGuidance } from '../../../domain/meldeplikt';
import { fill, strings, type Lang } from '../../../i18n';
import type { Card } from './render';
import { field, formModel, renderForm, action } from './form';

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function meldepliktCard(lang: Lang, a: MarkAnswer & { guidance: MeldepliktGuidance }, registered: string): Card {
  const all = strings(lang).talks;
  const t = all.meldeplikt;
  const g = a.guidance;
  const contacts = [
    g.rektors.length ? fill(t.rektor, { names: g.rektors.join(', ') }) : t.rektorUnnamed,
    ...(g.schoolContact ? [fill(t.schoolContact, { contact: g.schoolContact })] : []),
  ];
  const text = { opplysningsplikt: [t.opplysningspliktHeading, t.opplysningsplikt], avvergingsplikt: [t.avvergingspliktHeading, t.avvergingsplikt] } as const;
  return renderForm(
    formModel({
      title: t.title,
      subtitle: a.view.school.name,
      intro: `${registered} ${fill(t.intro, { concern: lower(all.concerns[g.concern]) })}`,
      fields: [
        ...g.duties.flatMap((d) => [field({ kind: 'heading', label: text[d.duty][0] }), field({ kind: 'info', label: text[d.duty][1] })]),
        field({ kind: 'heading', label: t.ownDutyHeading }),
        field({ kind: 'info', label: t.ownDuty }),
        field({ kind: 'heading', label: t.contactsHeading }),
        ...contacts.map((label) => field({ kind: 'info', label })),
        field({ kind: 'heading', label: t.skolemiljoHeading }),
        field({ kind: 'info', label: t.skolemiljo }),
      ],
      data: { schoolId: a.view.school.schoolId, className: a.view.className },
      actions: [
        action(t.back, 'talks.show', 'positive'),
        action(t.reportButton, 'report.start'),
      ],
    }),
  );
}
