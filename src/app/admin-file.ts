/**
 * The school file an admin imports and exports (docs/admin/): one school's settings, classes,
 * people with their roles, and channels, as JSON or as CSV. Everything is read and checked before
 * anything is stored, and every problem is reported with its line, so a file with errors changes
 * nothing. Pure: no storage, no clock. Reading the two formats into cells with their lines is in
 * admin-file-read.ts, writing them in admin-file-write.ts; here the checking.
 */
import { ROLES, type Role } from '../domain/people';
import { CHANNEL_SCOPES, type ChannelScope, type LanguageForm } from '../domain/school';
import type { SchoolBreak } from '../domain/school-calendar';
import { csvDraft, jsonDraft, type Cell, type Draft } from './admin-file-read';
import { archiveSettingsOf } from './admin-file-archive';
import type { ArchiveSettings } from '../domain/archive';

export const FILE_FORMAT = 'meld-fra-skole/1';

export interface FilePerson {
  line: number;
  userId: string;
  name: string;
  /** Empty: keep the address already stored (for example from the Entra ID sync). */
  email: string;
  roles: Role[];
  classes: string[];
  trinn: number[];
  /** Empty: keep the Teams id already stored (Teams tells it at the first message). */
  teamsId: string;
}

export interface FileChannel {
  line: number;
  scope: ChannelScope;
  target: string;
  conversationId: string;
  serviceUrl: string;
}

export interface FileSchool {
  schoolId: string;
  name: string;
  languageForm: LanguageForm;
  investigationDays: number;
  /** §12-5 «straks»: 0 or 1 school day; absent is the default (the next school day). */
  urgentInvestigationDays?: number;
  retentionMonths?: number;
  staffGroupId?: string;
  /** The school's educationSchool id in Microsoft Graph (ROSTER=graph, docs/admin/README.md). */
  graphSchoolId?: string;
  meldepliktContact?: string;
  /** How a reporter reaches the school owner directly while the app has no school-owner contact. */
  ownerPhone?: string;
  ownerEmail?: string;
  /** Where the school's cases are journaled (admin-file-archive.ts). */
  archive?: ArchiveSettings;
  breaks: SchoolBreak[];
}

type OptionalSettings = Pick<FileSchool, 'urgentInvestigationDays' | 'retentionMonths' | 'staffGroupId' | 'graphSchoolId' | 'meldepliktContact' | 'ownerPhone' | 'ownerEmail' | 'archive'>;

/** The optional settings a school has set, the others left out (so an export read back changes nothing). */
export const optionalSettings = (s: OptionalSettings): OptionalSettings => ({
  ...(s.urgentInvestigationDays !== undefined ? { urgentInvestigationDays: s.urgentInvestigationDays } : {}),
  ...(s.retentionMonths !== undefined ? { retentionMonths: s.retentionMonths } : {}),
  ...(s.staffGroupId ? { staffGroupId: s.staffGroupId } : {}),
  ...(s.graphSchoolId ? { graphSchoolId: s.graphSchoolId } : {}),
  ...(s.meldepliktContact ? { meldepliktContact: s.meldepliktContact } : {}),
  ...(s.ownerPhone ? { ownerPhone: s.ownerPhone } : {}),
  ...(s.ownerEmail ? { ownerEmail: s.ownerEmail } : {}),
  ...(s.archive ? { archive: s.archive } : {}),
});

/** A checked file. Sections the file leaves out (classes, channels) are kept as they are stored. */
export interface SchoolFile {
  tenantId: string;
  school: FileSchool;
  classes?: { line: number; name: string; trinn: number }[];
  people: FilePerson[];
  channels?: FileChannel[];
}

/** One problem, as a code with values; the admin's language renders it (i18n `admin.errors`). */
export interface FileError {
  line: number;
  code: ErrorCode;
  values?: Record<string, string | number>;
}

