/**
 * The nærmeste leder's work on a case after it is forwarded (004 §8.4–8.7, SPEC §3.1 steps 3–5):
 * connect miljøteam, record the investigation, make the aktivitetsplan (versioned, never
 * overwritten), evaluate it, and close the case. Pure functions: each checks the access rule and
 * the case's state, validates what was typed, and returns the new case and its log entry.
 */
import { DomainError } from './errors';
import type { LogEntry, SkolemiljoCase } from './case';
import { decideCase } from './policy/case';
import { hasRole, isStaff, type Membership } from './people';
import { isCalendarDate } from './report';
import type { CaseMeeting } from './meetings';
import { closeBlocker, dialogueOf, validateDialogue, type DialogueDraft, type MeetingChoice } from './evaluation';
import {
  type ActivityPlan,
  CASEWORK_LIMITS,
  caseworkOf,
  type Evaluation,
  EVALUATION_OUTCOMES,
  type FormError,
  INVESTIGATION_METHODS,
  type InvestigationMethod,
  MEASURE_LEVELS,
  type MeasureDraft,
  type MeasureLevel,
  MEMBER_ROLES,
  type PlanDraft,
  RESTORATIVE_BETWEEN,
  type RestorativeBetween,
  type EvaluationOutcome,
  type Investigation,
} from './casework-records';

export * from './casework-records';

const refuse = (c: SkolemiljoCase, m: Membership | undefined, userId: string, action: Parameters<typeof decideCase>[0]): void => {
  const d = decideCase(action, c, m, userId);
  if (!d.allowed) throw new DomainError(d.code, { action, ask: d.ask });
};

/** The next step of the case, shown on the card and used to offer the right buttons. */
export type NextStep = 'videresende' | 'undersoke' | 'lage_plan' | 'evaluere' | 'justere' | 'avslutte' | 'avsluttet' | 'skoleeier';

export function nextStep(c: SkolemiljoCase): NextStep {
  const w = caseworkOf(c);
  if (c.route === 'ledelse') return 'skoleeier';
  if (w.closure) return 'avsluttet';
  if (c.status === 'meldt') return 'videresende';
  if (!w.investigation) return 'undersoke';
  if (w.planVersion === 0) return 'lage_plan';
  const last = latestEvaluation(c);
  if (!last || last.planVersion < w.planVersion) return 'evaluere';
  if (last.outcome === 'justere') return 'justere';
  if (last.outcome === 'avslutte') return 'avslutte';
  return 'evaluere';
}

export const latestEvaluation = (c: SkolemiljoCase): Evaluation | undefined => caseworkOf(c).evaluations.at(-1);

/** The nærmeste leder (or rektor) connects miljøteam or elevrådgiver: they are told and may then see the case. */
export function connectMember(c: SkolemiljoCase, actor: Membership | undefined, member: Membership | undefined, now: string): { case: SkolemiljoCase; log: LogEntry } {
  refuse(c, actor, actor?.userId ?? '', 'koble_til');
  if (!member || member.schoolId !== c.schoolId || member.tenantId !== c.tenantId || !MEMBER_ROLES.some((r) => hasRole(member, r)))
    throw new DomainError('case.MEMBER_INVALID');
  const w = caseworkOf(c);
  if (w.members.some((x) => x.userId === member.userId)) throw new DomainError('case.ALREADY_CONNECTED');
  return {
    case: { ...c, work: { ...w, members: [...w.members, { userId: member.userId, at: now, by: actor!.userId }] } },
    log: { at: now, actorId: actor!.userId, action: 'koblet_til', detail: `bruker=${member.userId}` },
  };
}

export interface InvestigationDraft {
  methods: string[];
  findings: string;
}

export function validateInvestigation(d: InvestigationDraft): FormError[] {
  const errors: FormError[] = [];
  if (d.methods.length === 0) errors.push({ field: 'methods', problem: 'required' });
  else if (d.methods.some((x) => !(INVESTIGATION_METHODS as readonly string[]).includes(x))) errors.push({ field: 'methods', problem: 'invalid' });
  if (d.findings.trim() === '') errors.push({ field: 'findings', problem: 'required' });
  else if (d.findings.length > CASEWORK_LIMITS.findings) errors.push({ field: 'findings', problem: 'tooLong', limit: CASEWORK_LIMITS.findings });
  return errors;
}

