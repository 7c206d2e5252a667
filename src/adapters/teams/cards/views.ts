/**
 * Turns use-case results into card models. Which buttons a person gets is decided here only from
 * the server's view of them (CaseForViewer), never from anything the card sent.
 */
import type { CaseForViewer } from '../../../app/case-actions';
import { formatDateAndClock, formatDay, formatTime, formatWhen } from '../../../app/format';
import type { ReportFormResult } from '../../../app/report-concern';
import type { MeetingProposal } from '../../../app/meetings';
import type { SkolemiljoCase } from '../../../domain/case';
import type { Membership } from '../../../domain/people';
import { KINDS, PUPIL_INFORMED, ReportDraft, SOURCES, VULNERABILITIES, WARNING_SIGNS } from '../../../domain/report';
import type { FieldError } from '../../../domain/report';
import type { NoticeKind } from '../../../domain/routing';
import { fill, Lang, strings } from '../../../i18n';
import { activeMeeting, type CaseMeeting } from '../../../domain/meetings';
import type { CaseListModel, CaseModel, MeetingInviteModel, CaseStatusModel, Choice, Fact, NoticeModel, ReportFormModel } from './models';
import { Card, clip, render, renderFitting } from './render';
import { workSection } from './work-views';

/** A time to wait until, shown to the minute: rounded up, so it is never a minute too early. */
const ceilMinute = (iso: string): string => new Date(Math.ceil(Date.parse(iso) / 60_000) * 60_000).toISOString();

const choices = <K extends string>(codes: readonly K[], labels: Record<K, string>): Choice[] =>
  codes.map((c) => ({ title: labels[c], value: c }));

export function reportFormCard(lang: Lang, r: Extract<ReportFormResult, { kind: 'form' }>, formId: string): Card {
  const t = strings(lang);
  const d: ReportDraft = r.draft;
  const err: Record<string, string> = {};
  for (const k of Object.keys(d)) err[k] = '';
  for (const e of r.errors as FieldError[]) err[e.field] = fill(t.report.errors[e.problem], { limit: e.limit ?? 0 });
  const v: Record<string, string> = {};
  for (const [k, val] of Object.entries(d)) v[k] = Array.isArray(val) ? val.join(',') : val;
  const model: ReportFormModel = {
    t: { ...t.report, errors: t.report.errors },
    formId,
    schoolId: r.school.schoolId,
    schoolName: r.school.name,
    today: r.today,
    hasErrors: r.errors.length > 0 || !!r.refusal,
    summary: !r.refusal
      ? t.report.errorSummary
      : r.refusal.kind === 'notIssued'
        ? t.report.notIssued
        : fill(t.report.tooMany, { limit: r.refusal.limit, when: formatWhen(ceilMinute(r.refusal.until), lang) }),
    v,
    err,
    classChoices: r.classes.map((c) => ({ title: c.name, value: c.name })),
    signChoices: choices(WARNING_SIGNS, t.report.signLabels),
    kindChoices: choices(KINDS, t.report.kindLabels),
    sourceChoices: choices(SOURCES, t.report.sourceLabels),
    yesNoChoices: [
      { title: t.yes, value: 'ja' },
      { title: t.no, value: 'nei' },
    ],
    informedChoices: choices(PUPIL_INFORMED, t.report.informedLabels),
    vulnerabilityChoices: choices(VULNERABILITIES, t.report.vulnerabilityLabels),
  };
  return render('report-form', model);
}

export function schoolPickerCard(lang: Lang, r: Extract<ReportFormResult, { kind: 'pickSchool' }>): Card {
  const t = strings(lang);
  return render('school-picker', { t: t.report, schoolChoices: r.schools.map((s) => ({ title: s.name, value: s.schoolId })) });
}

const statusText = (c: SkolemiljoCase, lang: Lang) => strings(lang).caseCard.statusLabels[c.status];

/** What the receipt must say honestly: roles nobody holds yet, and how to reach the school owner meanwhile. */
export interface ReceiptWaiting {
  unreached: ('rektor' | 'skoleeier')[];
  ownerPhone?: string;
  ownerEmail?: string;
}

