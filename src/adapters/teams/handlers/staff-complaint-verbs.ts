/**
 * A complaint about a member of staff (seed 001): register it, then one "open" and one "save"
 * verb per step. Saves return the complaint card, or the same form with everything typed and
 * the problems named; a refusal of the routine is named in words and nothing changes.
 */
import { z } from 'zod';
import { COMPLAINT_REPORT_FORM, emptyEvaluation, emptyMeasures, emptyMeeting, emptyRecord, emptyTalk, type StaffRegistrationDraft } from '../../../app/staff-complaint';
import { DOCUMENTS, isStaffComplaintError, PARTIES, STAFF_COMPLAINT_LIMITS, type DocumentKind, type Party } from '../../../domain/staff-complaint';
import { EMPTY_DRAFT } from '../../../domain/report';
import { reportFormCard } from '../cards/views';
import { fill, strings } from '../../../i18n';
import {
  closeCard,
  evaluationCard,
  measuresCard,
  meetingCard,
  mentoringCard,
  motebokCard,
  notifyCard,
  rejectCard,
  staffComplaintCard,
  staffRefusalText,
  staffRegistrationCard,
  talkCard,
  writtenCard,
} from '../cards/staff-complaint-views';
import type { Card } from '../cards/render';
import type { InvokeContext, VerbHandler } from './types';
import { signOwnVerb, signVerb, type SignOwnVerb, type SignVerb, type VerbsOf } from '../verbs';

const id = z.string().min(1).max(100);
/** Twice the limit: the domain names a text that is too long, so nothing typed is thrown away here. */
const text = (limit: number) => z.string().max(limit * 2).optional().default('');
const flag = z.union([z.string().max(10), z.boolean()]).optional().transform((v) => v === true || v === 'true');
const refSchema = z.object({ schoolId: id, complaintId: id });

const t = (ctx: InvokeContext) => strings(ctx.lang).staffComplaint;
const svc = (ctx: InvokeContext) => ctx.services.staffComplaints;

async function orRefusal(ctx: InvokeContext, f: () => Promise<Card>, onRefusal: (error: string) => Promise<Card>): Promise<Card> {
  try {
    return await f();
  } catch (e) {
    if (!isStaffComplaintError(e)) throw e;
    return onRefusal(staffRefusalText(ctx.lang, e));
  }
}

const onCard = (ctx: InvokeContext, p: { schoolId: string; complaintId: string }) => async (error: string) => staffComplaintCard(ctx.lang, await svc(ctx).open(ctx.actor, p.schoolId, p.complaintId), { error });

const submitSchema = z.object({
  formId: id,
  schoolId: id,
  employeeId: text(100),
  complainantKind: text(20),
  complainantName: text(STAFF_COMPLAINT_LIMITS.name),
  route: text(40),
  summary: text(STAFF_COMPLAINT_LIMITS.summary),
  talkedOn: text(20),
  written: text(20),
  procedureExplained: flag,
  pupilOffence: flag,
});

export const pkSubmit: VerbHandler = async (ctx, data) => {
  const { formId, schoolId, ...draft } = submitSchema.parse(data);
  const r = await svc(ctx).submit(ctx.actor, schoolId, draft satisfies StaffRegistrationDraft, formId);
  return r.kind === 'form' ? staffRegistrationCard(ctx.lang, r, formId) : staffComplaintCard(ctx.lang, r.view, { info: fill(t(ctx).registered, { ref: r.view.complaint.ref }) });
};

export const pkRefresh: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return staffComplaintCard(ctx.lang, await svc(ctx).open(ctx.actor, p.schoolId, p.complaintId));
};

export const pkInform: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      // «Informert» only when Teams delivered it; otherwise the leader is told it waits and will be retried.
      const r = await svc(ctx).inform(ctx.actor, p.schoolId, p.complaintId);
      return staffComplaintCard(ctx.lang, r.view, { info: r.delivered ? t(ctx).informed : t(ctx).informPending });
    },
    onCard(ctx, p),
  );
};

// "Skriftlig klage mottatt", recorded later (step 3)
export const pkWrittenOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(ctx, async () => writtenCard(ctx.lang, await svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, 'written'), ctx.services.today()), onCard(ctx, p));
};

