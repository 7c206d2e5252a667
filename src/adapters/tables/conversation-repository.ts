/** Where to reach each user proactively: the reference of their 1:1 chat with the bot. */
import { TableClient } from '@azure/data-tables';
import type { ConversationReference } from 'botbuilder';
import type { ConversationStore, StoredConversation as Stored } from '../../ports';
import { keyPart, readRow, Tables } from './table-client';

type StoredConversation = Stored<ConversationReference>;

interface ConversationEntity { partitionKey: string; rowKey: string; reference: string; locale: string }

export class ConversationRepository implements ConversationStore<ConversationReference> {
  private readonly table: TableClient;
  constructor(private readonly tables: Tables) {
    this.table = tables.client('Conversations');
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  async get(tenantId: string, userId: string): Promise<StoredConversation | undefined> {
    const e = await readRow<ConversationEntity>(this.table, keyPart(tenantId), keyPart(userId));
    return e && { reference: JSON.parse(e.reference) as Partial<ConversationReference>, locale: e.locale };
  }

  async put(tenantId: string, userId: string, c: StoredConversation): Promise<void> {
    await this.table.upsertEntity<ConversationEntity>(
      { partitionKey: keyPart(tenantId), rowKey: keyPart(userId), reference: JSON.stringify(c.reference), locale: c.locale },
      'Replace',
    );
  }
}
