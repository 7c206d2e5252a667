/**
 * Microsoft Graph's education API (v1.0, what School Data Sync fills), as FakeGraph serves it:
 *   GET /education/schools[/{id}[/classes]], /education/classes/{id}[/members|/teachers],
 *   GET /education/users/{id}/classes
 * with $select and $top, and paging through @odata.nextLink ($skiptoken) at `pageSize` items a page
 * (whatever $top asks, as Graph may). An unknown or deleted id answers 404 ErrorItemNotFound.
 * Teachers are in both a class's members and teachers, as Graph requires.
 */
export interface EduSchool { id: string; displayName: string; externalId?: string }
export interface EduClass { id: string; displayName: string; classCode?: string; externalId?: string; mailNickname?: string; grade?: string; schoolId: string }
export interface EduUser { id: string; displayName: string; mailNickname?: string; primaryRole: 'student' | 'teacher'; birthDate?: string }

type Answer = { status: number; body?: object; headers?: Record<string, string> };

export class FakeEducation {
  readonly schools = new Map<string, EduSchool>();
  readonly classes = new Map<string, EduClass>();
  readonly users = new Map<string, EduUser>();
  /** class id → user ids (pupils and teachers), and class id → teacher ids. */
  private readonly members = new Map<string, Set<string>>();
  private readonly teachersOf = new Map<string, Set<string>>();
  /** Items per page; Graph decides its own page size, so clients must follow nextLink. */
  pageSize = 100;
  /** The next `times` requests for a later page (with $skiptoken) fail with `status` (Retry-After: 0). */
  private laterPageFailures: number[] = [];

  failLaterPage(status: number, times = 1): void {
    for (let i = 0; i < times; i++) this.laterPageFailures.push(status);
  }

  addSchool(s: EduSchool): this {
    this.schools.set(s.id, s);
    return this;
  }

  addClass(c: EduClass, teachers: EduUser[] = [], pupils: EduUser[] = []): this {
    this.classes.set(c.id, c);
    this.members.set(c.id, new Set());
    this.teachersOf.set(c.id, new Set());
    for (const t of teachers) this.addTeacher(c.id, t);
    for (const p of pupils) this.addPupil(c.id, p);
    return this;
  }

  addTeacher(classId: string, u: EduUser): this {
    this.users.set(u.id, u);
    this.members.get(classId)!.add(u.id);
    this.teachersOf.get(classId)!.add(u.id);
    return this;
  }

  addPupil(classId: string, u: EduUser): this {
    this.users.set(u.id, u);
    this.members.get(classId)!.add(u.id);
    return this;
  }

  /** A pupil moves class (SDS's next sync): gone from one, in the other. */
  movePupil(userId: string, fromClassId: string, toClassId: string): void {
    this.members.get(fromClassId)!.delete(userId);
    this.members.get(toClassId)!.add(userId);
  }

  /** A class deleted in the school's system: 404 from then on, and gone from every list. */
  deleteClass(classId: string): void {
    this.classes.delete(classId);
    this.members.delete(classId);
    this.teachersOf.delete(classId);
  }

  route(method: string, url: URL, root: string): Answer {
    if (method !== 'GET') return { status: 405, body: eduError(405, 'method not allowed') };
    const parts = url.pathname.replace(/^\/v1\.0\/education\//, '').split('/').filter(Boolean).map(decodeURIComponent);
    const [kind, id, rel] = parts;
    const notFound = { status: 404, body: eduError(404, 'Resource not found.') };
    if (kind === 'schools') {
      if (!id) return this.page(url, root, 'educationSchool', [...this.schools.values()]);
      const s = this.schools.get(id);
      if (!s) return notFound;
      if (!rel) return { status: 200, body: s };
      if (rel === 'classes') return this.page(url, root, 'educationClass', [...this.classes.values()].filter((c) => c.schoolId === id).map(classOut));
    }
    if (kind === 'classes' && id) {
      const c = this.classes.get(id);
      if (!c) return notFound;
      if (!rel) return { status: 200, body: classOut(c) };
      const ids = rel === 'members' ? this.members.get(id)! : rel === 'teachers' ? this.teachersOf.get(id)! : undefined;
      if (ids) return this.page(url, root, 'educationUser', [...ids].map((u) => userOut(this.users.get(u)!)));
    }
    if (kind === 'users' && id && rel === 'classes') {
      if (!this.users.has(id)) return notFound;
      const cs = [...this.classes.values()].filter((c) => this.members.get(c.id)?.has(id));
      return this.page(url, root, 'educationClass', cs.map(classOut));
    }
    return { status: 400, body: eduError(400, `unsupported: ${method} ${url.pathname}`) };
  }

  private page(url: URL, root: string, type: string, items: object[]): Answer {
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const fail = skip > 0 ? this.laterPageFailures.shift() : undefined;
    if (fail) return { status: fail, body: eduError(fail, 'injected failure'), headers: { 'retry-after': '0' } };
    const top = Math.min(Number(url.searchParams.get('$top') ?? this.pageSize) || this.pageSize, this.pageSize);
    const select = url.searchParams.get('$select')?.split(',').filter(Boolean);
    const value = items.slice(skip, skip + top).map((i) => (select ? Object.fromEntries(Object.entries(i).filter(([k]) => select.includes(k))) : i));
    const body: Record<string, unknown> = { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#education/${type}`, value };
    if (skip + top < items.length) {
      const next = new URL(url.pathname, root);
      for (const [k, v] of url.searchParams) if (k !== '$skiptoken') next.searchParams.set(k, v);
      next.searchParams.set('$skiptoken', String(skip + top));
      body['@odata.nextLink'] = next.toString();
    }
    return { status: 200, body };
  }
}

const classOut = (c: EduClass) => {
  const { schoolId: _school, ...rest } = c;
  return { '@odata.type': '#microsoft.graph.educationClass', externalSource: 'sis', ...rest };
};

const userOut = (u: EduUser) => {
  const { birthDate, ...rest } = u;
  return { externalSource: 'sis', ...rest, student: u.primaryRole === 'student' ? { birthDate: birthDate ?? null, grade: null } : null, teacher: u.primaryRole === 'teacher' ? { teacherNumber: null } : null };
};

const eduError = (status: number, message: string) => ({
  error: { code: status === 404 ? 'ErrorItemNotFound' : status === 405 ? 'MethodNotAllowed' : 'BadRequest', message, innerError: { 'request-id': `req-${status}`, date: new Date().toISOString() } },
});
