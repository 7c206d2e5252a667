/**
 * Card payloads checked at the edge. A card can be forged or replayed, so these only establish
 * shape and size; who may do what is decided later from stored roles.
 */
import { z } from 'zod';
import { LIMITS, ReportDraft } from '../../domain/report';

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