export const pkWrittenSave: VerbHandler = async (ctx, data) => {
  const p = refSchema.extend({ date: text(20) }).parse(data);
  return orRefusal(
    ctx,
    async () => {
      const r = await svc(ctx).receiveWritten(ctx.actor, p.schoolId, p.complaintId, p.date);
      return r.errors ? writtenCard(ctx.lang, r.view, p.date, { errors: r.errors }) : staffComplaintCard(ctx.lang, r.view, { info: t(ctx).saved });
    },
    async (error) => writtenCard(ctx.lang, await svc(ctx).open(ctx.actor, p.schoolId, p.complaintId), p.date, { error }),
  );
};

/**
 * «Meld fra nå» (§ 12-5): the server checks that this is the complaint's leader or rektor and that
 * no case is linked yet, remembers the report form's id, and opens the report pre-filled as
 * skjerpet. When that form is submitted, the case's reference is recorded on the complaint.
 */
export const pkReport: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      const formId = await ctx.services.report.issueForm(ctx.actor, COMPLAINT_REPORT_FORM);
      await svc(ctx).startReport(ctx.actor, p.schoolId, p.complaintId, formId);
      const r = await ctx.services.report.start(ctx.actor, p.schoolId, { ...EMPTY_DRAFT, staffSuspected: 'ja' });
      if (r.kind !== 'form') throw new Error('a school was given, so no picker');
      return reportFormCard(ctx.lang, r, formId);
    },
    onCard(ctx, p),
  );
};

// The employee talk
export const pkTalkOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(ctx, async () => talkCard(ctx.lang, await svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, 'talk'), emptyTalk(ctx.services.today())), onCard(ctx, p));
};

const talkSchema = refSchema.extend({ date: text(20), unionRepPresent: flag, employeeVersion: text(STAFF_COMPLAINT_LIMITS.text), groundless: flag });

export const pkTalkSave: VerbHandler = async (ctx, data) => {
  const { schoolId, complaintId, ...d } = talkSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      const r = await svc(ctx).talk(ctx.actor, schoolId, complaintId, d);
      return r.errors ? talkCard(ctx.lang, r.view, d, { errors: r.errors }) : staffComplaintCard(ctx.lang, r.view, { info: t(ctx).saved });
    },
    async (error) => talkCard(ctx.lang, await svc(ctx).open(ctx.actor, schoolId, complaintId), d, { error }),
  );
};

// The complainant told "grunnløs"
export const pkNotifyOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(ctx, async () => notifyCard(ctx.lang, await svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, 'notify'), ctx.services.today()), onCard(ctx, p));
};

const dateSchema = refSchema.extend({ date: text(20) });

export const pkNotifySave: VerbHandler = async (ctx, data) => {
  const p = dateSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      const r = await svc(ctx).notifyGroundless(ctx.actor, p.schoolId, p.complaintId, p.date);
      return r.errors ? notifyCard(ctx.lang, r.view, p.date, { errors: r.errors }) : staffComplaintCard(ctx.lang, r.view, { info: t(ctx).saved });
    },
    async (error) => notifyCard(ctx.lang, await svc(ctx).open(ctx.actor, p.schoolId, p.complaintId), p.date, { error }),
  );
};

// The joint meeting
export const pkMeetingOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(ctx, async () => meetingCard(ctx.lang, await svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, 'meeting'), emptyMeeting(ctx.services.today())), onCard(ctx, p));
};

const meetingSchema = refSchema.extend({ date: text(20), unionRepPresent: flag, complainantPresent: flag, agreed: flag, agreementText: text(STAFF_COMPLAINT_LIMITS.text) });

export const pkMeetingSave: VerbHandler = async (ctx, data) => {
  const { schoolId, complaintId, ...d } = meetingSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      const r = await svc(ctx).meeting(ctx.actor, schoolId, complaintId, d);
      return r.errors ? meetingCard(ctx.lang, r.view, d, { errors: r.errors }) : staffComplaintCard(ctx.lang, r.view, { info: t(ctx).saved });
    },
    async (error) => meetingCard(ctx.lang, await svc(ctx).open(ctx.actor, schoolId, complaintId), d, { error }),
  );
};

// Measures (step 8–9)
export const pkMeasuresOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      const v = await svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, 'measures');
      return measuresCard(ctx.lang, v, emptyMeasures(), {}, await svc(ctx).unionRepChoices(ctx.actor, p.schoolId, p.complaintId));
    },
    onCard(ctx, p),
  );
};

