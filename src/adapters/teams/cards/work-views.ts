/**
 * Cards for the leader's casework: the work section of the case card, and one form card per step
 * (connect, investigation, plan, evaluation, closing). Forms keep everything typed when they come
 * back with errors, and name each problem under its field.
 */
import { EXPORT_LINK_MINUTES } from '../../export/export-links';
import type { CaseForViewer } from '../../../app/case-actions';
import { formatDate, formatDay, formatWhen } from '../../../app/format';
import { localDateOf } from '../../../app/school-time';
import { decideCase } from '../../../domain/policy/case';
import {
  caseworkOf,
  CASEWORK_LIMITS,
  INVESTIGATION_METHODS,
  latestEvaluation,
  MEASURE_LEVELS,
  nextStep,
  RESTORATIVE_BETWEEN,
  type ActivityPlan,
  type FormError,
  type InvestigationDraft,
  type MeasureDraft,
  type PlanDraft,
} from '../../../domain/casework';
import { closeBlocker } from '../../../domain/evaluation';
import type { Membership } from '../../../domain/people';
import { fill, strings, type Lang } from '../../../i18n';
import type { Choice, Fact } from './models';
import { clip, renderFitting, type Card } from './render';
import type { Verb } from '../verbs';
import { field, type Field, type FormAction, type FormModel, action } from './form';

export interface WorkSection {
  show: boolean;
  t: ReturnType<typeof strings>['work'];
  facts: Fact[];
  findings: string;
  planFacts: Fact[];
  planTitle: string;
  problem: string;
  measures: Fact[];
  /** The pupil's and the parents' rights and the route to the statsforvalter, with the plan. */
  rightsTitle: string;
  rights: string;
  next: string;
  buttons: { title: string; verb: Verb }[];
  mayExport: boolean;
  exportUrl: string;
  openExport: string;
}

const NO_WORK: Omit<WorkSection, 't'> = {
  show: false,
  facts: [],
  findings: '',
  planFacts: [],
  planTitle: '',
  problem: '',
  measures: [],
  rightsTitle: '',
  rights: '',
  next: '',
  buttons: [],
  mayExport: false,
  exportUrl: '',
  openExport: '',
};

