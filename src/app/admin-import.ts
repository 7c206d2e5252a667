/**
 * School administration: importing a school file (the file is the whole truth for that school),
 * exporting the same format, and the role overview rektor and the school's admin see in Teams.
 * A file is checked completely before anything is stored (admin-file.ts); the import then writes
 * only what differs, so importing an export changes nothing.
 */
import type { Membership } from '../domain/people';
import type { ChannelScope, School, SchoolChannel, SchoolClass } from '../domain/school';
import type { Directory } from '../ports';
import { fill, plural, strings, type Lang } from '../i18n';
import { ARCHIVE_FIELDS, archiveFileFields } from './admin-file-archive';
import { optionalSettings, parseSchoolFile, type FileChannel, type FileError, type FilePerson, type ParseResult, type SchoolFile } from './admin-file';

/** The directory the administration needs: reading, writing and removing. */
export interface AdminDirectory extends Directory {
  upsertSchool(s: School): Promise<void>;
  upsertClass(c: SchoolClass): Promise<void>;
  upsertMembership(m: Membership): Promise<void>;
  deleteMembership(tenantId: string, schoolId: string, userId: string): Promise<void>;
  deleteClass(tenantId: string, schoolId: string, name: string): Promise<void>;
  listChannels(tenantId: string, schoolId: string): Promise<SchoolChannel[]>;
  setChannel(c: SchoolChannel): Promise<void>;
  deleteChannel(tenantId: string, schoolId: string, scope: ChannelScope, target: string): Promise<void>;
}

export interface PersonChange {
  userId: string;
  name: string;
  /** For a change: what differs (name, email, roles, classes, trinn, teamsId). */
  fields?: string[];
}

export interface ImportPlan {
  tenantId: string;
  schoolId: string;
  schoolName: string;
  newSchool: boolean;
  /** Settings that differ from what is stored. */
  schoolFields: string[];
  added: PersonChange[];
  changed: PersonChange[];
  removed: PersonChange[];
  /** Not in the file but kept: they have only the role ansatt and come from the Entra ID group. */
  keptForEntra: PersonChange[];
  classes: { added: string[]; changed: string[]; removed: string[] };
  channels: { added: string[]; changed: string[]; removed: string[] };
  /** Anything to write at all. */
  hasChanges: boolean;
  /** Anything removed: the admin confirms with --yes. */
  removes: boolean;
  /** What apply() writes; kept out of the summary. */
  writes: {
    school?: School;
    classes: SchoolClass[];
    removeClasses: string[];
    people: Membership[];
    removePeople: string[];
    channels: SchoolChannel[];
    removeChannels: { scope: ChannelScope; target: string }[];
  };
}

const sameSet = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x) => b.includes(x));
const channelKey = (c: { scope: string; target: string }) => (c.target ? `${c.scope} ${c.target}` : c.scope);

export class SchoolAdmin {
  /** archiveOn: the service journals cases (ARCHIVE≠none), so a school needs its archive settings. */
  constructor(private readonly d: { directory: AdminDirectory; now: () => Date; archiveOn?: boolean }) {}

  /**
   * Reads and checks a file. A file without a class section is checked against the classes the
   * school already has, so a second pass looks them up once the school is known.
   */
  async read(text: string, kind: 'json' | 'csv', tenantId?: string): Promise<ParseResult> {
    const archiveOn = !!this.d.archiveOn;
    const first = parseSchoolFile(text, kind, { tenantId, archiveOn });
    if (first.hasClasses || !first.where) return first;
    const stored = await this.d.directory.listClasses(first.where.tenantId, first.where.schoolId);
    return parseSchoolFile(text, kind, { tenantId, archiveOn, storedClasses: stored.map((c) => c.name) });
  }

