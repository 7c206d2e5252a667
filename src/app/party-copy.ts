/**
 * «Kopi til foresatte» (issue 16, part 5): the archive document for the party, the pupil and the
 * parents, with other pupils screened (domain/party-copy.ts). The leader sees the copy first; only
 * the approval issues a download link, and the approval is logged with counts only. The link
 * carries a fingerprint of what was approved: a case changed since then gives no PDF.
 *
 * Who may make it is whoever may export the case (the access rule, asked on the server each time).
 */
import { createHash } from 'node:crypto';
import type { SkolemiljoCase } from '../domain/case';
import { DomainError } from '../domain/errors';
import { NameScreen, partyCopyOf, type Redaction } from '../domain/party-copy';
import type { Membership } from '../domain/people';
import { schoolYearOf } from '../domain/school-calendar';
import { strings } from '../i18n';
import type { CaseLog, CaseStore, Clock, Directory } from '../ports';
import type { TalksStore } from '../ports/talks';
import type { Actor } from './actor';
import type { ArchiveDocument } from './archive-model';
import { buildArchive } from './case-archive';
import type { CaseActions } from './case-actions';
import { localDateOf, schoolDate } from './school-time';

export interface PartyCopySources {
  cases: Pick<CaseStore, 'plans'>;
  log: Pick<CaseLog, 'list'>;
  directory: Pick<Directory, 'getSchool'>;
  /** The class rosters: the names of the pupils the school knows. */
  talks: Pick<TalksStore, 'list'>;
}

export interface PartyCopyDocument {
  doc: ArchiveDocument;
  redaction: Redaction;
  /** A fingerprint of the screened content: what the leader approved is what is downloaded. */
  digest: string;
}

/** The party's copy of the case as it is now, in the school's language form. */
export async function buildPartyCopy(s: PartyCopySources, c: SkolemiljoCase, staff: Membership[], printedBy: string, now: Date): Promise<PartyCopyDocument> {
  // The rosters of the school year the case began in and of this one: the pupils it may name.
  const years = [...new Set([schoolYearOf(localDateOf(new Date(c.createdAt))), schoolYearOf(schoolDate(now).today)])];
  const [plans, log, school, ...rosters] = await Promise.all([
    s.cases.plans(c.tenantId, c.schoolId, c.caseId),
    s.log.list(c.tenantId, c.schoolId, c.caseId),
    s.directory.getSchool(c.tenantId, c.schoolId),
    ...years.map((y) => s.talks.list(c.tenantId, c.schoolId, y)),
  ]);
  const a = strings(school?.languageForm === 'nn' ? 'nn' : 'nb').archive;
  const pupils = rosters.flat().flatMap((r) => r.roster.pupils.map((p) => p.name));
  const copy = partyCopyOf(c, plans, new NameScreen(c.report.pupilName, pupils), { name: a.screenedName, field: a.screenedField });
  const { etag: _etag, ...content } = copy.case;
  const digest = createHash('sha256').update(JSON.stringify({ content, plans: copy.plans })).digest('base64url').slice(0, 32);
  const staffNames = Object.fromEntries(staff.map((m) => [m.userId, m.name]));
  const doc = buildArchive({ case: copy.case, plans: copy.plans, log, school, staffNames, printedBy, now, copy: true });
  return { doc, redaction: copy.redaction, digest };
}

export interface PartyCopyView extends PartyCopyDocument {
  case: SkolemiljoCase;
  /** After the approval: the single-use link to the PDF, for the leader alone. */
  url?: string;
  approvedAt?: string;
  /** The approval came for a copy that no longer is the case's: shown again to be read anew. */
  changed?: boolean;
}

export interface PartyCopyDeps extends PartyCopySources {
  caseActions: Pick<CaseActions, 'open'>;
  directory: Pick<Directory, 'getSchool' | 'staffOf'>;
  log: CaseLog;
  clock: Clock;
  /** Issues the single-use link (the export's), marked with the approved copy's fingerprint. */
  issueCopy?: (t: { tenantId: string; schoolId: string; caseId: string; userId: string; copy: string }) => Promise<string>;
}

export class PartyCopies {
  constructor(private readonly d: PartyCopyDeps) {}

  /** The copy for the leader to read; nothing is issued. */
  async preview(actor: Actor, schoolId: string, caseId: string): Promise<PartyCopyView> {
    const { c, staff } = await this.load(actor, schoolId, caseId);
    return { case: c, ...(await this.build(actor, c, staff)) };
  }

  /** «Godkjenn og last ned»: logs the approval and issues the link, if the copy read is still the case's. */
  async approve(actor: Actor, schoolId: string, caseId: string, digest: string): Promise<PartyCopyView> {
    const { c, staff } = await this.load(actor, schoolId, caseId);
    const now = this.d.clock.now();
    const built = await this.build(actor, c, staff);
    if (built.digest !== digest) return { case: c, ...built, changed: true };
    const r = built.redaction;
    // Counts only: the log never holds a name or a text of the case.
    await this.d.log.append(c.tenantId, c.schoolId, c.caseId, { at: now.toISOString(), actorId: actor.userId, action: 'kopi_godkjent', detail: `navn=${r.names};felt=${r.withheld};tekster=${r.texts}` });
    const url = await this.d.issueCopy!({ tenantId: c.tenantId, schoolId: c.schoolId, caseId: c.caseId, userId: actor.userId, copy: built.digest });
    return { case: c, ...built, url, approvedAt: now.toISOString() };
  }

  private async load(actor: Actor, schoolId: string, caseId: string): Promise<{ c: SkolemiljoCase; staff: Membership[] }> {
    const v = await this.d.caseActions.open(actor, schoolId, caseId);
    // Someone who may see the case but not export it never had the button: the same answer as a missing case.
    if (!v.mayExport || !this.d.issueCopy) throw new DomainError('common.NOT_FOUND');
    return { c: v.case, staff: await this.d.directory.staffOf(v.case.tenantId, v.case.schoolId) };
  }

  private build(actor: Actor, c: SkolemiljoCase, staff: Membership[]): Promise<PartyCopyDocument> {
    const me = staff.find((m) => m.userId === actor.userId);
    return buildPartyCopy(this.d, c, staff, me?.name ?? '', this.d.clock.now());
  }
}