export type ErrorCode =
  | 'syntax' | 'notObject' | 'unknownField' | 'wrongType' | 'format' | 'unknownSetting' | 'duplicateSetting' | 'unknownColumn' | 'missingColumn'
  | 'duplicateColumn' | 'tooManyCells' | 'noHeader' | 'tenantMissing' | 'tenantMismatch' | 'guid' | 'schoolIdInvalid' | 'schoolIdMissing'
  | 'schoolNameMissing' | 'languageForm' | 'outOfRange' | 'notInteger' | 'breakInvalid' | 'nameMissing' | 'tooLong' | 'emailInvalid'
  | 'unknownRole' | 'noRoles' | 'duplicateUser' | 'unknownClass' | 'trinnRange' | 'className' | 'duplicateClass' | 'classTrinnConflict'
  | 'classesWithoutRole' | 'contactTeacherWithoutClass' | 'trinnWithoutRole' | 'leaderWithoutTrinn' | 'noRektor' | 'noOwner' | 'noPeople' | 'phoneInvalid'
  | 'channelScope' | 'channelTarget' | 'channelDuplicate' | 'conversationId' | 'serviceUrl' | 'archiveMissing' | 'archiveFieldMissing' | 'noteType' | 'graphSchoolId';

/** where: the tenant and school the file is about, when those are readable (to look up what is stored). */
export type ParseResult = ({ ok: true; file: SchoolFile } | { ok: false; errors: FileError[] }) & { where?: { tenantId: string; schoolId: string }; hasClasses: boolean };

/** What the file is checked against: what the command line says and what is already stored. */
export interface ParseContext {
  /** --tenant on the command line. */
  tenantId?: string;
  /** The school's classes as stored, for a file without a class section. */
  storedClasses?: string[];
  /** The service journals cases (ARCHIVE≠none): the school must have its archive settings. */
  archiveOn?: boolean;
}

export function parseSchoolFile(text: string, kind: 'json' | 'csv', ctx: ParseContext = {}): ParseResult {
  const errors: FileError[] = [];
  const draft = kind === 'json' ? jsonDraft(text.replace(/^\uFEFF/, ''), errors) : csvDraft(text.replace(/^\uFEFF/, ''), errors);
  if (!draft) return { ok: false, errors, hasClasses: false };
  const file = check(draft, ctx, errors);
  errors.sort((a, b) => a.line - b.line);
  const tenantId = (str(draft.tenantId) || ctx.tenantId || '').toLowerCase();
  const schoolId = str(draft.school.schoolId);
  const where = GUID.test(tenantId) && SCHOOL_ID.test(schoolId) ? { tenantId, schoolId } : undefined;
  const meta = { hasClasses: !!draft.classes, ...(where ? { where } : {}) };
  return errors.length || !file ? { ok: false, errors, ...meta } : { ok: true, file, ...meta };
}

/** .csv is CSV; everything else is read as JSON. */
export const kindOf = (path: string): 'json' | 'csv' => (/\.csv$/i.test(path) ? 'csv' : 'json');

// ---------------------------------------------------------------------------------------------
// Checking: every rule, every line, before anything is stored.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An educationSchool id as School Data Sync gives it: a GUID, or a short id of letters, digits, '-', '_' and '.'. */
const GRAPH_ID = /^[A-Za-z0-9._-]{1,100}$/;
const SCHOOL_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const CLASS_NAME = /^[0-9A-Za-zÆØÅæøå][0-9A-Za-zÆØÅæøå .-]{0,19}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/;
/** A phone number as people write it: digits, spaces, +, - and parentheses. */
const PHONE = /^\+?[0-9][0-9 ()-]{3,24}$/;
export const NAME_LIMIT = 200;

/** How a role is written in the file: "kontaktlærer" and "kontaktlaerer" are the same. */
export const ROLE_SPELLING: Record<Role, string> = {
  ansatt: 'ansatt', kontaktlaerer: 'kontaktlærer', faglaerer: 'faglærer', avdelingsleder: 'avdelingsleder', rektor: 'rektor',
  miljoteam: 'miljøteam', elevradgiver: 'elevrådgiver', postfordeler: 'postfordeler', kontor: 'kontor', skoleeier: 'skoleeier', admin: 'admin',
};
const roleOf = (s: string): Role | undefined => {
  const k = s.trim().toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a').replace(/[\s_-]/g, '');
  return (ROLES as readonly string[]).includes(k) ? (k as Role) : undefined;
};