/** The receipt's words: «sendt» only when the report has someone to go to (issue 12). */
function receiptText(lang: Lang, c: SkolemiljoCase, w: ReceiptWaiting): { title: string; text: string } {
  const t = strings(lang).receipt;
  const noRektor = w.unreached.includes('rektor');
  const noOwner = w.unreached.includes('skoleeier');
  const meanwhile = () => {
    const contact = [w.ownerPhone ? fill(t.ownerPhone, { phone: w.ownerPhone }) : '', w.ownerEmail ? fill(t.ownerEmail, { email: w.ownerEmail }) : ''].filter(Boolean).join(', ');
    return contact ? fill(t.meanwhileOwner, { contact }) : t.meanwhileOwnerUnknown;
  };
  if (c.route === 'ledelse') {
    return noOwner ? { title: t.titleWaiting, text: [t.thanksSavedLeadership, t.waitingOwner, meanwhile()].join(' ') } : { title: t.title, text: t.textLeadership };
  }
  const owner = noOwner ? [t.waitingOwner, meanwhile()] : [];
  if (noRektor) return { title: t.titleWaiting, text: [t.thanksSaved, t.waitingRektor, ...owner].join(' ') };
  if (c.route === 'skjerpet') return { title: t.title, text: noOwner ? [t.text, ...owner].join(' ') : t.textSkjerpet };
  return { title: t.title, text: t.text };
}

/** The reporter's receipt and everyone's status-only view: reference, status, date; no details. */
export function caseStatusCard(lang: Lang, c: SkolemiljoCase, actors: string[], receipt: boolean, waiting: ReceiptWaiting = { unreached: [] }): Card {
  const t = strings(lang);
  const r = receipt ? receiptText(lang, c, waiting) : undefined;
  const model: CaseStatusModel = {
    schoolId: c.schoolId,
    caseId: c.caseId,
    title: r ? r.title : `${t.caseCard.ref} ${c.ref}`,
    text: r ? r.text : t.caseCard.statusView,
    facts: [
      { title: t.caseCard.ref, value: c.ref },
      { title: t.caseCard.status, value: statusText(c, lang) },
      { title: t.caseCard.reportedAt, value: formatWhen(c.createdAt, lang) },
    ],
    footer: receipt ? t.receipt.keepRef : '',
    actors,
  };
  return render('case-status', model);
}

export interface CaseCardOptions {
  kind: NoticeKind;
  error?: string;
  note?: string;
  /** A confirmation shown at the top of the card ("Undersøkelsen er registrert."). */
  info?: string;
  /** The meeting form, open after "Kall inn til samtale" or when a call was refused. */
  meetingForm?: MeetingFormView;
}

/** The proposal the use case made (or the form as typed), as the card shows it. */
export interface MeetingFormView extends MeetingProposal {
  error?: string;
  today: string;
  /** Teams meetings exist only with the Graph calendar. */
  canOnline: boolean;
}

/** "Utenforskap, krenkelse": one sentence, so only the first label keeps its capital letter. */
const list = (codes: string[], labels: Record<string, string>, none: string) =>
  codes.length ? codes.map((c, i) => (i === 0 ? (labels[c] ?? c) : lowerFirst(labels[c] ?? c))).join(', ') : none;
