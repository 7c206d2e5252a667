/**
 * The directory's reads held for a short while. Every request asks who the user is
 * (memberships), and a report also reads the school, its classes and its staff: four table
 * round trips of the submit's twenty (bench/README.md, «where the time went»), for rows that
 * change a few times a term, by the admin import or the Entra sync.
 *
 * A write through this instance (import, sync, tests) forgets everything at once, and a read
 * started before it is not kept. Writes made by another instance (or a restore) are seen within
 * TTL_MS: a person removed keeps their role in the other instance's cache for at most that long.
 * Answers are copies: a caller may change what it gets without changing the cache.
 */
import type { Membership } from '../../domain/people';
import type { School, SchoolClass } from '../../domain/school';
import { DirectoryRepository } from './directory-repository';
import type { Tables } from './table-client';

const TTL_MS = 30_000;
/** Beyond this many keys the oldest are dropped: a cache, not a copy of the directory. */
const MAX_KEYS = 5_000;

export class CachedDirectory extends DirectoryRepository {
  private readonly held = new Map<string, { until: number; value: Promise<unknown> }>();
  private generation = 0;

  constructor(
    tables: Tables,
    private readonly ttlMs = TTL_MS,
  ) {
    super(tables);
  }

  private cached<T>(key: string, read: () => Promise<T>): Promise<T> {
    const now = performance.now();
    const hit = this.held.get(key);
    if (hit && hit.until > now) return hit.value.then(structuredClone) as Promise<T>;
    const gen = this.generation;
    const value = read();
    // Requests at the same moment share one read; a failed read is not kept.
    this.held.set(key, { until: now + this.ttlMs, value });
    value.then(
      () => {
        if (gen !== this.generation) this.held.delete(key);
      },
      () => this.held.delete(key),
    );
    if (this.held.size > MAX_KEYS) this.held.delete(this.held.keys().next().value!);
    return value.then(structuredClone);
  }

  private forget(): void {
    this.generation++;
    this.held.clear();
  }

  override getSchool(tenantId: string, schoolId: string): Promise<School | undefined> {
    return this.cached(`s|${tenantId}|${schoolId}`, () => super.getSchool(tenantId, schoolId));
  }

  override listClasses(tenantId: string, schoolId: string): Promise<SchoolClass[]> {
    return this.cached(`c|${tenantId}|${schoolId}`, () => super.listClasses(tenantId, schoolId));
  }

  override membershipsOf(tenantId: string, userId: string): Promise<Membership[]> {
    return this.cached(`m|${tenantId}|${userId}`, () => super.membershipsOf(tenantId, userId));
  }

  override staffOf(tenantId: string, schoolId: string): Promise<Membership[]> {
    return this.cached(`t|${tenantId}|${schoolId}`, () => super.staffOf(tenantId, schoolId));
  }

  private async writing(write: Promise<void>): Promise<void> {
    // Forgotten before and after: a read that overlaps the write is not kept either way.
    this.forget();
    try {
      await write;
    } finally {
      this.forget();
    }
  }

  override upsertSchool(s: School): Promise<void> {
    return this.writing(super.upsertSchool(s));
  }

  override upsertClass(c: SchoolClass): Promise<void> {
    return this.writing(super.upsertClass(c));
  }

  override upsertMembership(m: Membership): Promise<void> {
    return this.writing(super.upsertMembership(m));
  }

  override deleteMembership(tenantId: string, schoolId: string, userId: string): Promise<void> {
    return this.writing(super.deleteMembership(tenantId, schoolId, userId));
  }

  override deleteClass(tenantId: string, schoolId: string, name: string): Promise<void> {
    return this.writing(super.deleteClass(tenantId, schoolId, name));
  }
}