/** The work part of the full case card: what has been done, the plan, the next step, the buttons this viewer may press. */
export function workSection(lang: Lang, v: CaseForViewer, plan?: ActivityPlan): WorkSection {
  const t = strings(lang).work;
  const c = v.case;
  // Before it is forwarded, and on a case about the leadership, there is no casework: the section
  // is hidden, and neither its facts nor its buttons (each an access decision) are worked out.
  if (c.status === 'meldt' || c.route === 'ledelse') return { ...NO_WORK, t };
  const w = caseworkOf(c);
  const name = (id: string) => v.staffNames[id] ?? '–';
  const may = (a: Parameters<typeof decideCase>[0]) => decideCase(a, c, v.viewer, v.viewer?.userId ?? '').allowed;
  const step = nextStep(c);
  const facts: Fact[] = [];
  if (w.members.length) facts.push({ title: t.members, value: w.members.map((m) => name(m.userId)).join(', ') });
  if (w.investigation) facts.push({ title: t.investigation, value: fill(t.investigationDone, { date: formatWhen(w.investigation.recordedAt, lang), name: name(w.investigation.recordedBy) }) });
  const archive = archiveText(lang, v);
  if (archive) facts.push({ title: t.archive.title, value: archive });
  const planFacts: Fact[] = [];
  if (w.evaluationDue) planFacts.push({ title: t.evaluationDue, value: formatDay(w.evaluationDue, lang) });
  const last = latestEvaluation(c);
  if (last) planFacts.push({ title: t.lastEvaluation, value: `${formatWhen(last.at, lang)}: ${t.outcomes[last.outcome]}` });
  const buttons: { title: string; verb: Verb }[] = [];
  if (step !== 'avsluttet' && step !== 'videresende' && step !== 'skoleeier') {
    if (may('koble_til')) buttons.push({ title: t.buttons.connect, verb: 'work.connect.open' });
    if (may('registrere_undersokelse') && step === 'undersoke') buttons.push({ title: t.buttons.investigation, verb: 'work.investigation.open' });
    if (may('lage_plan') && (step === 'lage_plan' || step === 'justere')) buttons.push({ title: step === 'justere' ? t.buttons.newPlan : t.buttons.plan, verb: 'work.plan.open' });
    if (may('evaluere') && step === 'evaluere') buttons.push({ title: t.buttons.evaluate, verb: 'work.evaluate.open' });
    if (may('avslutte') && !closeBlocker(w.planVersion, last)) buttons.push({ title: t.buttons.close, verb: 'work.close.open' });
  }
  const levels = t.levels;
  return {
    show: true,
    t,
    facts,
    findings: w.investigation?.findings ?? '',
    planFacts,
    planTitle: plan ? fill(t.planVersion, { version: plan.version, date: formatWhen(plan.createdAt, lang) }).replace(/^/, `${t.plan}: `) : '',
    problem: plan ? `${t.problemShort}: ${plan.problem}` : '',
    measures: (plan?.measures ?? []).map((m) => ({ title: levels[m.level], value: fill(t.measureValue, { description: m.description, when: m.when, name: name(m.responsibleId) }) + restorativeNote(lang, m.restorative) })),
    rightsTitle: plan ? t.rightsTitle : '',
    rights: plan ? t.rights : '',
    next: w.closure ? fill(t.closed, { date: formatWhen(w.closure.at, lang), name: name(w.closure.by) }) : fill(t.next[step], { reporter: name(c.reporterId) }),
    buttons,
    mayExport: !!v.mayExport,
    exportUrl: v.exportUrl ?? '',
    openExport: fill(t.buttons.openExport, { minutes: EXPORT_LINK_MINUTES }),
  };
}

/** «Arkivert i Websak: 2026/1234-3», «Sendt til arkivet 5.12.2026» or «Venter på arkivet»: only on the card of someone who sees the case in full. */
function archiveText(lang: Lang, v: CaseForViewer): string {
  const a = v.archive;
  const t = strings(lang).work.archive;
  if (!a) return '';
  if (a.state === 'archived') return fill(t.archived, { system: a.systemName || t.title, number: a.number });
  if (a.state === 'delivered') return fill(t.delivered, { date: formatDate(localDateOf(new Date(a.at)), lang) });
  return a.state === 'refused' ? t.refused : t.waiting;
}

/** « (gjenopprettende prosess, elev–elev)» after a measure that is one (004 §8.6). */
export function restorativeNote(lang: Lang, r: string | undefined): string {
  const short = strings(lang).work.restorativeShort as Record<string, string>;
  return r && short[r] ? ` (${short[r]})` : '';
}

export function errorText(lang: Lang, e: FormError | undefined): string {
  if (!e) return '';
  const t = strings(lang).work.errors;
  if (e.field === 'measures' && e.problem === 'required') return t.measureRequired;
  return fill(t[e.problem], { limit: e.limit ?? '' });
}

export function form(
  lang: Lang,
  v: CaseForViewer,
  o: {
    title: string;
    intro: string;
    hint?: string;
    errors?: FormError[];
    fields: Field[];
    /** Tried when the fields do not fit even with listed items cut short: optional inputs left out. */
    fallbackFields?: Field[];
    save: Verb;
    saveTitle?: string;
    extra?: FormAction[];
    cancel?: Verb;
    cancelTitle?: string;
  },
): Card {
  return formFitting(lang, v, o);
}

/** Listed measures (never an input) shrink until the card fits; what was typed is never cut. */
function formFitting(lang: Lang, v: CaseForViewer, o: Parameters<typeof form>[2]): Card {
  const variants = [o.fields, ...(o.fallbackFields ? [o.fallbackFields] : [])];
  const models = variants.flatMap((fields) => [0, 160, 100, 60].map((n) => buildForm(lang, v, { ...o, fields: n ? fields.map((f) => (f.kind === 'item' ? { ...f, label: clip(f.label, n) } : f)) : fields })));
  return renderFitting('work-form', models);
}

