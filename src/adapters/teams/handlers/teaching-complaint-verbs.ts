/**
 * A complaint about teaching (seed 000): register it, and one "open" and one "save" verb per step
 * of the routine, each declared on the step kit (step-kit.ts). Saves return the complaint card, or
 * the same form with everything typed and the problems named; when the routine refuses (a stage
 * not done yet) the refusal is named in words on the same card and nothing changes.
 */
import { z } from 'zod';
import { pupilList, type ComplaintView, type Saved, type TeachingComplaints } from '../../../app/teaching-complaint';
import { COMPLAINT_LIMITS, latestMinutes, MINUTES_KINDS, type ComplaintFormError, type MinutesDraft, type MinutesKind } from '../../../domain/complaint';
import { DomainError } from '../../../domain/errors';
import { fill, strings } from '../../../i18n';
import { complaintCard } from '../cards/complaint-views';
import { formatShortDay } from '../../../app/format';
import { escalateCard, followUpCard, minutesCard, minutesReplacedText, moveCard, pupilsCard, registrationCard, rektorCard, resolveCard, routineCard } from '../cards/complaint-forms';
import type { Card } from '../cards/render';
import type { InvokeContext, VerbHandler } from './types';
import { minutesOpenVerb, type MinutesOpenVerb, type VerbsOf } from '../verbs';
import { dateSchema, draftOf, id, inLang, refSchema, stepKit, text, type Ref, type Say, type Schema, type StepForm } from './step-kit';

/** The stage the card showed (absent on old cards: then the step is taken at the current stage). */
const stageSchema = refSchema.extend({ stage: z.coerce.number().int().min(1).max(5).optional() });
const list = (limit: number) => text(limit).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const PUPILS_TEXT = COMPLAINT_LIMITS.pupils * (COMPLAINT_LIMITS.pupilName + 1);

const t = (ctx: InvokeContext) => strings(ctx.lang).teachingComplaint;
const svc = (ctx: InvokeContext) => ctx.services.teachingComplaints;

const kit = stepKit<ComplaintView, ComplaintFormError>({
  refusals: 'complaint',
  ref: refSchema,
  open: (ctx, p) => svc(ctx).open(ctx.actor, p.schoolId, p.complaintId),
  card: complaintCard,
});

/** The registration form (or, for staff who do not register complaints, the routine). */
export async function teachingStart(ctx: InvokeContext, schoolId = ''): Promise<Card> {
  const r = await ctx.services.teachingComplaints.start(ctx.actor, schoolId);
  return r.kind === 'form' ? registrationCard(ctx.lang, r, ctx.services.newFormId()) : routineCard(ctx.lang);
}

export const tcStart: VerbHandler = async (ctx, data) => {
  const p = z.object({ schoolId: z.string().max(100).optional().default(''), switchSchool: z.string().max(100).optional().default('') }).parse(data);
  return teachingStart(ctx, p.switchSchool || p.schoolId);
};

const submitSchema = z.object({
  formId: id,
  schoolId: id,
  class: text(20),
  subject: text(COMPLAINT_LIMITS.subject),
  teacherId: text(100),
  representatives: text(PUPILS_TEXT),
  description: text(COMPLAINT_LIMITS.note),
});

export const tcSubmit: VerbHandler = async (ctx, data) => {
  const p = submitSchema.parse(data);
  const r = await ctx.services.teachingComplaints.submit(ctx.actor, p.schoolId, { class: p.class, subject: p.subject, teacherId: p.teacherId, representatives: p.representatives, description: p.description }, p.formId);
  return r.kind === 'form' ? registrationCard(ctx.lang, r, p.formId) : complaintCard(ctx.lang, r.view, { info: fill(t(ctx).saved.registered, { ref: r.view.complaint.ref }) });
};

export const tcRefresh = kit.show;

type Form<D> = StepForm<ComplaintView, ComplaintFormError, D>;
type SavedWords = keyof ReturnType<typeof t>['saved'];

/**
 * One step of the routine: «open» shows its form starting at `blank` once `load` (the use case)
 * allows the step; «save» hands the form's draft to `run`, and the complaint card says `done`.
 */
