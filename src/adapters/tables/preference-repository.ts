/**
 * Each user's own settings, across schools: today only the language they chose with
 * "språk nynorsk" / "language english". A chosen language wins over the Teams locale.
 */
import type { Lang } from '../../i18n';
import type { PreferenceStore } from '../../ports';
import { keyPart, statusOf, TableRepository } from './table-client';

interface PreferenceEntity { partitionKey: string; rowKey: string; language: string }

const LANGS: readonly string[] = ['nb', 'nn', 'en'];
const CACHE_MS = 60_000;

export class PreferenceRepository extends TableRepository implements PreferenceStore {
  private readonly table = this.own('Preferences');
  /** A short cache: the language is read on every activity and changes seldom. */
  private readonly cache = new Map<string, { lang: Lang | undefined; until: number }>();

  async language(tenantId: string, userId: string): Promise<Lang | undefined> {
    const key = `${tenantId}|${userId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.lang;
    let lang: Lang | undefined;
    try {
      const e = await this.table.getEntity<PreferenceEntity>(keyPart(tenantId), keyPart(userId));
      lang = LANGS.includes(e.language) ? (e.language as Lang) : undefined;
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { lang, until: Date.now() + CACHE_MS });
    return lang;
  }

  async setLanguage(tenantId: string, userId: string, lang: Lang): Promise<void> {
    await this.table.upsertEntity<PreferenceEntity>({ partitionKey: keyPart(tenantId), rowKey: keyPart(userId), language: lang }, 'Replace');
    this.cache.set(`${tenantId}|${userId}`, { lang, until: Date.now() + CACHE_MS });
  }
}
