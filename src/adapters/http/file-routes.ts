/**
 * The files a browser fetches from the service: a meeting as an .ics file (local calendar) behind
 * an expiring signed link, and (export-routes.ts) a case as a PDF. Every handler here is wrapped
 * so that no failure, such as storage not answering, escapes Express 4 and ends the process.
 */
import type express from 'express';
import type { Logger } from '../../app/logger';
import { safeError } from '../../app/safe-error';
import type { Clock } from '../../ports';
import type { IcsLinks, LocalCalendar } from '../local/local-calendar';

/**
 * An async handler whose failure is answered with 503 and logged by its name only (never the
 * request's path or query, which name a case or carry a link's token).
 */
export function guarded(route: string, logger: Logger, h: (req: express.Request, res: express.Response) => Promise<unknown>): express.RequestHandler {
  return (req, res) => {
    h(req, res).catch((e: unknown) => {
      logger.error({ route, err: safeError(e) }, 'request failed');
      if (res.headersSent) return void res.destroy();
      res.status(503).setHeader('retry-after', '10');
      res.type('text/plain; charset=utf-8').send('Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt. / The service is temporarily unavailable. Please try again shortly.');
    });
  };
}

/** GET /meetings/:tenantId/:file — the meeting as a calendar file, for invitees without Outlook integration. */
export function meetingFile(d: { calendar?: LocalCalendar; links: IcsLinks; clock: Clock; logger: Logger }): express.RequestHandler {
  return guarded('/meetings/:tenantId/:file', d.logger, async (req, res) => {
    const meetingId = req.params.file.replace(/\.ics$/, '');
    const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string) : '');
    const valid = !!d.calendar && d.links.verify(req.params.tenantId, meetingId, q('exp'), q('sig'), d.clock.now());
    const ics = valid ? await d.calendar!.ics(req.params.tenantId, meetingId) : undefined;
    if (!ics) {
      res.status(404).json({ error: 'Not found.' });
      return;
    }
    // The file names the people invited: each download is on record (by meeting, not by person).
    d.logger.info({ meetingId }, 'meeting file downloaded');
    res.setHeader('content-type', 'text/calendar; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="samtale.ics"');
    res.setHeader('cache-control', 'no-store');
    res.send(ics);
  });
}
