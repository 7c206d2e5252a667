/**
 * The case as a PDF, for the one user a link was issued to:
 *   GET /exports/:token   a link from «Last ned»: still unused and unexpired → off to sign in;
 *   GET /exports/signin   back from the sign-in: the link is used up, the signed-in object id
 *                         and tenant must be the link's, the access rule is asked again, then
 *                         the PDF is sent and the download logged in the case's log.
 * A forwarded link is therefore useless: the receiver cannot sign in as the one it was made for.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
import { strings } from '../../i18n';
import { buildArchive } from '../../app/case-archive';
import { buildPartyCopy } from '../../app/party-copy';
import type { TalksStore } from '../../ports/talks';
import type { Logger } from '../../app/logger';
import { safeError } from '../../app/safe-error';
import { allows, subjectOf } from '../../app/policy-door';
import type { CaseLog, CaseStore, Clock, Directory } from '../../ports';
import { renderArchivePdf } from '../export/archive-pdf';
import { EXPORT_LINK_MINUTES, type ExportLinks } from '../export/export-links';
import { guarded } from './file-routes';
import type { BrowserSignIn, PendingSignIn } from './signin';

export interface ExportRouteDeps {
  exportLinks: ExportLinks;
  signIn: BrowserSignIn;
  cases: CaseStore;
  caseLog: CaseLog;
  directory: Directory;
  /** The class rosters, for the names «Kopi til foresatte» screens. */
  talks: Pick<TalksStore, 'list'>;
  clock: Clock;
  logger: Logger;
  publicUrl: () => string;
  /** Signs the cookie that carries the sign-in's state, nonce and PKCE verifier to the way back. */
  secret: string;
  /** «Oversikt»'s CSV for this user, with their roles asked again (undefined: not allowed any more). */
  overviewCsv?: (who: { tenantId: string; userId: string }) => Promise<{ filename: string; body: string } | undefined>;
}

interface Pending extends PendingSignIn {
  token: string;
  sig: string;
  expires: number;
}

const COOKIE = 'mf_export_';