/** Records the investigation (delplikt 4); this stops the investigation reminders. */
export function recordInvestigation(c: SkolemiljoCase, actor: Membership | undefined, d: InvestigationDraft, now: string): { case: SkolemiljoCase; log: LogEntry } | FormError[] {
  refuse(c, actor, actor?.userId ?? '', 'registrere_undersokelse');
  const errors = validateInvestigation(d);
  if (errors.length) return errors;
  const w = caseworkOf(c);
  const investigation: Investigation = { methods: d.methods as InvestigationMethod[], findings: d.findings.trim(), recordedAt: now, recordedBy: actor!.userId };
  return {
    case: { ...c, investigationRecordedAt: c.investigationRecordedAt ?? now, work: { ...w, investigation } },
    log: { at: now, actorId: actor!.userId, action: w.investigation ? 'undersokelse_endret' : 'undersokelse_registrert', detail: `metoder=${investigation.methods.join(',')}` },
  };
}

/**
 * The legal minimum of an aktivitetsplan (opplæringsloven § 12-4, 004 §8.5): the problem, the
 * measures with level, when and who (staff only), when they are evaluated; and the pupil's own
 * view, the best-interests assessment, and the reasons for not putting in measures the pupil or
 * the parents proposed.
 */
export function validatePlan(d: PlanDraft, ctx: { staff: Membership[]; today: string }): FormError[] {
  const errors: FormError[] = [];
  const text = (field: string, v: string, required: boolean, limit: number = CASEWORK_LIMITS.text) => {
    if (required && v.trim() === '') errors.push({ field, problem: 'required' });
    else if (v.length > limit) errors.push({ field, problem: 'tooLong', limit });
  };
  text('problem', d.problem, true);
  text('pupilView', d.pupilView, true);
  text('parentsView', d.parentsView, false);
  text('bestInterests', d.bestInterests, true);
  const proposals = d.proposalsNotChosen ?? '';
  if (proposals !== 'ja' && proposals !== 'nei') errors.push({ field: 'proposalsNotChosen', problem: proposals === '' ? 'required' : 'invalid' });
  text('notChosenWhy', d.notChosenWhy ?? '', proposals === 'ja');
  if (d.evaluationDate === '') errors.push({ field: 'evaluationDate', problem: 'required' });
  else if (!isCalendarDate(d.evaluationDate)) errors.push({ field: 'evaluationDate', problem: 'invalid' });
  else if (d.evaluationDate <= ctx.today) errors.push({ field: 'evaluationDate', problem: 'past' });

  if (d.measures.length === 0) errors.push({ field: 'measures', problem: 'required' });
  if (d.measures.length > CASEWORK_LIMITS.measures) errors.push({ field: 'measures', problem: 'tooMany', limit: CASEWORK_LIMITS.measures });
  d.measures.forEach((m, i) => errors.push(...validateMeasure(m, ctx.staff).map((e) => ({ ...e, field: `measure${i}.${e.field}` }))));
  return errors;
}

/** One measure, checked on its own card before it joins the plan draft. */
export function validateMeasure(m: MeasureDraft, staff: Membership[]): FormError[] {
  const errors: FormError[] = [];
  if (!(MEASURE_LEVELS as readonly string[]).includes(m.level)) errors.push({ field: 'level', problem: m.level === '' ? 'required' : 'invalid' });
  const text = (field: string, v: string, limit: number) => {
    if (v.trim() === '') errors.push({ field, problem: 'required' });
    else if (v.length > limit) errors.push({ field, problem: 'tooLong', limit });
  };
  text('description', m.description, CASEWORK_LIMITS.measure);
  text('when', m.when, CASEWORK_LIMITS.when);
  if (m.restorative && !(RESTORATIVE_BETWEEN as readonly string[]).includes(m.restorative)) errors.push({ field: 'restorative', problem: 'invalid' });
  if (m.responsibleId === '') errors.push({ field: 'responsibleId', problem: 'required' });
  // Looked up on the server: a pupil or a parent is never in the school's staff list.
  else if (!staff.some((s) => s.userId === m.responsibleId && isStaff(s) && !hasRole(s, 'skoleeier'))) errors.push({ field: 'responsibleId', problem: 'notStaff' });
  return errors;
}

/** Keeps the plan being written on the case, so nothing typed is lost between its cards. */
export function keepPlanDraft(c: SkolemiljoCase, actor: Membership | undefined, draft: PlanDraft): SkolemiljoCase {
  refuse(c, actor, actor?.userId ?? '', 'lage_plan');
  const step = nextStep(c);
  if (step !== 'lage_plan' && step !== 'justere') throw new DomainError(step === 'undersoke' ? 'case.INVESTIGATION_FIRST' : 'case.PLAN_NOT_DUE');
  if (draft.measures.length > CASEWORK_LIMITS.measures) throw new DomainError('common.INVALID_INPUT', { field: 'measures', limit: CASEWORK_LIMITS.measures });
  return { ...c, work: { ...caseworkOf(c), planDraft: draft } };
}

