/**
 * Opplæringslova §12-5 from a staff complaint (seed 001: a member of staff offends a pupil): the
 * complaint's leader or rektor opens a report («Meld fra nå») from it, and the skolemiljø case
 * that report makes is linked back to the complaint. Who may see the case's reference on the
 * complaint is asked of the case rule (domain/policy/case.ts), as for the case itself.
 */
import { decideCase as decide } from '../domain/policy/case';
import type { Membership } from '../domain/people';
import { linkSkolemiljoCase, staffComplaintView, type StaffComplaint, type StaffComplaintFormError, type StaffComplaintLogEntry } from '../domain/staff-complaint';
import type { CaseStore, EvaluationBooking, StaffComplaintStore } from '../ports';
import type { Actor } from './actor';
import { outcomeOf, unchanged, type Opened, type StepOutcome } from './complaint-kit';
import { safeError } from './safe-error';
import type { Logger } from './logger';

type Loaded = Opened<StaffComplaint, EvaluationBooking>;

/** How the complaint is read and changed (app/staff-complaint.ts, through the kit). */
export interface CaseLinkSteps {
  load(actor: Actor, schoolId: string, complaintId: string): Promise<Loaded>;
  change(actor: Actor, schoolId: string, complaintId: string, step: (l: Loaded) => StepOutcome<StaffComplaint, StaffComplaintLogEntry, StaffComplaintFormError, EvaluationBooking>): Promise<unknown>;
}

export class CaseLink {
  constructor(
    private readonly d: {
      /** The linked skolemiljø case, to ask the case rule who may see its reference. */
      cases: Pick<CaseStore, 'get'>;
      complaints: StaffComplaintStore;
      logger: Logger;
    },
    private readonly steps: CaseLinkSteps,
  ) {}

  /** The linked case's reference, for those the case rule lets see that case ('' for everyone else). */
  async visibleRef(c: StaffComplaint, me: Membership | undefined): Promise<string> {
    if (!c.skolemiljoRef || !c.skolemiljoCaseId || !me || staffComplaintView(c, me) !== 'full') return '';
    const sak = await this.d.cases.get(c.tenantId, c.schoolId, c.skolemiljoCaseId);
    return sak && decide('se_status', sak, me, me.userId).allowed ? c.skolemiljoRef : '';
  }

  /**
   * The complaint's leader or rektor opens a report from it: checked here (the complaint must say
   * a pupil is offended and have no case yet), and the report form's id is remembered on our side
   * so the submitted report can be linked back without trusting anything the report card sends.
   */
  async startReport(actor: Actor, schoolId: string, complaintId: string, formId: string): Promise<void> {
    const l = await this.steps.load(actor, schoolId, complaintId);
    linkSkolemiljoCase(l.c, l.me, 'SM-0000-0000', l.now);
    await this.d.complaints.savePendingLink(l.c.tenantId, l.c.schoolId, actor.userId, formId, complaintId);
  }

  /**
   * A report was submitted: if its form was opened from a complaint by this user, the complaint
   * records the case's reference (the domain checks again that they are its leader or rektor).
   * Never fails the report: a refusal is logged with ids only. Only for a form whose id says it
   * was opened from a complaint (the report handler checks, so other reports do not come here).
   */
  async linkReport(actor: Actor, formId: string, sak: { tenantId: string; schoolId: string; caseId: string; ref: string }): Promise<void> {
    try {
      const complaintId = await this.d.complaints.pendingLink(sak.tenantId, sak.schoolId, actor.userId, formId);
      if (!complaintId) return;
      await this.steps.change(actor, sak.schoolId, complaintId, (l) => (l.c.skolemiljoCaseId === sak.caseId ? unchanged(l) : outcomeOf(linkSkolemiljoCase(l.c, l.me, sak.ref, l.now, sak.caseId))));
    } catch (e) {
      this.d.logger.warn({ caseId: sak.caseId, err: safeError(e) }, 'skolemiljø case not linked to the staff complaint');
    }
  }
}
