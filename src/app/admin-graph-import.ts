/**
 * The admin import with classes and kontaktlærere from the school's own system (ROSTER=graph,
 * `npm run admin -- import-graph`): the school as stored, with its class list and who keeps which
 * class replaced by what Microsoft Graph's education API (School Data Sync) says, goes through the
 * same check, preview and confirm as an imported file (admin-import.ts): nothing is written before
 * the admin has seen what changes, and a removal needs --yes.
 *
 * - Classes: every class of the school in Graph whose year group can be read (Graph's grade, else
 *   the digits the name starts with, 1–13) and whose name the file format allows; the others are
 *   listed as skipped. Classes stored but gone from Graph are removed (shown first).
 * - Kontaktlærere: each teacher of a class in Graph keeps that class. Someone already at the school
 *   gets the role kontaktlærer with exactly those classes; someone new comes with ansatt and
 *   kontaktlærer. A kontaktlærer who teaches none of the classes loses that role (and, with no
 *   other role left, the membership). Every other role and setting stays as stored.
 */
import type { Role } from '../domain/people';
import type { SchoolRoster, SchoolRosterClass } from '../ports';
import { CLASS_NAME, type FilePerson, type ParseResult, type SchoolFile } from './admin-file';
import { toJson } from './admin-file-write';
import type { SchoolAdmin } from './admin-import';

export type GraphFileResult =
  | { ok: true; read: ParseResult; skipped: string[] }
  | { ok: false; problem: 'noSchool' | 'noGraphId' | 'none' | 'down'; status?: number };

/** The year group of a class: Graph's grade when it is a number 1–13, else the digits its name starts with. */
export function trinnOf(c: SchoolRosterClass): number | undefined {
  for (const s of [c.grade ?? '', c.name]) {
    const m = /^\s*0*(\d{1,2})/.exec(s);
    const n = m ? Number(m[1]) : NaN;
    if (n >= 1 && n <= 13) return n;
  }
  return undefined;
}

export async function schoolFileFromGraph(d: { admin: SchoolAdmin; roster: SchoolRoster }, tenantId: string, schoolId: string): Promise<GraphFileResult> {
  const stored = await d.admin.export(tenantId, schoolId);
  if (!stored) return { ok: false, problem: 'noSchool' };
  const ref = stored.school.graphSchoolId;
  if (!ref) return { ok: false, problem: 'noGraphId' };
  const all = await d.roster.classes(tenantId, ref);
  if (all.kind !== 'ok') return { ok: false, problem: all.kind, ...(all.kind === 'down' ? { status: all.status } : {}) };
  const skipped: string[] = [];
  const classes: { id: string; name: string; trinn: number }[] = [];
  for (const c of all.value) {
    const trinn = trinnOf(c);
    const twin = classes.find((k) => k.name.toUpperCase() === c.name.toUpperCase());
    if (trinn === undefined || !CLASS_NAME.test(c.name) || twin) skipped.push(c.name);
    else classes.push({ id: c.id, name: c.name, trinn });
  }
  if (!classes.length) return { ok: false, problem: 'none' };

  // Who teaches each class; one class Graph cannot answer for stops the import (never half a school).
  const taught = new Map<string, { name: string; classes: string[] }>();
  for (const c of classes) {
    const t = await d.roster.teachers(tenantId, c.id);
    if (t.kind === 'down') return { ok: false, problem: 'down', status: t.status };
    for (const p of t.kind === 'ok' ? t.value : []) {
      const id = p.id.toLowerCase();
      const entry = taught.get(id) ?? { name: p.name, classes: [] };
      entry.classes.push(c.name);
      taught.set(id, entry);
    }
  }

  const people: FilePerson[] = [];
  for (const p of stored.people) {
    const mine = taught.get(p.userId.toLowerCase());
    taught.delete(p.userId.toLowerCase());
    const others = p.roles.filter((r) => r !== 'kontaktlaerer');
    const roles: Role[] = mine ? [...others, 'kontaktlaerer'] : others;
    if (!roles.length) continue;
    people.push({ ...p, roles, classes: mine ? mine.classes : [] });
  }
  for (const [userId, t] of taught) people.push({ line: 0, userId, name: t.name, email: '', roles: ['ansatt', 'kontaktlaerer'], classes: t.classes, trinn: [], teamsId: '' });

  const file: SchoolFile = { ...stored, classes: classes.map((c) => ({ line: 0, name: c.name, trinn: c.trinn })), people };
  // Through the file's own checks, as an imported file would be: the same errors, the same plan.
  return { ok: true, read: await d.admin.read(toJson(file), 'json', tenantId), skipped };
}