/** A new plan version; the earlier ones stay as they were. */
export function makePlan(
  c: SkolemiljoCase,
  actor: Membership | undefined,
  d: PlanDraft,
  ctx: { staff: Membership[]; today: string; now: string },
): { case: SkolemiljoCase; plan: ActivityPlan; log: LogEntry } | FormError[] {
  refuse(c, actor, actor?.userId ?? '', 'lage_plan');
  const step = nextStep(c);
  if (step !== 'lage_plan' && step !== 'justere') throw new DomainError(step === 'undersoke' ? 'case.INVESTIGATION_FIRST' : 'case.PLAN_NOT_DUE');
  const errors = validatePlan(d, ctx);
  if (errors.length) return errors;
  const w = caseworkOf(c);
  const plan: ActivityPlan = {
    version: w.planVersion + 1,
    problem: d.problem.trim(),
    measures: d.measures.map((m) => ({
      level: m.level as MeasureLevel,
      description: m.description.trim(),
      when: m.when.trim(),
      responsibleId: m.responsibleId,
      ...(m.restorative ? { restorative: m.restorative as RestorativeBetween } : {}),
    })),
    evaluationDate: d.evaluationDate,
    pupilView: d.pupilView.trim(),
    parentsView: d.parentsView.trim(),
    bestInterests: d.bestInterests.trim(),
    proposalsNotChosen: d.proposalsNotChosen as 'ja' | 'nei',
    notChosenWhy: d.proposalsNotChosen === 'ja' ? (d.notChosenWhy ?? '').trim() : '',
    createdAt: ctx.now,
    createdBy: actor!.userId,
  };
  return {
    case: { ...c, work: { ...w, planVersion: plan.version, evaluationDue: plan.evaluationDate, planDraft: undefined } },
    plan,
    log: { at: ctx.now, actorId: actor!.userId, action: 'plan_laget', detail: `versjon=${plan.version};tiltak=${plan.measures.length};evaluering=${plan.evaluationDate}` },
  };
}

export interface EvaluationDraft {
  outcome: string;
  note: string;
  nextEvaluationDate: string;
  earlyReason?: string;
  dialogue?: DialogueDraft;
  /** 'behold' or 'avlys', asked when the evaluation meeting is still ahead. */
  meetingChoice?: string;
}

export function evaluatePlan(c: SkolemiljoCase, actor: Membership | undefined, d: EvaluationDraft, ctx: { today: string; now: string }): { case: SkolemiljoCase; log: LogEntry } | FormError[] {
  refuse(c, actor, actor?.userId ?? '', 'evaluere');
  const w = caseworkOf(c);
  if (w.planVersion === 0) throw new DomainError('case.PLAN_FIRST');
  if (nextStep(c) !== 'evaluere') throw new DomainError('case.ALREADY_EVALUATED');
  const errors: FormError[] = [];
  if (!(EVALUATION_OUTCOMES as readonly string[]).includes(d.outcome)) errors.push({ field: 'outcome', problem: d.outcome === '' ? 'required' : 'invalid' });
  if (d.note.trim() === '') errors.push({ field: 'evalNote', problem: 'required' });
  else if (d.note.length > CASEWORK_LIMITS.text) errors.push({ field: 'evalNote', problem: 'tooLong', limit: CASEWORK_LIMITS.text });
  if (d.outcome === 'fortsette') {
    if (d.nextEvaluationDate === '') errors.push({ field: 'nextEvaluationDate', problem: 'required' });
    else if (!isCalendarDate(d.nextEvaluationDate)) errors.push({ field: 'nextEvaluationDate', problem: 'invalid' });
    else if (d.nextEvaluationDate <= ctx.today) errors.push({ field: 'nextEvaluationDate', problem: 'past' });
  }
  const meeting = meetingAhead(c, ctx.now);
  errors.push(...validateDialogue(d, { today: ctx.today, evaluationDue: w.evaluationDue, meetingAhead: !!meeting }));
  if (errors.length) return errors;
  const early = !!w.evaluationDue && ctx.today < w.evaluationDue;
  const choice = meeting ? (d.meetingChoice as MeetingChoice) : undefined;
  const evaluation: Evaluation = {
    planVersion: w.planVersion,
    outcome: d.outcome as EvaluationOutcome,
    note: d.note.trim(),
    nextEvaluationDate: d.outcome === 'fortsette' ? d.nextEvaluationDate : '',
    earlyReason: early ? (d.earlyReason ?? '').trim() : '',
    dialogue: dialogueOf(d.dialogue),
    ...(choice ? { meeting: choice } : {}),
    at: ctx.now,
    by: actor!.userId,
  };
  // The meeting ahead is kept (later steps leave it alone) or called off with the reason, so the
  // invitees are told why rather than finding it gone.
  const meetings = meeting
    ? c.meetings?.map((m) =>
        m.meetingId !== meeting.meetingId ? m : choice === 'avlys' ? { ...m, status: 'avlyst' as const, version: m.version + 1, cancelReason: 'evaluert' as const } : { ...m, kept: true },
      )
    : c.meetings;
  return {
    case: { ...c, meetings, work: { ...w, evaluations: [...w.evaluations, evaluation], evaluationDue: evaluation.nextEvaluationDate } },
    log: {
      at: ctx.now,
      actorId: actor!.userId,
      action: 'plan_evaluert',
      detail: `versjon=${w.planVersion};utfall=${evaluation.outcome}${early ? ';før_dato' : ''}${choice ? `;møte=${choice}` : ''}`,
    },
  };
}

