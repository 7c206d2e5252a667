/**
 * "permisjon" (seed 003, SPEC §3.4): the kontaktlærer registers a pupil's leave request; one
 * school day or less they decide themselves, longer requests go to the trinn's avdelingsleder as
 * an approval card only they can act on. The outcome goes to the kontaktlærer, the elevrådgivere
 * and the administration. Roles come from the directory, never from the card.
 */
import { DomainError } from '../domain/errors';
import {
  decideLeave,
  formatLeaveRef,
  leaveLeaderFor,
  leaveOutcomeRecipients,
  leaveSchoolDays,
  mayRegisterLeave,
  registerLeave,
  validateLeave,
  type LeaveDraft,
  type LeaveError,
  type LeaveRequest,
} from '../domain/leave';
import { hasRole, type Membership } from '../domain/people';
import type { School } from '../domain/school';
import type { Clock, Directory, LeaveNotifier, LeaveStore, RefCounter, Submissions } from '../ports';
import type { Actor } from './actor';
import type { LeaveAction } from '../domain/policy/leave';
import type { Logger } from './logger';
import type { MessageOutbox, OutboxMessage } from './message-outbox';
import { calendarFor, schoolDate } from './school-time';
import { claimOnce, schoolOf, throughDoor } from './step-kit';

export interface LeaveView {
  leave: LeaveRequest;
  school: School | undefined;
  viewer: Membership | undefined;
  names: Record<string, string>;
}

export type LeaveStart = { kind: 'form'; school: School; classes: string[]; draft: LeaveDraft; errors: LeaveError[]; pending: LeaveView[] };

export class LeaveActions {
  constructor(
    private readonly d: {
      directory: Directory;
      leave: LeaveStore;
      refs: RefCounter;
      submissions: Submissions;
      clock: Clock;
      ids: { next(): string };
      notifier: LeaveNotifier;
      logger: Logger;
      /** The request to the leader and the outcomes: stored first, retried until delivered. */
      outbox: MessageOutbox;
    },
  ) {
    d.outbox.route('permisjon', { send: (m) => this.deliver(m) });
  }

  /** Resolves when every outcome started so far has been tried (tests, graceful shutdown). */
  async idle(): Promise<void> {
    await this.d.outbox.idle();
  }

  /** Sends a leave message from the outbox, from the request as it is stored now. */
  private async deliver(m: OutboxMessage): Promise<'sent' | 'gone'> {
    const l = await this.d.leave.get(m.tenantId, m.schoolId, m.subjectId);
    if (!l) return 'gone';
    if (m.notice === 'avgjor') await this.d.notifier.askLeader(l, m.recipientId);
    else await this.d.notifier.outcome(l, m.recipientId);
    return 'sent';
  }

  private async teacherAt(actor: Actor): Promise<Membership> {
    const ms = await this.d.directory.membershipsOf(actor.tenantId, actor.userId);
    const m = ms.find((x) => hasRole(x, 'kontaktlaerer') && x.classes.length > 0);
    if (!m) throw new DomainError('common.NO_ROLE', { action: 'permisjon' });
    return m;
  }

  /** Requests waiting for this user's decision (so nothing is lost if a card did not arrive). */
  async pending(actor: Actor): Promise<LeaveView[]> {
    const ms = await this.d.directory.membershipsOf(actor.tenantId, actor.userId);
    const out: LeaveView[] = [];
    for (const m of ms.filter((x) => hasRole(x, 'avdelingsleder') || hasRole(x, 'kontaktlaerer'))) {
      for (const l of await this.d.leave.pendingFor(m.tenantId, m.schoolId, actor.userId)) out.push(await this.view(actor, l));
    }
    return out;
  }

  /** The empty form for a kontaktlærer, with the requests waiting for them. */
  async start(actor: Actor): Promise<LeaveStart> {
    const m = await this.teacherAt(actor);
    const school = await schoolOf(this.d.directory, m);
    return { kind: 'form', school, classes: m.classes, draft: { pupilName: '', pupilClass: m.classes.length === 1 ? m.classes[0] : '', from: '', to: '', reason: '' }, errors: [], pending: await this.pending(actor) };
  }

