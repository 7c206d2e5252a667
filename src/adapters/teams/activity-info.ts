/** What we take from an incoming activity: who, which tenant, which language; and whether we take it at all. */
import type { Activity } from 'botbuilder';
import type { Actor } from '../../app/actor';
import { langOf, type Lang } from '../../i18n';

export interface ActivityInfo {
  actor: Actor;
  lang: Lang;
}

export interface ActivityPolicy {
  production: boolean;
  /** Lower-case tenant ids taken; empty = any (outside production only: config.ts requires a list there). */
  tenants: string[];
  /** For an activity without a tenant (the Bot Framework Emulator); config.ts refuses it in production. */
  defaultTenantId: string;
}

/**
 * Teams everywhere; the Bot Framework Emulator's channel outside production. The Agents
 * Playground that `npm start` runs is started as msteams (scripts/dev-stack.ts).
 */
const CHANNELS = { production: ['msteams'], development: ['msteams', 'emulator'] };

type Incoming = Partial<Pick<Activity, 'channelId' | 'from' | 'conversation' | 'channelData'>>;

function tenantOf(a: Incoming, defaultTenantId: string): string | undefined {
  const fromChannel = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fromConversation = a.conversation?.tenantId;
  // Two different tenants in one activity: believe neither.
  if (typeof fromChannel === 'string' && typeof fromConversation === 'string' && fromChannel.toLowerCase() !== fromConversation.toLowerCase()) return undefined;
  const t = (typeof fromChannel === 'string' && fromChannel) || fromConversation || defaultTenantId;
  return t || undefined;
}

/** Why the activity is refused, or undefined when it is taken (checked before any work, see server.ts). */
export function acceptActivity(a: Incoming, p: ActivityPolicy): string | undefined {
  if (!(p.production ? CHANNELS.production : CHANNELS.development).includes(String(a.channelId))) return 'channel';
  const tenantId = tenantOf(a, p.production ? '' : p.defaultTenantId);
  if (!tenantId) return 'no tenant';
  if (p.tenants.length && !p.tenants.includes(tenantId.toLowerCase())) return 'tenant';
  // The directory knows people by their Entra object id; from.id is a channel's own id and proves nothing.
  if (typeof a.from?.aadObjectId !== 'string' || !a.from.aadObjectId) return 'no user';
  return undefined;
}

export function activityInfo(a: Activity, defaultTenantId: string): ActivityInfo | undefined {
  const tenantId = tenantOf(a, defaultTenantId);
  const userId = a.from?.aadObjectId ?? '';
  if (!tenantId || !userId) return undefined;
  return { actor: { tenantId, userId }, lang: langOf(a.locale) };
}
