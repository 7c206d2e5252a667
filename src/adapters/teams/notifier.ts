/**
 * Proactive cards through the Bot Framework connector. A user we have never talked with gets a
 * new 1:1 conversation (as Teams allows for users who have the app), whose reference is stored.
 */
import { CloudAdapter, ConversationParameters, ConversationReference, MessageFactory, TurnContext } from 'botbuilder';
import type { CaseForViewer } from '../../domain/case-view';
import type { SkolemiljoCase } from '../../domain/case';
import type { Reminder } from '../../domain/reminders';
import { unreachable, type NeededRole, type NoticeKind } from '../../domain/routing';
import { langOf, type Lang } from '../../i18n';
import type { AnnualPoster, ComplaintNotifier, ConversationStore, Delivered, DeliveryAlerts, Directory, LeaveNotifier, Notifier, PreferenceStore, StaffComplaintNotifier, TalksNotifier } from '../../ports';
import { adminChannelOf, type School, type SchoolChannel } from '../../domain/school';
import { hasRole } from '../../domain/people';
import { strings } from '../../i18n';
import { OutboundQueue } from './outbound';
import { asAttachment, Card } from './cards/render';
import { caseCard, caseStatusCard, meetingInviteCard } from './cards/views';
import { deletedCard, channelReminderCard, deliveryFailedCard, forwardedToReporterCard, closedToReporterCard, nobodyToReceiveCard, postfordelerCard, reclassifiedOwnerCard, reminderCard } from './cards/notice-views';
import type { CaseMeeting } from '../../domain/meetings';
import type { LeaveRequest } from '../../domain/leave';
import type { LeaveView } from '../../app/leave';
import { leaveCard, leaveOutcomeCard } from './cards/leave-views';
import { annualPostCard } from './cards/annual-views';
import type { AnnualTask } from '../../domain/annual';
import type { ComplaintNotice, ComplaintView } from '../../app/teaching-complaint';
import { complaintNoticeCard } from './cards/complaint-views';
import type { StaffComplaintView } from '../../app/staff-complaint';
import { staffComplaintCard } from './cards/staff-complaint-views';
import type { ChannelReminder, ClassRoster, PersonalReminder } from '../../domain/pupil-talks';
import { talksChannelCard, talksReminderCard } from './cards/talks-views';

export interface TeamsNotifierConfig {
  appId: string;
  /** Every proactive send goes through it, inside Teams' rate limits. */
  outbound: OutboundQueue;
  /** Where to open new conversations when the tenant has no stored reference yet. */
  serviceUrl: string;
}

/** A turn that posts `card` as a new message. */
const post = (card: Card) => async (ctx: TurnContext): Promise<void> => {
  await ctx.sendActivity(MessageFactory.attachment(asAttachment(card)));
};

type Capture = (inner: (ctx: TurnContext) => Promise<void>) => (ctx: TurnContext) => Promise<void>;

