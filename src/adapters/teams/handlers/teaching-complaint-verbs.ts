/**
 * A complaint about teaching (seed 000): register it, and one "open" and one "save" verb per step
 * of the routine. Saves return the complaint card, or the same form with everything typed and the
 * problems named; when the routine refuses (a stage not done yet) the refusal is named in words
 * on the same card and nothing changes.
 */
import { z } from 'zod';
import { pupilList } from '../../../app/teaching-complaint';
import { COMPLAINT_LIMITS, ComplaintError, latestMinutes, MINUTES_KINDS, type MinutesKind } from '../../../domain/complaint';
import { DomainError } from '../../../domain/errors';
import { fill, strings } from '../../../i18n';
import { complaintCard, formatDay } from '../cards/complaint-views';
import { escalateCard, followUpCard, minutesCard, minutesReplacedText, moveCard, pupilsCard, refusalText, registrationCard, rektorCard, resolveCard, routineCard } from '../cards/complaint-forms';
import type { Card } from '../cards/render';
import type { InvokeContext, VerbHandler } from './types';
import { minutesOpenVerb, type MinutesOpenVerb, type VerbsOf } from '../verbs';

const id = z.string().min(1).max(100);
/** Twice the limit: the domain names a text that is too long, so nothing typed is thrown away here. */
const text = (limit: number) => z.string().max(limit * 2).optional().default('');
const refSchema = z.object({ schoolId: id, complaintId: id });
/** The stage the card showed (absent on old cards: then the step is taken at the current stage). */
const stageSchema = refSchema.extend({ stage: z.coerce.number().int().min(1).max(5).optional() });
const list = (limit: number) => text(limit).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const PUPILS_TEXT = COMPLAINT_LIMITS.pupils * (COMPLAINT_LIMITS.pupilName + 1);

const t = (ctx: InvokeContext) => strings(ctx.lang).teachingComplaint;

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

export const tcRefresh: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return complaintCard(ctx.lang, await ctx.services.teachingComplaints.open(ctx.actor, p.schoolId, p.complaintId));
};

/** Runs a step; a refusal of the routine comes back on `onRefusal`'s card (the complaint, or the form as typed). */
async function orRefusal(f: () => Promise<Card>, onRefusal: (text: string) => Promise<Card>, ctx: InvokeContext): Promise<Card> {
  try {
    return await f();
  } catch (e) {
    if (!(e instanceof ComplaintError)) throw e;
    return onRefusal(refusalText(ctx.lang, e));
  }
}

const onCard = (ctx: InvokeContext, p: { schoolId: string; complaintId: string }) => async (error: string) =>
  complaintCard(ctx.lang, await ctx.services.teachingComplaints.open(ctx.actor, p.schoolId, p.complaintId), { error });

// ---------------------------------------------------------------------------------------------
// Minutes