export function exportRoutes(d: ExportRouteDeps): express.Router {
  const r = express.Router();
  const t = strings('nb').calendar;
  const redirectUri = () => `${d.publicUrl().replace(/\/$/, '')}/exports/signin`;
  const secure = () => d.publicUrl().startsWith('https://');
  const page = (res: express.Response, status: number, text: string) => {
    res.setHeader('cache-control', 'no-store');
    res.status(status).type('text/plain; charset=utf-8').send(text);
  };

  // Registered before /:token, which would otherwise take "signin" for a token.
  r.get(
    '/signin',
    guarded('/exports/signin', d.logger, async (req, res) => {
      const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string) : '');
      const state = q('state');
      const name = `${COOKIE}${state.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40)}`;
      const pending = readCookie(d.secret, cookieOf(req, name), d.clock.now());
      res.clearCookie(name, { path: '/exports', httpOnly: true, sameSite: 'lax', secure: secure() });
      if (!pending || q('error')) return page(res, pending ? 403 : 404, pending ? t.exportSignInFailed : t.exportLinkInvalid);
      let who;
      try {
        who = await d.signIn.finish(redirectUri(), { code: q('code'), state }, pending);
      } catch (e) {
        // Entra refused the code (used, expired, wrong verifier): the sign-in failed, not the service.
        d.logger.warn({ err: safeError(e) }, 'export sign-in refused');
        return page(res, 403, t.exportSignInFailed);
      }
      if (!who) return page(res, 403, t.exportSignInFailed);
      // Used up by this opening whatever follows: a forwarded link cannot be tried a second time.
      const target = await d.exportLinks.consume(pending.token, pending.sig, d.clock.now());
      if (!target) return page(res, 404, t.exportLinkInvalid);
      if (who.userId !== target.userId || who.tenantId.toLowerCase() !== target.tenantId.toLowerCase()) {
        d.logger.warn({ caseId: target.caseId }, 'export refused: signed in as someone other than the one the link was made for');
        return page(res, 403, t.exportWrongUser);
      }
      if (target.overview) return sendOverview(res, target);
      const c = await d.cases.get(target.tenantId, target.schoolId, target.caseId);
      const staff = c ? await d.directory.staffOf(c.tenantId, c.schoolId) : [];
      const me = staff.find((m) => m.userId === target.userId);
      // The roles may have changed since the link was made: the policy is asked again, as the link's user at the case's school.
      if (!c || !allows(subjectOf({ tenantId: target.tenantId, userId: target.userId }, staff, c), 'eksportere', { type: 'eksport', value: c })) return page(res, 404, t.exportLinkInvalid);
      let doc;
      if (target.copy) {
        // The party's copy as approved: a case changed since the approval gives nothing, to be read anew.
        const copy = await buildPartyCopy({ cases: d.cases, log: d.caseLog, directory: d.directory, talks: d.talks }, c, staff, me?.name ?? '', d.clock.now());
        if (copy.digest !== target.copy) return page(res, 404, t.exportLinkInvalid);
        doc = copy.doc;
      } else {
        const [plans, log, school] = await Promise.all([d.cases.plans(c.tenantId, c.schoolId, c.caseId), d.caseLog.list(c.tenantId, c.schoolId, c.caseId), d.directory.getSchool(c.tenantId, c.schoolId)]);
        doc = buildArchive({ case: c, plans, log, school, staffNames: Object.fromEntries(staff.map((m) => [m.userId, m.name])), printedBy: me?.name ?? '', now: d.clock.now() });
      }
      const pdf = await renderArchivePdf(doc);
      await d.caseLog.append(c.tenantId, c.schoolId, c.caseId, { at: d.clock.now().toISOString(), actorId: target.userId, action: 'eksportert', detail: target.copy ? 'kopi' : 'pdf' });
      res.setHeader('content-type', 'application/pdf');
      res.setHeader('content-disposition', `attachment; filename="${target.copy ? 'kopi' : 'sak'}-${c.ref}.pdf"`);
      res.setHeader('cache-control', 'no-store');
      res.send(pdf);
    }),
  );

  /** The overview's figures as CSV (issue 17): counts only, the roles asked again now. */
  async function sendOverview(res: express.Response, target: { tenantId: string; userId: string }): Promise<void> {
    const file = d.overviewCsv ? await d.overviewCsv({ tenantId: target.tenantId, userId: target.userId }) : undefined;
    if (!file) return page(res, 404, t.exportLinkInvalid);
    d.logger.info({ what: 'oversikt' }, 'overview CSV downloaded');
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('cache-control', 'no-store');
    res.send(file.body);
  }

  r.get(
    '/:token',
    guarded('/exports/:token', d.logger, async (req, res) => {
      const sig = typeof req.query.sig === 'string' ? req.query.sig : '';
      const token = req.params.token;
      if (!(await d.exportLinks.peek(token, sig, d.clock.now()))) return page(res, 404, t.exportLinkInvalid);
      const { url, pending } = await d.signIn.start(redirectUri());
      const value: Pending = { ...pending, token, sig, expires: d.clock.now().getTime() + EXPORT_LINK_MINUTES * 60_000 };
      res.cookie(`${COOKIE}${pending.state}`, writeCookie(d.secret, value), { path: '/exports', httpOnly: true, sameSite: 'lax', secure: secure(), maxAge: EXPORT_LINK_MINUTES * 60_000 });
      res.setHeader('cache-control', 'no-store');
      res.redirect(302, url);
    }),
  );
  return r;
}

function cookieOf(req: express.Request, name: string): string {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return '';
}

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(`export-signin|${body}`).digest('base64url');

function writeCookie(secret: string, p: Pending): string {
  const body = Buffer.from(JSON.stringify(p)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

function readCookie(secret: string, raw: string, now: Date): Pending | undefined {
  const [body, sig] = raw.split('.');
  if (!body || !sig) return undefined;
  const want = Buffer.from(mac(secret, body));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
  try {
    const p = JSON.parse(Buffer.from(body, 'base64url').toString()) as Pending;
    return typeof p.expires === 'number' && p.expires > now.getTime() ? p : undefined;
  } catch {
    return undefined;
  }
}
