/**
 * A Maskinporten access token by the JWT bearer grant (docs/fiks-io.md): a JWT signed RS256 with
 * the municipality's enterprise certificate (its DER in the `x5c` header), claims aud (Maskinporten's
 * issuer URL), iss (the client id), scope, iat, exp (two minutes on), jti; posted as
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<jwt>` to the token endpoint.
 * The token is kept until shortly before its `expires_in`, and one request is shared by callers
 * that ask at the same time.
 *
 * Errors carry a code only (the HTTP status and the OAuth `error`), never the response text.
 */
import { createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { ArchiveUnavailable } from '../../../ports/archive';

export const MASKINPORTEN = {
  prod: { tokenUrl: 'https://maskinporten.no/token', audience: 'https://maskinporten.no/' },
  test: { tokenUrl: 'https://test.maskinporten.no/token', audience: 'https://test.maskinporten.no/' },
} as const;
export const FIKS_SCOPE = 'ks:fiks';
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface MaskinportenConfig {
  tokenUrl: string;
  audience: string;
  /** The integration's client id in Maskinporten. */
  issuer: string;
  scope?: string;
  /** The enterprise certificate and its private key, PEM (Key Vault in production). */
  certificatePem: string;
  privateKeyPem: string;
  /** Optional key id (kid) when the client is registered with a key rather than a certificate. */
  keyId?: string;
  /** Seconds before expiry when a new token is fetched; 10 like KS's client. */
  marginSeconds?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export class MaskinportenTokens {
  private readonly key: KeyObject;
  private readonly x5c: string;
  private cached?: { token: string; until: number };
  private inFlight?: Promise<string>;
  /** How many tokens were fetched (a test sees the reuse). */
  fetched = 0;

  constructor(private readonly cfg: MaskinportenConfig) {
    this.key = createPrivateKey(cfg.privateKeyPem);
    this.x5c = new X509Certificate(cfg.certificatePem).raw.toString('base64');
  }

  private now(): number {
    return this.cfg.now ? this.cfg.now() : Date.now();
  }

  /** The signed grant: RS256 over header.claims. */
  assertion(): string {
    const iat = Math.floor(this.now() / 1000);
    const header = { alg: 'RS256', x5c: [this.x5c], ...(this.cfg.keyId ? { kid: this.cfg.keyId } : {}) };
    const claims = { aud: this.cfg.audience, iss: this.cfg.issuer, scope: this.cfg.scope ?? FIKS_SCOPE, iat, exp: iat + 120, jti: randomUUID() };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), this.key))}`;
  }

  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.until) return this.cached.token;
    this.inFlight ??= this.request().finally(() => { this.inFlight = undefined; });
    return this.inFlight;
  }

  /** Forget the token (the API said 401): the next call fetches a new one. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async request(): Promise<string> {
    const body = new URLSearchParams({ grant_type: GRANT_TYPE, assertion: this.assertion() });
    let res: Response;
    try {
      res = await (this.cfg.fetch ?? fetch)(this.cfg.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, signal: AbortSignal.timeout(30_000) });
    } catch {
      throw new ArchiveUnavailable('maskinporten-unreachable');
    }
    const json = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!res.ok || typeof json.access_token !== 'string') {
      const code = typeof json.error === 'string' && /^[a-z_]{1,40}$/.test(json.error) ? `-${json.error}` : '';
      // Retried by the sweep: a wrong certificate or client is fixed in the settings, and the jobs go through then.
      throw new ArchiveUnavailable(`maskinporten-${res.status}${code}`);
    }
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 120;
    this.fetched++;
    this.cached = { token: json.access_token, until: this.now() + Math.max(0, expiresIn - (this.cfg.marginSeconds ?? 10)) * 1000 };
    return json.access_token;
  }
}
