/**
 * Staff from Microsoft Entra ID: a school may name a security group (staffGroupId) whose members
 * are its staff. The sync reads the group's users (nested groups included) through Microsoft
 * Graph, gives new members the role ansatt, keeps names and mail addresses up to date, and
 * removes people who left the group only when ansatt was their only role there. Anyone who left
 * the group but holds another role is reported, never removed silently: an admin decides.
 * Graph permissions (application): GroupMember.Read.All, and User.ReadBasic.All for names and mail.
 */
import type { Membership } from '../domain/people';
import type { School } from '../domain/school';
import type { Logger } from './logger';
import { fill, plural, strings, type Lang } from '../i18n';

export interface GroupUser {
  id: string;
  /** Null when the app may read the group but not the users (no User.ReadBasic.All). */
  displayName: string | null;
  mail: string | null;
}

/** The port: every user in a group, transitively, all pages. */
export interface StaffGroups {
  users(tenantId: string, groupId: string): Promise<GroupUser[]>;
}

export interface EntraDirectory {
  listSchools(): Promise<School[]>;
  staffOf(tenantId: string, schoolId: string): Promise<Membership[]>;
  upsertMembership(m: Membership): Promise<void>;
  deleteMembership(tenantId: string, schoolId: string, userId: string): Promise<void>;
  membershipsOf(tenantId: string, userId: string): Promise<Membership[]>;
}

export interface EntraSchoolResult {
  tenantId: string;
  schoolId: string;
  schoolName: string;
  groupId: string;
  /** The group's users, or the failure that left this school unchanged. */
  members: number;
  added: { userId: string; name: string }[];
  updated: { userId: string; name: string; fields: string[] }[];
  removed: { userId: string; name: string }[];
  /** Not in the group any more, but they hold other roles: left as they are, for an admin to decide. */
  kept: { userId: string; name: string; roles: string[] }[];
  /** New members whose name Graph did not give (User.ReadBasic.All missing): not added. */
  skippedWithoutName: number;
  /** Not in the group, but too many at once to remove without an admin's word (an empty or replaced group?): nobody removed. */
  held: { userId: string; name: string }[];
  error?: { status: number; code?: string };
}

export interface EntraSyncOptions {
  tenantId?: string;
  schoolId?: string;
  /** Work out and report the changes, write nothing. */
  dryRun?: boolean;
  /** The admin confirms removing more than a few people at once (`--yes`). */
  allowManyRemovals?: boolean;
}

export interface EntraSyncDeps {
  directory: EntraDirectory;
  groups: StaffGroups;
  logger?: Logger;
}

/**
 * Syncs every school with a staff group (or the one asked for). A school whose group cannot be
 * read is left unchanged and reported; the others still sync.
 */
export async function syncEntraStaff(d: EntraSyncDeps, o: EntraSyncOptions = {}): Promise<EntraSchoolResult[]> {
  const schools = (await d.directory.listSchools()).filter(
    (s) => s.staffGroupId && (!o.tenantId || s.tenantId === o.tenantId) && (!o.schoolId || s.schoolId === o.schoolId),
  );
  const out: EntraSchoolResult[] = [];
  for (const s of schools) out.push(await syncSchool(d, s, !!o.dryRun, !!o.allowManyRemovals));
  return out;
}

/** More removals than this at once (or any, from an empty group) wait for an admin's `--yes`. */
const MANY_REMOVALS = (staff: number) => Math.max(3, Math.ceil(staff * 0.2));

