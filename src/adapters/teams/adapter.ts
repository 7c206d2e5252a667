/**
 * The Bot Framework adapter and its token check. Kept here so that moving to the Teams SDK
 * touches only src/adapters/teams.
 */
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError } from 'botframework-connector';
import type { Logger } from '../../app/logger';

export interface AdapterConfig {
  appId: string;
  password: string;
  tenantId: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Replaces Bot Framework's OpenID metadata (sovereign clouds, tests); '' = public cloud. */
  openIdMetadataUrl: string;
}

const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

export function createAdapter(c: AdapterConfig, logger: Logger): CloudAdapter {
  const options: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {
    MicrosoftAppId: c.appId,
    MicrosoftAppPassword: c.password,
    MicrosoftAppTenantId: c.tenantId,
    // Without an app id (local) there is no credential to check, which only MultiTenant allows.
    // UserAssignedMSI (production): the app id is the managed identity's client id, the tenant is
    // required and there is no password; botbuilder then gets its tokens from the identity.
    MicrosoftAppType: c.appId ? c.appType : 'MultiTenant',
  };
  if (c.openIdMetadataUrl) {
    // botbuilder takes one custom setting as "all settings are custom": give the public cloud's
    // values for the rest, or tokens would be checked against an empty issuer.
    Object.assign(options, {
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: c.openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: c.openIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
    });
  }
  const auth = new ConfigurationBotFrameworkAuthentication(options as ConfigurationBotFrameworkAuthenticationOptions);
  // botbuilder lets jsonwebtoken's errors (bad signature, alg none, malformed) escape as 500:
  // a forged token is the caller's fault and gets 401, and the log says only that it was refused.
  const check = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await check(activity, authHeader);
    } catch (e) {
      if (e instanceof Error && TOKEN_ERRORS.has(e.name)) {
        logger.warn({ reason: e.name }, 'token refused');
        throw new AuthenticationError('Unauthorized. Invalid token.', 401);
      }
      throw e;
    }
  };
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (ctx, err) => {
    logger.error({ err: err?.name, stack: err?.stack?.split('\n').slice(1).join('\n') }, 'turn error');
    await ctx.sendActivity('Beklager, noe gikk galt. / Sorry, something went wrong.').catch(() => undefined);
  };
  return adapter;
}