export class TeamsNotifier implements Notifier, DeliveryAlerts, LeaveNotifier, AnnualPoster, ComplaintNotifier, StaffComplaintNotifier, TalksNotifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly conversations: ConversationStore<ConversationReference>,
    private readonly directory: Directory & { listChannels(tenantId: string, schoolId: string): Promise<SchoolChannel[]> },
    private readonly preferences: PreferenceStore,
    private readonly cfg: TeamsNotifierConfig,
  ) {}

  async send(kind: NoticeKind, recipientId: string, c: SkolemiljoCase, view?: CaseForViewer): Promise<Delivered> {
    const { reference, lang } = await this.reach(c.tenantId, c.schoolId, recipientId);
    const card = await this.cardFor(kind, c, lang, view);
    let activityId = '';
    await this.inConversation(reference, c.tenantId, async (ctx) => {
      const r = await ctx.sendActivity(MessageFactory.attachment(asAttachment(card)));
      activityId = r?.id ?? '';
    });
    return { conversationId: reference.conversation?.id ?? '', activityId };
  }

  /** The invitation to a meeting on the case, in the invitee's personal chat. */
  async invite(recipientId: string, c: SkolemiljoCase, m: CaseMeeting): Promise<void> {
    const staff = await this.directory.staffOf(c.tenantId, c.schoolId);
    const organizer = staff.find((s) => s.userId === m.organizerId)?.name ?? '';
    await this.sendCard(c.tenantId, c.schoolId, recipientId, async (lang) => meetingInviteCard(lang, c, m, organizer));
  }

  /** A reminder card in the recipient's personal chat. */
  async remind(recipientId: string, c: SkolemiljoCase, r: Reminder): Promise<void> {
    await this.sendCard(c.tenantId, c.schoolId, recipientId, async (lang) => reminderCard(lang, c, r));
  }


  /** The leave request to the avdelingsleder who decides it (only they see the buttons). */
  async askLeader(l: LeaveRequest, leaderId: string): Promise<void> {
    await this.sendCard(l.tenantId, l.schoolId, leaderId, async (lang) => leaveCard(lang, await this.leaveView(l, leaderId)));
  }

  /** The outcome of a leave request. */
  async outcome(l: LeaveRequest, recipientId: string): Promise<void> {
    await this.sendCard(l.tenantId, l.schoolId, recipientId, async (lang) => leaveOutcomeCard(lang, await this.leaveView(l, recipientId)));
  }

  private async leaveView(l: LeaveRequest, viewerId: string): Promise<LeaveView> {
    const [school, staff] = await Promise.all([this.directory.getSchool(l.tenantId, l.schoolId), this.directory.staffOf(l.tenantId, l.schoolId)]);
    return { leave: l, school, viewer: staff.find((m) => m.userId === viewerId), names: Object.fromEntries(staff.map((m) => [m.userId, m.name])) };
  }

  /** A complaint about teaching, as the recipient may see it, in their personal chat. */
  async complaintNotice(v: ComplaintView, recipientId: string, notice: ComplaintNotice): Promise<void> {
    await this.sendCard(v.complaint.tenantId, v.complaint.schoolId, recipientId, async (lang) => complaintNoticeCard(lang, v, notice));
  }

  /** A complaint about the recipient, as they may see it (their view only), in their personal chat. */
  async staffComplaintNotice(v: StaffComplaintView, recipientId: string): Promise<void> {
    await this.sendCard(v.complaint.tenantId, v.complaint.schoolId, recipientId, async (lang) => staffComplaintCard(lang, v));
  }

  private async sendCard(tenantId: string, schoolId: string, recipientId: string, build: (lang: Lang) => Promise<Card>): Promise<void> {
    const { reference, lang } = await this.reach(tenantId, schoolId, recipientId);
    await this.inConversation(reference, tenantId, post(await build(lang)));
  }

  /** Elevsamtaler due: to the kontaktlærer alone, with the pupils' names. */
  async talksReminder(school: School, userId: string, roster: ClassRoster, due: PersonalReminder[]): Promise<void> {
    await this.sendCard(school.tenantId, school.schoolId, userId, async (lang) => talksReminderCard(lang, school.name, roster, due));
  }

  /** Elevsamtaler in the class channel: counts only, in the school's language form. */
  async talksChannel(school: School, channel: SchoolChannel, className: string, due: ChannelReminder[]): Promise<void> {
    await this.postToChannel(school.tenantId, channel, talksChannelCard(school.languageForm, school.name, className, due));
  }

  /** An årshjul task in the school's channel. */
  async postTask(school: School, channel: SchoolChannel, task: AnnualTask): Promise<void> {
    await this.postToChannel(school.tenantId, channel, annualPostCard(school.languageForm, task));
  }

  /** A deadline reminder in a channel: the case reference and the deadline, nothing about the pupil. */
  async remindChannel(channel: SchoolChannel, c: SkolemiljoCase, r: Reminder): Promise<void> {
    const lang = await this.schoolLang(c.tenantId, c.schoolId);
    await this.postToChannel(c.tenantId, channel, channelReminderCard(lang, c, r));
  }

  /** Tells the school's admin channel, if it has one, what could not be delivered to whom (by role). */
  async deliveryFailed(c: SkolemiljoCase, what: 'reminder' | 'notice', recipientId: string): Promise<void> {
    const admin = adminChannelOf(await this.directory.listChannels(c.tenantId, c.schoolId));
    if (!admin) return;
    const lang = await this.schoolLang(c.tenantId, c.schoolId);
    const t = strings(lang).channel;
    let role: string;
    if (recipientId.startsWith('channel:')) role = t.roles.kanal;
    else if (recipientId === c.leaderId) role = t.roles.leder;
    else {
      const m = (await this.directory.staffOf(c.tenantId, c.schoolId)).find((x) => x.userId === recipientId);
      role = hasRole(m, 'rektor') ? t.roles.rektor : hasRole(m, 'skoleeier') ? t.roles.skoleeier : hasRole(m, 'postfordeler') ? t.roles.postfordeler : t.roles.ansatt;
    }
    await this.postToChannel(c.tenantId, admin, deliveryFailedCard(lang, c.ref, what, role));
  }

  /** Tells the school's admin channel that a case notice waits for someone to hold a role (reference only). */
  async nobodyToReceive(c: SkolemiljoCase, role: NeededRole): Promise<boolean> {
    const admin = adminChannelOf(await this.directory.listChannels(c.tenantId, c.schoolId));
    if (!admin) return false;
    const lang = await this.schoolLang(c.tenantId, c.schoolId);
    await this.postToChannel(c.tenantId, admin, nobodyToReceiveCard(lang, c.ref, strings(lang).channel.roles[role]));
    return true;
  }

  private async postToChannel(tenantId: string, channel: SchoolChannel, card: Card): Promise<void> {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: channel.serviceUrl || this.cfg.serviceUrl,
      bot: { id: this.cfg.appId, name: 'Meld fra' },
      conversation: { id: channel.conversationId, isGroup: true, conversationType: 'channel', tenantId, name: '' },
    };
    await this.inConversation(reference, tenantId, post(card), channel.conversationId);
  }

  async update(kind: NoticeKind, recipientId: string, c: SkolemiljoCase, where: Delivered, view?: CaseForViewer): Promise<void> {
    const { reference, lang } = await this.reach(c.tenantId, c.schoolId, recipientId);
    await this.replace(reference, c.tenantId, where, await this.cardFor(kind, c, lang, view));
  }

  /** Retention: a card already sent about a deleted case becomes the «slettet» card. */
  async showDeleted(tenantId: string, schoolId: string, recipientId: string, where: Delivered): Promise<void> {
    const { reference, lang } = await this.reach(tenantId, schoolId, recipientId);
    await this.replace(reference, tenantId, where, deletedCard(lang));
  }

  /** A card already sent (`where`) becomes `card`. */
  private async replace(reference: Partial<ConversationReference>, tenantId: string, where: Delivered, card: Card): Promise<void> {
    const ref = { ...reference, conversation: { ...reference.conversation!, id: where.conversationId } };
    await this.inConversation(ref, tenantId, async (ctx) => {
      await ctx.updateActivity({ ...MessageFactory.attachment(asAttachment(card)), id: where.activityId });
    });
  }

  /** One turn in a conversation the bot already has (a personal chat, a channel), through `guard`. */
  private async inConversation(reference: Partial<ConversationReference>, tenantId: string, act: (ctx: TurnContext) => Promise<void>, conversationId = reference.conversation?.id): Promise<void> {
    await this.guard((capture) => this.adapter.continueConversationAsync(this.cfg.appId, reference, capture(act)), conversationId, tenantId);
  }

  /** Renders only: a card that shows the case to its recipient gets the view the use case built. */
  private async cardFor(kind: NoticeKind, c: SkolemiljoCase, lang: Lang, view: CaseForViewer | undefined): Promise<Card> {
    switch (kind) {
      case 'postfordeler':
        return postfordelerCard(lang, c);
      case 'status':
        return forwardedToReporterCard(lang, c);
      case 'avsluttet':
        return closedToReporterCard(lang, c);
      case 'kvittering': {
        // The receipt says whom the report has not reached yet, as it is now.
        const [staff, school] = await Promise.all([this.directory.staffOf(c.tenantId, c.schoolId), this.directory.getSchool(c.tenantId, c.schoolId)]);
        return caseStatusCard(lang, c, [], true, { unreached: unreachable(c, staff), ownerPhone: school?.ownerPhone, ownerEmail: school?.ownerEmail });
      }
      case 'omklassifisert':
        return reclassifiedOwnerCard(lang, c, (await this.directory.getSchool(c.tenantId, c.schoolId))?.name ?? c.schoolId);
      default:
        if (!view) throw new Error(`a ${kind} card needs the recipient's view of the case`);
        return caseCard(lang, view, { kind });
    }
  }

  private async reach(tenantId: string, schoolId: string, userId: string): Promise<{ reference: Partial<ConversationReference>; lang: Lang }> {
    // The user's chosen language, else their Teams locale, else the school's language form.
    const chosen = await this.preferences.language(tenantId, userId);
    const stored = await this.conversations.get(tenantId, userId);
    if (stored) return { reference: stored.reference, lang: chosen ?? (stored.locale ? langOf(stored.locale) : await this.schoolLang(tenantId, schoolId)) };
    const staff = await this.directory.staffOf(tenantId, schoolId);
    const person = staff.find((m) => m.userId === userId);
    const params = {
      isGroup: false,
      bot: { id: this.cfg.appId, name: 'Meld fra' },
      members: [{ id: person?.teamsId ?? userId, aadObjectId: userId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as unknown as ConversationParameters;
    let reference: Partial<ConversationReference> | undefined;
    await this.guard(
      (capture) =>
        this.adapter.createConversationAsync(
          this.cfg.appId,
          'msteams',
          this.cfg.serviceUrl,
          '',
          params,
          capture(async (ctx) => {
            reference = TurnContext.getConversationReference(ctx.activity);
          }),
        ),
      `new:${userId}`,
      tenantId,
    );
    if (!reference) throw new Error('connector created no conversation');
    reference = { ...reference, user: { id: person?.teamsId ?? userId, name: '', aadObjectId: userId } };
    await this.conversations.put(tenantId, userId, { reference, locale: '' });
    return { reference, lang: chosen ?? (await this.schoolLang(tenantId, schoolId)) };
  }

  private async schoolLang(tenantId: string, schoolId: string): Promise<Lang> {
    return (await this.directory.getSchool(tenantId, schoolId))?.languageForm ?? 'nb';
  }

  /** 403/404 from the connector will not heal by retrying: the bot was removed or the user is gone. */
  /**
   * One proactive call, through the outbound queue (limits, Retry-After, 403/404 → permanent).
   * botbuilder hands an error inside a turn to onTurnError, which would swallow it and make a
   * failed send look delivered: the error is caught in the turn and rethrown here instead.
   */
  private async guard(f: (capture: Capture) => Promise<void>, conversationId = '', tenantId = ''): Promise<void> {
    await this.cfg.outbound.run(conversationId || 'new-conversation', tenantId || 'tenant', async () => {
      let failure: unknown;
      const capture: Capture = (inner) => async (ctx) => {
        try {
          await inner(ctx);
        } catch (e) {
          failure = e;
        }
      };
      await f(capture);
      if (failure) throw failure;
    });
  }
}