const lowerFirst = (s: string) => (/^[A-ZÆØÅ][a-zæøå]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

const nameOf = (v: CaseForViewer, id: string) => v.staffNames[id] ?? '–';

/** Which case card this viewer gets: rektor's, the nærmeste leder's or the school owner's. */
export const caseCardFor = (lang: Lang, v: CaseForViewer, extra: { error?: string; note?: string; info?: string; meetingForm?: MeetingFormView } = {}): Card =>
  caseCard(lang, v, {
    kind: v.viewer?.roles.includes('rektor') ? 'rektor' : v.case.leaderId === v.viewer?.userId ? 'leder' : 'skoleeier',
    ...extra,
  });

/** "mine saker": reference, school, status and date per case; never a pupil's name. */
export function caseListCard(lang: Lang, r: { cases: { case: SkolemiljoCase; schoolName: string; overdue?: { duty: 'undersokelse' | 'evaluering'; date: string } }[]; more: number }): Card {
  const t = strings(lang).caseList;
  const rows = r.cases.map(({ case: c, schoolName, overdue }) => ({
    ref: c.ref,
    schoolId: c.schoolId,
    caseId: c.caseId,
    detail:
      fill(t.row, { school: schoolName, status: statusText(c, lang), date: formatWhen(c.createdAt, lang) }) +
      (overdue ? ` · ⚠ ${fill(t.overdue[overdue.duty], { date: formatDay(overdue.date, lang) })}` : ''),
  }));
  const model: CaseListModel = { t, rows, more: r.more ? fill(t.more, { shown: rows.length }) : '' };
  return render('case-list', model);
}

/** The full case card for those who may see details; buttons only for who may act now. */
export function caseCard(lang: Lang, v: CaseForViewer, o: CaseCardOptions): Card {
  if (v.view !== 'full') return caseStatusCard(lang, v.case, v.actors, false);
  const t = strings(lang);
  const c = v.case;
  const r = c.report;
  const rektor = v.viewer?.roles.includes('rektor') ?? false;
  const cc = t.caseCard;
  const ownerView = o.kind === 'skoleeier' && !rektor;
  const school = { school: v.schoolName };
  const told = c.escalation.state === 'varslet';
  // The school owner reads why the case came to them; the school reads that the owner has it.
  const banner =
    c.route === 'ledelse'
      ? cc.ledelse
      : ownerView && told
        ? fill(c.escalation.reason === 'alvorlig' ? cc.ownerSerious : cc.ownerSkjerpet, school)
        : c.route === 'skjerpet'
          ? cc.skjerpet
          : told
            ? cc.serious
            : '';
  const history: string[] = [];
  if (c.status === 'videresendt') history.push(fill(cc.forwardedTo, { leader: nameOf(v, c.leaderId), date: formatWhen(c.forwardedAt, lang) }));
  if (c.route !== 'ledelse') {
    // Honest about a notice still waiting for a school-owner contact: never «varslet» when it is not.
    if (told && v.unreached.includes('skoleeier')) history.push(cc.ownerWaiting);
    else if (told) history.push(fill(cc.notified, { date: formatWhen(c.escalation.at, lang) }));
    if (c.escalation.state === 'omklassifisert') history.push(fill(cc.reclassifiedHistory, { date: formatWhen(c.escalation.at, lang), note: c.escalation.note }));
  }
  const title = o.kind === 'leder' ? cc.titleLeader : o.kind === 'skoleeier' ? cc.titleOwner : cc.titleNew;
  const informed = c.pupilInformedAt
    ? fill(cc.pupilInformedDone, { date: formatWhen(c.pupilInformedAt, lang), name: nameOf(v, c.pupilInformedBy ?? '') })
    : t.report.informedLabels[r.pupilInformed] + (r.pupilInformedWhy ? ` (${r.pupilInformedWhy})` : '');
  const facts: Fact[] = [
    ...(ownerView ? [{ title: cc.school, value: v.schoolName }] : []),
    { title: cc.pupil, value: r.pupilName },
    { title: cc.class, value: r.pupilClass },
    { title: cc.reportedBy, value: nameOf(v, c.reporterId) },
    { title: cc.reportedAt, value: formatWhen(c.createdAt, lang) },
    ...(c.investigationDue && c.route !== 'ledelse' ? [{ title: cc.investigationDue, value: formatDay(c.investigationDue, lang) }] : []),
    { title: cc.kinds, value: list(r.kinds, t.report.kindLabels, cc.none) + (r.kindOther ? ` (${r.kindOther})` : '') },
    { title: cc.whereWhen, value: `${r.where}, ${formatDateAndClock(r.date, r.time, lang)}` },
    { title: cc.source, value: t.report.sourceLabels[r.source] },
    { title: cc.signs, value: list(r.signs, t.report.signLabels, cc.none) },
    { title: cc.intervened, value: r.intervened ? `${t.yes}: ${r.intervention}` : t.no },
    { title: cc.pupilInformed, value: informed },
    { title: cc.vulnerabilities, value: list(r.vulnerabilities, t.report.vulnerabilityLabels, cc.none) },
  ];
  const isLeaderView = c.status === 'videresendt' && c.leaderId === v.viewer?.userId;
  const open = c.status !== 'avsluttet' && c.route !== 'ledelse';
  const pupilStillUninformed = open && r.pupilInformed === 'nei_ennaa' && !c.pupilInformedAt && (rektor || isLeaderView);
  const model: CaseModel = {
    t: cc,
    schoolId: c.schoolId,
    caseId: c.caseId,
    ref: c.ref,
    title: `${title} – ${c.ref}`,
    statusText: statusText(c, lang),
    banner,
    facts,
    observed: r.observed,
    history,
    // The work section below says the next step.
    leaderNext: '',
    error: o.error ?? '',
    note: o.note ?? '',
    info: o.info ?? '',
    canForward: rektor && c.status === 'meldt',
    leaderChoices: v.leaders.map((m: Membership) => ({ title: leaderTitle(m, lang), value: m.userId })),
    suggestedLeaderId: c.leaderId,
    canReclassify: rektor && open && c.route === 'skjerpet' && told,
    canMarkSerious: rektor && open && c.escalation.state === 'ikke_aktuell' && c.route === 'ordinaer',
    pupilNotInformed: pupilStillUninformed ? cc.pupilNotInformed : '',
    actors: v.actors,
    ...meetingParts(lang, v, isLeaderView, o.meetingForm),
    work: workSection(lang, v, v.plan),
  };
  // Long texts shrink step by step until the card fits Teams' limit; the export has them whole.
  const compact = (n: number): CaseModel => ({
    ...model,
    observed: clip(model.observed, 6 * n),
    facts: model.facts.map((f) => ({ ...f, value: clip(f.value, 3 * n) })),
    work: { ...model.work, findings: clip(model.work.findings, 5 * n), measures: model.work.measures.map((m) => ({ ...m, value: clip(m.value, n) })) },
  });
  return renderFitting('case', [model, compact(200), compact(120), compact(70), compact(40)]);
}

/** When and where, as a school writes it: "tirsdag 1.12.2026 kl. 10.00–10.30". */
export function meetingWhen(lang: Lang, m: Pick<CaseMeeting, 'start' | 'end'>): string {
  return fill(strings(lang).meeting.whenValue, { date: formatDay(m.start, lang), from: formatTime(m.start, lang), until: formatTime(m.end, lang) });
}

const meetingWhere = (lang: Lang, m: CaseMeeting) => {
  const online = strings(lang).meeting.onlineWhere;
  return m.online ? (m.location ? `${online}, ${m.location}` : online) : m.location;
};

function meetingParts(lang: Lang, v: CaseForViewer, isLeaderView: boolean, form?: MeetingFormView): Pick<CaseModel, 'm' | 'meeting' | 'canCallMeeting' | 'callTitle' | 'form'> {
  const mt = strings(lang).meeting;
  const m = activeMeeting(v.case);
  const local = m?.webLink.includes('.ics') ?? false;
  return {
    m: mt,
    meeting: m
      ? {
          show: true,
          facts: [
            { title: mt.when, value: meetingWhen(lang, m) },
            { title: mt.where, value: meetingWhere(lang, m) },
            { title: mt.state, value: m.bookedVersion >= m.version ? mt.statusLabels.booket : mt.statusLabels.venter },
          ],
          joinUrl: m.joinUrl,
          calendarUrl: m.webLink,
          calendarTitle: local ? mt.addToCalendar : mt.openCalendar,
        }
      : { show: false, facts: [], joinUrl: '', calendarUrl: '', calendarTitle: '' },
    canCallMeeting: isLeaderView && !form && v.case.route !== 'ledelse',
    callTitle: m ? mt.move : mt.call,
    form: form
      ? {
          show: true,
          title: fill(mt.formTitle, { reporter: nameOf(v, v.case.reporterId) }),
          hint: form.checked ? mt.proposed : mt.proposedUnchecked,
          error: form.error ?? '',
          today: form.today,
          date: form.date,
          time: form.time,
          minutes: String(form.minutes),
          location: form.location,
          online: form.online ? 'true' : 'false',
          canOnline: form.canOnline,
        }
      : { show: false, title: '', hint: '', error: '', today: '', date: '', time: '', minutes: '', location: '', online: 'false', canOnline: false },
  };
}

/** The invitation in the invitee's chat: case reference, time, place; never the pupil. */
export function meetingInviteCard(lang: Lang, c: SkolemiljoCase, m: CaseMeeting, leaderName: string): Card {
  const mt = strings(lang).meeting;
  if (m.status === 'avlyst') {
    const why = m.cancelReason === 'evaluert' ? ` ${mt.cancelledEvaluated}` : '';
    return noticeCard(mt.cancelledTitle, fill(mt.cancelledText, { when: meetingWhen(lang, m), ref: c.ref, leader: leaderName }) + why, 'attention');
  }
  const local = m.webLink.includes('.ics');
  const model: MeetingInviteModel = {
    title: m.purpose === 'evaluering' ? mt.evalInviteTitle : mt.inviteTitle,
    text: fill(m.purpose === 'evaluering' ? mt.evalInviteText : mt.inviteText, { leader: leaderName, ref: c.ref }),
    facts: [
      { title: mt.when, value: meetingWhen(lang, m) },
      { title: mt.where, value: meetingWhere(lang, m) },
      { title: mt.organizer, value: leaderName },
    ],
    joinUrl: m.joinUrl,
    joinTitle: mt.join,
    calendarUrl: m.webLink,
    calendarTitle: local ? mt.addToCalendar : mt.openCalendar,
    open: strings(lang).reminder.open,
    schoolId: c.schoolId,
    caseId: c.caseId,
  };
  return render('meeting', model);
}

const leaderTitle = (m: Membership, lang: Lang) =>
  m.trinn.length ? `${m.name} (${m.trinn.join(', ')}. ${lang === 'en' ? 'grade' : 'trinn'})` : m.name;

export function noticeCard(title: string, text: string, style: NoticeModel['style'] = 'default'): Card {
  return render('notice', { title, text, style } satisfies NoticeModel);
}

export function errorCard(lang: Lang, text: string): Card {
  return noticeCard(strings(lang).errors.errorTitle, text, 'attention');
}
