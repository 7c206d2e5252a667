/**
 * The short cards: reminders and status notices in a personal chat, what the admin channel is
 * told, help. None of them names a pupil; a reminder or notice carries the case reference only.
 */
import { formatDay, formatWhen } from '../../../app/format';
import type { SkolemiljoCase } from '../../../domain/case';
import type { Reminder } from '../../../domain/reminders';
import { fill, strings, type Lang } from '../../../i18n';
import type { HelpModel, ReminderModel } from './models';
import { render, type Card } from './render';
import { noticeCard } from './views';

/** What a card about a record deleted after the retention period turns into: nothing else is left. */
export function deletedCard(lang: Lang): Card {
  const t = strings(lang).retention;
  return noticeCard(t.deletedTitle, t.deleted);
}

/** A reminder in a personal chat: the reference and the deadline, never the pupil. */
export function reminderCard(lang: Lang, c: SkolemiljoCase, r: Reminder): Card {
  const t = strings(lang).reminder;
  const [today, overdue] =
    r.duty === 'evaluering'
      ? [t.evalDueToday, t.evalOverdue]
      : r.duty === 'kalle_inn'
        ? [t.callInDueToday, t.callInOverdue]
        : r.duty === 'elev_informert'
          ? [t.informDueToday, t.informOverdue]
          : [t.dueToday, t.overdue];
  const model: ReminderModel = {
    title: fill(t.title, { ref: c.ref }),
    text: fill(r.step === 0 ? today : overdue, { ref: c.ref, date: formatDay(r.deadline, lang) }),
    style: r.step === 0 ? 'default' : 'attention',
    open: t.open,
    schoolId: c.schoolId,
    caseId: c.caseId,
    reminderId: r.reminderId,
  };
  return render('reminder', model);
}

/** A deadline reminder in a channel: the case reference and the deadline, nothing about the pupil. */
export function channelReminderCard(lang: Lang, c: SkolemiljoCase, r: Reminder): Card {
  const t = strings(lang).channel;
  const text = fill(r.duty === 'evaluering' ? (r.step === 0 ? t.evalDueToday : t.evalOverdue) : r.step === 0 ? t.dueToday : t.overdue, { ref: c.ref, date: formatDay(r.deadline, lang) });
  return noticeCard(t.reminderTitle, text, r.step === 0 ? 'default' : 'attention');
}

/** For the admin channel: what could not be delivered, in which case, to which role (no names). */
export function deliveryFailedCard(lang: Lang, ref: string, what: 'reminder' | 'notice', role: string): Card {
  const t = strings(lang).channel;
  return noticeCard(t.failedTitle, fill(t.failed, { what: what === 'reminder' ? t.whatReminder : t.whatNotice, ref, role }), 'attention');
}

/** For the admin channel: a case notice waits because nobody holds the role (no names, the reference only). */
export function nobodyToReceiveCard(lang: Lang, ref: string, role: string): Card {
  const t = strings(lang).channel;
  return noticeCard(t.nobodyTitle, fill(t.nobody, { ref, role }), 'attention');
}

/** To the school owner: a §12-5 report rektor has reclassified, with rektor's reason. */
export function reclassifiedOwnerCard(lang: Lang, c: SkolemiljoCase, schoolName: string): Card {
  const cc = strings(lang).caseCard;
  return noticeCard(fill(cc.reclassifiedTitle, { ref: c.ref }), fill(cc.reclassifiedOwner, { ref: c.ref, school: schoolName, note: c.escalation.note }), 'attention');
}

export function postfordelerCard(lang: Lang, c: SkolemiljoCase): Card {
  const t = strings(lang).postfordeler;
  return noticeCard(t.title, fill(t.text, { ref: c.ref, date: formatWhen(c.createdAt, lang) }));
}

export function forwardedToReporterCard(lang: Lang, c: SkolemiljoCase): Card {
  const t = strings(lang).statusUpdate;
  return noticeCard(t.forwardedTitle, fill(t.forwarded, { ref: c.ref }), 'good');
}

export function closedToReporterCard(lang: Lang, c: SkolemiljoCase): Card {
  const t = strings(lang).statusUpdate;
  return noticeCard(t.closedTitle, fill(t.closed, { ref: c.ref }), 'good');
}

export function helpCard(lang: Lang, unknown: boolean): Card {
  const t = strings(lang).help;
  const model: HelpModel = { t, unknown: unknown ? t.unknown : '', commands: t.commands.map(([title, value]) => ({ title, value })) };
  return render('help', model);
}