const measuresSchema = refSchema.extend({ mentorArea: text(STAFF_COMPLAINT_LIMITS.text), other: text(STAFF_COMPLAINT_LIMITS.text), evaluationOn: text(20), unionRepPresent: flag, unionRepId: text(100) });

export const pkMeasuresSave: VerbHandler = async (ctx, data) => {
  const { schoolId, complaintId, ...d } = measuresSchema.parse(data);
  const reps = () => svc(ctx).unionRepChoices(ctx.actor, schoolId, complaintId);
  return orRefusal(
    ctx,
    async () => {
      const r = await svc(ctx).measures(ctx.actor, schoolId, complaintId, d);
      return r.errors ? measuresCard(ctx.lang, r.view, d, { errors: r.errors }, await reps()) : staffComplaintCard(ctx.lang, r.view, { info: t(ctx).saved });
    },
    async (error) => measuresCard(ctx.lang, await svc(ctx).open(ctx.actor, schoolId, complaintId), d, { error }, await reps()),
  );
};

// The mentoring agreement (step 9.2)
export const pkMentoringOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(ctx, async () => mentoringCard(ctx.lang, await svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, 'mentoring'), ''), onCard(ctx, p));
};

const mentoringSchema = refSchema.extend({ text: text(STAFF_COMPLAINT_LIMITS.text) });

export const pkMentoringSave: VerbHandler = async (ctx, data) => {
  const p = mentoringSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      const r = await svc(ctx).mentoring(ctx.actor, p.schoolId, p.complaintId, p.text);
      return r.errors ? mentoringCard(ctx.lang, r.view, p.text, { errors: r.errors }) : staffComplaintCard(ctx.lang, r.view, { info: t(ctx).saved });
    },
    async (error) => mentoringCard(ctx.lang, await svc(ctx).open(ctx.actor, p.schoolId, p.complaintId), p.text, { error }),
  );
};

// The evaluation (step 9.3)
export const pkEvaluationOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(ctx, async () => evaluationCard(ctx.lang, await svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, 'evaluation'), emptyEvaluation(ctx.services.today())), onCard(ctx, p));
};

const evaluationSchema = refSchema.extend({ date: text(20), achieved: flag, note: text(STAFF_COMPLAINT_LIMITS.note), unionRepPresent: flag });

export const pkEvaluationSave: VerbHandler = async (ctx, data) => {
  const { schoolId, complaintId, ...d } = evaluationSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      const r = await svc(ctx).evaluation(ctx.actor, schoolId, complaintId, d);
      return r.errors ? evaluationCard(ctx.lang, r.view, d, { errors: r.errors }) : staffComplaintCard(ctx.lang, r.view, { info: t(ctx).saved });
    },
    async (error) => evaluationCard(ctx.lang, await svc(ctx).open(ctx.actor, schoolId, complaintId), d, { error }),
  );
};

// The employee rejects the complaint and/or the mentoring (step 10)
export const pkRejectOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(ctx, async () => rejectCard(ctx.lang, await svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, 'reject'), ''), onCard(ctx, p));
};

const rejectSchema = refSchema.extend({ what: text(20) });

export const pkRejectSave: VerbHandler = async (ctx, data) => {
  const p = rejectSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      const r = await svc(ctx).reject(ctx.actor, p.schoolId, p.complaintId, p.what);
      return r.errors ? rejectCard(ctx.lang, r.view, p.what, { errors: r.errors }) : staffComplaintCard(ctx.lang, r.view, { info: t(ctx).saved });
    },
    async (error) => rejectCard(ctx.lang, await svc(ctx).open(ctx.actor, p.schoolId, p.complaintId), p.what, { error }),
  );
};

// The møtebok (step 10)
export const pkMotebokOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(ctx, async () => motebokCard(ctx.lang, await svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, 'motebok'), emptyRecord(ctx.services.today())), onCard(ctx, p));
};

const motebokSchema = refSchema.extend({
  date: text(20),
  participants: text((STAFF_COMPLAINT_LIMITS.name + 2) * STAFF_COMPLAINT_LIMITS.participants),
  unionRepPresent: flag,
  agreed: flag,
  agreementText: text(STAFF_COMPLAINT_LIMITS.text),
  employeeView: text(STAFF_COMPLAINT_LIMITS.text),
  leadershipView: text(STAFF_COMPLAINT_LIMITS.text),
});

