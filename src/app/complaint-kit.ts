/**
 * The step kit the two complaint routines share (seed 000, klage på opplæring; seed 001, klage på
 * ansatte). Each routine keeps its own steps, what each step needs and who is told; the machinery
 * around a step is here, once: the door a complaint is read through for one person (the policy
 * first, and «not found» for anyone it refuses), registering once per form, a domain step saved
 * with its log entries and tried again on the newer version when someone else saved meanwhile,
 * a delivered notice recorded on the complaint, and reminders sent once however many instances sweep.
 * What leave and the elevsamtaler do the same way (the door, once per form, the reminder hour) is
 * in step-kit.ts, which this kit builds on.
 */
import { DomainError } from '../domain/errors';
import { isStaff, type Membership } from '../domain/people';
import type { Actions, Records } from '../domain/policy';
import type { School } from '../domain/school';
import type { Calendar, Clock, ComplaintKey, ComplaintRecords, Directory, MeetingJob, RefCounter, ReminderClaimKey, Submissions } from '../ports';
import type { Actor } from './actor';
import { sendOnce } from './claims';
import type { Logger } from './logger';
import type { MessageOutbox, OutboxMessage } from './message-outbox';
import { allows, notFoundError, subjectOf } from './policy-door';
import { schoolDate } from './school-time';
import { claimOnce, reminderDay, schoolOf, throughDoor } from './step-kit';

/** A save that found the complaint changed by someone else is tried this often on the newer version. */
export const CONFLICT_RETRIES = 3;
/** How long a reminder claim is held before another instance may take it over (the sender stopped). */
const REMINDER_LEASE_MS = 2 * 60_000;

export const isConflict = (e: unknown): boolean => e instanceof DomainError && e.code === 'common.CONFLICT';

/** What a step does: form errors (nothing saved), or the complaint with its log entries (none: nothing to save). */
export type StepOutcome<C, L, E, B> = { errors: E[] } | { complaint: C; logs: L[]; booking?: B };

/** A domain step's result, with its form errors kept apart. */
export const outcomeOf = <C, L, E>(r: { complaint: C; log: L | undefined } | E[]): StepOutcome<C, L, E, never> =>
  Array.isArray(r) ? { errors: r } : { complaint: r.complaint, logs: r.log ? [r.log] : [] };

/** A repeated click: the complaint as it is, nothing to save. */
export const unchanged = <C>(l: { c: C }): { complaint: C; logs: never[] } => ({ complaint: l.c, logs: [] });

/** The complaint as one person may see it now, with what every step reads. */
export interface Opened<C, B> {
  c: C;
  me: Membership | undefined;
  staff: Membership[];
  school: School | undefined;
  booking: B | undefined;
  today: string;
  now: string;
}

/** What a step left: the complaint as read (`l`), and its form errors or what the save returned. */
export interface Stepped<Ld, S, E> {
  l: Ld;
  errors?: E[];
  saved?: S;
}

/**
 * Applies a domain step to the complaint as read now and saves it with its log entries; when
 * someone else saved the complaint meanwhile (CONFLICT), reads it again and applies the step to
 * the newer version. `save` stores and does what follows the save (notices, the calendar). Only
 * the save is tried again: a step that refuses (even with CONFLICT) is the answer.
 */
export async function applyStep<Ld, D, L, E, B, S>(
  load: () => Promise<Ld>,
  step: (l: Ld) => StepOutcome<D, L, E, B>,
  save: (l: Ld, o: { complaint: D; logs: L[]; booking?: B }) => Promise<S>,
): Promise<Stepped<Ld, S, E>> {
  for (let attempt = 1; ; attempt++) {
    const l = await load();
    const o = step(l);
    if ('errors' in o) return { l, errors: o.errors };
    if (o.logs.length === 0) return { l };
    try {
      return { l, saved: await save(l, o) };
    } catch (e) {
      if (!isConflict(e) || attempt >= CONFLICT_RETRIES) throw e;
    }
  }
}