/** "a|b", "a,b" or a JSON list. */
const listOf = (c: Cell | undefined): string[] =>
  c === undefined ? [] : Array.isArray(c.v) ? c.v.map((x) => String(x).trim()).filter(Boolean) : String(c.v).split(/[|,]/).map((x) => x.trim()).filter(Boolean);

const str = (c: Cell | undefined): string => (c === undefined ? '' : typeof c.v === 'string' ? c.v.trim() : typeof c.v === 'number' ? String(c.v) : '');

function check(d: Draft, ctx: ParseContext, errors: FileError[]): SchoolFile | undefined {
  const err = (line: number, code: ErrorCode, values?: FileError['values']) => errors.push({ line, code, ...(values ? { values } : {}) });
  const strOf = (c: Cell | undefined, field: string): string => {
    if (c !== undefined && typeof c.v !== 'string' && typeof c.v !== 'number') err(c.line, 'wrongType', { field, expected: 'text' });
    return str(c);
  };
  const intOf = (c: Cell | undefined, field: string, min: number, max: number): number | undefined => {
    if (c === undefined) return undefined;
    const n = typeof c.v === 'number' ? c.v : typeof c.v === 'string' && /^\s*-?\d+\s*$/.test(c.v) ? Number(c.v) : NaN;
    if (!Number.isInteger(n)) err(c.line, 'notInteger', { field, value: String(c.v) });
    else if (n < min || n > max) err(c.line, 'outOfRange', { field, value: n, min, max });
    else return n;
    return undefined;
  };

  if (d.format && str(d.format) !== FILE_FORMAT) err(d.format.line, 'format', { value: str(d.format), expected: FILE_FORMAT });

  // Tenant: from the file or --tenant, the same when both are given.
  const fileTenant = strOf(d.tenantId, 'tenantId');
  const tenantId = fileTenant || ctx.tenantId || '';
  if (!tenantId) err(d.tenantId?.line ?? 1, 'tenantMissing');
  else if (!GUID.test(tenantId)) err(d.tenantId?.line ?? 1, 'guid', { field: 'tenantId', value: tenantId });
  else if (fileTenant && ctx.tenantId && fileTenant.toLowerCase() !== ctx.tenantId.toLowerCase()) err(d.tenantId!.line, 'tenantMismatch', { file: fileTenant, given: ctx.tenantId });

  // The school's settings.
  const s = d.school;
  const schoolId = strOf(s.schoolId, 'schoolId');
  if (!schoolId) err(d.schoolLine, 'schoolIdMissing');
  else if (!SCHOOL_ID.test(schoolId)) err(s.schoolId!.line, 'schoolIdInvalid', { value: schoolId });
  const name = strOf(s.name, 'name');
  if (!name) err(s.name?.line ?? d.schoolLine, 'schoolNameMissing');
  else if (name.length > NAME_LIMIT) err(s.name!.line, 'tooLong', { field: 'name', limit: NAME_LIMIT });
  const lf = strOf(s.languageForm, 'languageForm') || 'nb';
  if (lf !== 'nb' && lf !== 'nn') err(s.languageForm!.line, 'languageForm', { value: lf });
  const investigationDays = s.investigationDays ? intOf(s.investigationDays, 'investigationDays', 1, 30) : 5;
  const urgentInvestigationDays = intOf(s.urgentInvestigationDays, 'urgentInvestigationDays', 0, 1);
  const retentionMonths = intOf(s.retentionMonths, 'retentionMonths', 1, 120);
  const ownerPhone = strOf(s.ownerPhone, 'ownerPhone');
  if (ownerPhone && !PHONE.test(ownerPhone)) err(s.ownerPhone!.line, 'phoneInvalid', { value: ownerPhone });
  const ownerEmail = strOf(s.ownerEmail, 'ownerEmail');
  if (ownerEmail && !EMAIL.test(ownerEmail)) err(s.ownerEmail!.line, 'emailInvalid', { value: ownerEmail });
  const staffGroupId = strOf(s.staffGroupId, 'staffGroupId');
  if (staffGroupId && !GUID.test(staffGroupId)) err(s.staffGroupId!.line, 'guid', { field: 'staffGroupId', value: staffGroupId });
  const graphSchoolId = strOf(s.graphSchoolId, 'graphSchoolId');
  if (graphSchoolId && !GRAPH_ID.test(graphSchoolId)) err(s.graphSchoolId!.line, 'graphSchoolId', { value: graphSchoolId });
  const meldepliktContact = strOf(s.meldepliktContact, 'meldepliktContact');
  if (meldepliktContact.length > NAME_LIMIT) err(s.meldepliktContact!.line, 'tooLong', { field: 'meldepliktContact', limit: NAME_LIMIT });
  const archive = archiveSettingsOf(s, { schoolLine: d.schoolLine, archiveOn: !!ctx.archiveOn, strOf, err });
  const breaks: SchoolBreak[] = [];
  for (const b of s.breaks?.rows ?? []) {
    const [bn, from, to] = [strOf(b.name, 'name'), strOf(b.from, 'from'), strOf(b.to, 'to')];
    if (!bn || !validDate(from) || !validDate(to) || from > to) err(b.line, 'breakInvalid', { name: bn, from, to });
    else breaks.push({ name: bn, from, to });
  }

  // Classes: given in the file, or else those already stored.
  const classes: NonNullable<SchoolFile['classes']> = [];
  for (const c of d.classes?.rows ?? []) {
    const cn = strOf(c.name, 'name');
    if (!CLASS_NAME.test(cn)) {
      err(c.line, 'className', { value: cn });
      continue;
    }
    const trinn = c.trinn === undefined ? undefined : intOf(c.trinn, 'trinn', 1, 13);
    if (c.trinn === undefined) err(c.line, 'trinnRange', { value: '' });
    if (trinn === undefined) continue;
    const before = classes.find((k) => k.name.toUpperCase() === cn.toUpperCase());
    if (before && before.trinn !== trinn) err(c.line, 'classTrinnConflict', { name: cn, trinn, other: before.trinn, otherLine: before.line });
    else if (before) err(c.line, 'duplicateClass', { name: cn, otherLine: before.line });
    else classes.push({ line: c.line, name: cn, trinn });
  }
  const known = d.classes ? classes.map((k) => k.name) : (ctx.storedClasses ?? []);
  const classNamed = (n: string) => known.find((k) => k.toUpperCase() === n.toUpperCase());

  // People.
  const people: FilePerson[] = [];
  const byUser = new Map<string, number>();
  if (!d.people || d.people.rows.length === 0) err(d.people?.line ?? 1, 'noPeople');
  for (const p of d.people?.rows ?? []) {
    const userId = strOf(p.userId, 'userId').toLowerCase();
    if (!userId) err(p.line, 'guid', { field: 'userId', value: '' });
    else if (!GUID.test(userId)) err(p.userId!.line, 'guid', { field: 'userId', value: userId });
    else if (byUser.has(userId)) err(p.userId!.line, 'duplicateUser', { userId, otherLine: byUser.get(userId)! });
    else byUser.set(userId, p.line);
    const pn = strOf(p.name, 'name');
    if (!pn) err(p.name?.line ?? p.line, 'nameMissing');
    else if (pn.length > NAME_LIMIT) err(p.name!.line, 'tooLong', { field: 'name', limit: NAME_LIMIT });
    const email = strOf(p.email, 'email');
    if (email && !EMAIL.test(email)) err(p.email!.line, 'emailInvalid', { value: email });
    const roleLine = p.roles?.line ?? p.line;
    const roles: Role[] = [];
    for (const r of listOf(p.roles)) {
      const role = roleOf(r);
      if (!role) err(roleLine, 'unknownRole', { role: r, allowed: Object.values(ROLE_SPELLING).join(', ') });
      else if (!roles.includes(role)) roles.push(role);
    }
    if (listOf(p.roles).length === 0) err(roleLine, 'noRoles', { name: pn || userId });
    const classLine = p.classes?.line ?? p.line;
    const pClasses: string[] = [];
    for (const c of listOf(p.classes)) {
      const k = classNamed(c);
      if (!k) err(classLine, 'unknownClass', { name: c, inFile: d.classes ? 1 : 0 });
      else if (!pClasses.includes(k)) pClasses.push(k);
    }
    const trinnLine = p.trinn?.line ?? p.line;
    const trinn: number[] = [];
    for (const t of listOf(p.trinn).flatMap(expandRange)) {
      const n = /^\d+$/.test(t) ? Number(t) : NaN;
      if (!(n >= 1 && n <= 13)) err(trinnLine, 'trinnRange', { value: t });
      else if (!trinn.includes(n)) trinn.push(n);
    }
    trinn.sort((a, b) => a - b);
    const who = pn || userId;
    if (listOf(p.classes).length && !roles.includes('kontaktlaerer')) err(classLine, 'classesWithoutRole', { name: who });
    if (roles.includes('kontaktlaerer') && listOf(p.classes).length === 0) err(roleLine, 'contactTeacherWithoutClass', { name: who });
    if (listOf(p.trinn).length && !roles.includes('avdelingsleder')) err(trinnLine, 'trinnWithoutRole', { name: who });
    if (roles.includes('avdelingsleder') && listOf(p.trinn).length === 0) err(roleLine, 'leaderWithoutTrinn', { name: who });
    people.push({ line: p.line, userId, name: pn, email, roles, classes: pClasses, trinn, teamsId: strOf(p.teamsId, 'teamsId') });
  }
  if (d.people && d.people.rows.length && !people.some((p) => p.roles.includes('rektor'))) err(d.people.line, 'noRektor');
  // A §12-5 or leadership report must always have a school owner to reach (issue 12).
  if (d.people && d.people.rows.length && !people.some((p) => p.roles.includes('skoleeier'))) err(d.people.line, 'noOwner');

  // Channels.
  const channels: FileChannel[] = [];
  for (const c of d.channels?.rows ?? []) {
    const scope = strOf(c.scope, 'scope').toLowerCase() as ChannelScope;
    if (!CHANNEL_SCOPES.includes(scope)) {
      err(c.line, 'channelScope', { value: scope, allowed: CHANNEL_SCOPES.join(', ') });
      continue;
    }
    let target = strOf(c.target, 'target');
    if (scope === 'skole' || scope === 'admin') {
      if (target) err(c.line, 'channelTarget', { scope, value: target });
    } else if (scope === 'klasse') {
      const k = classNamed(target);
      if (!k) err(c.line, 'channelTarget', { scope, value: target });
      else target = k;
    } else if (!(d.classes ? classes : []).some((k) => String(k.trinn) === target) && !(!d.classes && /^(1[0-3]|[1-9])$/.test(target))) {
      err(c.line, 'channelTarget', { scope, value: target });
    }
    const conversationId = strOf(c.conversationId, 'conversationId');
    if (!/^19:\S+$/.test(conversationId)) err(c.line, 'conversationId', { value: conversationId });
    const serviceUrl = strOf(c.serviceUrl, 'serviceUrl');
    if (!validUrl(serviceUrl)) err(c.line, 'serviceUrl', { value: serviceUrl });
    const dup = channels.find((x) => x.scope === scope && x.target === target);
    if (dup) err(c.line, 'channelDuplicate', { scope, value: target, otherLine: dup.line });
    channels.push({ line: c.line, scope, target, conversationId, serviceUrl });
  }

  if (errors.length) return undefined;
  return {
    tenantId: tenantId.toLowerCase(),
    school: {
      schoolId,
      name,
      languageForm: lf as LanguageForm,
      investigationDays: investigationDays ?? 5,
      ...optionalSettings({ urgentInvestigationDays, retentionMonths, staffGroupId: staffGroupId.toLowerCase(), graphSchoolId, meldepliktContact, ownerPhone, ownerEmail, archive }),
      breaks,
    },
    ...(d.classes ? { classes } : {}),
    people,
    ...(d.channels ? { channels } : {}),
  };
}

/** "1-7" is 1, 2, … 7; anything else is itself. */
const expandRange = (t: string): string[] => {
  const m = /^(\d{1,2})\s*-\s*(\d{1,2})$/.exec(t);
  if (!m || Number(m[1]) > Number(m[2])) return [t];
  return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, k) => String(Number(m[1]) + k));
};

const validDate = (s: string): boolean => {
  if (!DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
};

const validUrl = (s: string): boolean => {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
};
