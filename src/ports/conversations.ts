/**
 * What the Teams adapter keeps about each user: where to reach them proactively (their 1:1 chat's
 * conversation reference) and the language they chose. Generic in the reference so this file needs
 * no botbuilder type; the Teams adapter uses ConversationStore<ConversationReference>.
 */
import type { Lang } from '../i18n';

export interface StoredConversation<R> {
  reference: Partial<R>;
  locale: string;
}

export interface ConversationStore<R> {
  get(tenantId: string, userId: string): Promise<StoredConversation<R> | undefined>;
  put(tenantId: string, userId: string, c: StoredConversation<R>): Promise<void>;
}

/** Each user's own settings across schools: today only the chosen language, which wins over the Teams locale. */
export interface PreferenceStore {
  language(tenantId: string, userId: string): Promise<Lang | undefined>;
  setLanguage(tenantId: string, userId: string, lang: Lang): Promise<void>;
}
