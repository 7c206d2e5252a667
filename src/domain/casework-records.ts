/**
 * What the casework of a case (004 §8.4–8.7) keeps: the investigation, the aktivitetsplan and its
 * measures, the evaluations and the closure, with their limits. The rules that change them are in
 * casework.ts, which exports these too.
 */
import type { SkolemiljoCase } from './case';
import type { Dialogue, MeetingChoice } from './evaluation';

/** Delplikt 4: how the school investigated (004 §8.4). */
export const INVESTIGATION_METHODS = [
  'samtale_elev',
  'samtale_andre_elever',
  'samtale_foresatte',
  'sosiogram',
  'kvantitative',
  'loggbok',
  'observasjoner',
] as const;
export type InvestigationMethod = (typeof INVESTIGATION_METHODS)[number];

/** Delplikt 5: measures at individ, klasse or skole level (004 §8.5). */
export const MEASURE_LEVELS = ['individ', 'klasse', 'skole'] as const;
export type MeasureLevel = (typeof MEASURE_LEVELS)[number];

/**
 * Gjenopprettende prosesser (004 §8.6): conversations where everyone's voice is heard, «når
 * tilliten er brutt mellom elev-elev, lærer-elev eller skole-foresatte».
 */
export const RESTORATIVE_BETWEEN = ['elev_elev', 'laerer_elev', 'skole_foresatte'] as const;
export type RestorativeBetween = (typeof RESTORATIVE_BETWEEN)[number];

export const EVALUATION_OUTCOMES = ['fortsette', 'justere', 'avslutte'] as const;
export type EvaluationOutcome = (typeof EVALUATION_OUTCOMES)[number];

export const MEMBER_ROLES = ['miljoteam', 'elevradgiver'] as const;

/** Kept so that the case card and each form stay under Teams' card size limit with 20 measures. */
export const CASEWORK_LIMITS = {
  findings: 3000,
  text: 1500,
  measure: 300,
  when: 100,
  measures: 20,
} as const;

export interface ConnectedMember {
  userId: string;
  at: string;
  by: string;
}

export interface Investigation {
  methods: InvestigationMethod[];
  /** What the school found: the pupil's own experience and what keeps it going. */
  findings: string;
  recordedAt: string;
  recordedBy: string;
}

export interface Measure {
  level: MeasureLevel;
  description: string;
  /** When it is carried out, as the school writes it ("hvert friminutt fra 1.12 til 18.12"). */
  when: string;
  /** A member of staff at the school: never a pupil or a parent. */
  responsibleId: string;
  /** Set when the measure is a restorative process: between whom trust is to be restored. */
  restorative?: RestorativeBetween;
}

export interface ActivityPlan {
  version: number;
  /** Which problem the measures shall solve. */
  problem: string;
  measures: Measure[];
  /** When the measures are evaluated (Oslo date). */
  evaluationDate: string;
  /** The pupil's own view, heard in a way suited to age and maturity. */
  pupilView: string;
  parentsView: string;
  /** Barnets beste: the assessment of what is best for the pupil (FNs barnekonvensjon art. 3). */
  bestInterests: string;
  /**
   * Did the pupil or the parents propose measures the school does not put in? If so, the school
   * gives its reasons in the plan (004 §8.5: «må skolen begrunne dette i aktivitetsplanen»).
   */
  proposalsNotChosen?: 'ja' | 'nei';
  notChosenWhy?: string;
  createdAt: string;
  createdBy: string;
}

export interface Evaluation {
  planVersion: number;
  outcome: EvaluationOutcome;
  /** What the evaluation found: the pupil's, the parents' and the kontaktlærer's experience. */
  note: string;
  /** For "fortsette": when the plan is evaluated next. */
  nextEvaluationDate: string;
  /** Why it was evaluated before the plan's evaluation date (empty when on or after it). */
  earlyReason?: string;
  /** Whether the pupil, the parents and the kontaktlærer took part, and why not. */
  dialogue?: Dialogue;
  /** What became of the evaluation meeting still ahead, when there was one. */
  meeting?: MeetingChoice;
  at: string;
  by: string;
}

export interface Closure {
  /** The pupil says things are well at school. */
  pupilDoingWell: boolean;
  /** The adults are no longer worried about the pupil's school environment. */
  adultsNotWorried: boolean;
  note: string;
  at: string;
  by: string;
}

/** The casework part of a case; the plan versions themselves are stored as rows of their own. */
export interface Casework {
  members: ConnectedMember[];
  investigation?: Investigation;
  /** The latest plan version (0: none yet). */
  planVersion: number;
  /** The latest plan's evaluation date, for reminders and the card. */
  evaluationDue: string;
  evaluations: Evaluation[];
  closure?: Closure;
  /** The plan being written: measures are added one card at a time before the plan is saved. */
  planDraft?: PlanDraft;
  /** The first plan's day (Oslo) and the school days from the report to it, for the overview (domain/overview.ts). */
  firstPlan?: { date: string; schoolDays: number };
}

export const EMPTY_CASEWORK: Casework = { members: [], planVersion: 0, evaluationDue: '', evaluations: [] };

export const caseworkOf = (c: SkolemiljoCase): Casework => c.work ?? EMPTY_CASEWORK;

export interface FormError {
  field: string;
  problem: 'required' | 'tooLong' | 'invalid' | 'past' | 'notStaff' | 'tooMany' | 'early' | 'whyNot';
  limit?: number;
}

export interface MeasureDraft {
  level: string;
  description: string;
  when: string;
  responsibleId: string;
  /** '' or one of RESTORATIVE_BETWEEN. */
  restorative?: string;
}

export interface PlanDraft {
  problem: string;
  measures: MeasureDraft[];
  evaluationDate: string;
  pupilView: string;
  parentsView: string;
  bestInterests: string;
  /** 'ja' or 'nei'; '' when not answered. */
  proposalsNotChosen?: string;
  notChosenWhy?: string;
}

