/**
 * A stand-in for Entra's sign-in, for development and tests only (config refuses it in
 * production): an OpenID Connect provider in the service itself, with a page where developers
 * pick who they are. It checks what Entra checks for this flow (the client, the redirect back to
 * this service, PKCE S256, single-use codes) and signs its id tokens with a key made at start.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import express from 'express';

export interface LocalSignInOptions {
  clientId: string;
  tenantId: string;
  /** Where the service is reached; the only place the stand-in sends a browser back to. */
  baseUrl: () => string;
  /** The people to offer on the page (the demo school's staff); an object id can be typed too. */
  people: () => Promise<{ userId: string; name: string }[]>;
  now?: () => number;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
  userId: string;
  tenantId: string;
  expires: number;
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ID = /^[A-Za-z0-9-]{1,64}$/;

export function localSignIn(o: LocalSignInOptions): express.Router {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const grants = new Map<string, Grant>();
  const now = o.now ?? Date.now;
  const base = () => o.baseUrl().replace(/\/$/, '');
  const r = express.Router();
  r.use(express.urlencoded({ extended: false, limit: '16kb' }));

  const request = (q: Record<string, unknown>) => {
    const s = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : '');
    const ok =
      s('response_type') === 'code' &&
      s('client_id') === o.clientId &&
      s('redirect_uri').startsWith(`${base()}/`) &&
      s('code_challenge_method') === 'S256' &&
      /^[A-Za-z0-9_-]{43}$/.test(s('code_challenge')) &&
      !!s('state') &&
      !!s('nonce');
    return ok ? { clientId: s('client_id'), redirectUri: s('redirect_uri'), challenge: s('code_challenge'), state: s('state'), nonce: s('nonce') } : undefined;
  };

  r.get('/authorize', async (req, res, next) => {
    try {
      const a = request(req.query);
      if (!a) return void res.status(400).type('text/plain').send('Invalid sign-in request.');
      const hidden = Object.entries({ response_type: 'code', client_id: a.clientId, redirect_uri: a.redirectUri, code_challenge: a.challenge, code_challenge_method: 'S256', state: a.state, nonce: a.nonce })
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
        .join('');
      const people = (await o.people()).map((p) => `<li><button name="oid" value="${esc(p.userId)}">${esc(p.name)}</button></li>`).join('');
      res.setHeader('cache-control', 'no-store');
      res.type('html').send(`<!doctype html><html lang="nb"><meta charset="utf-8"><title>Lokal innlogging</title>
<h1>Lokal innlogging (bare for utvikling)</h1><p>I produksjon logger brukeren inn med Microsoft Entra ID. Velg hvem du er:</p>
<form method="post">${hidden}<ul>${people}</ul><p><label>Eller objekt-id: <input name="typedOid"></label> <button>Logg inn</button></p></form></html>`);
    } catch (e) {
      next(e);
    }
  });

  r.post('/authorize', (req, res) => {
    const body = req.body as Record<string, unknown>;
    const a = request(body);
    const userId = [body.typedOid, body.oid].find((v) => typeof v === 'string' && v) as string | undefined;
    const tenantId = typeof body.tid === 'string' && ID.test(body.tid) ? body.tid : o.tenantId;
    if (!a || !userId || !ID.test(userId)) return void res.status(400).type('text/plain').send('Invalid sign-in request.');
    const code = randomBytes(24).toString('base64url');
    grants.set(code, { clientId: a.clientId, redirectUri: a.redirectUri, challenge: a.challenge, nonce: a.nonce, userId, tenantId, expires: now() + 60_000 });
    const back = new URL(a.redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', a.state);
    res.redirect(302, back.toString());
  });

  r.post('/token', (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const g = body.code ? grants.get(body.code) : undefined;
    // A code is good for one exchange, by the same client, for the same redirect, with the verifier behind the challenge.
    if (body.code) grants.delete(body.code);
    const verifier = body.code_verifier ?? '';
    const proof = createHash('sha256').update(verifier).digest('base64url');
    if (!g || body.grant_type !== 'authorization_code' || g.expires < now() || body.client_id !== g.clientId || body.redirect_uri !== g.redirectUri || proof !== g.challenge) {
      return void res.status(400).json({ error: 'invalid_grant', error_description: 'The code is unknown, used, expired, or does not match this request.' });
    }
    const t = Math.floor(now() / 1000);
    const claims = { iss: 'https://local-signin.invalid/local-signin/v2.0', aud: g.clientId, sub: g.userId, oid: g.userId, tid: g.tenantId, nonce: g.nonce, iat: t, nbf: t, exp: t + 3600, ver: '2.0', preferred_username: `${g.userId}@local` };
    const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'local' });
    const payload = b64(claims);
    const idToken = `${head}.${payload}.${sign('sha256', Buffer.from(`${head}.${payload}`), key.privateKey).toString('base64url')}`;
    res.setHeader('cache-control', 'no-store');
    res.json({ token_type: 'Bearer', scope: 'openid profile', expires_in: 3600, ext_expires_in: 3600, access_token: randomBytes(24).toString('base64url'), id_token: idToken, client_info: b64({ uid: g.userId, utid: g.tenantId }) });
  });

  r.get('/keys', (_req, res) => {
    res.json({ keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: 'local', use: 'sig', alg: 'RS256' }] });
  });
  return r;
}