/** The plan's evaluation meeting when it is still ahead and not already kept by an earlier evaluation. */
export function meetingAhead(c: SkolemiljoCase, now: string): CaseMeeting | undefined {
  // Earlier plan versions' meetings that were held stay on the case: look for the one still ahead.
  return (c.meetings ?? []).find((m) => m.purpose === 'evaluering' && m.status !== 'avlyst' && m.start > now && !m.kept);
}

/**
 * Continuing a plan is evaluated again later; its next evaluation makes the case ready to
 * continue, adjust or end again. nextStep() treats "fortsette" as "evaluere" for the same version.
 */
export const evaluationPending = (c: SkolemiljoCase): boolean => {
  const last = latestEvaluation(c);
  return caseworkOf(c).planVersion > 0 && (!last || last.planVersion < caseworkOf(c).planVersion || last.outcome === 'fortsette');
};

export interface ClosureDraft {
  pupilDoingWell: boolean;
  adultsNotWorried: boolean;
  note: string;
}

/** Closing needs the latest plan evaluated with the outcome to end, the pupil saying things are well, and no adult still worried. */
export function closeCase(c: SkolemiljoCase, actor: Membership | undefined, d: ClosureDraft, now: string): { case: SkolemiljoCase; log: LogEntry } | FormError[] {
  refuse(c, actor, actor?.userId ?? '', 'avslutte');
  const w = caseworkOf(c);
  // 004 §8.7: only an evaluation of the latest plan that ends the measures lets the case end.
  const blocker = closeBlocker(w.planVersion, latestEvaluation(c));
  if (blocker) throw new DomainError('case.EVALUATE_FIRST', { blocker });
  const errors: FormError[] = [];
  if (!d.pupilDoingWell) errors.push({ field: 'pupilDoingWell', problem: 'required' });
  if (!d.adultsNotWorried) errors.push({ field: 'adultsNotWorried', problem: 'required' });
  if (d.note.length > CASEWORK_LIMITS.text) errors.push({ field: 'closeNote', problem: 'tooLong', limit: CASEWORK_LIMITS.text });
  if (errors.length) return errors;
  return {
    case: {
      ...c,
      status: 'avsluttet',
      // Meetings still ahead are called off with the case, except one the leader chose to keep.
      meetings: c.meetings?.map((m) => (m.status !== 'avlyst' && m.start > now && !m.kept ? { ...m, status: 'avlyst' as const, version: m.version + 1 } : m)),
      work: { ...w, evaluationDue: '', closure: { pupilDoingWell: true, adultsNotWorried: true, note: d.note.trim(), at: now, by: actor!.userId } },
    },
    log: { at: now, actorId: actor!.userId, action: 'avsluttet', detail: '' },
  };
}

/** A deadline the case has passed ('undersokelse' or 'evaluering'), for those who follow it up. */
export function overdueDuty(c: SkolemiljoCase, today: string): { duty: 'undersokelse' | 'evaluering'; date: string } | undefined {
  if (c.route === 'ledelse' || c.status === 'avsluttet') return undefined;
  if (!c.investigationRecordedAt && c.investigationDue && c.investigationDue < today) return { duty: 'undersokelse', date: c.investigationDue };
  const due = caseworkOf(c).evaluationDue;
  if (due && due < today) return { duty: 'evaluering', date: due };
  return undefined;
}

export const isFormErrors = (x: unknown): x is FormError[] => Array.isArray(x);