  /** Registers the request once per form (a second click returns the same request). */
  async submit(actor: Actor, draft: LeaveDraft, formId: string): Promise<LeaveStart | { kind: 'registered'; view: LeaveView }> {
    const m = await this.teacherAt(actor);
    const school = await schoolOf(this.d.directory, m);
    if (draft.pupilClass && !mayRegisterLeave(m, draft.pupilClass)) throw new DomainError('common.NO_ROLE', { action: 'permisjon' });
    const today = schoolDate(this.d.clock.now()).today;
    const cal = calendarFor(school, draft.from && /^\d{4}-\d{2}-\d{2}$/.test(draft.from) ? draft.from : today);
    const errors = validateLeave(draft, { classes: m.classes, calendar: cal });
    if (errors.length) return { kind: 'form', school, classes: m.classes, draft, errors, pending: [] };

    const { id: leaveId, existing } = await claimOnce(this.d, `leave|${m.tenantId}|${m.schoolId}|${actor.userId}|${formId}`, (id) => this.d.leave.get(m.tenantId, m.schoolId, id));
    if (existing) return { kind: 'registered', view: await this.view(actor, existing) };

    const [classes, staff] = await Promise.all([this.d.directory.listClasses(m.tenantId, m.schoolId), this.d.directory.staffOf(m.tenantId, m.schoolId)]);
    const trinn = classes.find((k) => k.name === draft.pupilClass)?.trinn;
    const { year } = schoolDate(this.d.clock.now());
    const n = await this.d.refs.next(m.tenantId, m.schoolId, year, 'leave');
    const l = registerLeave(m, draft, {
      leaveId,
      ref: formatLeaveRef(year, n),
      now: this.d.clock.now().toISOString(),
      schoolDays: leaveSchoolDays(draft.from, draft.to, cal),
      leader: leaveLeaderFor(trinn, staff),
    });
    const saved = await this.d.leave.create(l);
    if (saved.created && saved.leave.deciderId !== actor.userId) {
      // Not delivered now: retried by the outbox; meanwhile it waits in the leader's «permisjon» list.
      await this.d.outbox.send({ tenantId: l.tenantId, schoolId: l.schoolId, topic: 'permisjon', subjectId: l.leaveId, notice: 'avgjor', recipientId: saved.leave.deciderId });
    }
    return { kind: 'registered', view: await this.view(actor, saved.leave) };
  }

  async decide(actor: Actor, schoolId: string, leaveId: string, grant: boolean, note: string): Promise<LeaveView> {
    // Those who see it learn why they may not decide it; nobody else learns it exists.
    const { l, me, staff } = await this.loadFor(actor, schoolId, leaveId, 'avgjore');
    const decided = decideLeave(l, me, grant, note, this.d.clock.now().toISOString());
    const saved = await this.d.leave.update(decided);
    // The decider's card answers at once; the outcome is stored in the outbox and goes out in the
    // background, so one slow or unreachable recipient cannot hold the button past Teams' time
    // limit, and one who cannot be reached now gets it when the outbox tries again.
    const outcome = leaveOutcomeRecipients(saved, staff).map((recipientId) => ({ tenantId: l.tenantId, schoolId: l.schoolId, topic: 'permisjon' as const, subjectId: l.leaveId, notice: 'utfall', recipientId }));
    await this.d.outbox.send(outcome, { wait: false });
    return this.view(actor, saved);
  }

  async open(actor: Actor, schoolId: string, leaveId: string): Promise<LeaveView> {
    const { l } = await this.loadFor(actor, schoolId, leaveId, 'se');
    return this.view(actor, l);
  }

  /** The only way a request is read for a person: the policy decides first; a refusal is the same «not found» as for an id never stored. */
  private async loadFor(actor: Actor, schoolId: string, leaveId: string, action: LeaveAction): Promise<{ l: LeaveRequest; me: Membership | undefined; staff: Membership[] }> {
    const { c: l, me, staff } = await throughDoor(this.d.directory, actor, await this.d.leave.get(actor.tenantId, schoolId, leaveId), { type: 'permisjon', action });
    return { l, me, staff };
  }

  private async view(actor: Actor, l: LeaveRequest): Promise<LeaveView> {
    const [school, staff] = await Promise.all([this.d.directory.getSchool(l.tenantId, l.schoolId), this.d.directory.staffOf(l.tenantId, l.schoolId)]);
    return { leave: l, school, viewer: staff.find((m) => m.userId === actor.userId), names: Object.fromEntries(staff.map((m) => [m.userId, m.name])) };
  }
}
