/**
 * The two files a browser fetches from the service: a meeting as an .ics file (local calendar) and
 * a case as a PDF for the archive. Both are behind links signed by the service; the PDF link is for
 * one user, whose roles are checked again when it is opened.
 */
import type express from 'express';
import { strings } from '../../i18n';
import { buildArchive } from '../../app/case-archive';
import { decide } from '../../domain/access';
import type { Clock } from '../../ports';
import type { CaseLogRepository } from '../tables/case-log-repository';
import type { CaseRepository } from '../tables/case-repository';
import type { DirectoryRepository } from '../tables/directory-repository';
import { renderArchivePdf } from '../export/archive-pdf';
import type { ExportLinks } from '../export/export-links';
import type { IcsLinks, LocalCalendar } from '../local/local-calendar';

/** GET /meetings/:tenantId/:file — the meeting as a calendar file, for invitees without Outlook integration. */
export function meetingFile(d: { calendar?: LocalCalendar; links: IcsLinks }): express.RequestHandler {
  return async (req, res) => {
    const meetingId = req.params.file.replace(/\.ics$/, '');
    const sig = typeof req.query.sig === 'string' ? req.query.sig : '';
    const ics = d.calendar && d.links.verify(req.params.tenantId, meetingId, sig) ? await d.calendar.ics(req.params.tenantId, meetingId) : undefined;
    if (!ics) {
      res.status(404).json({ error: 'Not found.' });
      return;
    }
    res.setHeader('content-type', 'text/calendar; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="samtale.ics"');
    res.setHeader('cache-control', 'no-store');
    res.send(ics);
  };
}

/** GET /cases/:tenantId/:schoolId/:file — the whole case as a PDF; the download is logged. */
export function caseExport(d: { exportLinks: ExportLinks; cases: CaseRepository; caseLog: CaseLogRepository; directory: DirectoryRepository; clock: Clock }): express.RequestHandler {
  return async (req, res) => {
    const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string) : '');
    const caseId = req.params.file.replace(/\.pdf$/, '');
    const target = d.exportLinks.verify({ tenantId: req.params.tenantId, schoolId: req.params.schoolId, caseId, u: q('u'), exp: q('exp'), sig: q('sig') }, d.clock.now());
    const notFound = () => res.status(404).type('text/plain; charset=utf-8').send(strings('nb').calendar.exportLinkInvalid);
    if (!target) return notFound();
    const c = await d.cases.get(target.tenantId, target.schoolId, target.caseId);
    const staff = c ? await d.directory.staffOf(c.tenantId, c.schoolId) : [];
    const me = staff.find((m) => m.userId === target.userId);
    if (!c || !decide('eksportere', c, me, target.userId).allowed) return notFound();
    const [plans, log, school] = await Promise.all([d.cases.plans(c.tenantId, c.schoolId, c.caseId), d.caseLog.list(c.tenantId, c.schoolId, c.caseId), d.directory.getSchool(c.tenantId, c.schoolId)]);
    const doc = buildArchive({ case: c, plans, log, school, staffNames: Object.fromEntries(staff.map((m) => [m.userId, m.name])), printedBy: me?.name ?? '', now: d.clock.now() });
    const pdf = await renderArchivePdf(doc);
    await d.caseLog.append(c.tenantId, c.schoolId, c.caseId, { at: d.clock.now().toISOString(), actorId: target.userId, action: 'eksportert', detail: 'pdf' });
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="sak-${c.ref}.pdf"`);
    res.setHeader('cache-control', 'no-store');
    res.send(pdf);
  };
}
