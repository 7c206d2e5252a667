/**
 * Registering a complaint about a member of staff (seed 001, steps 1–3; SPEC §3.3): only the
 * receiving avdelingsleder or rektor registers it; everyone else is sent to them. Checked on the
 * server and saved once per form.
 */
import { DomainError } from '../domain/errors';
import type { Membership } from '../domain/people';
import type { School } from '../domain/school';
import {
  formatStaffComplaintRef,
  isStaffComplaintFormErrors,
  mayRegisterStaffComplaint,
  registerStaffComplaint,
  type StaffComplaint,
  type StaffComplaintDraft,
  type StaffComplaintFormError,
  type StaffComplaintLogEntry,
} from '../domain/staff-complaint';
import type { Clock, Directory, EvaluationBooking, RefCounter } from '../ports';
import type { Actor } from './actor';
import { staffChoices, type ComplaintKit } from './complaint-kit';
import { schoolDate } from './school-time';
import type { StaffComplaintView } from './staff-complaint-view';

/** The registration form as typed: the domain's draft. */
export type StaffRegistrationDraft = StaffComplaintDraft;

export interface StaffRegistrationForm {
  kind: 'form';
  school: School;
  staff: { userId: string; name: string }[];
  draft: StaffRegistrationDraft;
  errors: StaffComplaintFormError[];
}

export class StaffComplaintRegistration {
  constructor(
    private readonly d: { directory: Directory; refs: RefCounter; clock: Clock },
    private readonly kit: ComplaintKit<'klage_ansatt', StaffComplaint, StaffComplaintLogEntry, EvaluationBooking>,
    /** The registered complaint as the person who registered it sees it. */
    private readonly view: (actor: Actor, c: StaffComplaint) => Promise<StaffComplaintView>,
  ) {}

  private async registrar(actor: Actor, schoolId = ''): Promise<Membership | undefined> {
    const eligible = (await this.kit.staffMemberships(actor)).filter((m) => mayRegisterStaffComplaint(m, m.schoolId));
    return eligible.find((m) => m.schoolId === schoolId) ?? (schoolId ? undefined : eligible[0]);
  }

  /** The registration form for an avdelingsleder or rektor; others get the redirect (undefined). */
  async start(actor: Actor): Promise<StaffRegistrationForm | undefined> {
    const m = await this.registrar(actor);
    if (!m) return undefined;
    const today = schoolDate(this.d.clock.now()).today;
    return this.form(actor, m, { employeeId: '', complainantKind: '', complainantName: '', route: '', summary: '', talkedOn: today, written: '', procedureExplained: false, pupilOffence: false }, []);
  }

  private async form(actor: Actor, m: Membership, draft: StaffRegistrationDraft, errors: StaffComplaintFormError[]): Promise<StaffRegistrationForm> {
    const [school, staff] = await Promise.all([this.kit.schoolOf(m), this.d.directory.staffOf(m.tenantId, m.schoolId)]);
    return { kind: 'form', school, staff: staffChoices(staff, (s) => s.userId !== actor.userId), draft, errors };
  }

  /** Registers once per form: a second click shows the same complaint. */
  async submit(actor: Actor, schoolId: string, draft: StaffRegistrationDraft, formId: string): Promise<StaffRegistrationForm | { kind: 'registered'; view: StaffComplaintView }> {
    const m = await this.registrar(actor, schoolId);
    if (!m) throw new DomainError('common.NO_ROLE', { action: 'personalklage', ask: 'avdelingsleder' });
    const staff = await this.d.directory.staffOf(m.tenantId, m.schoolId);
    const now = this.d.clock.now();
    const { today, year } = schoolDate(now);
    const d: StaffComplaintDraft = { ...draft };
    const probe = registerStaffComplaint(m, d, { complaintId: 'probe', ref: 'probe', now: now.toISOString(), today, staff });
    if (isStaffComplaintFormErrors(probe)) return this.form(actor, m, draft, probe);
    const r = await this.kit.registerOnce(m, `personalklage|${m.tenantId}|${m.schoolId}|${actor.userId}|${formId}`, async (complaintId) => {
      const n = await this.d.refs.next(m.tenantId, m.schoolId, year, 'staff-complaint');
      return registerStaffComplaint(m, d, { complaintId, ref: formatStaffComplaintRef(year, n), now: now.toISOString(), today, staff });
    });
    if ('errors' in r) return this.form(actor, m, draft, r.errors);
    return { kind: 'registered', view: await this.view(actor, r.complaint) };
  }
}
