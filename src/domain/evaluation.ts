/**
 * What an evaluation of the aktivitetsplan must show (004 §8.7): it is held when the plan says
 * («Tidspunkt for evaluering skrives inn i aktivitetsplanen»), in dialogue with the pupil, the
 * parents and the kontaktlærer («Ved evaluering vil alltid nærmeste leder være i dialog med elev,
 * foresatte og kontaktlærer»), and the plan ends only by an evaluation that ends it («kreves det
 * at den siste planen evalueres»). Pure checks; casework.ts applies them to the case.
 */
import type { FormError } from './casework';

/** Those the leader is always in dialogue with at an evaluation. */
export const EVALUATION_PARTIES = ['pupil', 'parents', 'teacher'] as const;
export type EvaluationParty = (typeof EVALUATION_PARTIES)[number];

export interface PartyDraft {
  /** 'ja' or 'nei' as answered on the card; '' when not answered. */
  tookPart: string;
  why: string;
}
export type DialogueDraft = Partial<Record<EvaluationParty, PartyDraft>>;
export type Dialogue = Record<EvaluationParty, { tookPart: boolean; why: string }>;

/** When the evaluation is recorded before its booked meeting: keep the meeting, or call it off (the invitees are told). */
export const MEETING_CHOICES = ['behold', 'avlys'] as const;
export type MeetingChoice = (typeof MEETING_CHOICES)[number];

export const REASON_LIMIT = 1500;

const TOOK_PART_FIELD: Record<EvaluationParty, string> = { pupil: 'pupilTookPart', parents: 'parentsTookPart', teacher: 'teacherTookPart' };
const WHY_FIELD: Record<EvaluationParty, string> = { pupil: 'pupilWhy', parents: 'parentsWhy', teacher: 'teacherWhy' };
export const dialogueFields = (p: EvaluationParty) => ({ tookPart: TOOK_PART_FIELD[p], why: WHY_FIELD[p] });

/**
 * The evaluation's date, dialogue and meeting: a reason when it comes before the evaluation date;
 * for each of the pupil, the parents and the kontaktlærer yes, or no with why; and, when its
 * meeting is still ahead, whether the meeting is kept or called off.
 */
export function validateDialogue(
  d: { earlyReason?: string; dialogue?: DialogueDraft; meetingChoice?: string },
  ctx: { today: string; evaluationDue: string; meetingAhead: boolean },
): FormError[] {
  const errors: FormError[] = [];
  const early = !!ctx.evaluationDue && ctx.today < ctx.evaluationDue;
  const reason = d.earlyReason ?? '';
  if (early && reason.trim() === '') errors.push({ field: 'earlyReason', problem: 'early' });
  else if (reason.length > REASON_LIMIT) errors.push({ field: 'earlyReason', problem: 'tooLong', limit: REASON_LIMIT });
  for (const p of EVALUATION_PARTIES) {
    const f = dialogueFields(p);
    const a = d.dialogue?.[p] ?? { tookPart: '', why: '' };
    if (a.tookPart !== 'ja' && a.tookPart !== 'nei') errors.push({ field: f.tookPart, problem: a.tookPart === '' ? 'required' : 'invalid' });
    else if (a.tookPart === 'nei' && a.why.trim() === '') errors.push({ field: f.why, problem: 'whyNot' });
    if (a.why.length > REASON_LIMIT) errors.push({ field: f.why, problem: 'tooLong', limit: REASON_LIMIT });
  }
  if (ctx.meetingAhead && !(MEETING_CHOICES as readonly string[]).includes(d.meetingChoice ?? '')) errors.push({ field: 'meetingChoice', problem: 'required' });
  return errors;
}

export function dialogueOf(d: DialogueDraft | undefined): Dialogue {
  const one = (p: EvaluationParty) => {
    const a = d?.[p];
    return { tookPart: a?.tookPart === 'ja', why: a?.tookPart === 'nei' ? a.why.trim() : '' };
  };
  return { pupil: one('pupil'), parents: one('parents'), teacher: one('teacher') };
}

/**
 * Why the case cannot be closed yet, or undefined when it can: a case is closed only after an
 * evaluation of its latest plan that ends the measures — not straight after «videreføres» or
 * «justeres», and not before the plan is evaluated at all.
 */
export type CloseBlocker = 'ingen_plan' | 'ikke_evaluert' | 'fortsette' | 'justere';

export function closeBlocker(planVersion: number, last: { planVersion: number; outcome: string } | undefined): CloseBlocker | undefined {
  if (planVersion === 0) return 'ingen_plan';
  if (!last || last.planVersion < planVersion) return 'ikke_evaluert';
  if (last.outcome === 'fortsette' || last.outcome === 'justere') return last.outcome;
  return undefined;
}
