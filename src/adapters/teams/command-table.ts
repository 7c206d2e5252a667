/**
 * Typed commands: one row per command, with whether it shows or takes pupil data. Those rows
 * answer only in the personal chat; the bot checks the flag before a command runs, so a new
 * command cannot forget it (duty of confidentiality, forvaltningsloven § 13).
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Command } from '../../domain/commands';
import { isRefusal } from '../../domain/errors';
import type { ChannelScope } from '../../domain/school';
import { fill, strings, type Lang } from '../../i18n';
import type { ActivityInfo } from './activity-info';
import { annualCard } from './cards/annual-views';
import { complaintCard as complaintCardFor } from './cards/complaint-views';
import { leaveCard, leaveFormCard } from './cards/leave-views';
import { asAttachment, type Card } from './cards/render';
import { staffComplaintCard } from './cards/staff-complaint-views';
import { talksCard } from './cards/talks-views';
import { caseCardFor, caseListCard, reportFormCard, schoolPickerCard } from './cards/views';
import { helpCard } from './cards/notice-views';
import { complaintChoiceCard } from './cards/complaint-choice-views';
import { rolesShow } from './handlers/roles-verbs';
import { overviewShow } from './handlers/overview-verbs';
import type { Services } from './handlers/types';
import type { PreferenceStore } from '../../ports';
import type { Logger } from '../../app/logger';

export interface CommandContext extends ActivityInfo {
  turn: TurnContext;
  services: Services;
  preferences: PreferenceStore;
  logger: Logger;
}

type Name = Command['name'];
interface CommandSpec<N extends Name> {
  /** Shows or takes pupil (or staff) data: answered in the personal chat only, elsewhere a pointer. */
  personalOnly: boolean;
  /** The pointer, when the command has its own; the general one otherwise. */
  pointer?: (lang: Lang) => string;
  /** The card to answer with; undefined when the command has answered itself. */
  run(c: CommandContext, cmd: Extract<Command, { name: N }>): Promise<Card | undefined>;
}

/**
 * Teams sets conversationType on every activity; the Agents Playground leaves it out in its 1:1
 * chat only (channels and group chats carry it), so a missing type is the personal chat.
 */
export const inPersonalChat = (turn: TurnContext): boolean => {
  const type = turn.activity.conversation?.conversationType;
  return !type || type === 'personal';
};

const say = async (c: CommandContext, text: string): Promise<undefined> => {
  await c.turn.sendActivity(text);
  return undefined;
};

export const COMMANDS: { [N in Name]: CommandSpec<N> } = {
  // The form returned with errors shows the pupil's name: never where others read along.
  meld_fra: {
    personalOnly: true,
    async run(c) {
      const r = await c.services.report.start(c.actor);
      return r.kind === 'pickSchool' ? schoolPickerCard(c.lang, r) : reportFormCard(c.lang, r, await c.services.report.issueForm(c.actor));
    },
  },
  mine_saker: {
    personalOnly: true,
    run: async (c) => caseListCard(c.lang, await c.services.cases.mine(c.actor)),
  },
  sak: {
    personalOnly: true,
    async run(c, cmd) {
      if (cmd.ref.startsWith('KL-')) return complaintCardFor(c.lang, await c.services.teachingComplaints.openByRef(c.actor, cmd.ref));
      if (cmd.ref.startsWith('PK-')) return staffComplaintCard(c.lang, await c.services.staffComplaints.openByRef(c.actor, cmd.ref));
      return caseCardFor(c.lang, await c.services.cases.openByRef(c.actor, cmd.ref));
    },
  },
  permisjon: {
    personalOnly: true,
    async run(c) {
      const pending = await c.services.leave.pending(c.actor);
      let form: Card | undefined;
      try {
        form = leaveFormCard(c.lang, await c.services.leave.start(c.actor), c.services.newFormId());
      } catch (e) {
        // A leader who is no kontaktlærer still gets the requests waiting for them.
        if (!isRefusal(e, 'common.NO_ROLE')) throw e;
        if (pending.length === 0) return say(c, strings(c.lang).leave.onlyContactTeacher);
      }
      for (const p of pending) await c.turn.sendActivity(MessageFactory.attachment(asAttachment(leaveCard(c.lang, p))));
      return form;
    },
  },
  elevsamtaler: {
    personalOnly: true,
    async run(c) {
      try {
        return talksCard(c.lang, await c.services.talks.show(c.actor));
      } catch (e) {
        if (!isRefusal(e, 'common.NO_ROLE')) throw e;
        return say(c, strings(c.lang).talks.onlyContactTeacher);
      }
    },
  },
  klage: {
    personalOnly: true,
    async run(c) {
      await c.services.report.memberships(c.actor); // staff only
      return complaintChoiceCard(c.lang);
    },
  },
  // School-level tasks only, no pupil data: fine in a channel too.
  arshjul: {
    personalOnly: false,
    run: async (c) => annualCard(c.lang, await c.services.annual.show(c.actor)),
  },
  // Staff names and roles.
  roller: {
    personalOnly: true,
    pointer: (lang) => strings(lang).roles.onlyPersonal,
    run: (c) => rolesShow({ ...c, conversationId: c.turn.activity.conversation?.id ?? '', replyToId: '' }, {}),
  },
  // Counts only, but of the school's cases: the personal chat, like everything about cases.
  oversikt: {
    personalOnly: true,
    run: (c) => overviewShow(c),
  },
  // Only in a channel: the reference and a date, never names.
  kanal: {
    personalOnly: false,
    run: async (c, cmd) => say(c, await chooseChannel(c, cmd.scope, cmd.target)),
  },
  sprak: {
    personalOnly: false,
    async run(c, cmd) {
      if (!cmd.lang) return say(c, strings(c.lang).language.ask);
      await c.preferences.setLanguage(c.actor.tenantId, c.actor.userId, cmd.lang);
      return say(c, strings(cmd.lang).language.set);
    },
  },
  hjelp: {
    personalOnly: false,
    run: async (c, cmd) => helpCard(c.lang, cmd.unknown),
  },
};

/** "@Meld fra kanal trinn 8" in a channel: which reminders this channel gets (rektor or admin only). */
async function chooseChannel(c: CommandContext, scope: ChannelScope | undefined, target: string): Promise<string> {
  const t = strings(c.lang).channel;
  const conversation = c.turn.activity.conversation;
  if (conversation?.conversationType !== 'channel') return t.onlyInChannel;
  const r = await c.services.channels.choose(c.actor, scope, target, { conversationId: conversation.id, serviceUrl: c.turn.activity.serviceUrl ?? '' });
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
      c.logger.info({ schoolId: r.school.schoolId, scope: r.channel.scope, target: r.channel.target }, 'channel chosen');
      return r.channel.scope === 'admin'
        ? fill(t.setAdmin, { school: r.school.name })
        : fill(t.set, { what: what(r.channel.scope, r.channel.target), school: r.school.name });
  }
}
