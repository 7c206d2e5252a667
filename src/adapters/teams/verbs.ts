/**
 * Every verb a card can carry (Action.Execute and refresh), as one typed list. Card models take
 * a `Verb`, never a string, and the handler table (handlers/index.ts) is typed over `Verb`, so a
 * button without a handler, or a handler no type can name, fails the build; the templates in
 * cards/ are checked by test/adapters/verbs.test.ts, which also finds a card for every verb.
 */
import { MINUTES_KINDS, type MinutesKind } from '../../domain/complaint-records';
import { DOCUMENTS, PARTIES, type DocumentKind, type Party } from '../../domain/staff-complaint-records';

/** The verbs that are one word each (no kind or party in them). */
export const PLAIN_VERBS = [
  // «meld fra» and the skolemiljø case (004)
  'report.start',
  'report.submit',
  'case.refresh',
  'case.export',
  'case.copy.open',
  'case.copy.approve',
  'case.forward',
  'case.serious',
  'case.reclassify',
  'case.pupilInformed',
  'meeting.propose',
  'meeting.call',
  'work.connect.open',
  'work.connect.save',
  'work.investigation.open',
  'work.investigation.save',
  'work.plan.open',
  'work.plan.measure',
  'work.plan.remove',
  'work.plan.save',
  'work.measure.save',
  'work.measure.cancel',
  'work.evaluate.open',
  'work.evaluate.save',
  'work.close.open',
  'work.close.save',
  // Leave, årshjul, roles, «klage» (003, 004)
  'leave.submit',
  'leave.grant',
  'leave.deny',
  'leave.refresh',
  'annual.show',
  'annual.edit',
  'annual.save',
  'roles.show',
  'overview.csv',
  'complaint.choose',
  // Elevsamtaler (002)
  'talks.show',
  'talks.roster.add',
  'talks.mark',
  'talks.roster.open',
  'talks.pupil.open',
  'talks.pupil.save',
  'talks.pupil.remove',
  'talks.pupil.remove.confirm',
  'talks.warn.open',
  'talks.warn.save',
  // Complaint about teaching (000)
  'tc.start',
  'tc.submit',
  'tc.refresh',
  'tc.minutes.save',
  'tc.approve',
  'tc.pupils.open',
  'tc.pupils.save',
  'tc.followup.open',
  'tc.followup.save',
  'tc.followup.move.open',
  'tc.followup.move.save',
  'tc.next',
  'tc.escalate.open',
  'tc.escalate.save',
  'tc.rektor.open',
  'tc.rektor.save',
  'tc.resolve.open',
  'tc.resolve.save',
  // Complaint about staff (001)
  'pk.submit',
  'pk.refresh',
  'pk.inform',
  'pk.written.open',
  'pk.written.save',
  'pk.report',
  'pk.talk.open',
  'pk.talk.save',
  'pk.notify.open',
  'pk.notify.save',
  'pk.meeting.open',
  'pk.meeting.save',
  'pk.measures.open',
  'pk.measures.save',
  'pk.mentoring.open',
  'pk.mentoring.save',
  'pk.evaluation.open',
  'pk.evaluation.save',
  'pk.reject.open',
  'pk.reject.save',
  'pk.motebok.open',
  'pk.motebok.save',
  'pk.close.open',
  'pk.close.save',
] as const;

/** A card's buttons share their data, so the kind of minutes, the document and the party are in the verb. */
export type MinutesOpenVerb = `tc.minutes.${MinutesKind}`;
/** The joint meeting's agreement keeps its short verbs pk.sign.<party>. */
export type SignVerb = `pk.sign.${Party}` | `pk.sign.${Exclude<DocumentKind, 'avtale'>}.${Party}`;
export type SignOwnVerb = `pk.signown.${DocumentKind}`;

export type Verb = (typeof PLAIN_VERBS)[number] | MinutesOpenVerb | SignVerb | SignOwnVerb;

export const minutesOpenVerb = (kind: MinutesKind): MinutesOpenVerb => `tc.minutes.${kind}`;
export const signVerb = (doc: DocumentKind, party: Party): SignVerb => (doc === 'avtale' ? `pk.sign.${party}` : `pk.sign.${doc}.${party}`);
export const signOwnVerb = (doc: DocumentKind): SignOwnVerb => `pk.signown.${doc}`;

/** Every verb, written out: what the handler table must cover and what some card must carry. */
export const ALL_VERBS: readonly Verb[] = [
  ...PLAIN_VERBS,
  ...MINUTES_KINDS.map(minutesOpenVerb),
  ...DOCUMENTS.flatMap((doc) => PARTIES.map((party) => signVerb(doc, party))),
  ...DOCUMENTS.map(signOwnVerb),
];

/** The verbs of one routine (its prefix), for the routine's own handler table. */
export type VerbsOf<P extends string> = Extract<Verb, `${P}.${string}`>;

/**
 * The verbs whose cards may be used in a channel or group chat: they neither show nor take pupil
 * data (the årshjul is the school's own tasks). Every other verb, including any added later, is
 * answered in the personal chat only: a card shared into a channel cannot show a name there.
 */
export const CHANNEL_SAFE_VERBS: ReadonlySet<string> = new Set<Verb>(['annual.show', 'annual.edit', 'annual.save']);

const KNOWN: ReadonlySet<string> = new Set(ALL_VERBS);
/** What a card sent is only a string: a verb we know, or nothing. */
export const asVerb = (s: unknown): Verb | undefined => (typeof s === 'string' && KNOWN.has(s) ? (s as Verb) : undefined);
