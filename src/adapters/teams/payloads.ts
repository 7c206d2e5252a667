/**
 * Card payloads checked at the edge. A card can be forged or replayed, so these only establish
 * shape and size; who may do what is decided later from stored roles.
 */
import { z } from 'zod';
import { LIMITS, ReportDraft } from '../../domain/report';
import { CASEWORK_LIMITS } from '../../domain/casework';

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

export const reportStartSchema = z.object({ schoolId: id.optional(), prefill: z.enum(['skjerpet']).optional() });
export const caseRefSchema = z.object({ schoolId: id, caseId: id });
export const caseForwardSchema = caseRefSchema.extend({ leaderId: z.string().max(100).optional().default('') });
/** Reclassifying a §12-5 report: the reason is required and checked in the domain. */
export const caseReclassifySchema = caseRefSchema.extend({
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
export const investigationSchema = caseRefSchema.extend({ methods: multi, findings: text(CASEWORK_LIMITS.findings) });
export const evaluationSchema = caseRefSchema.extend({
  outcome: text(20),
  evalNote: text(CASEWORK_LIMITS.text),
  nextEvaluationDate: text(20),
  earlyReason: text(CASEWORK_LIMITS.text),
  pupilTookPart: text(5),
  pupilWhy: text(CASEWORK_LIMITS.text),
  parentsTookPart: text(5),
  parentsWhy: text(CASEWORK_LIMITS.text),
  teacherTookPart: text(5),
  teacherWhy: text(CASEWORK_LIMITS.text),
  meetingChoice: text(10),
});
const flag = z.union([z.string().max(10), z.boolean()]).optional().default('false').transform((v) => v === true || v === 'true');
export const closeSchema = caseRefSchema.extend({ pupilDoingWell: flag, adultsNotWorried: flag, closeNote: text(CASEWORK_LIMITS.text) });

export const planSchema = caseRefSchema.extend({
  problem: text(CASEWORK_LIMITS.text),
  evaluationDate: text(20),
  pupilView: text(CASEWORK_LIMITS.text),
  parentsView: text(CASEWORK_LIMITS.text),
  bestInterests: text(CASEWORK_LIMITS.text),
  proposalsNotChosen: text(5),
  notChosenWhy: text(CASEWORK_LIMITS.text),
});
export const measureSchema = caseRefSchema.extend({
  level: text(20),
  description: text(CASEWORK_LIMITS.measure),
  when: text(CASEWORK_LIMITS.when),
  responsibleId: text(100),
  restorative: text(30),
});
export const removeMeasureSchema = caseRefSchema.extend({ index: z.union([z.string().max(3), z.number()]).transform((v) => Number(v)) });