/** One verb per kind of minutes (a card's buttons share their data, so the kind is in the verb). */
export const minutesOpenVerbs = Object.fromEntries(
  MINUTES_KINDS.map((kind): [MinutesOpenVerb, VerbHandler] => [
    minutesOpenVerb(kind),
    async (ctx, data) => {
      const p = refSchema.parse(data);
      return orRefusal(
        async () => {
          const { view, draft } = await ctx.services.teachingComplaints.minutesForm(ctx.actor, p.schoolId, p.complaintId, kind);
          return minutesCard(ctx.lang, view, { ...draft, kind }, ctx.services.newFormId());
        },
        onCard(ctx, p),
        ctx,
      );
    },
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

export const tcMinutesSave: VerbHandler = async (ctx, data) => {
  const p = minutesSchema.parse(data);
  const kind: MinutesKind = p.kind;
  const draft = { kind, date: p.date, staffIds: p.staffIds, pupils: pupilList(p.pupils), notes: p.notes, agreed: p.agreed, proposals: p.proposals, periodEnd: p.periodEnd };
  const svc = ctx.services.teachingComplaints;
  return orRefusal(
    async () => {
      const r = await svc.saveMinutes(ctx.actor, p.schoolId, p.complaintId, draft, p.formId);
      if (r.errors) return minutesCard(ctx.lang, r.view, draft, p.formId, { errors: r.errors });
      const m = latestMinutes(r.view.complaint, kind);
      const info = m?.requiresSignatures ? fill(t(ctx).saved.minutesSigned, { date: formatDay(m.followUpOn, ctx.lang) }) : t(ctx).saved.minutes;
      return complaintCard(ctx.lang, r.view, { info });
    },
    async (error) => minutesCard(ctx.lang, await svc.open(ctx.actor, p.schoolId, p.complaintId), draft, p.formId, { error }),
    ctx,
  );
};

// ---------------------------------------------------------------------------------------------
// Signatures

const approveSchema = refSchema.extend({ minutesId: id });

export const tcApprove: VerbHandler = async (ctx, data) => {
  const p = approveSchema.parse(data);
  try {
    const r = await ctx.services.teachingComplaints.approve(ctx.actor, p.schoolId, p.complaintId, p.minutesId);
    return complaintCard(ctx.lang, r.view, r.already ? { error: t(ctx).saved.alreadyApproved } : { info: t(ctx).saved.approved });
  } catch (e) {
    // Minutes changed since this card was sent: the new version is the one to approve.
    if (e instanceof DomainError && e.code === 'CONFLICT' && e.detail?.field === 'minutesId') return onCard(ctx, p)(minutesReplacedText(ctx.lang));
    if (e instanceof ComplaintError) return onCard(ctx, p)(refusalText(ctx.lang, e));
    throw e;
  }
};

export const tcPupilsOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  const v = await ctx.services.teachingComplaints.open(ctx.actor, p.schoolId, p.complaintId);
  if (!v.buttons.pupils) throw new DomainError('NO_ROLE', { action: 'godkjenn_referat' });
  return pupilsCard(ctx.lang, v, []);
};

const pupilsSchema = approveSchema.extend({ pupils: text(PUPILS_TEXT) });

export const tcPupilsSave: VerbHandler = async (ctx, data) => {
  const p = pupilsSchema.parse(data);
  const chosen = pupilList(p.pupils);
  const svc = ctx.services.teachingComplaints;
  return orRefusal(
    async () => {
      const r = await svc.confirmPupils(ctx.actor, p.schoolId, p.complaintId, p.minutesId, chosen);
      if (r.errors) return pupilsCard(ctx.lang, r.view, chosen, { errors: r.errors });
      return complaintCard(ctx.lang, r.view, { info: t(ctx).saved.pupils });
    },
    onCard(ctx, p),
    ctx,
  );
};

// ---------------------------------------------------------------------------------------------
// The follow-up meeting

export const tcFollowUpOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  const svc = ctx.services.teachingComplaints;
  return orRefusal(async () => followUpCard(ctx.lang, await svc.followUpForm(ctx.actor, p.schoolId, p.complaintId), { heldOn: ctx.services.today(), outcome: '', note: '' }), onCard(ctx, p), ctx);
};

const followUpSchema = refSchema.extend({ heldOn: text(20), outcome: text(20), note: text(COMPLAINT_LIMITS.note) });

export const tcFollowUpSave: VerbHandler = async (ctx, data) => {
  const p = followUpSchema.parse(data);
  const draft = { heldOn: p.heldOn, outcome: p.outcome, note: p.note };
  const svc = ctx.services.teachingComplaints;
  return orRefusal(
    async () => {
      const r = await svc.saveFollowUp(ctx.actor, p.schoolId, p.complaintId, draft);
      if (r.errors) return followUpCard(ctx.lang, r.view, draft, { errors: r.errors });
      return complaintCard(ctx.lang, r.view, { info: t(ctx).saved.followUp });
    },
    async (error) => followUpCard(ctx.lang, await svc.open(ctx.actor, p.schoolId, p.complaintId), draft, { error }),
    ctx,
  );
};

/** «Flytt oppfølgingsmøtet»: the date field starts at the current day of the meeting. */
export const tcMoveOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  const svc = ctx.services.teachingComplaints;
  return orRefusal(
    async () => {
      const v = await svc.moveForm(ctx.actor, p.schoolId, p.complaintId);
      return moveCard(ctx.lang, v, v.booking && !v.booking.cancelled ? v.booking.date : (v.deadline?.date ?? ''));
    },
    onCard(ctx, p),
    ctx,
  );
};

const moveSchema = refSchema.extend({ date: text(20) });

export const tcMoveSave: VerbHandler = async (ctx, data) => {
  const p = moveSchema.parse(data);
  const svc = ctx.services.teachingComplaints;
  return orRefusal(
    async () => {
      const r = await svc.moveFollowUp(ctx.actor, p.schoolId, p.complaintId, p.date);
      if (r.errors) return moveCard(ctx.lang, r.view, p.date, { errors: r.errors });
      const date = formatDay(p.date, ctx.lang);
      return r.moved ? complaintCard(ctx.lang, r.view, { info: fill(t(ctx).moved, { date }) }) : complaintCard(ctx.lang, r.view, { error: fill(t(ctx).notMoved, { date }) });
    },
    async (error) => moveCard(ctx.lang, await svc.open(ctx.actor, p.schoolId, p.complaintId), p.date, { error }),
    ctx,
  );
};