  /** What importing the file would change; nothing is written. */
  async plan(f: SchoolFile): Promise<ImportPlan> {
    const { tenantId } = f;
    const { schoolId } = f.school;
    const [stored, classes, staff, channels] = await Promise.all([
      this.d.directory.getSchool(tenantId, schoolId),
      this.d.directory.listClasses(tenantId, schoolId),
      this.d.directory.staffOf(tenantId, schoolId),
      this.d.directory.listChannels(tenantId, schoolId),
    ]);
    const school: School = {
      tenantId,
      schoolId,
      name: f.school.name,
      languageForm: f.school.languageForm,
      investigationDays: f.school.investigationDays,
      ...optionalSettings(f.school),
      ...(f.school.breaks.length ? { breaks: f.school.breaks } : {}),
    };
    const schoolFields = stored ? schoolDiff(stored, school) : [];

    const plan: ImportPlan = {
      tenantId,
      schoolId,
      schoolName: school.name,
      newSchool: !stored,
      schoolFields,
      added: [],
      changed: [],
      removed: [],
      keptForEntra: [],
      classes: { added: [], changed: [], removed: [] },
      channels: { added: [], changed: [], removed: [] },
      hasChanges: false,
      removes: false,
      writes: { classes: [], removeClasses: [], people: [], removePeople: [], channels: [], removeChannels: [] },
    };
    if (!stored || schoolFields.length) plan.writes.school = school;

    if (f.classes) {
      for (const c of f.classes) {
        const before = classes.find((k) => k.name === c.name);
        if (before?.trinn === c.trinn) continue;
        (before ? plan.classes.changed : plan.classes.added).push(c.name);
        plan.writes.classes.push({ tenantId, schoolId, name: c.name, trinn: c.trinn });
      }
      for (const k of classes) {
        if (f.classes.some((c) => c.name === k.name)) continue;
        plan.classes.removed.push(k.name);
        plan.writes.removeClasses.push(k.name);
      }
    }

    const byId = new Map(staff.map((m) => [m.userId.toLowerCase(), m]));
    for (const p of f.people) {
      const before = byId.get(p.userId);
      const next = membershipOf(tenantId, schoolId, p, before);
      if (!before) {
        plan.added.push({ userId: p.userId, name: p.name });
        plan.writes.people.push(next);
        continue;
      }
      const fields = personDiff(before, next);
      if (!fields.length) continue;
      plan.changed.push({ userId: p.userId, name: p.name, fields });
      plan.writes.people.push(next);
    }
    const inFile = new Set(f.people.map((p) => p.userId));
    for (const m of staff) {
      if (inFile.has(m.userId.toLowerCase())) continue;
      // The Entra ID sync owns plain staff of a school with a staff group; a file of leaders keeps them.
      if (school.staffGroupId && sameSet(m.roles, ['ansatt'])) {
        plan.keptForEntra.push({ userId: m.userId, name: m.name });
        continue;
      }
      plan.removed.push({ userId: m.userId, name: m.name });
      plan.writes.removePeople.push(m.userId);
    }

    if (f.channels) {
      for (const c of f.channels) {
        const before = channels.find((x) => x.scope === c.scope && x.target === c.target);
        if (before && before.conversationId === c.conversationId && before.serviceUrl === c.serviceUrl) continue;
        (before ? plan.channels.changed : plan.channels.added).push(channelKey(c));
        plan.writes.channels.push(channelOf(tenantId, schoolId, c, this.d.now()));
      }
      for (const x of channels) {
        if (f.channels.some((c) => c.scope === x.scope && c.target === x.target)) continue;
        plan.channels.removed.push(channelKey(x));
        plan.writes.removeChannels.push({ scope: x.scope, target: x.target });
      }
    }

    const w = plan.writes;
    plan.removes = w.removePeople.length + w.removeClasses.length + w.removeChannels.length > 0;
    plan.hasChanges = !!w.school || plan.removes || w.classes.length + w.people.length + w.channels.length > 0;
    return plan;
  }

