/**
 * Signed, expiring links to download a case as a document. The link names the user it was made
 * for; the download checks the signature and the expiry, then asks the access rule again with
 * that user's stored roles, so a forwarded link is useless to anyone else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ExportTarget {
  tenantId: string;
  schoolId: string;
  caseId: string;
  userId: string;
}

export class ExportLinks {
  constructor(
    private readonly publicUrl: () => string,
    private readonly secret: string,
    private readonly ttlMs = 24 * 60 * 60_000,
  ) {}

  url(t: ExportTarget, now: Date): string {
    const exp = String(now.getTime() + this.ttlMs);
    const base = this.publicUrl().replace(/\/$/, '');
    const q = new URLSearchParams({ u: t.userId, exp, sig: this.sign(t, exp) });
    return `${base}/cases/${encodeURIComponent(t.tenantId)}/${encodeURIComponent(t.schoolId)}/${encodeURIComponent(t.caseId)}.pdf?${q.toString()}`;
  }

  /** The target when the link is genuine and not expired; undefined otherwise. */
  verify(p: { tenantId: string; schoolId: string; caseId: string; u: string; exp: string; sig: string }, now: Date): ExportTarget | undefined {
    const t = { tenantId: p.tenantId, schoolId: p.schoolId, caseId: p.caseId, userId: p.u };
    if (!/^\d{1,15}$/.test(p.exp) || Number(p.exp) < now.getTime()) return undefined;
    const want = Buffer.from(this.sign(t, p.exp));
    const got = Buffer.from(p.sig);
    return want.length === got.length && timingSafeEqual(want, got) ? t : undefined;
  }

  private sign(t: ExportTarget, exp: string): string {
    return createHmac('sha256', this.secret).update(`export|${t.tenantId}|${t.schoolId}|${t.caseId}|${t.userId}|${exp}`).digest('base64url');
  }
}
