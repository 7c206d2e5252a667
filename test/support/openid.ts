/**
 * A local stand-in for Bot Framework's token keys (login.botframework.com): OpenID metadata and
 * a JWKS with one RSA key, so the real botbuilder token check runs without the internet.
 */
import { createServer, Server } from 'node:http';
import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

export class LocalOpenId {
  url = '';
  private server?: Server;
  readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/keys')) {
        const jwk = this.key.publicKey.export({ format: 'jwk' });
        res.end(JSON.stringify({ keys: [{ ...jwk, kid: 'k1', kty: 'RSA', use: 'sig', endorsements: ['msteams'] }] }));
      } else {
        res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      }
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  get metadataUrl(): string {
    return `${this.url}/.well-known/openidconfiguration`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  /** A Bot Framework channel token signed with the given key (ours by default). */
  token(claims: Record<string, unknown>, key: KeyObject = this.key.privateKey, alg = 'RS256'): string {
    const now = Math.floor(Date.now() / 1000);
    const head = b64({ alg, typ: 'JWT', kid: 'k1' });
    const body = b64({ iss: 'https://api.botframework.com', nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims });
    const sig = alg === 'none' ? '' : sign('sha256', Buffer.from(`${head}.${body}`), key).toString('base64url');
    return `${head}.${body}.${sig}`;
  }
}
