/**
 * The nærmeste leder's casework (SPEC §3.1 steps 3–5): connect miljøteam, record the
 * investigation, make and evaluate the aktivitetsplan, close the case. The rules are in
 * src/domain/casework.ts and src/domain/policy/case.ts; this saves their result (with ETags, a plan
 * version in the same transaction as the case), schedules the evaluation meeting and its
 * reminder, and tells the people concerned.
 */
import {
  closeCase,
  connectMember,
  evaluatePlan,
  isFormErrors,
  keepPlanDraft,
  makePlan,
  meetingAhead,
  caseworkOf,
  latestEvaluation,
  validateMeasure,
  type MeasureDraft,
  recordInvestigation,
  type ActivityPlan,
  type ClosureDraft,
  type EvaluationDraft,
  type FormError,
  type InvestigationDraft,
  type PlanDraft,
} from '../domain/casework';
import type { CaseAction } from '../domain/policy/case';
import { closeBlocker, type CloseBlocker } from '../domain/evaluation';
import { evaluationMeeting, newlyCancelled } from '../domain/meetings';
import { hasRole, type Membership } from '../domain/people';
import { firstReminder, invitationJob, type Reminder } from '../domain/reminders';
import { addSchoolDays, schoolDaysBetween } from '../domain/school-calendar';
import type { CaseStore, Clock, Directory, IdGenerator } from '../ports';
import type { Actor } from './actor';
import type { CaseActions, CaseForViewer } from './case-actions';
import { calendarFor, instantAt, localDateOf, schoolDate } from './school-time';

/** "3–4 weeks" (004 §8.7): 15 school days, three ordinary school weeks. */
export const EVALUATION_SCHOOL_DAYS = 15;
const EVALUATION_TIME = '14:00';
const EVALUATION_MINUTES = 45;

export type WorkResult = CaseForViewer & { errors?: FormError[] };

export interface CaseWorkDeps {
  directory: Directory;
  cases: CaseStore;
  clock: Clock;
  ids: IdGenerator;
  caseActions: CaseActions;
  calendarKind: 'graph' | 'local';
  /** Runs the booking job now (the sweep is the safety net). */
  kick(): Promise<unknown>;
}

export class CaseWork {
  constructor(private readonly d: CaseWorkDeps) {}

  private now = () => this.d.clock.now().toISOString();
  private today = () => schoolDate(this.d.clock.now()).today;

  /** Who may be connected: the school's miljøteam and elevrådgivere not yet on the case. */
  async connectable(actor: Actor, schoolId: string, caseId: string): Promise<{ view: CaseForViewer; candidates: Membership[] }> {
    const view = await this.guard(actor, schoolId, caseId, 'koble_til');
    const staff = await this.d.directory.staffOf(actor.tenantId, schoolId);
    const already = new Set((view.case.work?.members ?? []).map((m) => m.userId));
    return { view, candidates: staff.filter((m) => (hasRole(m, 'miljoteam') || hasRole(m, 'elevradgiver')) && !already.has(m.userId)) };
  }

  async connect(actor: Actor, schoolId: string, caseId: string, memberId: string): Promise<WorkResult> {
    return this.d.caseActions.mutate<FormError[]>(actor, schoolId, caseId, async (c, me, staff) => {
      const r = connectMember(c, me, staff.find((m) => m.userId === memberId), this.now());
      return { ...r, notices: [{ recipientId: memberId, kind: 'miljoteam' }] };
    });
  }

  async recordInvestigation(actor: Actor, schoolId: string, caseId: string, d: InvestigationDraft): Promise<WorkResult> {
    return this.d.caseActions.mutate<FormError[]>(actor, schoolId, caseId, async (c, me) => {
      const r = recordInvestigation(c, me, d, this.now());
      return isFormErrors(r) ? { errors: r } : { ...r, notices: [] };
    });
  }

