/**
 * The Teams bot: typed commands and card actions in, cards out. It only parses, delegates to a
 * use case and renders; errors users can cause become a friendly card in their language.
 */
import { randomUUID } from 'node:crypto';
import {
  ActivityHandler,
  AdaptiveCardInvokeResponse,
  AdaptiveCardInvokeValue,
  MessageFactory,
  TurnContext,
} from 'botbuilder';
import { ZodError } from 'zod';
import type { Logger } from '../../app/logger';
import { safeError } from '../../app/deliver-notices';
import { parseCommand } from '../../domain/commands';
import type { ChannelScope } from '../../domain/school';
import { isDomainError } from '../../domain/errors';
import type { ProcessedActivities } from '../../ports';
import { fill, strings, type Lang } from '../../i18n';
import type { ConversationRepository } from '../tables/conversation-repository';
import type { PreferenceRepository } from '../tables/preference-repository';
import { activityInfo, type ActivityInfo } from './activity-info';
import { asAttachment, Card, CARD_CONTENT_TYPE } from './cards/render';

/** An invoke answered with a message leaves the card untouched in Teams and shows the text. */
const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';
import { caseCardFor, caseListCard, errorCard, helpCard, reportFormCard, schoolPickerCard } from './cards/views';
import { VERBS } from './handlers';
import { leaveCard, leaveFormCard } from './cards/leave-views';
import { annualCard } from './cards/annual-views';
import { talksCard } from './cards/talks-views';
import { complaintCard } from './handlers/complaint-verbs';
import { complaintCard as complaintCardFor } from './cards/complaint-views';
import { staffComplaintCard } from './cards/staff-complaint-views';
import type { Services } from './handlers/types';
import { rolesShow } from './handlers/roles-verbs';
import { MAX_PAYLOAD_CHARS } from './payloads';

export interface BotDeps {
  services: Services;
  processed: ProcessedActivities;
  conversations: ConversationRepository;
  preferences: PreferenceRepository;
  logger: Logger;
  defaultTenantId: string;
  /** Whether the user belongs to a school here: only they are remembered for notices later. */
  isMember?: (tenantId: string, userId: string) => Promise<boolean>;
}

