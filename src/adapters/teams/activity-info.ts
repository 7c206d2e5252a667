/** What we take from an incoming activity: who, which tenant, which language. */
import type { Activity } from 'botbuilder';
import type { Actor } from '../../app/actor';
import { langOf, type Lang } from '../../i18n';

export interface ActivityInfo {
  actor: Actor;
  lang: Lang;
}

export function activityInfo(a: Activity, defaultTenantId: string): ActivityInfo | undefined {
  const channelData = (a.channelData ?? {}) as { tenant?: { id?: string } };
  const tenantId = a.conversation?.tenantId ?? channelData.tenant?.id ?? defaultTenantId;
  // The AAD object id is what the directory knows people by; Teams vouches for it in the token-checked activity.
  const userId = a.from?.aadObjectId ?? a.from?.id ?? '';
  if (!tenantId || !userId) return undefined;
  return { actor: { tenantId, userId }, lang: langOf(a.locale) };
}
