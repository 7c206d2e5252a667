/**
 * The browser's sign-in before a case export: OpenID Connect authorization code flow with PKCE,
 * state and nonce, by Microsoft's MSAL for Node. Production signs in with Entra ID; development
 * with the stand-in in local-signin.ts, through the same MSAL calls, so the flow tested locally
 * is the one that runs in production.
 */
import { ConfidentialClientApplication, CryptoProvider, type Configuration, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import type { TokenCredential } from '@azure/identity';

/** What the sign-in proves: who (Entra object id) in which tenant. */
export interface SignedIn {
  userId: string;
  tenantId: string;
}

/** Kept between the redirect to the sign-in and the way back (in a signed cookie, see export-routes.ts). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

export interface BrowserSignIn {
  start(redirectUri: string): Promise<{ url: string; pending: PendingSignIn }>;
  /** The signed-in user, or undefined when the answer does not belong to this sign-in. */
  finish(redirectUri: string, q: { code: string; state: string }, pending: PendingSignIn): Promise<SignedIn | undefined>;
}

export type SignInSetup =
  | { kind: 'entra'; authorityHost: string; tenantId: string; clientId: string; clientSecret?: string; managedIdentity?: TokenCredential }
  | { kind: 'local'; baseUrl: () => string; clientId: string; tenantId: string };

const SCOPES = ['openid', 'profile'];
/** Not a real host: MSAL wants an https authority; the stand-in's endpoints are given as metadata. */
const LOCAL_AUTHORITY = 'https://local-signin.invalid';

export function browserSignIn(s: SignInSetup): BrowserSignIn {
  let app: ConfidentialClientApplication | undefined;
  // Built on first use: the stand-in's address is known only once the server listens.
  const client = () => (app ??= new ConfidentialClientApplication(s.kind === 'entra' ? entraConfig(s) : localConfig(s)));
  const crypto = new CryptoProvider();
  return {
    async start(redirectUri) {
      const { verifier, challenge } = await crypto.generatePkceCodes();
      const pending = { state: crypto.createNewGuid(), nonce: crypto.createNewGuid(), verifier };
      const url = await client().getAuthCodeUrl({ scopes: SCOPES, redirectUri, state: pending.state, nonce: pending.nonce, codeChallenge: challenge, codeChallengeMethod: 'S256', prompt: 'select_account' });
      return { url, pending };
    },
    async finish(redirectUri, q, pending) {
      if (!q.code || q.state !== pending.state) return undefined;
      // MSAL checks the state and the id token's nonce against these, and sends the PKCE verifier.
      const r = await client().acquireTokenByCode({ scopes: SCOPES, redirectUri, code: q.code, codeVerifier: pending.verifier, state: pending.state }, { code: q.code, state: q.state, nonce: pending.nonce });
      // Nothing is kept: the sign-in serves this one download, and MSAL's cache would grow with every user.
      if (r.account) await client().getTokenCache().removeAccount(r.account);
      const claims = r.idTokenClaims as { oid?: string; tid?: string; nonce?: string; aud?: string };
      if (!claims?.oid || !claims.tid || claims.nonce !== pending.nonce || claims.aud !== s.clientId) return undefined;
      return { userId: claims.oid, tenantId: claims.tid };
    },
  };
}

function entraConfig(s: Extract<SignInSetup, { kind: 'entra' }>): Configuration {
  const auth: Configuration['auth'] = { clientId: s.clientId, authority: `${s.authorityHost.replace(/\/$/, '')}/${s.tenantId}` };
  if (s.clientSecret) auth.clientSecret = s.clientSecret;
  else {
    // No standing secret: the app registration trusts the service's managed identity (a federated
    // identity credential), whose token for Entra's exchange audience is the client assertion.
    const mi = s.managedIdentity;
    if (!mi) throw new Error('SIGNIN_CLIENT_SECRET or a managed identity is needed for the Entra sign-in');
    auth.clientAssertion = async () => (await mi.getToken('api://AzureADTokenExchange/.default'))?.token ?? '';
  }
  return { auth };
}

function localConfig(s: Extract<SignInSetup, { kind: 'local' }>): Configuration {
  const base = `${s.baseUrl().replace(/\/$/, '')}/local-signin`;
  const metadata = {
    issuer: `${LOCAL_AUTHORITY}/local-signin/v2.0`,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    end_session_endpoint: `${base}/logout`,
    jwks_uri: `${base}/keys`,
  };
  return {
    auth: {
      clientId: s.clientId,
      clientSecret: 'local-signin-has-no-secret',
      // MSAL rewrites the endpoints' first path segment to the authority's: both are "local-signin".
      authority: `${LOCAL_AUTHORITY}/local-signin`,
      knownAuthorities: [new URL(LOCAL_AUTHORITY).host],
      authorityMetadata: JSON.stringify(metadata),
      cloudDiscoveryMetadata: JSON.stringify({ tenant_discovery_endpoint: `${LOCAL_AUTHORITY}/local-signin/v2.0/.well-known/openid-configuration`, 'api-version': '1.1', metadata: [{ preferred_network: new URL(LOCAL_AUTHORITY).host, preferred_cache: new URL(LOCAL_AUTHORITY).host, aliases: [new URL(LOCAL_AUTHORITY).host] }] }),
    },
    // MSAL's own client speaks https only; the stand-in is plain http on this machine.
    system: { networkClient: fetchClient },
  };
}

const fetchClient: INetworkModule = {
  async sendGetRequestAsync<T>(url: string, options?: { headers?: Record<string, string> }): Promise<NetworkResponse<T>> {
    return answer<T>(await fetch(url, { headers: options?.headers }));
  },
  async sendPostRequestAsync<T>(url: string, options?: { headers?: Record<string, string>; body?: string }): Promise<NetworkResponse<T>> {
    return answer<T>(await fetch(url, { method: 'POST', headers: options?.headers, body: options?.body }));
  },
};

async function answer<T>(res: Response): Promise<NetworkResponse<T>> {
  return { headers: Object.fromEntries(res.headers.entries()), body: (await res.json()) as T, status: res.status };
}