// ---------------------------------------------------------------------------------------------
// Moving on: stage 1 → 2, the written complaint (→ 3), informing the teacher (→ 4), rektor (→ 5)

export const tcNext: VerbHandler = async (ctx, data) => {
  const p = stageSchema.parse(data);
  return orRefusal(
    async () => {
      const svc = ctx.services.teachingComplaints;
      const v = await svc.next(ctx.actor, p.schoolId, p.complaintId, p.stage ?? (await svc.open(ctx.actor, p.schoolId, p.complaintId)).complaint.stage);
      return complaintCard(ctx.lang, v, { info: v.complaint.stage === 4 ? t(ctx).saved.informed : t(ctx).saved.next });
    },
    onCard(ctx, p),
    ctx,
  );
};

export const tcEscalateOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  const svc = ctx.services.teachingComplaints;
  return orRefusal(async () => escalateCard(ctx.lang, await svc.escalateForm(ctx.actor, p.schoolId, p.complaintId), { text: '', reason: '', skipReason: '' }), onCard(ctx, p), ctx);
};

const escalateSchema = stageSchema.extend({ text: text(COMPLAINT_LIMITS.text), reason: text(COMPLAINT_LIMITS.reason), skipReason: text(COMPLAINT_LIMITS.reason) });

export const tcEscalateSave: VerbHandler = async (ctx, data) => {
  const p = escalateSchema.parse(data);
  const draft = { text: p.text, reason: p.reason, skipReason: p.skipReason };
  const svc = ctx.services.teachingComplaints;
  return orRefusal(
    async () => {
      const r = await svc.escalate(ctx.actor, p.schoolId, p.complaintId, draft, p.stage ?? 0);
      if (r.errors) return escalateCard(ctx.lang, r.view, draft, { errors: r.errors });
      return complaintCard(ctx.lang, r.view, { info: t(ctx).saved.escalated });
    },
    async (error) => escalateCard(ctx.lang, await svc.open(ctx.actor, p.schoolId, p.complaintId), draft, { error }),
    ctx,
  );
};

export const tcRektorOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  const svc = ctx.services.teachingComplaints;
  return orRefusal(async () => rektorCard(ctx.lang, await svc.rektorForm(ctx.actor, p.schoolId, p.complaintId), ''), onCard(ctx, p), ctx);
};

const noteSchema = stageSchema.extend({ note: text(COMPLAINT_LIMITS.note) });

export const tcRektorSave: VerbHandler = async (ctx, data) => {
  const p = noteSchema.parse(data);
  const svc = ctx.services.teachingComplaints;
  return orRefusal(
    async () => {
      const r = await svc.toRektor(ctx.actor, p.schoolId, p.complaintId, p.note, p.stage ?? 0);
      if (r.errors) return rektorCard(ctx.lang, r.view, p.note, { errors: r.errors });
      return complaintCard(ctx.lang, r.view, { info: t(ctx).saved.toRektor });
    },
    async (error) => rektorCard(ctx.lang, await svc.open(ctx.actor, p.schoolId, p.complaintId), p.note, { error }),
    ctx,
  );
};

export const tcResolveOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  const svc = ctx.services.teachingComplaints;
  return orRefusal(async () => resolveCard(ctx.lang, await svc.resolveForm(ctx.actor, p.schoolId, p.complaintId), ''), onCard(ctx, p), ctx);
};

export const tcResolveSave: VerbHandler = async (ctx, data) => {
  const p = noteSchema.parse(data);
  const svc = ctx.services.teachingComplaints;
  return orRefusal(
    async () => {
      const r = await svc.resolve(ctx.actor, p.schoolId, p.complaintId, p.note);
      if (r.errors) return resolveCard(ctx.lang, r.view, p.note, { errors: r.errors });
      return complaintCard(ctx.lang, r.view, { info: t(ctx).saved.resolved });
    },
    async (error) => resolveCard(ctx.lang, await svc.open(ctx.actor, p.schoolId, p.complaintId), p.note, { error }),
    ctx,
  );
};

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
  'tc.followup.open': tcFollowUpOpen,
  'tc.followup.save': tcFollowUpSave,
  'tc.followup.move.open': tcMoveOpen,
  'tc.followup.move.save': tcMoveSave,
  'tc.next': tcNext,
  'tc.escalate.open': tcEscalateOpen,
  'tc.escalate.save': tcEscalateSave,
  'tc.rektor.open': tcRektorOpen,
  'tc.rektor.save': tcRektorSave,
  'tc.resolve.open': tcResolveOpen,
  'tc.resolve.save': tcResolveSave,
};
