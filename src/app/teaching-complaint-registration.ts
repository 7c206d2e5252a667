/**
 * Registering a complaint about teaching (seed 000, stage 1; SPEC §3.2): the form for staff who
 * may register, checked on the server, and saved once per form. Anyone but a leader registers
 * complaints about their own teaching only (seed 001 §1): staff do not take complaints about a
 * colleague's teaching.
 */
import {
  COMPLAINT_LIMITS,
  formatComplaintRef,
  isComplaintFormErrors,
  mayRegisterComplaint,
  registerComplaint,
  validateComplaint,
  type ComplaintFormError,
  type ComplaintLogEntry,
} from '../domain/complaint';
import { DomainError } from '../domain/errors';
import { leaveLeaderFor } from '../domain/leave';
import { hasRole, type Membership, type Role } from '../domain/people';
import type { School } from '../domain/school';
import type { Clock, ComplaintStore, Directory, FollowUpBooking, RefCounter, StoredComplaint } from '../ports';
import type { Actor } from './actor';
import { staffChoices, type ComplaintKit } from './complaint-kit';
import { subjectOf } from './policy-door';
import { schoolDate } from './school-time';
import type { ComplaintView } from './teaching-complaint-view';

export interface RegistrationDraft {
  class: string;
  subject: string;
  teacherId: string;
  /** Tillitselev(er), one per line (or comma-separated). */
  representatives: string;
  description: string;
}

export type RegistrationError = Omit<ComplaintFormError, 'problem'> & { problem: ComplaintFormError['problem'] | 'colleague' };

export interface RegistrationForm {
  kind: 'form';
  school: School;
  classes: string[];
  teachers: { userId: string; name: string }[];
  draft: RegistrationDraft;
  errors: RegistrationError[];
  /** Other schools where this person may register a complaint. */
  others: { schoolId: string; name: string }[];
  /** This person's open complaints at the school, to find them again. */
  open: { ref: string; class: string; subject: string; stage: number }[];
}

/** Staff who may register (faglærer, kontaktlærer, leaders); anyone else gets the routine. */
export type RegistrationStart = RegistrationForm | { kind: 'routine' };

const REGISTRARS: Role[] = ['faglaerer', 'kontaktlaerer', 'avdelingsleder', 'rektor'];
export const DESCRIPTION_LIMIT = COMPLAINT_LIMITS.note;

/** Names typed one per line (or separated by commas). */
export const pupilList = (text: string): string[] => text.split(/[\n,;]/).map((p) => p.trim()).filter((p) => p !== '');

export class TeachingComplaintRegistration {
  constructor(
    private readonly d: { directory: Directory; complaints: ComplaintStore; refs: RefCounter; clock: Clock },
    private readonly kit: ComplaintKit<'klage_undervisning', StoredComplaint, ComplaintLogEntry, FollowUpBooking>,
    /** The registered complaint as the person who registered it sees it. */
    private readonly view: (actor: Actor, c: StoredComplaint) => Promise<ComplaintView>,
  ) {}

  private async registrarMemberships(actor: Actor): Promise<Membership[]> {
    return (await this.kit.staffMemberships(actor)).filter((m) => REGISTRARS.some((r) => hasRole(m, r)));
  }

  /** The registration form at the chosen school (or the first where this person may register). */
  async start(actor: Actor, schoolId = ''): Promise<RegistrationStart> {
    const eligible = await this.registrarMemberships(actor);
    if (!eligible.length) return { kind: 'routine' };
    const m = eligible.find((x) => x.schoolId === schoolId) ?? eligible[0];
    const ownOnly = !hasRole(m, 'avdelingsleder') && !hasRole(m, 'rektor');
    return this.form(actor, m, eligible, { class: '', subject: '', teacherId: ownOnly ? m.userId : '', representatives: '', description: '' }, []);
  }

