/**
 * The Teams bot: typed commands and card actions in, cards out. It only parses, delegates to a
 * use case and renders; errors users can cause become a friendly card in their language.
 */
import { randomUUID } from 'node:crypto';
import {
  ActivityHandler,
  AdaptiveCardInvokeResponse,
  AdaptiveCardInvokeValue,
  type ConversationReference,
  MessageFactory,
  TurnContext,
} from 'botbuilder';
import { ZodError } from 'zod';
import type { Logger } from '../../app/logger';
import { safeError } from '../../app/safe-error';
import { parseCommand, type Command } from '../../domain/commands';
import { isCodedError } from '../../domain/errors';
import type { ConversationStore, PreferenceStore, ProcessedActivities } from '../../ports';
import { fill, strings, type Lang } from '../../i18n';
import { activityInfo, type ActivityInfo } from './activity-info';
import { asAttachment, Card, CARD_CONTENT_TYPE } from './cards/render';
import { errorCard } from './cards/views';
import { deletedCard } from './cards/notice-views';
import { VERBS } from './handlers';
import { asVerb, CHANNEL_SAFE_VERBS } from './verbs';
import type { Services } from './handlers/types';
import { MAX_PAYLOAD_CHARS } from './payloads';
import { COMMANDS, inPersonalChat, type CommandContext } from './command-table';
import { codeText, refusalText } from './refusals';

/** The payload fields that name a record (skolemiljø case, complaint, leave request). */
const RECORD_IDS = ['caseId', 'complaintId', 'leaveId'] as const;

/** An invoke answered with a message leaves the card untouched in Teams and shows the text. */
const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';

export interface BotDeps {
  services: Services;
  processed: ProcessedActivities;
  conversations: ConversationStore<ConversationReference>;
  preferences: PreferenceStore;
  logger: Logger;
  defaultTenantId: string;
  /** Whether the user belongs to a school here: only they are remembered for notices later. */
  isMember?: (tenantId: string, userId: string) => Promise<boolean>;
}

export class MeldFraBot extends ActivityHandler {
  /**
   * Last conversation stored per user, so a reference is written once, not on every message.
   * Forgotten past KNOWN_MAX users (several tenants' staff in one instance): a user forgotten has
   * their reference written again on their next message, as after a restart.
   */
  private readonly known = new Map<string, string>();

  constructor(private readonly d: BotDeps) {
    super();
    this.onMessage(async (ctx, next) => {
      await this.handleMessage(ctx);
      await next();
    });
  }

  /** Who, and in which language: the user's own choice ("språk nynorsk") wins over the Teams locale. */
  private async info(ctx: TurnContext): Promise<ActivityInfo | undefined> {
    const info = activityInfo(ctx.activity, this.d.defaultTenantId);
    if (!info) return undefined;
    const chosen = await this.d.preferences.language(info.actor.tenantId, info.actor.userId).catch(() => undefined);
    return chosen ? { ...info, lang: chosen } : info;
  }

  private async handleMessage(ctx: TurnContext): Promise<void> {
    const info = await this.info(ctx);
    if (!info) return;
    // Where to reach this user later; a storage outage must not stop the answer (it is stored next time).
    await this.remember(ctx, info).catch((e) => this.d.logger.warn({ err: safeError(e) }, 'conversation not stored'));
    // Teams re-sends an activity it thinks went unanswered: answer it once.
    if (ctx.activity.id && !(await this.d.processed.firstTime(`${ctx.activity.conversation.id}|${ctx.activity.id}`))) return;
    const text = TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '';
    const cmd = parseCommand(text);
    const spec = COMMANDS[cmd.name] as (typeof COMMANDS)[typeof cmd.name] & { run(c: CommandContext, cmd: Command): Promise<Card | undefined> };
    if (spec.personalOnly && !inPersonalChat(ctx)) {
      await ctx.sendActivity(spec.pointer?.(info.lang) ?? strings(info.lang).errors.PERSONAL_ONLY);
      return;
    }
    let card: Card | undefined;
    try {
      card = await spec.run({ ...info, turn: ctx, services: this.d.services, preferences: this.d.preferences, logger: this.d.logger }, cmd);
    } catch (e) {
      card = this.errorFor(e, info.lang, 'message');
    }
    if (card) await ctx.sendActivity(MessageFactory.attachment(asAttachment(card)));
  }