function buildForm(
  lang: Lang,
  v: CaseForViewer,
  o: { title: string; intro: string; hint?: string; errors?: FormError[]; fields: Field[]; save: Verb; saveTitle?: string; extra?: FormAction[]; cancel?: Verb; cancelTitle?: string },
): FormModel {
  const t = strings(lang).work;
  const byField = new Map((o.errors ?? []).map((e) => [e.field, e]));
  const fields = o.fields.map((f) => (f.id && byField.has(f.id) ? { ...f, fieldError: errorText(lang, byField.get(f.id)) } : f));
  const model: FormModel = {
    title: o.title,
    subtitle: `${strings(lang).caseCard.ref}: ${v.case.ref}`,
    intro: o.intro,
    hint: o.hint ?? '',
    error: o.errors?.length ? t.formError : '',
    schoolId: v.case.schoolId,
    caseId: v.case.caseId,
    data: { schoolId: v.case.schoolId, caseId: v.case.caseId },
    facts: [],
    refreshUsers: [],
    refreshVerb: '',
    factLinks: [],
    footLinks: [],
    fields,
    actions: [
      action(o.saveTitle ?? t.buttons.save, o.save, 'positive', 'auto'),
      ...(o.extra ?? []),
      action(o.cancelTitle ?? t.buttons.cancel, o.cancel ?? 'case.refresh'),
    ],
  };
  return model;
}

const staffChoices = (staff: Membership[]): Choice[] => staff.map((m) => ({ title: m.name, value: m.userId }));

export function connectCard(lang: Lang, v: CaseForViewer, candidates: Membership[], errors?: FormError[]): Card {
  const t = strings(lang).work;
  return form(lang, v, {
    title: t.connectTitle,
    intro: candidates.length ? t.connectIntro : t.connectNone,
    errors,
    fields: candidates.length ? [field({ kind: 'radio', id: 'memberId', label: t.connectLabel, required: true, choices: staffChoices(candidates) })] : [],
    save: 'work.connect.save',
  });
}

export function investigationCard(lang: Lang, v: CaseForViewer, d: InvestigationDraft, errors?: FormError[]): Card {
  const t = strings(lang).work;
  return form(lang, v, {
    title: t.investigationTitle,
    intro: t.investigationIntro,
    hint: t.sensitive,
    errors,
    fields: [
      field({ kind: 'multi', id: 'methods', label: t.methodsLabel, required: true, value: d.methods.join(','), choices: INVESTIGATION_METHODS.map((m) => ({ title: t.methods[m], value: m })) }),
      field({ kind: 'textarea', id: 'findings', label: t.findingsLabel, required: true, value: d.findings, maxLength: CASEWORK_LIMITS.findings }),
    ],
    save: 'work.investigation.save',
  });
}

/**
 * The aktivitetsplan: the legal minimum and the views on one card, the measures added one card
 * at a time (each with the school's staff to choose from), so every card stays small.
 */