export const pkMotebokSave: VerbHandler = async (ctx, data) => {
  const { schoolId, complaintId, ...d } = motebokSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      const r = await svc(ctx).motebok(ctx.actor, schoolId, complaintId, d);
      return r.errors ? motebokCard(ctx.lang, r.view, d, { errors: r.errors }) : staffComplaintCard(ctx.lang, r.view, { info: t(ctx).saved });
    },
    async (error) => motebokCard(ctx.lang, await svc(ctx).open(ctx.actor, schoolId, complaintId), d, { error }),
  );
};

// Signatures: one verb per document and party (a card's buttons share their data). The joint
// meeting's agreement keeps its short verbs pk.sign.<party>.
const signHandler =
  (doc: DocumentKind, party: Party): VerbHandler =>
  async (ctx, data) => {
    const p = refSchema.parse(data);
    return orRefusal(ctx, async () => staffComplaintCard(ctx.lang, await svc(ctx).sign(ctx.actor, p.schoolId, p.complaintId, party, doc), { info: t(ctx).signedInfo }), onCard(ctx, p));
  };
/** The employee's own button: signs only for the employee of this complaint (checked on the server). */
const signOwnHandler =
  (doc: DocumentKind): VerbHandler =>
  async (ctx, data) => {
    const p = refSchema.parse(data);
    return orRefusal(ctx, async () => staffComplaintCard(ctx.lang, await svc(ctx).signOwn(ctx.actor, p.schoolId, p.complaintId, doc), { info: t(ctx).signedInfo }), onCard(ctx, p));
  };
const signVerbs = Object.fromEntries([
  ...DOCUMENTS.map((doc): [SignOwnVerb, VerbHandler] => [signOwnVerb(doc), signOwnHandler(doc)]),
  ...DOCUMENTS.flatMap((doc) => PARTIES.map((party): [SignVerb, VerbHandler] => [signVerb(doc, party), signHandler(doc, party)])),
]) as Record<SignVerb | SignOwnVerb, VerbHandler>;

// Closing
export const pkCloseOpen: VerbHandler = async (ctx, data) => {
  const p = refSchema.parse(data);
  return orRefusal(ctx, async () => closeCard(ctx.lang, await svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, 'close'), ''), onCard(ctx, p));
};

const noteSchema = refSchema.extend({ note: text(STAFF_COMPLAINT_LIMITS.note) });

export const pkCloseSave: VerbHandler = async (ctx, data) => {
  const p = noteSchema.parse(data);
  return orRefusal(
    ctx,
    async () => {
      const r = await svc(ctx).close(ctx.actor, p.schoolId, p.complaintId, p.note);
      return r.errors ? closeCard(ctx.lang, r.view, p.note, { errors: r.errors }) : staffComplaintCard(ctx.lang, r.view, { info: t(ctx).closed });
    },
    async (error) => closeCard(ctx.lang, await svc(ctx).open(ctx.actor, p.schoolId, p.complaintId), p.note, { error }),
  );
};

/** Card verb → handler, for handlers/index.ts. */
export const STAFF_COMPLAINT_VERBS: Record<VerbsOf<'pk'>, VerbHandler> = {
  'pk.submit': pkSubmit,
  'pk.refresh': pkRefresh,
  'pk.inform': pkInform,
  'pk.written.open': pkWrittenOpen,
  'pk.written.save': pkWrittenSave,
  'pk.report': pkReport,
  'pk.talk.open': pkTalkOpen,
  'pk.talk.save': pkTalkSave,
  'pk.notify.open': pkNotifyOpen,
  'pk.notify.save': pkNotifySave,
  'pk.meeting.open': pkMeetingOpen,
  'pk.meeting.save': pkMeetingSave,
  'pk.measures.open': pkMeasuresOpen,
  'pk.measures.save': pkMeasuresSave,
  'pk.mentoring.open': pkMentoringOpen,
  'pk.mentoring.save': pkMentoringSave,
  'pk.evaluation.open': pkEvaluationOpen,
  'pk.evaluation.save': pkEvaluationSave,
  'pk.reject.open': pkRejectOpen,
  'pk.reject.save': pkRejectSave,
  'pk.motebok.open': pkMotebokOpen,
  'pk.motebok.save': pkMotebokSave,
  ...signVerbs,
  'pk.close.open': pkCloseOpen,
  'pk.close.save': pkCloseSave,
};