  /**
   * Writes the plan: the school and classes first, then people and channels, removals last, so a
   * stop half-way leaves nobody without their school; running the import again finishes it.
   */
  async apply(plan: ImportPlan): Promise<void> {
    const { tenantId, schoolId, writes: w } = plan;
    const dir = this.d.directory;
    if (w.school) await dir.upsertSchool(w.school);
    await inBatches(w.classes, (c) => dir.upsertClass(c));
    await inBatches(w.people, (m) => dir.upsertMembership(m));
    await inBatches(w.channels, (c) => dir.setChannel(c));
    await inBatches(w.removePeople, (u) => dir.deleteMembership(tenantId, schoolId, u));
    await inBatches(w.removeChannels, (c) => dir.deleteChannel(tenantId, schoolId, c.scope, c.target));
    await inBatches(w.removeClasses, (n) => dir.deleteClass(tenantId, schoolId, n));
  }

  /** The school as a file; undefined when there is no such school. */
  async export(tenantId: string, schoolId: string): Promise<SchoolFile | undefined> {
    const [school, classes, staff, channels] = await Promise.all([
      this.d.directory.getSchool(tenantId, schoolId),
      this.d.directory.listClasses(tenantId, schoolId),
      this.d.directory.staffOf(tenantId, schoolId),
      this.d.directory.listChannels(tenantId, schoolId),
    ]);
    if (!school) return undefined;
    return {
      tenantId,
      school: {
        schoolId,
        name: school.name,
        languageForm: school.languageForm,
        investigationDays: school.investigationDays,
        ...optionalSettings(school),
        breaks: school.breaks ?? [],
      },
      classes: classes.map((c) => ({ line: 0, name: c.name, trinn: c.trinn })),
      people: [...staff]
        .sort((a, b) => a.name.localeCompare(b.name, 'nb') || a.userId.localeCompare(b.userId))
        .map((m) => ({ line: 0, userId: m.userId, name: m.name, email: m.email ?? '', roles: m.roles, classes: m.classes, trinn: m.trinn, teamsId: m.teamsId ?? '' })),
      channels: [...channels]
        .sort((a, b) => channelKey(a).localeCompare(channelKey(b), 'nb'))
        .map((c) => ({ line: 0, scope: c.scope, target: c.target, conversationId: c.conversationId, serviceUrl: c.serviceUrl })),
    };
  }
}

function membershipOf(tenantId: string, schoolId: string, p: FilePerson, before?: Membership): Membership {
  const email = p.email || before?.email;
  const teamsId = p.teamsId || before?.teamsId;
  return {
    tenantId,
    schoolId,
    userId: before?.userId ?? p.userId,
    name: p.name,
    roles: p.roles,
    classes: p.classes,
    trinn: p.trinn,
    ...(teamsId ? { teamsId } : {}),
    ...(email ? { email } : {}),
  };
}

function personDiff(a: Membership, b: Membership): string[] {
  const out: string[] = [];
  if (a.name !== b.name) out.push('name');
  if ((a.email ?? '') !== (b.email ?? '')) out.push('email');
  if (!sameSet(a.roles, b.roles)) out.push('roles');
  if (!sameSet(a.classes, b.classes)) out.push('classes');
  if (!sameSet(a.trinn, b.trinn)) out.push('trinn');
  if ((a.teamsId ?? '') !== (b.teamsId ?? '')) out.push('teamsId');
  return out;
}

function schoolDiff(a: School, b: School): string[] {
  const out: string[] = [];
  if (a.name !== b.name) out.push('name');
  if (a.languageForm !== b.languageForm) out.push('languageForm');
  if (a.investigationDays !== b.investigationDays) out.push('investigationDays');
  if (a.urgentInvestigationDays !== b.urgentInvestigationDays) out.push('urgentInvestigationDays');
  if (a.retentionMonths !== b.retentionMonths) out.push('retentionMonths');
  if ((a.staffGroupId ?? '') !== (b.staffGroupId ?? '')) out.push('staffGroupId');
  if ((a.graphSchoolId ?? '') !== (b.graphSchoolId ?? '')) out.push('graphSchoolId');
  if ((a.meldepliktContact ?? '') !== (b.meldepliktContact ?? '')) out.push('meldepliktContact');
  if ((a.ownerPhone ?? '') !== (b.ownerPhone ?? '')) out.push('ownerPhone');
  if ((a.ownerEmail ?? '') !== (b.ownerEmail ?? '')) out.push('ownerEmail');
  if (JSON.stringify(a.breaks ?? []) !== JSON.stringify(b.breaks ?? [])) out.push('breaks');
  const [was, is] = [new Map(archiveFileFields(a.archive)), new Map(archiveFileFields(b.archive))];
  for (const f of ARCHIVE_FIELDS) if ((was.get(f) ?? '') !== (is.get(f) ?? '')) out.push(f);
  return out;
}