/** What each complaint routine is built with (composition.ts), besides its store and its notifier. */
export interface ComplaintRoutineDeps {
  directory: Directory & { listSchools(): Promise<School[]> };
  /** Its meeting is booked here (Graph, or our own store with .ics files). */
  calendar: Calendar;
  refs: RefCounter;
  submissions: Submissions;
  clock: Clock;
  ids: { next(): string };
  logger: Logger;
  /** Every notice goes through it: stored first, retried until delivered. */
  outbox: MessageOutbox;
}

type PolicyComplaint = 'klage_undervisning' | 'klage_ansatt';

export interface ComplaintKitDeps<T extends PolicyComplaint, C, L, B extends MeetingJob> {
  /** The policy's name for the record (domain/policy). */
  type: T;
  /** What the logs call it: 'teaching complaint', 'staff complaint'. */
  label: string;
  directory: Directory;
  store: ComplaintRecords<C & ComplaintKey & { etag?: string }, L, B>;
  submissions: Submissions;
  clock: Clock;
  ids: { next(): string };
  logger: Logger;
}

/** The kit for one routine: T the policy's record type, C the stored complaint, L a log entry, B its meeting's job. */
export class ComplaintKit<T extends PolicyComplaint, C extends Records[T] & ComplaintKey & { etag?: string }, L extends { action: string }, B extends MeetingJob> {
  constructor(private readonly d: ComplaintKitDeps<T, C, L, B>) {}

  // -------------------------------------------------------------------------------------------
  // Registration

  /** The person's memberships as staff; someone who is staff nowhere is refused. */
  async staffMemberships(actor: Actor): Promise<Membership[]> {
    const ms = (await this.d.directory.membershipsOf(actor.tenantId, actor.userId)).filter(isStaff);
    if (!ms.length) throw new DomainError('common.NOT_STAFF');
    return ms;
  }

  schoolOf(m: Membership): Promise<School> {
    return schoolOf(this.d.directory, m);
  }

  /**
   * Registers once per form: the form's claim names the complaint, so a second click (or a retry
   * after a lost answer) finds it saved and gets that one back. `register` gets the complaint's id.
   */
  async registerOnce<E>(m: Membership, formKey: string, register: (complaintId: string) => Promise<{ complaint: C; log: L } | E[]>): Promise<{ complaint: C } | { errors: E[] }> {
    const { id, existing } = await claimOnce(this.d, formKey, (id) => this.d.store.get(m.tenantId, m.schoolId, id));
    if (existing) return { complaint: existing };
    const r = await register(id);
    if (Array.isArray(r)) return { errors: r };
    const saved = await this.d.store.create(r.complaint, r.log);
    if (saved.created) this.d.logger.info({ complaintId: saved.complaint.complaintId, schoolId: m.schoolId, action: r.log.action }, `${this.d.label} registered`);
    return { complaint: saved.complaint };
  }

  // -------------------------------------------------------------------------------------------
  // Reading: the door

  /**
   * The only way a complaint is read for a person: the policy decides before anything of it is
   * used, and someone who may not see it gets the same «not found» as for an id never stored.
   * The domain's step rules then decide each step. `extra` is read beside the meeting's job.
   */
  async open<X = undefined>(actor: Actor, schoolId: string, complaintId: string, action: Actions[T], extra?: (c: C, me: Membership | undefined) => Promise<X>): Promise<Opened<C, B> & { extra: X }> {
    const door = { type: this.d.type, action };
    const { c, me, staff, also: school } = await throughDoor(this.d.directory, actor, await this.d.store.get(actor.tenantId, schoolId, complaintId), door, (c) => this.d.directory.getSchool(c.tenantId, c.schoolId));
    const [booking, more] = await Promise.all([this.d.store.getBooking(c.tenantId, c.schoolId, c.complaintId), extra?.(c, me)]);
    const now = this.d.clock.now();
    return { c, me, staff, school, booking, today: schoolDate(now).today, now: now.toISOString(), extra: more as X };
  }