async function syncSchool(d: EntraSyncDeps, s: School, dryRun: boolean, allowManyRemovals: boolean): Promise<EntraSchoolResult> {
  const groupId = s.staffGroupId!;
  const r: EntraSchoolResult = { tenantId: s.tenantId, schoolId: s.schoolId, schoolName: s.name, groupId, members: 0, added: [], updated: [], removed: [], kept: [], skippedWithoutName: 0, held: [] };
  let users: GroupUser[];
  try {
    users = await d.groups.users(s.tenantId, groupId);
  } catch (e) {
    const err = e as { statusCode?: number; code?: string };
    r.error = { status: typeof err.statusCode === 'number' ? err.statusCode : 0, ...(err.code ? { code: String(err.code) } : {}) };
    d.logger?.warn({ schoolId: s.schoolId, status: r.error.status, code: r.error.code }, 'entra sync: group not readable');
    return r;
  }
  r.members = users.length;
  const staff = await d.directory.staffOf(s.tenantId, s.schoolId);
  const byId = new Map(staff.map((m) => [m.userId.toLowerCase(), m]));
  const inGroup = new Set<string>();
  const writes: Membership[] = [];
  for (const u of users) {
    const id = u.id.toLowerCase();
    inGroup.add(id);
    const before = byId.get(id);
    const name = u.displayName?.trim() || '';
    const mail = u.mail?.trim() || '';
    if (!before) {
      if (!name) {
        r.skippedWithoutName++;
        continue;
      }
      writes.push({ tenantId: s.tenantId, schoolId: s.schoolId, userId: id, name, roles: ['ansatt'], classes: [], trinn: [], ...(mail ? { email: mail } : {}) });
      r.added.push({ userId: id, name });
      continue;
    }
    // Only what Entra ID knows changes: a missing name or mail keeps the stored one.
    const fields: string[] = [];
    const next: Membership = { ...before };
    if (name && name !== before.name) {
      next.name = name;
      fields.push('name');
    }
    if (mail && mail !== (before.email ?? '')) {
      next.email = mail;
      fields.push('email');
    }
    if (!before.roles.includes('ansatt')) {
      next.roles = ['ansatt', ...before.roles];
      fields.push('roles');
    }
    if (fields.length) {
      writes.push(next);
      r.updated.push({ userId: before.userId, name: next.name, fields });
    }
  }
  const removals: string[] = [];
  for (const m of staff) {
    if (inGroup.has(m.userId.toLowerCase())) continue;
    // Only plain staff are removed; a school owner contact is never in the school's staff group.
    if (m.roles.length === 1 && m.roles[0] === 'ansatt') {
      removals.push(m.userId);
      r.removed.push({ userId: m.userId, name: m.name });
    } else if (m.roles.includes('ansatt')) {
      r.kept.push({ userId: m.userId, name: m.name, roles: m.roles.filter((x) => x !== 'ansatt') });
    }
  }
  // A group read empty (wrong group, missing permission) or swapped must not empty the school.
  if (removals.length && !allowManyRemovals && (users.length === 0 || removals.length > MANY_REMOVALS(staff.length))) {
    r.held = r.removed;
    r.removed = [];
    removals.length = 0;
    d.logger?.warn({ schoolId: s.schoolId, members: users.length, held: r.held.length }, 'entra sync: too many removals at once, none made');
  }
  if (!dryRun) {
    for (const m of writes) {
      // Read again just before writing: a role given since (an import, an admin) is kept; only
      // what Entra ID knows (name, mail, the ansatt role) is laid over it.
      const now = (await d.directory.membershipsOf(m.tenantId, m.userId)).find((x) => x.schoolId === m.schoolId);
      await d.directory.upsertMembership(
        now ? { ...now, name: m.name || now.name, ...(m.email ? { email: m.email } : {}), roles: now.roles.includes('ansatt') ? now.roles : ['ansatt', ...now.roles] } : m,
      );
    }
    for (const u of removals) await d.directory.deleteMembership(s.tenantId, s.schoolId, u);
  }
  d.logger?.info(
    { schoolId: s.schoolId, members: r.members, added: r.added.length, updated: r.updated.length, removed: r.removed.length, kept: r.kept.length, skipped: r.skippedWithoutName, dryRun },
    'entra sync',
  );
  return r;
}

/** What the admin reads after a sync, per school, in their language. */
export function entraLines(lang: Lang, results: EntraSchoolResult[]): string[] {
  const t = strings(lang).admin.entra;
  if (results.length === 0) return [t.noSchools];
  const roleNames = strings(lang).roles.names;
  return results.flatMap((r) => {
    if (r.error) return [fill(t.failed, { school: r.schoolName, groupId: r.groupId, status: r.error.code ? `${r.error.status} ${r.error.code}` : r.error.status })];
    return [
      fill(t.school, {
        school: r.schoolName,
        added: plural(lang, r.added.length, strings(lang).admin.counted.added),
        updated: plural(lang, r.updated.length, t.counted.updated),
        removed: r.removed.length,
        members: plural(lang, r.members, t.counted.members),
      }),
      ...r.kept.map((k) => fill(t.kept, { name: k.name, roles: k.roles.map((x) => (roleNames[x as keyof typeof roleNames] ?? x).toLowerCase()).join(', ') })),
      ...(r.skippedWithoutName ? [plural(lang, r.skippedWithoutName, t.noName)] : []),
      ...(r.held.length ? [fill(t.held, { count: r.held.length })] : []),
    ];
  });
}
