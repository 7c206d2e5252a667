/**
 * Single-use, short-lived links to download a case as a PDF. Each press of «Last ned» issues a
 * new one for the user who pressed it; opening it needs that user's own sign-in (see
 * export-routes.ts), and the first opening consumes it. Only a hash of the link's token is
 * stored, so a reader of the table cannot use a link either.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { statusOf, type Tables } from '../tables/table-client';

export interface ExportTarget {
  tenantId: string;
  schoolId: string;
  caseId: string;
  userId: string;
  /** «Kopi til foresatte»: the fingerprint of the copy the leader approved (absent: the whole case). */
  copy?: string;
  /** «Oversikt»'s CSV (issue 17): the figures of the user's schools, no case (schoolId and caseId ''). */
  overview?: 'csv';
}

interface LinkEntity extends Omit<ExportTarget, 'tenantId'> {
  partitionKey: string;
  rowKey: string;
  tenantId: string;
  expiresAt: string;
}

/** Long enough to press the button, sign in and save the file; short enough that a forwarded link is dead. */
export const EXPORT_LINK_MINUTES = 10;
// The Idempotency table already holds "this happens once" rows; these are the same kind.
const PK = 'x_export';

export class ExportLinks {
  private readonly table: TableClient;

  constructor(
    private readonly tables: Tables,
    private readonly publicUrl: () => string,
    private readonly secret: string,
    private readonly ttlMs = EXPORT_LINK_MINUTES * 60_000,
  ) {
    this.table = tables.client('Idempotency');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  /** A new link for this user and case, valid for a few minutes and one opening. */
  async issue(t: ExportTarget, now: Date): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.table.createEntity<LinkEntity>({ partitionKey: PK, rowKey: hash(token), ...t, expiresAt: new Date(now.getTime() + this.ttlMs).toISOString() });
    return `${this.publicUrl().replace(/\/$/, '')}/exports/${token}?sig=${this.sign(token)}`;
  }

  /** The link's target when it is genuine, unused and unexpired, without using it up (before the sign-in). */
  async peek(token: string, sig: string, now: Date): Promise<ExportTarget | undefined> {
    return (await this.read(token, sig, now))?.target;
  }

  /**
   * Uses the link up: of two openings at once, exactly one gets the target (the row is deleted
   * only if unchanged since it was read). Undefined when forged, expired or already used.
   */
  async consume(token: string, sig: string, now: Date): Promise<ExportTarget | undefined> {
    const r = await this.read(token, sig, now);
    if (!r) return undefined;
    try {
      await this.table.deleteEntity(PK, hash(token), { etag: r.etag });
      return r.target;
    } catch (e) {
      if (statusOf(e) === 404 || statusOf(e) === 412) return undefined;
      throw e;
    }
  }

  /** Removes links nobody opened; their rows name a user and a case, and serve no purpose once expired. */
  async prune(now: Date): Promise<number> {
    let n = 0;
    const filter = `PartitionKey eq '${PK}' and expiresAt lt '${now.toISOString()}'`;
    for await (const e of this.table.listEntities<LinkEntity>({ queryOptions: { filter, select: ['RowKey'] } })) {
      await this.table.deleteEntity(PK, e.rowKey).catch((err) => {
        if (statusOf(err) !== 404) throw err;
      });
      n++;
    }
    return n;
  }

  private async read(token: string, sig: string, now: Date): Promise<{ target: ExportTarget; etag: string } | undefined> {
    // A forged link is turned away without a storage read.
    if (!/^[A-Za-z0-9_-]{32}$/.test(token) || !this.verify(token, sig)) return undefined;
    let e: LinkEntity & { etag: string };
    try {
      e = await this.table.getEntity<LinkEntity>(PK, hash(token));
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
    if (Date.parse(e.expiresAt) <= now.getTime()) return undefined;
    return { target: { tenantId: e.tenantId, schoolId: e.schoolId, caseId: e.caseId, userId: e.userId, ...(e.copy ? { copy: e.copy } : {}), ...(e.overview === 'csv' ? { overview: 'csv' as const } : {}) }, etag: e.etag };
  }

  private verify(token: string, sig: string): boolean {
    const want = Buffer.from(this.sign(token));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  private sign(token: string): string {
    return createHmac('sha256', this.secret).update(`export|${token}`).digest('base64url');
  }
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
