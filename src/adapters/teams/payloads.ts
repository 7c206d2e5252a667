/**
 * Card payloads checked at the edge. A card can be forged or replayed, so these only establish
 * shape and size; who may do what is decided later from stored roles.
 */
import { z } from 'zod';
import { LIMITS, ReportDraft } from '../../domain/report';
import { CASEWORK_LIMITS, type PlanDraft } from '../../domain/casework';

/** A whole action payload larger than this is refused outright (the card's own fields are far smaller). */
export const MAX_PAYLOAD_CHARS = 32_000;

const id = z.string().min(1).max(100);
/** Inputs come back as strings; a field longer than 2× its limit cannot come from our card. */
const text = (limit: number) => z.string().max(limit * 2).optional().default('');
const multi = z
  .string()
  .max(2000)
  .optional()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const reportSubmitSchema = z.object({
  formId: id,
  schoolId: id,
  pupilName: text(LIMITS.pupilName),
  pupilClass: text(LIMITS.shortText),
  signs: multi,
  observed: text(LIMITS.longText),
  kinds: multi,
  kindOther: text(LIMITS.shortText),
  where: text(LIMITS.shortText),
  date: text(20),
  time: text(10),
  source: text(50),
  intervened: text(10),
  intervention: text(LIMITS.longText),
  pupilInformed: text(50),
  pupilInformedWhy: text(LIMITS.shortText),
  vulnerabilities: multi,
  staffSuspected: text(10),
  leadershipSuspected: text(10),
});

export const toDraft = (p: z.infer<typeof reportSubmitSchema>): ReportDraft => {
  const { formId: _formId, ...draft } = p;
  return draft;
};

export const reportStartSchema = z.object({ schoolId: id.optional() });
export const caseRefSchema = z.object({ schoolId: id, caseId: id });
export const caseForwardSchema = caseRefSchema.extend({ leaderId: z.string().max(100).optional().default('') });
export const caseEscalateSchema = caseRefSchema.extend({
  decision: z.enum(['varsle', 'ikke_varsle']),
  note: z.string().max(2000).optional().default(''),
});

/** The meeting form: Oslo date and time as Input.Date/Input.Time send them; checked again in the domain. */
export const meetingCallSchema = caseRefSchema.extend({
  meetingDate: z.string().max(20).optional().default(''),
  meetingTime: z.string().max(10).optional().default(''),
  meetingMinutes: z.union([z.string().max(10), z.number()]).optional().default('30').transform((v) => Number(v)),
  meetingLocation: z.string().max(400).optional().default(''),
  meetingOnline: z.union([z.string().max(10), z.boolean()]).optional().default('false').transform((v) => v === true || v === 'true'),
});

/** Casework forms (connect, investigation, plan, evaluation, closing): shape and size only. */
export const connectSchema = caseRefSchema.extend({ memberId: z.string().max(100).optional().default('') });
export const investigationSchema = caseRefSchema.extend({ methods: multi, findings: text(CASEWORK_LIMITS.text) });
export const evaluationSchema = caseRefSchema.extend({
  outcome: text(20),
  evalNote: text(CASEWORK_LIMITS.text),
  nextEvaluationDate: text(20),
});
const flag = z.union([z.string().max(10), z.boolean()]).optional().default('false').transform((v) => v === true || v === 'true');
export const closeSchema = caseRefSchema.extend({ pupilDoingWell: flag, adultsNotWorried: flag, closeNote: text(CASEWORK_LIMITS.text) });

const planBase = caseRefSchema.extend({
  measureCount: z.union([z.string().max(4), z.number()]).optional().default('1').transform((v) => Math.max(0, Math.min(CASEWORK_LIMITS.measures, Number(v) || 0))),
  problem: text(CASEWORK_LIMITS.text),
  evaluationDate: text(20),
  pupilView: text(CASEWORK_LIMITS.text),
  parentsView: text(CASEWORK_LIMITS.text),
  bestInterests: text(CASEWORK_LIMITS.text),
});

/** The plan form: measures come as measure0.level, measure0.description, … up to measureCount. */
export function parsePlan(data: Record<string, unknown>): { ref: { schoolId: string; caseId: string }; draft: PlanDraft } {
  const p = planBase.parse(data);
  const str = (k: string, limit: number) => z.string().max(limit * 2).optional().default('').parse(data[k]);
  const measures = Array.from({ length: p.measureCount }, (_, i) => ({
    level: str(`measure${i}.level`, 20),
    description: str(`measure${i}.description`, CASEWORK_LIMITS.short * 2),
    when: str(`measure${i}.when`, CASEWORK_LIMITS.short),
    responsibleId: str(`measure${i}.responsibleId`, 100),
  }));
  return {
    ref: { schoolId: p.schoolId, caseId: p.caseId },
    draft: { problem: p.problem, measures, evaluationDate: p.evaluationDate, pupilView: p.pupilView, parentsView: p.parentsView, bestInterests: p.bestInterests },
  };
}
