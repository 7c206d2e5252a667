/**
 * What the use cases of every routine with a record (the two complaint routines, leave, the
 * elevsamtaler) do the same way, written once: the door a record is read through for one person,
 * registering once per form, the school a membership belongs to, and the hour reminders may go
 * out. The complaint routines add their own machinery on top (complaint-kit.ts).
 */
import { DomainError } from '../domain/errors';
import type { Membership } from '../domain/people';
import type { Actions, RecordType, Records } from '../domain/policy';
import type { School } from '../domain/school';
import type { Clock, Directory, Submissions } from '../ports';
import type { Actor } from './actor';
import { enforce, notFoundError, subjectOf } from './policy-door';
import { instantAt, schoolDate } from './school-time';

/** Reminders go out from this time of day (Oslo): nobody is reminded in the middle of the night. */
const REMIND_FROM = '07:00';

/** A record as the door reads it: stored at one school. */
type AtSchool = { tenantId: string; schoolId: string };

/**
 * The only way a record is read for a person: the policy decides before anything of it is used,
 * and someone who may not see it gets the same «not found» as for an id never stored (`c`
 * undefined). `also` is read beside the school's staff (not of the record: the school, say).
 */
export async function throughDoor<T extends RecordType, C extends Records[T] & AtSchool, X = undefined>(
  directory: Pick<Directory, 'staffOf'>,
  actor: Actor,
  c: C | undefined,
  record: { type: T; action: Actions[T] },
  also?: (c: C) => Promise<X>,
): Promise<{ c: C; me: Membership | undefined; staff: Membership[]; also: X }> {
  if (!c) throw notFoundError();
  const [staff, more] = await Promise.all([directory.staffOf(c.tenantId, c.schoolId), also?.(c)]);
  const subject = subjectOf(actor, staff, c);
  enforce(subject, record.action, { type: record.type, value: c });
  return { c, me: subject.membership, staff, also: more as X };
}

/**
 * Registers once per form: the form's claim names the record, so a second click (or a retry after
 * a lost answer) finds it saved (`existing`); otherwise `id` is the new record's id.
 */
export async function claimOnce<C>(d: { submissions: Submissions; ids: { next(): string } }, formKey: string, get: (id: string) => Promise<C | undefined>): Promise<{ id: string; existing: C | undefined }> {
  const claim = await d.submissions.claim(formKey, { caseId: d.ids.next() });
  return { id: claim.value.caseId, existing: await get(claim.value.caseId) };
}

/** The school a membership belongs to; one the directory no longer knows is refused. */
export async function schoolOf(directory: Pick<Directory, 'getSchool'>, m: AtSchool): Promise<School> {
  const school = await directory.getSchool(m.tenantId, m.schoolId);
  if (!school) throw new DomainError('common.SCHOOL_UNKNOWN');
  return school;
}

/** The school day reminders are sent for, once the working day has begun (undefined before). */
export function reminderDay(clock: Clock): { now: Date; today: string } | undefined {
  const now = clock.now();
  const today = schoolDate(now).today;
  return now < instantAt(today, REMIND_FROM) ? undefined : { now, today };
}