  /** The plan form's starting point: the previous version when adjusting, and a date 3 weeks on. */
  async planDraft(actor: Actor, schoolId: string, caseId: string): Promise<{ view: CaseForViewer; draft: PlanDraft; staff: Membership[] }> {
    const view = await this.guard(actor, schoolId, caseId, 'lage_plan');
    const c = view.case;
    const staff = (await this.d.directory.staffOf(c.tenantId, c.schoolId)).filter((m) => !hasRole(m, 'skoleeier'));
    const plans = await this.d.cases.plans(c.tenantId, c.schoolId, c.caseId);
    const last = plans.at(-1);
    const school = await this.d.directory.getSchool(c.tenantId, c.schoolId);
    const today = this.today();
    const evaluationDate = addSchoolDays(today, EVALUATION_SCHOOL_DAYS, calendarFor(school ?? {}, today));
    const kept = c.work?.planDraft;
    const draft: PlanDraft = kept
      ? kept
      : last
      ? {
          problem: last.problem,
          measures: last.measures.map((m) => ({ ...m })),
          evaluationDate,
          pupilView: last.pupilView,
          parentsView: last.parentsView,
          bestInterests: last.bestInterests,
          proposalsNotChosen: last.proposalsNotChosen ?? '',
          notChosenWhy: last.notChosenWhy ?? '',
        }
      : { problem: '', measures: [], evaluationDate, pupilView: '', parentsView: '', bestInterests: '', proposalsNotChosen: '', notChosenWhy: '' };
    return { view, draft, staff };
  }

  /** Keeps the plan being written (its measures come one card at a time). */
  async keepDraft(actor: Actor, schoolId: string, caseId: string, draft: PlanDraft): Promise<WorkResult> {
    return this.d.caseActions.mutate<FormError[]>(actor, schoolId, caseId, async (c, me) => ({ case: keepPlanDraft(c, me, draft), notices: [] }));
  }

  /** The measure is checked against the school's staff (never a pupil or a parent) before it joins the draft. */
  async checkMeasure(actor: Actor, schoolId: string, caseId: string, m: MeasureDraft): Promise<FormError[]> {
    await this.guard(actor, schoolId, caseId, 'lage_plan');
    return validateMeasure(m, await this.d.directory.staffOf(actor.tenantId, schoolId));
  }

  /**
   * Saves a new plan version with, in the same transaction, its evaluation meeting's booking job
   * and the reminder on the evaluation day. The meeting is with the leader and the kontaktlærer.
   */
  async savePlan(actor: Actor, schoolId: string, caseId: string, d: PlanDraft): Promise<WorkResult & { plan?: ActivityPlan }> {
    let saved: ActivityPlan | undefined;
    const out = await this.d.caseActions.mutate<FormError[]>(actor, schoolId, caseId, async (c, me, staff) => {
      // The measures are those added to the draft; the card sends the plan's other fields.
      const r = makePlan(c, me, { ...d, measures: c.work?.planDraft?.measures ?? d.measures }, { staff, today: this.today(), now: this.now() });
      if (isFormErrors(r)) return { errors: r };
      if (r.plan.version === 1) r.case = { ...r.case, work: { ...caseworkOf(r.case), firstPlan: await this.firstPlan(c.tenantId, c.schoolId, c.createdAt) } };
      saved = r.plan;
      const organizerId = c.leaderId && staff.some((m) => m.userId === c.leaderId) ? c.leaderId : me!.userId;
      const contactTeachers = staff.filter((m) => hasRole(m, 'kontaktlaerer') && m.classes.includes(c.report.pupilClass)).map((m) => m.userId);
      const start = instantAt(r.plan.evaluationDate, EVALUATION_TIME);
      const meetingId = this.d.ids.next();
      const withMeeting = evaluationMeeting(r.case, organizerId, contactTeachers, {
        meetingId,
        start: start.toISOString(),
        end: new Date(start.getTime() + EVALUATION_MINUTES * 60_000).toISOString(),
        online: this.d.calendarKind === 'graph',
        location: this.d.calendarKind === 'graph' ? '' : '–',
        now: this.now(),
      });
      const now = this.d.clock.now();
      const jobs: Reminder[] = [
        invitationJob(withMeeting, meetingId, 1, now.toISOString(), localDateOf(now)),
        firstReminder(withMeeting, 'evaluering', r.plan.evaluationDate, instantAt(r.plan.evaluationDate, '08:00').toISOString()),
      ].map((j) => (j.duty === 'evaluering' ? { ...j, reminderId: `${c.caseId}-evaluering-v${r.plan.version}-0` } : j));
      const cancelled = newlyCancelled(c, withMeeting).map((m) => invitationJob(withMeeting, m.meetingId, m.version, now.toISOString(), localDateOf(now)));
      return { case: withMeeting, log: r.log, plan: r.plan, reminders: [...jobs, ...cancelled], notices: [] };
    });
    if (saved) await this.d.kick().catch(() => undefined);
    return { ...out, plan: saved };
  }

