/** "roller": who holds which role at the school, for rektor and the school's admin. */
import type { RoleHolder, RoleOverview } from '../../../app/school-roles';
import type { Role } from '../../../domain/people';
import { fill, plural, strings, type Lang } from '../../../i18n';
import { renderFitting, type Card } from './render';
import { noticeCard } from './views';
import { field, formModel, type Field, type FormModel, action } from './form';

/** Roles with this many people or more are shown as a count when the full list would not fit. */
const LONG_LIST = 30;

function holder(lang: Lang, role: Role, p: RoleHolder): string {
  const t = strings(lang).roles;
  if (role === 'kontaktlaerer' && p.classes.length) return `${p.name} (${p.classes.join(', ')})`;
  if (role === 'avdelingsleder' && p.trinn.length) return `${p.name} (${fill(t.trinn, { list: p.trinn.join(', ') })})`;
  return p.name;
}

/** countOnly: the roles listed as a count only, so a school of 250 staff still fits one card. */
function model(lang: Lang, v: RoleOverview, countOnly: (role: Role, n: number) => boolean): FormModel {
  const t = strings(lang).roles;
  const fields: Field[] = v.roles.flatMap(({ role, people }) => [
    field({ kind: 'heading', label: fill(t.heading, { role: t.names[role], count: people.length }) }),
    field({
      kind: 'info',
      label: people.length === 0 ? t.none : countOnly(role, people.length) ? plural(lang, people.length, t.countOnly) : people.map((p) => holder(lang, role, p)).join(', '),
    }),
  ]);
  const others = v.otherSchools;
  if (others.length) {
    fields.push(field({ kind: 'choice', id: 'showSchool', label: t.otherSchool, value: others[0].schoolId, choices: others.map((s) => ({ title: s.name, value: s.schoolId })) }));
  }
  return formModel({
    title: fill(t.title, { school: v.school.name }),
    intro: plural(lang, v.staffCount, t.intro),
    fields,
    data: { schoolId: v.school.schoolId },
    actions: others.length ? [action(t.show, 'roles.show', 'default', 'auto')] : [],
  });
}

export function rolesCard(lang: Lang, v: RoleOverview): Card {
  return renderFitting('work-form', [
    model(lang, v, () => false),
    model(lang, v, (role) => role === 'ansatt'),
    model(lang, v, (_role, n) => n >= LONG_LIST),
    model(lang, v, () => true),
  ]);
}

export const rolesRefusedCard = (lang: Lang): Card => noticeCard(strings(lang).errors.errorTitle, strings(lang).roles.notAllowed, 'attention');