  /** "sak KL-2026-0001": looked for at every school the person is staff at, and only where they may see it. */
  async byRef(actor: Actor, ref: string): Promise<C> {
    const ms = (await this.d.directory.membershipsOf(actor.tenantId, actor.userId)).filter(isStaff);
    for (const m of ms) {
      const c = await this.d.store.byRef(m.tenantId, m.schoolId, ref);
      if (c && this.mayKnow(subjectOf(actor, [m], c), c)) return c;
    }
    throw notFoundError();
  }

  /** Whether the person may see the complaint at all (lists show only those). */
  mayKnow(subject: ReturnType<typeof subjectOf>, c: C): boolean {
    return allows(subject, 'se' as Actions[T], { type: this.d.type, value: c });
  }

  /** What a view of the complaint reads beside it. Only for a complaint the person was just allowed. */
  async around(c: ComplaintKey): Promise<{ staff: Membership[]; school: School | undefined; booking: B | undefined }> {
    const [staff, school, booking] = await Promise.all([
      this.d.directory.staffOf(c.tenantId, c.schoolId),
      this.d.directory.getSchool(c.tenantId, c.schoolId),
      this.d.store.getBooking(c.tenantId, c.schoolId, c.complaintId),
    ]);
    return { staff, school, booking };
  }

  /** A notice from the outbox, built from the complaint as stored now; undefined: nobody to send it to any more. */
  async forNotice(m: OutboxMessage): Promise<{ c: C; to: Membership; staff: Membership[]; school: School | undefined; booking: B | undefined } | undefined> {
    const c = await this.d.store.get(m.tenantId, m.schoolId, m.subjectId);
    if (!c) return undefined;
    const a = await this.around(c);
    const to = a.staff.find((s) => s.userId === m.recipientId);
    return to && { c, to, ...a };
  }

  // -------------------------------------------------------------------------------------------
  // Changes

  /** Saves the step's version if nobody changed the complaint since `read` (else CONFLICT), logged with ids and codes only. */
  async save(read: C, complaint: C, logs: L[], booking?: B, logged: (saved: C) => Record<string, unknown> = () => ({})): Promise<C> {
    const saved = await this.d.store.update({ ...complaint, etag: read.etag }, logs, booking);
    for (const log of logs) this.d.logger.info({ complaintId: read.complaintId, schoolId: read.schoolId, action: log.action, ...logged(saved) }, `${this.d.label} changed`);
    return saved;
  }

  /**
   * What a delivered notice means (the person is now informed), recorded on the complaint as
   * stored now, once: `mark` says nothing when it is already recorded.
   */
  async recordDelivery<D>(m: OutboxMessage, mark: (c: C) => { complaint: D; log: L } | undefined, save: (c: C, complaint: D, log: L) => Promise<unknown>): Promise<void> {
    await applyStep(
      async () => ({ c: await this.d.store.get(m.tenantId, m.schoolId, m.subjectId) }),
      (l): StepOutcome<D, L, never, never> => {
        const r = l.c && mark(l.c);
        // Gone, or recorded already: nothing to save.
        return r ? { complaint: r.complaint, logs: [r.log] } : { errors: [] };
      },
      (l, o) => save(l.c!, o.complaint, o.logs[0]),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Reminders

  /** The school day reminders are sent for, once the working day has begun (undefined before). */
  reminderDay(): { now: Date; today: string } | undefined {
    return reminderDay(this.d.clock);
  }

  /** Sends one reminder once per key, however many instances sweep (ports/claims); true when this call sent it. */
  async remindOnce(now: Date, key: ReminderClaimKey, label: string, what: Record<string, unknown>, send: () => Promise<void>): Promise<boolean> {
    return (await sendOnce(this.d.store.reminders, key, { now, leaseMs: REMINDER_LEASE_MS, logger: this.d.logger, label, what }, send)) === 'sent';
  }
}

/** Staff to choose from on a form, by name. */
export const staffChoices = (staff: Membership[], keep: (m: Membership) => boolean): { userId: string; name: string }[] =>
  staff
    .filter((m) => isStaff(m) && keep(m))
    .map((m) => ({ userId: m.userId, name: m.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
