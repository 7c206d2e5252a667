/** Where to reach each user proactively: the reference of their 1:1 chat with the bot. */
import type { ConversationReference } from 'botbuilder';
import type { ConversationStore, StoredConversation as Stored } from '../../ports';
import { keyPart, readRow, TableRepository } from './table-client';

type StoredConversation = Stored<ConversationReference>;

interface ConversationEntity { partitionKey: string; rowKey: string; reference: string; locale: string }

/**
 * References are read for every notice sent, and a user's 1:1 chat with the bot does not move:
 * held a minute (as the language in preference-repository.ts). A reference this instance stores
 * replaces the held one at once; one stored by another instance is seen within the minute.
 */
const CACHE_MS = 60_000;

export class ConversationRepository extends TableRepository implements ConversationStore<ConversationReference> {
  private readonly table = this.own('Conversations');
  private readonly cache = new Map<string, { value: StoredConversation; until: number }>();

  async get(tenantId: string, userId: string): Promise<StoredConversation | undefined> {
    const key = `${tenantId}|${userId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return structuredClone(hit.value);
    const e = await readRow<ConversationEntity>(this.table, keyPart(tenantId), keyPart(userId));
    const value: StoredConversation | undefined = e && { reference: JSON.parse(e.reference) as Partial<ConversationReference>, locale: e.locale };
    // Someone not reached yet is asked again next time: their first message stores a reference.
    if (value) this.hold(key, value);
    return value;
  }

  private hold(key: string, value: StoredConversation): void {
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { value: structuredClone(value), until: Date.now() + CACHE_MS });
  }

  async put(tenantId: string, userId: string, c: StoredConversation): Promise<void> {
    await this.table.upsertEntity<ConversationEntity>(
      { partitionKey: keyPart(tenantId), rowKey: keyPart(userId), reference: JSON.stringify(c.reference), locale: c.locale },
      'Replace',
    );
    this.hold(`${tenantId}|${userId}`, c);
  }
}