export class MeldFraBot extends ActivityHandler {
  /** Last conversation stored per user, so a reference is written once, not on every message. */
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
    let card: Card;
    try {
      if (cmd.name === 'meld_fra') {
        const r = await this.d.services.report.start(info.actor);
        card = r.kind === 'pickSchool' ? schoolPickerCard(info.lang, r) : reportFormCard(info.lang, r, this.d.services.newFormId());
      } else if (cmd.name === 'mine_saker' || cmd.name === 'sak') {
        // Case details belong in the personal chat only, never in a channel or group chat.
        const type = ctx.activity.conversation?.conversationType;
        if (type && type !== 'personal') {
          await ctx.sendActivity(strings(info.lang).caseList.onlyPersonal);
          return;
        }
        card =
          cmd.name === 'sak'
            ? cmd.ref.startsWith('KL-')
              ? complaintCardFor(info.lang, await this.d.services.teachingComplaints.openByRef(info.actor, cmd.ref))
              : cmd.ref.startsWith('PK-')
                ? staffComplaintCard(info.lang, await this.d.services.staffComplaints.openByRef(info.actor, cmd.ref))
                : caseCardFor(info.lang, await this.d.services.cases.openByRef(info.actor, cmd.ref))
            : caseListCard(info.lang, await this.d.services.cases.mine(info.actor));
      } else if (cmd.name === 'permisjon') {
        // Pupils' names are on these cards: personal chat only.
        const type = ctx.activity.conversation?.conversationType;
        if (type && type !== 'personal') {
          await ctx.sendActivity(strings(info.lang).caseList.onlyPersonal);
          return;
        }
        const pending = await this.d.services.leave.pending(info.actor);
        let form: Card | undefined;
        try {
          form = leaveFormCard(info.lang, await this.d.services.leave.start(info.actor), this.d.services.newFormId());
        } catch (e) {
          // A leader who is no kontaktlærer still gets the requests waiting for them.
          if (!(isDomainError(e) && e.code === 'NO_ROLE')) throw e;
          if (pending.length === 0) {
            await ctx.sendActivity(strings(info.lang).leave.onlyContactTeacher);
            return;
          }
        }
        for (const p of pending) await ctx.sendActivity(MessageFactory.attachment(asAttachment(leaveCard(info.lang, p))));
        if (!form) return;
        card = form;
      } else if (cmd.name === 'elevsamtaler') {
        // The class roster has pupils' names: personal chat only.
        const type = ctx.activity.conversation?.conversationType;
        if (type && type !== 'personal') {
          await ctx.sendActivity(strings(info.lang).caseList.onlyPersonal);
          return;
        }
        try {
          card = talksCard(info.lang, await this.d.services.talks.show(info.actor));
        } catch (e) {
          if (!(isDomainError(e) && e.code === 'NO_ROLE')) throw e;
          await ctx.sendActivity(strings(info.lang).talks.onlyContactTeacher);
          return;
        }
      } else if (cmd.name === 'klage') {
        // A complaint about teaching names pupils and holds minutes: personal chat only.
        const type = ctx.activity.conversation?.conversationType;
        if (type && type !== 'personal') {
          await ctx.sendActivity(strings(info.lang).caseList.onlyPersonal);
          return;
        }
        await this.d.services.report.memberships(info.actor); // staff only
        card = complaintCard(info.lang);
      } else if (cmd.name === 'arshjul') {
        // School-level tasks only, no pupil data: fine in a channel too.
        card = annualCard(info.lang, await this.d.services.annual.show(info.actor));
      } else if (cmd.name === 'roller') {
        // Staff names and roles: personal chat only.
        const type = ctx.activity.conversation?.conversationType;
        if (type && type !== 'personal') {
          await ctx.sendActivity(strings(info.lang).roles.onlyPersonal);
          return;
        }
        card = await rolesShow({ ...info, services: this.d.services, conversationId: ctx.activity.conversation?.id ?? '', replyToId: '' }, {});
      } else if (cmd.name === 'kanal') {
        await ctx.sendActivity(await this.chooseChannel(ctx, info, cmd.scope, cmd.target));
        return;
      } else if (cmd.name === 'sprak') {
        if (!cmd.lang) {
          await ctx.sendActivity(strings(info.lang).language.ask);
          return;
        }
        await this.d.preferences.setLanguage(info.actor.tenantId, info.actor.userId, cmd.lang);
        await ctx.sendActivity(strings(cmd.lang).language.set);
        return;
      } else {
        card = helpCard(info.lang, cmd.name === 'hjelp' ? cmd.unknown : false);
      }
    } catch (e) {
      card = this.errorFor(e, info.lang, 'message');
    }
    await ctx.sendActivity(MessageFactory.attachment(asAttachment(card)));
  }

  /** "@Meld fra kanal trinn 8" in a channel: which reminders this channel gets (rektor or admin only). */
  private async chooseChannel(ctx: TurnContext, info: ActivityInfo, scope: ChannelScope | undefined, target: string): Promise<string> {
    const t = strings(info.lang).channel;
    if (ctx.activity.conversation?.conversationType !== 'channel') return t.onlyInChannel;
    const r = await this.d.services.channels.choose(info.actor, scope, target, {
      conversationId: ctx.activity.conversation.id,
      serviceUrl: ctx.activity.serviceUrl ?? '',
    });
    const what = (sc: ChannelScope, tg: string) => fill(t.scopes[sc], { target: tg });
    switch (r.kind) {
      case 'notAllowed':
        return t.notAllowed;
      case 'severalSchools':
        return t.severalSchools;
      case 'unknownTarget':
        return fill(t.unknownTarget, { what: what(r.scope, r.target), school: r.school.name });
      case 'list': {
        const list = r.channels.map((ch) => what(ch.scope, ch.target)).join(', ');
        return `${t.usage}\n\n${r.channels.length ? fill(t.current, { school: r.school.name, list }) : fill(t.none, { school: r.school.name })}`;
      }
      case 'set':
        this.d.logger.info({ schoolId: r.school.schoolId, scope: r.channel.scope, target: r.channel.target }, 'channel chosen');
        return r.channel.scope === 'admin'
          ? fill(t.setAdmin, { school: r.school.name })
          : fill(t.set, { what: what(r.channel.scope, r.channel.target), school: r.school.name });
    }
  }

  protected override async onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const info = await this.info(ctx);
    const lang = info?.lang ?? 'nb';
    const reply = (card: Card): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: CARD_CONTENT_TYPE, value: card as AdaptiveCardInvokeResponse["value"] });
    if (!info) return reply(errorCard(lang, strings(lang).errors.NOT_STAFF));
    // Where to reach this user later; a storage outage must not stop the answer (it is stored next time).
    await this.remember(ctx, info).catch((e) => this.d.logger.warn({ err: safeError(e) }, 'conversation not stored'));
    const verb = value?.action?.verb ?? '';
    const handler = Object.prototype.hasOwnProperty.call(VERBS, verb) ? VERBS[verb] : undefined;
    if (!handler) return reply(errorCard(lang, strings(lang).errors.UNKNOWN_ACTION));
    const data = (value.action.data ?? {}) as Record<string, unknown>;
    if (JSON.stringify(data).length > MAX_PAYLOAD_CHARS) {
      return reply(errorCard(lang, fill(strings(lang).errors.PAYLOAD_TOO_LARGE, { limit: MAX_PAYLOAD_CHARS })));
    }
    try {
      const card = await handler(
        { ...info, services: this.d.services, conversationId: ctx.activity.conversation?.id ?? '', replyToId: ctx.activity.replyToId ?? '' },
        data,
      );
      return reply(card);
    } catch (e) {
      // Our own failure (storage down, a bug): leave the card as it is, with everything the user
      // typed, and say so in a message; replacing the card would throw their text away.
      if (!isDomainError(e) && !(e instanceof ZodError)) return { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: this.unexpected(e, lang, verb) as never };
      return reply(this.errorFor(e, lang, verb));
    }
  }

  private unexpected(e: unknown, lang: Lang, where: string): string {
    const id = randomUUID().slice(0, 8);
    this.d.logger.error({ where, errorId: id, err: safeError(e), stack: stackOnly(e) }, 'unexpected error');
    return fill(strings(lang).errors.unexpected, { id });
  }

  private errorFor(e: unknown, lang: Lang, where: string): Card {
    const t = strings(lang).errors;
    if (isDomainError(e)) {
      this.d.logger.info({ code: e.code, where, detail: e.detail }, 'refused');
      const code = e.code === 'INVALID_INPUT' ? 'INVALID_INPUT' : e.code;
      // A refusal says whom to ask (the access rule knows).
      const ask = typeof e.detail?.ask === 'string' && e.detail.ask in t.ask ? t.ask[e.detail.ask as keyof typeof t.ask] : '';
      return errorCard(lang, ask ? `${t[code]} ${ask}` : t[code]);
    }
    if (e instanceof ZodError) {
      this.d.logger.info({ where, paths: e.issues.map((i) => i.path.join('.')) }, 'malformed payload');
      return errorCard(lang, t.INVALID_INPUT);
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
    this.known.set(key, conv);
  }
}

/** The call stack without the message line, which may quote data. */
const stackOnly = (e: unknown): string | undefined =>
  e instanceof Error && e.stack ? e.stack.split('\n').slice(1).join('\n') : undefined;