  private async form(actor: Actor, m: Membership, eligible: Membership[], draft: RegistrationDraft, errors: RegistrationError[]): Promise<RegistrationForm> {
    const [school, classes, staff, open] = await Promise.all([
      this.kit.schoolOf(m),
      this.d.directory.listClasses(m.tenantId, m.schoolId),
      this.d.directory.staffOf(m.tenantId, m.schoolId),
      this.d.complaints.listOpen(m.tenantId, m.schoolId),
    ]);
    const others = await Promise.all(eligible.filter((x) => x.schoolId !== m.schoolId).map(async (x) => ({ schoolId: x.schoolId, name: (await this.d.directory.getSchool(x.tenantId, x.schoolId))?.name ?? x.schoolId })));
    return {
      kind: 'form',
      school,
      classes: classes.map((k) => k.name),
      teachers: staffChoices(staff, (s) => hasRole(s, 'faglaerer') || hasRole(s, 'kontaktlaerer') || s.userId === actor.userId),
      draft,
      errors,
      others,
      open: open.filter((c) => this.kit.mayKnow(subjectOf(actor, [m], c), c)).map((c) => ({ ref: c.ref, class: c.class, subject: c.subject, stage: c.stage })),
    };
  }

  /** Registers the complaint once per form (a second click shows the same complaint). */
  async submit(actor: Actor, schoolId: string, draft: RegistrationDraft, formId: string): Promise<RegistrationForm | { kind: 'registered'; view: ComplaintView }> {
    const eligible = await this.registrarMemberships(actor);
    const m = eligible.find((x) => x.schoolId === schoolId);
    if (!m) throw new DomainError('common.NO_ROLE', { action: 'klage', ask: 'leder' });
    const [classes, staff] = await Promise.all([this.d.directory.listClasses(m.tenantId, m.schoolId), this.d.directory.staffOf(m.tenantId, m.schoolId)]);
    const d = { class: draft.class, subject: draft.subject, teacherId: draft.teacherId, representatives: pupilList(draft.representatives) };
    const errors: RegistrationError[] = validateComplaint(d, { classes: classes.map((k) => k.name), staff, schoolId: m.schoolId });
    if (draft.description.trim() === '') errors.push({ field: 'description', problem: 'required' });
    else if (draft.description.length > DESCRIPTION_LIMIT) errors.push({ field: 'description', problem: 'tooLong', limit: DESCRIPTION_LIMIT });
    // Staff do not take complaints about a colleague's teaching (SPEC §3.3); the domain says who may.
    if (!errors.some((e) => e.field === 'teacherId' || e.field === 'class') && !mayRegisterComplaint(m, m.schoolId, d.teacherId, d.class)) errors.push({ field: 'teacherId', problem: 'colleague' });
    if (errors.length) return this.form(actor, m, eligible, draft, errors);

    const r = await this.kit.registerOnce(m, `klage|${m.tenantId}|${m.schoolId}|${actor.userId}|${formId}`, async (complaintId) => {
      const trinn = classes.find((k) => k.name === d.class)?.trinn;
      // "Leder med elevoppfølgingsansvar": the trinn's avdelingsleder, else rektor.
      const leader = leaveLeaderFor(trinn, staff) ?? staff.find((s) => hasRole(s, 'rektor'));
      const now = this.d.clock.now();
      const { year } = schoolDate(now);
      const n = await this.d.refs.next(m.tenantId, m.schoolId, year, 'complaint');
      const x = registerComplaint(m, d, { complaintId, ref: formatComplaintRef(year, n), now: now.toISOString(), classes: classes.map((k) => k.name), staff, leader });
      return isComplaintFormErrors(x) ? x : { complaint: { ...x.complaint, description: draft.description.trim() }, log: x.log };
    });
    if ('errors' in r) return this.form(actor, m, eligible, draft, r.errors);
    return { kind: 'registered', view: await this.view(actor, r.complaint) };
  }
}