  /** The first plan's day and the school days since the report (the overview's median, domain/overview.ts). */
  private async firstPlan(tenantId: string, schoolId: string, reportedAt: string): Promise<{ date: string; schoolDays: number }> {
    const school = await this.d.directory.getSchool(tenantId, schoolId);
    const today = this.today();
    return { date: today, schoolDays: Math.max(0, schoolDaysBetween(localDateOf(new Date(reportedAt)), today, calendarFor(school ?? {}, today))) };
  }

  async evaluate(actor: Actor, schoolId: string, caseId: string, d: EvaluationDraft): Promise<WorkResult> {
    return this.d.caseActions.mutate<FormError[]>(actor, schoolId, caseId, async (c, me) => {
      const r = evaluatePlan(c, me, d, { today: this.today(), now: this.now() });
      if (isFormErrors(r)) return { errors: r };
      // Continuing: remind on the next evaluation date too.
      const next = r.case.work?.evaluationDue;
      const reminders = next ? [{ ...firstReminder(r.case, 'evaluering', next, instantAt(next, '08:00').toISOString()), reminderId: `${c.caseId}-evaluering-${next}-0` }] : [];
      // A meeting the leader called off leaves the calendar, with the reason, and its invitees
      // are told through the same retried job that invited them.
      const now = this.d.clock.now();
      const cancelled = newlyCancelled(c, r.case).map((m) => invitationJob(r.case, m.meetingId, m.version, now.toISOString(), localDateOf(now)));
      return { ...r, notices: [], reminders: [...reminders, ...cancelled] };
    });
  }

  /** Today, and the start of the evaluation meeting still ahead (if any), for the evaluation card. */
  evaluationContext(v: CaseForViewer): { today: string; meetingStart: string } {
    return { today: this.today(), meetingStart: meetingAhead(v.case, this.now())?.start ?? '' };
  }

  /** Why the case cannot be closed yet (004 §8.7), or undefined. */
  closeBlocker(v: CaseForViewer): CloseBlocker | undefined {
    return closeBlocker(caseworkOf(v.case).planVersion, latestEvaluation(v.case));
  }

  async close(actor: Actor, schoolId: string, caseId: string, d: ClosureDraft): Promise<WorkResult> {
    return this.d.caseActions.mutate<FormError[]>(actor, schoolId, caseId, async (c, me) => {
      const r = closeCase(c, me, d, this.now());
      if (isFormErrors(r)) return { errors: r };
      // Meetings still ahead are taken out of the calendar, and their invitees told.
      const now = this.d.clock.now();
      const jobs = newlyCancelled(c, r.case).map((m) => invitationJob(r.case, m.meetingId, m.version, now.toISOString(), localDateOf(now)));
      return { ...r, notices: [{ recipientId: c.reporterId, kind: 'avsluttet' }], reminders: jobs };
    });
  }

  async plans(actor: Actor, schoolId: string, caseId: string): Promise<{ view: CaseForViewer; plans: ActivityPlan[] }> {
    const view = await this.guard(actor, schoolId, caseId, 'se_sak');
    return { view, plans: await this.d.cases.plans(view.case.tenantId, view.case.schoolId, view.case.caseId) };
  }

  /** Reads the case through the policy (CaseActions.loadFor); refusals name whom to ask only when that reveals nothing. */
  async guard(actor: Actor, schoolId: string, caseId: string, action: CaseAction): Promise<CaseForViewer> {
    const { c } = await this.d.caseActions.loadFor(actor, schoolId, caseId, action);
    return this.d.caseActions.forViewer(actor, c);
  }
}