function step<P extends Ref, D, R extends Saved>(s: {
  load: (svc: TeachingComplaints, ctx: InvokeContext, p: Ref) => Promise<ComplaintView>;
  blank: (ctx: InvokeContext, v: ComplaintView) => D;
  form: Form<D>;
  schema: Schema<P>;
  draft: (p: P) => D;
  run: (svc: TeachingComplaints, ctx: InvokeContext, p: P, d: D) => Promise<R>;
  done: SavedWords | ((ctx: InvokeContext, r: R, p: P) => Say);
}) {
  const done = s.done;
  return {
    open: kit.open({ load: (ctx, p) => s.load(svc(ctx), ctx, p), blank: s.blank, form: s.form }),
    save: kit.save({ schema: s.schema, draft: s.draft, form: s.form, run: (ctx, p, d) => s.run(svc(ctx), ctx, p, d), done: typeof done === 'string' ? (ctx) => ({ info: t(ctx).saved[done] }) : done }),
  };
}

// ---------------------------------------------------------------------------------------------
// Minutes

/** One verb per kind of minutes (a card's buttons share their data, so the kind is in the verb). */
export const minutesOpenVerbs = Object.fromEntries(
  MINUTES_KINDS.map((kind): [MinutesOpenVerb, VerbHandler] => [
    minutesOpenVerb(kind),
    kit.verb(refSchema, async (ctx, p) => {
      const { view, draft } = await svc(ctx).minutesForm(ctx.actor, p.schoolId, p.complaintId, kind);
      return minutesCard(ctx.lang, view, { ...draft, kind }, ctx.services.newFormId());
    }),
  ]),
) as Record<MinutesOpenVerb, VerbHandler>;

const minutesSchema = refSchema.extend({
  kind: z.enum(MINUTES_KINDS),
  formId: id,
  date: text(20),
  staffIds: list(2000),
  pupils: text(PUPILS_TEXT),
  notes: text(COMPLAINT_LIMITS.text),
  agreed: text(COMPLAINT_LIMITS.text),
  proposals: text(COMPLAINT_LIMITS.text),
  periodEnd: text(20),
});

export const tcMinutesSave = kit.save({
  schema: minutesSchema,
  draft: (p): MinutesDraft & { kind: MinutesKind } => ({ kind: p.kind, date: p.date, staffIds: p.staffIds, pupils: pupilList(p.pupils), notes: p.notes, agreed: p.agreed, proposals: p.proposals, periodEnd: p.periodEnd }),
  run: (ctx, p, d) => svc(ctx).saveMinutes(ctx.actor, p.schoolId, p.complaintId, d, p.formId),
  form: (ctx, v, d, say, p) => minutesCard(ctx.lang, v, d, p.formId, say),
  done: (ctx, r, p) => {
    const m = latestMinutes(r.view.complaint, p.kind);
    return { info: m?.requiresSignatures ? fill(t(ctx).saved.minutesSigned, { date: formatShortDay(m.followUpOn, ctx.lang) }) : t(ctx).saved.minutes };
  },
});

// ---------------------------------------------------------------------------------------------
// Signatures

const approveSchema = refSchema.extend({ minutesId: id });

export const tcApprove = kit.verb(approveSchema, async (ctx, p) => {
  try {
    const r = await svc(ctx).approve(ctx.actor, p.schoolId, p.complaintId, p.minutesId);
    return complaintCard(ctx.lang, r.view, r.already ? { error: t(ctx).saved.alreadyApproved } : { info: t(ctx).saved.approved });
  } catch (e) {
    // Minutes changed since this card was sent: the new version is the one to approve.
    if (e instanceof DomainError && e.code === 'common.CONFLICT' && e.detail?.field === 'minutesId') return kit.onRecord(ctx, p)(minutesReplacedText(ctx.lang));
    throw e;
  }
});

export const tcPupilsOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  const v = await svc(ctx).open(ctx.actor, p.schoolId, p.complaintId);
  if (!v.buttons.pupils) throw new DomainError('common.NO_ROLE', { action: 'godkjenn_referat' });
  return pupilsCard(ctx.lang, v, []);
};

const pupilsSchema = approveSchema.extend({ pupils: text(PUPILS_TEXT) });

/** A refusal is named on the complaint's card: the pupils to choose from are those still to sign. */
export const tcPupilsSave = kit.save({
  schema: pupilsSchema,
  draft: (p) => pupilList(p.pupils),
  run: (ctx, p, chosen) => svc(ctx).confirmPupils(ctx.actor, p.schoolId, p.complaintId, p.minutesId, chosen),
  form: inLang(pupilsCard),
  done: (ctx) => ({ info: t(ctx).saved.pupils }),
  refusalOn: 'record',
});

// ---------------------------------------------------------------------------------------------
// The follow-up meeting