export function planCard(lang: Lang, v: CaseForViewer, d: PlanDraft, staff: Membership[], today: string, errors?: FormError[]): Card {
  const t = strings(lang).work;
  const name = (id: string) => staff.find((m) => m.userId === id)?.name ?? v.staffNames[id] ?? '–';
  // A measure's own problems (rare: each was checked on its card) are named on its line.
  const measureErrors = (i: number) => (errors ?? []).filter((e) => e.field.startsWith(`measure${i}.`)).map((e) => errorText(lang, e)).join(' ');
  const fields: Field[] = [
    field({ kind: 'textarea', id: 'problem', label: t.problemLabel, required: true, value: d.problem, maxLength: CASEWORK_LIMITS.text }),
    field({ kind: 'heading', label: fill(t.measuresTitle, { count: d.measures.length, max: CASEWORK_LIMITS.measures }) }),
    ...(d.measures.length ? [] : [field({ kind: 'info', id: 'measures', label: t.noMeasures })]),
    ...d.measures.map((m, i) =>
      field({
        kind: 'item',
        id: String(i),
        label: fill(t.measureLine, { n: i + 1, level: t.levels[m.level as keyof typeof t.levels] ?? m.level, description: m.description, when: m.when, name: name(m.responsibleId) }) + restorativeNote(lang, m.restorative),
        value: t.buttons.remove,
        verb: 'work.plan.remove',
        fieldError: measureErrors(i),
      }),
    ),
    field({ kind: 'heading', label: t.viewsHeading }),
    field({ kind: 'date', id: 'evaluationDate', label: t.evaluationDateLabel, required: true, value: d.evaluationDate, min: today }),
    field({ kind: 'info', label: t.evaluationHint }),
    field({ kind: 'textarea', id: 'pupilView', label: t.pupilViewLabel, required: true, value: d.pupilView, maxLength: CASEWORK_LIMITS.text }),
    field({ kind: 'textarea', id: 'parentsView', label: t.parentsViewLabel, value: d.parentsView, maxLength: CASEWORK_LIMITS.text }),
    // 004 §8.5: the school gives its reasons when it does not put in what the pupil or the parents proposed.
    field({ kind: 'radio', id: 'proposalsNotChosen', label: t.proposalsLabel, required: true, value: d.proposalsNotChosen ?? '', choices: (['nei', 'ja'] as const).map((x) => ({ title: t.proposals[x], value: x })) }),
    field({ kind: 'textarea', id: 'notChosenWhy', label: t.notChosenWhyLabel, value: d.notChosenWhy ?? '', maxLength: CASEWORK_LIMITS.text }),
    field({ kind: 'textarea', id: 'bestInterests', label: t.bestInterestsLabel, required: true, value: d.bestInterests, maxLength: CASEWORK_LIMITS.text }),
  ];
  return form(lang, v, {
    title: t.planTitle,
    intro: t.planIntro,
    hint: t.sensitive,
    errors,
    fields,
    save: 'work.plan.save',
    saveTitle: t.buttons.savePlan,
    extra: d.measures.length < CASEWORK_LIMITS.measures ? [action(t.buttons.addMeasure, 'work.plan.measure', 'default', 'auto')] : [],
  });
}

/** One measure: level, what, when, and who is responsible (chosen from the school's staff). */
export function measureCard(lang: Lang, v: CaseForViewer, m: MeasureDraft, staff: Membership[], errors?: FormError[]): Card {
  const t = strings(lang).work;
  const fields = [
    field({ kind: 'radio', id: 'level', label: t.levelLabel, required: true, value: m.level, choices: MEASURE_LEVELS.map((l) => ({ title: t.levels[l], value: l })) }),
    field({ kind: 'textarea', id: 'description', label: t.measureLabel, required: true, value: m.description, maxLength: CASEWORK_LIMITS.measure }),
    field({ kind: 'text', id: 'when', label: t.whenLabel, required: true, value: m.when, maxLength: CASEWORK_LIMITS.when }),
    field({ kind: 'choice', id: 'responsibleId', label: t.responsibleLabel, required: true, value: m.responsibleId, placeholder: t.choose, choices: staffChoices(staff) }),
    field({
      kind: 'choice',
      id: 'restorative',
      label: t.restorativeLabel,
      value: m.restorative || 'nei',
      choices: (['nei', ...RESTORATIVE_BETWEEN] as const).map((x) => ({ title: t.restorative[x], value: x })),
    }),
  ];
  return form(lang, v, {
    title: t.measureTitle,
    intro: t.measureIntro,
    errors,
    fields,
    // Only a staff list of some 240 names leaves no room for the restorative choice (an optional input).
    fallbackFields: fields.filter((f) => f.id !== 'restorative'),
    save: 'work.measure.save',
    saveTitle: t.buttons.saveMeasure,
    cancel: 'work.measure.cancel',
    cancelTitle: t.buttons.backToPlan,
  });
}
