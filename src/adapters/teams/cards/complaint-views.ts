/**
 * The card of a complaint about teaching (seed 000): its stage, the next step in the routine's
 * words, the minutes and the buttons this viewer may press, and the notices built on it. The
 * registration form and the step forms are in complaint-forms.ts.
 */
import type { ComplaintNotice, ComplaintView } from '../../../app/teaching-complaint';
import { formatDate, formatShortDay, formatTime } from '../../../app/format';
import {
  followUpOn,
  latestMinutes,
  missingForStage,
  MINUTES_KINDS,
  STAGE_NAMES,
  unsigned,
  type Minutes,
} from '../../../domain/complaint';
import type { StageDeadline } from '../../../domain/complaint-deadlines';
import { fill, strings, type Lang } from '../../../i18n';
import type { Fact } from './models';
import { clip, renderFitting, type Card } from './render';
import { field, renderForm, type Field, type FormModel, formModel, action, type Link } from './form';

export const tc = (lang: Lang) => strings(lang).teachingComplaint;

/** The follow-up meeting as the calendar has it: when, and the .ics file or the Teams link; or that it waits for the calendar. */
function bookedLine(lang: Lang, b: NonNullable<ComplaintView['booking']>): string {
  const t = tc(lang);
  const date = formatShortDay(b.date, lang);
  if (b.cancelled) {
    if (b.bookedVersion < b.version) return fill(t.bookingCancelPending, { date, time: formatTime(b.start, lang) });
    // The local calendar's file now cancels the event for those who added it.
    return oneLine(fill(t.bookingCancelled, { date, time: formatTime(b.start, lang), link: '' }));
  }
  if (b.bookedVersion < b.version) return fill(t.bookingPending, { date, time: formatTime(b.start, lang) });
  // The link is a button under the card (cards/*.json text is kept free of live links).
  return oneLine(fill(t.bookedLine, { date, time: formatTime(b.start, lang), end: formatTime(b.end, lang), link: '' }));
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The follow-up meeting's Teams link or calendar file, as a button, when the booking is shown on the card. */
function calendarLinks(lang: Lang, v: ComplaintView): Link[] {
  const t = tc(lang);
  const b = v.booking;
  if (!b || !bookingFact(lang, v).length || b.bookedVersion < b.version) return [];
  // A cancelled Teams meeting has nothing to join; its .ics file (local calendar) now cancels it.
  if (b.cancelled) return !b.joinUrl && b.webLink ? [{ title: t.icsCancelLink, url: b.webLink }] : [];
  if (b.joinUrl) return [{ title: t.teamsLink, url: b.joinUrl }];
  return b.webLink ? [{ title: t.icsLink, url: b.webLink }] : [];
}

/** «Frist»: the stage's deadline, saying whether it is the routine's three weeks or the app's default. */
function deadlineLine(lang: Lang, d: StageDeadline, today: string): string {
  const t = tc(lang);
  const v = { date: formatShortDay(d.date, lang), what: t.deadlineWhat[d.duty], days: d.schoolDays };
  const line = fill(d.basis === 'seed' ? t.deadlineSeed : d.basis === 'moved' ? t.deadlineMoved : t.deadlineDefault, v);
  return d.date < today ? `${line} ${t.deadlinePassed}` : line;
}

/** The follow-up meeting's booking, when the card should show it: while it is awaited, or once it is called off. */
function bookingFact(lang: Lang, v: ComplaintView): Fact[] {
  const b = v.booking;
  const c = v.complaint;
  const meeting = latestMinutes(c, 'mote_tillitselev');
  if (!b || !meeting) return [];
  const awaited = c.stage === 2 && c.status === 'apen' && b.minutesId === meeting.minutesId && c.followUp?.minutesId !== meeting.minutesId;
  return awaited || b.cancelled ? [{ title: tc(lang).bookedTitle, value: bookedLine(lang, b) }] : [];
}

// ---------------------------------------------------------------------------------------------
// The complaint

export const refData = (v: ComplaintView): Record<string, string> => ({
  schoolId: v.complaint.schoolId,
  complaintId: v.complaint.complaintId,
  minutesId: latestMinutes(v.complaint, 'mote_tillitselev')?.minutesId ?? '',
  /** The stage this card shows: a second click on a step already taken changes nothing. */
  stage: String(v.complaint.stage),
});

/** The next step in the routine's words, from what the domain says the stage still needs. */
function nextStep(lang: Lang, v: ComplaintView): string {
  const t = tc(lang).next;
  const c = v.complaint;
  const name = (id: string) => v.names[id] ?? '–';
  if (c.status === 'avsluttet') return t.closed;
  const first = missingForStage(c)[0];
  switch (c.stage) {
    case 1:
      return first ? t.s1_minutes : t.s1_done;
    case 2: {
      const m = latestMinutes(c, 'mote_tillitselev');
      if (!first) return fill(t.s2_written, { leader: name(c.leaderId) });
      if (first.code === 'complaint.MINUTES_NOT_APPROVED' && m) {
        const u = unsigned(m);
        return fill(t.s2_sign, { names: [...u.staffIds.map(name), ...u.pupils].join(', ') });
      }
      if (first.code === 'complaint.FOLLOW_UP_NOT_HELD') return fill(t.s2_followup, { date: formatShortDay(followUpOn(c), lang) });
      if (first.code === 'complaint.CONDITIONS_IMPROVED') return t.s2_improved;
      return t.s2_minutes;
    }
    case 3:
      return fill(t.s3, { leader: name(c.leaderId) });
    case 4:
      if (!first) return t.s4_done;
      return first.detail?.kind === 'felles_mote' ? t.s4_joint : t.s4_separate;
    default:
      return t.s5;
  }
}

function minutesLines(lang: Lang, v: ComplaintView, m: Minutes, count: number, n: number): Field[] {
  const t = tc(lang);
  const name = (id: string) => v.names[id] ?? '–';
  const cut = (s: string) => (n ? clip(s, n) : s);
  const lines: string[] = [fill(t.lines.participants, { names: [...m.participants.staffIds.map(name), ...m.participants.pupils].join(', ') })];
  if (m.notes) lines.push(fill(t.lines.notes[m.kind], { text: cut(m.notes) }));
  if (m.proposals) lines.push(fill(t.lines.proposals, { text: cut(m.proposals) }));
  if (m.agreed) lines.push(fill(t.lines.agreed, { text: cut(m.agreed) }));
  if (m.periodEnd) lines.push(fill(t.lines.periodEnd, { date: formatShortDay(m.periodEnd, lang) }));
  if (m.requiresSignatures) {
    const u = unsigned(m);
    const signed = m.approvals.map((a) => (a.signer.kind === 'ansatt' ? name(a.signer.userId) : a.signer.name));
    if (signed.length) lines.push(fill(t.lines.signed, { names: signed.join(', ') }));
    lines.push(u.staffIds.length || u.pupils.length ? fill(t.lines.missing, { names: [...u.staffIds.map(name), ...u.pupils].join(', ') }) : t.lines.allSigned);
  }
  if (count > 1) lines.push(t.lines.version);
  return [field({ kind: 'heading', label: fill(t.minutesHeading, { kind: t.kinds[m.kind], date: formatShortDay(m.date, lang) }) }), ...lines.map((l) => field({ kind: 'info', label: l }))];
}

function complaintModel(lang: Lang, v: ComplaintView, o: { info?: string; error?: string }, n: number): FormModel {
  const t = tc(lang);
  const c = v.complaint;
  const name = (id: string) => v.names[id] ?? '–';
  const cut = (s: string) => (n ? clip(s, n) : s);
  const meeting = latestMinutes(c, 'mote_tillitselev');
  const facts: Fact[] = [
    { title: t.facts.stage, value: fill(t.stageLine, { stage: c.stage, name: t.stages[STAGE_NAMES[c.stage] as keyof typeof t.stages] }) },
    { title: t.facts.status, value: t.statuses[c.status] },
    { title: t.facts.class, value: c.class },
    { title: t.facts.subject, value: c.subject },
    { title: t.facts.teacher, value: name(c.teacherId) },
    ...(c.representatives.length ? [{ title: t.facts.representatives, value: c.representatives.join(', ') }] : []),
    { title: t.facts.leader, value: name(c.leaderId) },
    { title: t.facts.registered, value: fill(t.registeredBy, { date: formatDate(c.registeredAt, lang), name: name(c.registeredBy) }) },
    ...(c.description ? [{ title: t.facts.description, value: cut(c.description) }] : []),
    ...(v.deadline ? [{ title: t.deadlineTitle, value: deadlineLine(lang, v.deadline, v.today) }] : []),
    // The follow-up's day is in «Frist» (with the routine's three weeks) and in the calendar line.
    ...(meeting && c.stage === 2 && c.followUp?.minutesId !== meeting.minutesId && v.deadline?.duty !== 'oppfolgingsmote' ? [{ title: t.facts.followUp, value: formatShortDay(followUpOn(c), lang) }] : []),
    ...bookingFact(lang, v),
    ...(c.followUp ? [{ title: t.facts.followUp, value: `${formatShortDay(c.followUp.heldOn, lang)}: ${t.outcomes[c.followUp.outcome]}${c.followUp.note ? ` (${cut(c.followUp.note)})` : ''}` }] : []),
    ...(c.writtenComplaint
      ? [
          { title: t.facts.written, value: `${formatDate(c.writtenComplaint.receivedAt, lang)}: ${cut(c.writtenComplaint.text)}` },
          { title: t.facts.reason, value: cut(c.writtenComplaint.reason) },
        ]
      : []),
    ...c.skips.map((s) => ({ title: t.facts.skipped, value: fill(t.skipLine, { from: s.from, to: s.to, name: name(s.by), date: formatDate(s.at, lang), reason: cut(s.reason) }) })),
    ...(c.teacherInformedAt ? [{ title: t.facts.informed, value: formatDate(c.teacherInformedAt, lang) }] : []),
    ...(c.toRektor ? [{ title: t.facts.toRektor, value: `${formatDate(c.toRektor.at, lang)}${c.toRektor.note ? `: ${cut(c.toRektor.note)}` : ''}` }] : []),
    ...(c.resolution ? [{ title: t.facts.resolution, value: fill(t.resolutionLine, { date: formatDate(c.resolution.at, lang), name: name(c.resolution.by), stage: c.resolution.stage, note: cut(c.resolution.note) }) }] : []),
  ];
  const fields = MINUTES_KINDS.flatMap((k) => {
    const all = c.minutes.filter((m) => m.kind === k);
    return all.length ? minutesLines(lang, v, all[all.length - 1], all.length, n) : [];
  });
  const b = v.buttons;
  const actions: FormModel['actions'] = [
    ...(b.approve ? [action(t.buttons.approve, 'tc.approve', 'positive')] : []),
    ...b.minutes.map((k) => action(t.buttons.minutes[k], `tc.minutes.${k}` as const)),
    ...(b.pupils ? [action(t.buttons.pupils, 'tc.pupils.open')] : []),
    ...(b.followUp ? [action(t.buttons.followUp, 'tc.followup.open')] : []),
    ...(b.move ? [action(t.moveButton, 'tc.followup.move.open')] : []),
    ...(b.next ? [action(t.buttons.next, 'tc.next')] : []),
    ...(b.inform ? [action(t.buttons.inform, 'tc.next', 'positive')] : []),
    ...(b.escalate ? [action(t.buttons.escalate, 'tc.escalate.open')] : []),
    ...(b.toRektor ? [action(t.buttons.toRektor, 'tc.rektor.open')] : []),
    ...(b.resolve ? [action(t.buttons.resolve, 'tc.resolve.open')] : []),
  ];
  return formModel({
    title: fill(t.title, { ref: c.ref }),
    subtitle: v.school?.name ?? '',
    intro: [o.info ?? '', `${t.nextTitle}: ${nextStep(lang, v)}`].filter(Boolean).join('\n\n'),
    error: o.error ?? '',
    facts,
    fields,
    data: refData(v),
    actions,
    // Right under the facts, beside the follow-up meeting they belong to (Teams folds a card's seventh button into "…").
    factLinks: calendarLinks(lang, v),
    refreshUsers: v.involved,
    refreshVerb: 'tc.refresh',
  });
}

/** The complaint as this viewer may see it; long minutes shrink step by step until the card fits. */
export function complaintCard(lang: Lang, v: ComplaintView, o: { info?: string; error?: string } = {}): Card {
  return renderFitting('work-form', [0, 1200, 400, 120].map((n) => complaintModel(lang, v, o, n)));
}

/** What a person is told in their personal chat. The follow-up reminder names no pupil and quotes no minutes. */
export function complaintNoticeCard(lang: Lang, v: ComplaintView, notice: ComplaintNotice): Card {
  const t = tc(lang);
  const c = v.complaint;
  const name = (id: string) => v.names[id] ?? '–';
  if (notice === 'oppfolging' || notice === 'frist') {
    const d = v.deadline;
    const date = d?.date ?? followUpOn(c);
    const text = notice === 'oppfolging' ? (date < v.today ? t.reminderOverdue : t.reminder) : `${date < v.today ? `${t.deadlinePassed} ` : ''}${t.due[d?.duty ?? 'oppfolgingsmote']}`;
    return renderForm(
      formModel({
        title: fill(notice === 'oppfolging' ? t.reminderTitle : t.dueTitle, { ref: c.ref }),
        subtitle: v.school?.name ?? '',
        intro: fill(text, { ref: c.ref, subject: c.subject, class: c.class, date: formatShortDay(date, lang) }),
        fields: [],
        data: refData(v),
        actions: [action(t.buttons.open, 'tc.refresh', 'positive')],
      }),
    );
  }
  if (notice === 'mote_flyttet' || notice === 'mote_avlyst') {
    const b = v.booking;
    const when = { ref: c.ref, subject: c.subject, class: c.class, name: name(b?.by ?? ''), date: formatShortDay(b?.date ?? '', lang), time: formatTime(b?.start ?? '', lang) };
    return complaintCard(lang, v, { info: fill(notice === 'mote_flyttet' ? t.movedNotice : t.cancelledNotice, when) });
  }
  const by =
    notice === 'godkjenn'
      ? (latestMinutes(c, 'mote_tillitselev')?.recordedBy ?? '')
      : notice === 'orientert'
        ? c.leaderId
        : notice === 'til_rektor'
          ? (c.toRektor?.by ?? '')
          : notice === 'avsluttet'
            ? (c.resolution?.by ?? '')
            : '';
  return complaintCard(lang, v, { info: fill(t.notices[notice], { name: name(by), ref: c.ref, subject: c.subject, class: c.class }) });
}