const followUp = step({
  load: (s, ctx, p) => s.followUpForm(ctx.actor, p.schoolId, p.complaintId),
  blank: (ctx) => ({ heldOn: ctx.services.today(), outcome: '', note: '' }),
  form: inLang(followUpCard),
  schema: refSchema.extend({ heldOn: text(20), outcome: text(20), note: text(COMPLAINT_LIMITS.note) }),
  draft: draftOf,
  run: (s, ctx, p, d) => s.saveFollowUp(ctx.actor, p.schoolId, p.complaintId, d),
  done: 'followUp',
});

/** «Flytt oppfølgingsmøtet»: the date field starts at the current day of the meeting. */
const move = step({
  load: (s, ctx, p) => s.moveForm(ctx.actor, p.schoolId, p.complaintId),
  blank: (_ctx, v) => (v.booking && !v.booking.cancelled ? v.booking.date : (v.deadline?.date ?? '')),
  form: inLang(moveCard),
  schema: dateSchema,
  draft: (p) => p.date,
  run: (s, ctx, p, date) => s.moveFollowUp(ctx.actor, p.schoolId, p.complaintId, date),
  done: (ctx, r, p) => {
    const date = formatShortDay(p.date, ctx.lang);
    return r.moved ? { info: fill(t(ctx).moved, { date }) } : { error: fill(t(ctx).notMoved, { date }) };
  },
});

// ---------------------------------------------------------------------------------------------
// Moving on: stage 1 → 2, the written complaint (→ 3), informing the teacher (→ 4), rektor (→ 5)

export const tcNext = kit.verb(stageSchema, async (ctx, p) => {
  const s = svc(ctx);
  const v = await s.next(ctx.actor, p.schoolId, p.complaintId, p.stage ?? (await s.open(ctx.actor, p.schoolId, p.complaintId)).complaint.stage);
  return complaintCard(ctx.lang, v, { info: v.complaint.stage === 4 ? t(ctx).saved.informed : t(ctx).saved.next });
});

const escalate = step({
  load: (s, ctx, p) => s.escalateForm(ctx.actor, p.schoolId, p.complaintId),
  blank: () => ({ text: '', reason: '', skipReason: '' }),
  form: inLang(escalateCard),
  schema: stageSchema.extend({ text: text(COMPLAINT_LIMITS.text), reason: text(COMPLAINT_LIMITS.reason), skipReason: text(COMPLAINT_LIMITS.reason) }),
  draft: (p) => ({ text: p.text, reason: p.reason, skipReason: p.skipReason }),
  run: (s, ctx, p, d) => s.escalate(ctx.actor, p.schoolId, p.complaintId, d, p.stage ?? 0),
  done: 'escalated',
});

const noteSchema = stageSchema.extend({ note: text(COMPLAINT_LIMITS.note) });

/** A step whose form is one note (to rektor, the resolution). */
const noteStep = (
  load: (s: TeachingComplaints, ctx: InvokeContext, p: Ref) => Promise<ComplaintView>,
  form: typeof rektorCard,
  run: (s: TeachingComplaints, ctx: InvokeContext, p: z.infer<typeof noteSchema>, note: string) => Promise<Saved>,
  done: SavedWords,
) => step({ load, blank: () => '', form: inLang(form), schema: noteSchema, draft: (p) => p.note, run, done });

const rektor = noteStep((s, ctx, p) => s.rektorForm(ctx.actor, p.schoolId, p.complaintId), rektorCard, (s, ctx, p, d) => s.toRektor(ctx.actor, p.schoolId, p.complaintId, d, p.stage ?? 0), 'toRektor');
const resolve = noteStep((s, ctx, p) => s.resolveForm(ctx.actor, p.schoolId, p.complaintId), resolveCard, (s, ctx, p, d) => s.resolve(ctx.actor, p.schoolId, p.complaintId, d), 'resolved');

/** Card verb → handler, for handlers/index.ts. */
export const TEACHING_COMPLAINT_VERBS: Record<VerbsOf<'tc'>, VerbHandler> = {
  'tc.start': tcStart,
  'tc.submit': tcSubmit,
  'tc.refresh': tcRefresh,
  ...minutesOpenVerbs,
  'tc.minutes.save': tcMinutesSave,
  'tc.approve': tcApprove,
  'tc.pupils.open': tcPupilsOpen,
  'tc.pupils.save': tcPupilsSave,
  'tc.followup.open': followUp.open,
  'tc.followup.save': followUp.save,
  'tc.followup.move.open': move.open,
  'tc.followup.move.save': move.save,
  'tc.next': tcNext,
  'tc.escalate.open': escalate.open,
  'tc.escalate.save': escalate.save,
  'tc.rektor.open': rektor.open,
  'tc.rektor.save': rektor.save,
  'tc.resolve.open': resolve.open,
  'tc.resolve.save': resolve.save,
};