const channelOf = (tenantId: string, schoolId: string, c: FileChannel, now: Date): SchoolChannel => ({
  tenantId,
  schoolId,
  scope: c.scope,
  target: c.target,
  conversationId: c.conversationId,
  serviceUrl: c.serviceUrl,
  setBy: 'import',
  setAt: now.toISOString(),
});

/** A few writes at a time: fast for 250 staff without flooding the storage account. */
async function inBatches<T>(items: T[], write: (x: T) => Promise<void>, size = 8): Promise<void> {
  for (let k = 0; k < items.length; k += size) await Promise.all(items.slice(k, k + size).map(write));
}

// ---------------------------------------------------------------------------------------------
// What the admin reads: errors with their line, and what an import does.

/** One line per problem, "Linje 14: Ukjent rolle «lærer». …", in the admin's language. */
export function errorLines(lang: Lang, errors: FileError[]): string[] {
  const t = strings(lang).admin;
  return errors.map((e) => {
    const values = { ...(e.values ?? {}) };
    if (typeof values.expected === 'string' && values.expected in t.types) values.expected = t.types[values.expected as keyof typeof t.types];
    if (typeof values.field === 'string' && values.field in t.fields) values.field = t.fields[values.field as keyof typeof t.fields];
    const code = e.code === 'guid' && values.value === '' ? 'guidMissing' : e.code === 'unknownClass' && values.inFile === 0 ? 'unknownClassStored' : e.code;
    return fill(t.line, { line: e.line, message: fill(t.errors[code], values) });
  });
}

const names = (list: PersonChange[], max = 20) => list.slice(0, max).map((p) => p.name).join(', ') + (list.length > max ? ` (+${list.length - max})` : '');

/** The summary an import prints: "Ellingsrud skole: 12 nye, 3 endret, 2 fjernet." and who. */
export function planLines(lang: Lang, p: ImportPlan): string[] {
  const t = strings(lang).admin;
  const out: string[] = [];
  if (!p.hasChanges) return [t.noChanges];
  if (p.newSchool) out.push(fill(t.newSchool, { school: p.schoolName, schoolId: p.schoolId }));
  if (p.schoolFields.length) out.push(fill(t.schoolChanged, { fields: p.schoolFields.map((f) => t.fields[f as keyof typeof t.fields] ?? f).join(', ') }));
  const c = p.classes;
  if (c.added.length + c.changed.length + c.removed.length) out.push(fill(t.classes, { added: plural(lang, c.added.length, t.counted.added), changed: c.changed.length, removed: c.removed.length }));
  out.push(fill(t.summary, { school: p.schoolName, added: plural(lang, p.added.length, t.counted.added), changed: p.changed.length, removed: p.removed.length }));
  if (p.added.length) out.push(fill(t.addedList, { list: names(p.added) }));
  if (p.changed.length) {
    const list = p.changed.slice(0, 20).map((x) => `${x.name} (${(x.fields ?? []).map((f) => t.fields[f as keyof typeof t.fields] ?? f).join(', ')})`);
    out.push(fill(t.changedList, { list: list.join(', ') + (p.changed.length > 20 ? ` (+${p.changed.length - 20})` : '') }));
  }
  if (p.removed.length) out.push(fill(t.removedList, { list: names(p.removed) }));
  if (p.keptForEntra.length) out.push(fill(t.keptForEntra, { count: p.keptForEntra.length }));
  const ch = p.channels;
  if (ch.added.length + ch.changed.length + ch.removed.length) out.push(fill(t.channels, { added: plural(lang, ch.added.length, t.counted.added), changed: ch.changed.length, removed: ch.removed.length }));
  return out;
}