  protected override async onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const info = await this.info(ctx);
    const lang = info?.lang ?? 'nb';
    const reply = (card: Card): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: CARD_CONTENT_TYPE, value: card as AdaptiveCardInvokeResponse["value"] });
    if (!info) return reply(errorCard(lang, codeText(lang, 'common.NOT_STAFF')));
    // Where to reach this user later; a storage outage must not stop the answer (it is stored next time).
    await this.remember(ctx, info).catch((e) => this.d.logger.warn({ err: safeError(e) }, 'conversation not stored'));
    const verb = asVerb(value?.action?.verb);
    if (!verb) return reply(errorCard(lang, codeText(lang, 'common.UNKNOWN_ACTION')));
    const handler = VERBS[verb];
    // A card forwarded or posted into a channel or group chat: its buttons show or take pupil
    // data there only if the verb is marked channel-safe; the payload is not even parsed.
    if (!CHANNEL_SAFE_VERBS.has(verb) && !inPersonalChat(ctx)) return reply(errorCard(lang, strings(lang).errors.PERSONAL_ONLY));
    const data = (value.action.data ?? {}) as Record<string, unknown>;
    if (JSON.stringify(data).length > MAX_PAYLOAD_CHARS) {
      return reply(errorCard(lang, codeText(lang, 'common.PAYLOAD_TOO_LARGE', { limit: MAX_PAYLOAD_CHARS })));
    }
    // A card about a record deleted after the retention period (its refresh, or any button): the
    // «slettet» card replaces it, whoever presses; the tombstone holds nothing to show.
    const recordId = RECORD_IDS.map((k) => data[k]).find((v): v is string => typeof v === 'string' && v !== '');
    try {
      if (recordId && typeof data.schoolId === 'string' && (await this.d.services.wasDeleted(info.actor.tenantId, data.schoolId, recordId))) return reply(deletedCard(lang));
      const card = await handler(
        { ...info, services: this.d.services, conversationId: ctx.activity.conversation?.id ?? '', replyToId: ctx.activity.replyToId ?? '' },
        data,
      );
      return reply(card);
    } catch (e) {
      // Our own failure (storage down, a bug): leave the card as it is, with everything the user
      // typed, and say so in a message; replacing the card would throw their text away.
      if (!isCodedError(e) && !(e instanceof ZodError)) return { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: this.unexpected(e, lang, verb) as never };
      return reply(this.errorFor(e, lang, verb));
    }
  }

  private unexpected(e: unknown, lang: Lang, where: string): string {
    const id = randomUUID().slice(0, 8);
    this.d.logger.error({ where, errorId: id, err: safeError(e), stack: stackOnly(e) }, 'unexpected error');
    return fill(strings(lang).errors.unexpected, { id });
  }

  private errorFor(e: unknown, lang: Lang, where: string): Card {
    if (isCodedError(e)) {
      // The code, where, and the detail the catalogue lets a refusal carry: ids and codes, no pupil data.
      this.d.logger.info({ code: e.code, where, detail: e.detail }, 'refused');
      return errorCard(lang, refusalText(lang, e)!);
    }
    if (e instanceof ZodError) {
      this.d.logger.info({ where, paths: e.issues.map((i) => i.path.join('.')) }, 'malformed payload');
      return errorCard(lang, codeText(lang, 'common.INVALID_INPUT'));
    }
    return errorCard(lang, this.unexpected(e, lang, where));
  }

  /** Keeps where each user can be reached, for notices later (personal chats only). */
  private async remember(ctx: TurnContext, info: ActivityInfo): Promise<void> {
    const type = ctx.activity.conversation?.conversationType;
    if (type && type !== 'personal') return;
    const key = `${info.actor.tenantId}|${info.actor.userId}`;
    const conv = ctx.activity.conversation?.id ?? '';
    if (this.known.get(key) === conv) return;
    // A pupil, or anyone from another tenant, is answered but leaves nothing behind.
    if (this.d.isMember && !(await this.d.isMember(info.actor.tenantId, info.actor.userId))) return;
    await this.d.conversations.put(info.actor.tenantId, info.actor.userId, {
      reference: TurnContext.getConversationReference(ctx.activity),
      locale: ctx.activity.locale ?? '',
    });
    if (this.known.size >= KNOWN_MAX) this.known.clear();
    this.known.set(key, conv);
  }
}

const KNOWN_MAX = 10_000;

/** The call stack without the message line, which may quote data. */
const stackOnly = (e: unknown): string | undefined =>
  e instanceof Error && e.stack ? e.stack.split('\n').slice(1).join('\n') : undefined;
