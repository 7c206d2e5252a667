/**
 * The SchoolRoster port on Microsoft Graph's education API (School Data Sync), app-only with the
 * application permission EduRoster.Read.All:
 *   GET /education/schools, /education/schools/{id}/classes, /education/users/{id}/classes,
 *   GET /education/classes/{id}/members (pupils: primaryRole student), /education/classes/{id}/teachers,
 * every page (@odata.nextLink). The client's RetryHandler (graph-calendar.ts: graphClient) already
 * retries 429/503/504 after Retry-After; what still fails is `down`, a 404 is `none`. Answers are
 * held for a short while (cacheMs), so one click's several reads and the next click cost one call;
 * a failed read is never held. Nothing here logs, and no name leaves in an error.
 */
import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import type { RosterRead, SchoolRoster, SchoolRosterClass, SchoolRosterPerson, SchoolRosterSchool } from '../../ports';

interface GraphClass { id?: string; displayName?: string | null; grade?: string | null }
interface GraphUser { id?: string; displayName?: string | null; primaryRole?: string | null; student?: { birthDate?: string | null } | null }
interface Page<T> { value?: T[]; '@odata.nextLink'?: string }

/** Beyond this many pages something is wrong (a class of 100 000, a nextLink that loops): stop rather than loop, as not answering (a part of a list is not the list). */
const MAX_PAGES = 200;
const MAX_KEYS = 2_000;
const CLASS_FIELDS = 'id,displayName,grade';

export class GraphRoster implements SchoolRoster {
  private readonly held = new Map<string, { until: number; value: Promise<RosterRead<unknown>> }>();

  /** One client per tenant (each with its own token); cacheMs 0 reads Graph every time. */
  constructor(
    private readonly clientFor: (tenantId: string) => Client,
    private readonly cacheMs = 60_000,
  ) {}

  schools(tenantId: string): Promise<RosterRead<SchoolRosterSchool[]>> {
    return this.read(tenantId, '/education/schools', 'id,displayName,externalId', (ss: { id?: string; displayName?: string | null; externalId?: string | null }[]) =>
      ss.filter((s): s is { id: string; displayName: string; externalId?: string | null } => typeof s.id === 'string' && !!s.displayName).map((s) => ({ id: s.id, name: s.displayName, ...(s.externalId ? { externalId: s.externalId } : {}) })),
    );
  }

  classes(tenantId: string, schoolRef: string): Promise<RosterRead<SchoolRosterClass[]>> {
    return this.read(tenantId, `/education/schools/${seg(schoolRef)}/classes`, CLASS_FIELDS, toClasses);
  }

  classesOf(tenantId: string, userId: string): Promise<RosterRead<SchoolRosterClass[]>> {
    return this.read(tenantId, `/education/users/${seg(userId)}/classes`, CLASS_FIELDS, toClasses);
  }

  pupils(tenantId: string, classId: string): Promise<RosterRead<SchoolRosterPerson[]>> {
    return this.read(tenantId, `/education/classes/${seg(classId)}/members`, 'id,displayName,primaryRole,student', (us: GraphUser[]) =>
      toPeople(us.filter((u) => (u.primaryRole ?? '').toLowerCase() === 'student')),
    );
  }

  teachers(tenantId: string, classId: string): Promise<RosterRead<SchoolRosterPerson[]>> {
    return this.read(tenantId, `/education/classes/${seg(classId)}/teachers`, 'id,displayName', toPeople);
  }

  private read<G, T>(tenantId: string, path: string, select: string, map: (items: G[]) => T): Promise<RosterRead<T>> {
    const key = `${tenantId}|${path}`;
    const now = performance.now();
    const hit = this.held.get(key);
    if (hit && hit.until > now) return hit.value as Promise<RosterRead<T>>;
    const value = this.fetchAll<G>(tenantId, path, select).then((r): RosterRead<T> => (r.kind === 'ok' ? { kind: 'ok', value: map(r.value) } : r));
    if (this.cacheMs > 0) {
      this.held.set(key, { until: now + this.cacheMs, value });
      // Only answers are held: Graph being down is asked again on the next click.
      void value.then((r) => r.kind === 'down' && this.held.delete(key), () => this.held.delete(key));
      if (this.held.size > MAX_KEYS) this.held.delete(this.held.keys().next().value!);
    }
    return value;
  }

  /** One client per tenant for the life of the service: its token provider keeps the token until it expires. */
  private readonly clients = new Map<string, Client>();

  private async fetchAll<G>(tenantId: string, path: string, select: string): Promise<RosterRead<G[]>> {
    let client = this.clients.get(tenantId);
    if (!client) this.clients.set(tenantId, (client = this.clientFor(tenantId)));
    const out: G[] = [];
    try {
      let page = (await client.api(path).select(select).top(999).get()) as Page<G>;
      for (let n = 0; ; n++) {
        out.push(...(page.value ?? []));
        const next = page['@odata.nextLink'];
        if (!next) return { kind: 'ok', value: out };
        // A list cut short would read as pupils who left (their marks removed): not an answer.
        if (n >= MAX_PAGES) return { kind: 'down', status: 0 };
        page = (await client.api(relative(next)).get()) as Page<G>;
      }
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      if (e.statusCode === 404) return { kind: 'none' };
      // 401/403 (no consent to EduRoster.Read.All), 429/5xx past the retries, no answer at all.
      return { kind: 'down', status: e.statusCode > 0 ? e.statusCode : 0 };
    }
  }
}

const toClasses = (cs: GraphClass[]): SchoolRosterClass[] =>
  cs.filter((c): c is GraphClass & { id: string } => typeof c.id === 'string' && !!c.displayName?.trim()).map((c) => ({ id: c.id, name: c.displayName!.trim(), ...(c.grade ? { grade: c.grade } : {}) }));

const toPeople = (us: GraphUser[]): SchoolRosterPerson[] =>
  us
    .filter((u): u is GraphUser & { id: string } => typeof u.id === 'string' && !!u.displayName?.trim())
    .map((u) => ({ id: u.id, name: u.displayName!.trim(), ...(u.student?.birthDate ? { birthDate: u.student.birthDate.slice(0, 10) } : {}) }));

const seg = (s: string) => encodeURIComponent(s);

/**
 * A nextLink as a path on the client's own Graph root: the SDK only parses https links itself, and
 * the token must never go to another host anyway (as graph-staff-groups.ts).
 */
const relative = (link: string): string => {
  const u = new URL(link);
  return `${u.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '')}${u.search}`;
};
