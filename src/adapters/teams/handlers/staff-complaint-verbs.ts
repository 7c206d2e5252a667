/**
 * A complaint about a member of staff (seed 001): register it, then one "open" and one "save"
 * verb per step, each declared on the step kit (step-kit.ts): the form opens once the routine
 * allows the step; a save returns the complaint card, or the same form with everything typed and
 * the problems named; a refusal of the routine is named in words and nothing changes.
 */
import { z } from 'zod';
import {
  emptyEvaluation,
  emptyMeasures,
  emptyMeeting,
  emptyRecord,
  emptyTalk,
  type StaffComplaintView,
  type StaffRegistrationDraft,
  type StaffSaved,
  type StaffStepName,
} from '../../../app/staff-complaint';
import { COMPLAINT_REPORT_FORM } from './report-verbs';
import { DOCUMENTS, PARTIES, STAFF_COMPLAINT_LIMITS as L, type DocumentKind, type Party, type StaffComplaintFormError } from '../../../domain/staff-complaint';
import { EMPTY_DRAFT } from '../../../domain/report';
import { reportFormCard } from '../cards/views';
import { fill, strings } from '../../../i18n';
import { staffComplaintCard, staffRegistrationCard } from '../cards/staff-complaint-views';
import { closeCard, evaluationCard, measuresCard, meetingCard, mentoringCard, motebokCard, notifyCard, rejectCard, talkCard, writtenCard } from '../cards/staff-complaint-forms';
import type { InvokeContext, VerbHandler } from './types';
import { signOwnVerb, signVerb, type SignOwnVerb, type SignVerb, type VerbsOf } from '../verbs';
import { dateSchema, draftOf, flag, id, inLang, refSchema, stepKit, text, type Ref, type Schema, type StepForm } from './step-kit';

const t = (ctx: InvokeContext) => strings(ctx.lang).staffComplaint;
const svc = (ctx: InvokeContext) => ctx.services.staffComplaints;

const kit = stepKit<StaffComplaintView, StaffComplaintFormError>({
  refusals: 'staffComplaint',
  ref: refSchema,
  open: (ctx, p) => svc(ctx).open(ctx.actor, p.schoolId, p.complaintId),
  card: staffComplaintCard,
});

const submitSchema = z.object({
  formId: id,
  schoolId: id,
  employeeId: text(100),
  complainantKind: text(20),
  complainantName: text(L.name),
  route: text(40),
  summary: text(L.summary),
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

export const pkRefresh = kit.show;

export const pkInform = kit.verb(refSchema, async (ctx, p) => {
  // «Informert» only when Teams delivered it; otherwise the leader is told it waits and will be retried.
  const r = await svc(ctx).inform(ctx.actor, p.schoolId, p.complaintId);
  return staffComplaintCard(ctx.lang, r.view, { info: r.delivered ? t(ctx).informed : t(ctx).informPending });
});

/**
 * «Meld fra nå» (§ 12-5): the server checks that this is the complaint's leader or rektor and that
 * no case is linked yet, remembers the report form's id, and opens the report pre-filled as
 * skjerpet. When that form is submitted, the case's reference is recorded on the complaint.
 */
export const pkReport = kit.verb(refSchema, async (ctx, p) => {
  const formId = await ctx.services.report.issueForm(ctx.actor, COMPLAINT_REPORT_FORM);
  await svc(ctx).startReport(ctx.actor, p.schoolId, p.complaintId, formId);
  const r = await ctx.services.report.start(ctx.actor, p.schoolId, { ...EMPTY_DRAFT, staffSuspected: 'ja' });
  if (r.kind !== 'form') throw new Error('a school was given, so no picker');
  return reportFormCard(ctx.lang, r, formId);
});

type Form<D> = StepForm<StaffComplaintView, StaffComplaintFormError, D>;
const on = <D>(card: Parameters<typeof inLang<StaffComplaintView, StaffComplaintFormError, D>>[0]): Form<D> => inLang(card);

/**
 * One step of the routine: «open» shows its form starting at `blank` once the use case allows the
 * step; «save» hands the form's draft to `run`, and the complaint card says it is saved.
 */
function step<P extends Ref, D>(name: StaffStepName, s: { form: Form<D>; blank: (ctx: InvokeContext) => D; schema: Schema<P>; draft: (p: P) => D; run: (ctx: InvokeContext, p: P, d: D) => Promise<StaffSaved>; info?: 'closed' }) {
  return {
    open: kit.open({ load: (ctx, p) => svc(ctx).stepForm(ctx.actor, p.schoolId, p.complaintId, name), blank: (ctx) => s.blank(ctx), form: s.form }),
    save: kit.save({ schema: s.schema, draft: s.draft, run: s.run, form: s.form, done: (ctx) => ({ info: t(ctx)[s.info ?? 'saved'] }) }),
  };
}

const today = (ctx: InvokeContext) => ctx.services.today();
const none = () => '';

// "Skriftlig klage mottatt", recorded later (step 3)
const written = step('written', { form: on(writtenCard), blank: today, schema: dateSchema, draft: (p) => p.date, run: (ctx, p, d) => svc(ctx).receiveWritten(ctx.actor, p.schoolId, p.complaintId, d) });

// The employee talk
const talkSchema = refSchema.extend({ date: text(20), unionRepPresent: flag, employeeVersion: text(L.text), groundless: flag });
const talk = step('talk', { form: on(talkCard), blank: (ctx) => emptyTalk(today(ctx)), schema: talkSchema, draft: draftOf, run: (ctx, p, d) => svc(ctx).talk(ctx.actor, p.schoolId, p.complaintId, d) });

// The complainant told "grunnløs"
const notify = step('notify', { form: on(notifyCard), blank: today, schema: dateSchema, draft: (p) => p.date, run: (ctx, p, d) => svc(ctx).notifyGroundless(ctx.actor, p.schoolId, p.complaintId, d) });

// The joint meeting
const meetingSchema = refSchema.extend({ date: text(20), unionRepPresent: flag, complainantPresent: flag, agreed: flag, agreementText: text(L.text) });
const meeting = step('meeting', { form: on(meetingCard), blank: (ctx) => emptyMeeting(today(ctx)), schema: meetingSchema, draft: draftOf, run: (ctx, p, d) => svc(ctx).meeting(ctx.actor, p.schoolId, p.complaintId, d) });

// Measures (step 8–9): the union representative is chosen among the staff the server offers.
const measuresSchema = refSchema.extend({ mentorArea: text(L.text), other: text(L.text), evaluationOn: text(20), unionRepPresent: flag, unionRepId: text(100) });
const measures = step('measures', {
  form: async (ctx, v, d, say, p) => measuresCard(ctx.lang, v, d, say, await svc(ctx).unionRepChoices(ctx.actor, p.schoolId, p.complaintId)),
  blank: () => emptyMeasures(),
  schema: measuresSchema,
  draft: draftOf,
  run: (ctx, p, d) => svc(ctx).measures(ctx.actor, p.schoolId, p.complaintId, d),
});

// The mentoring agreement (step 9.2)
const mentoringSchema = refSchema.extend({ text: text(L.text) });
const mentoring = step('mentoring', { form: on(mentoringCard), blank: none, schema: mentoringSchema, draft: (p) => p.text, run: (ctx, p, d) => svc(ctx).mentoring(ctx.actor, p.schoolId, p.complaintId, d) });

// The evaluation (step 9.3)
const evaluationSchema = refSchema.extend({ date: text(20), achieved: flag, note: text(L.note), unionRepPresent: flag });
const evaluation = step('evaluation', { form: on(evaluationCard), blank: (ctx) => emptyEvaluation(today(ctx)), schema: evaluationSchema, draft: draftOf, run: (ctx, p, d) => svc(ctx).evaluation(ctx.actor, p.schoolId, p.complaintId, d) });

// The employee rejects the complaint and/or the mentoring (step 10)
const rejectSchema = refSchema.extend({ what: text(20) });
const reject = step('reject', { form: on(rejectCard), blank: none, schema: rejectSchema, draft: (p) => p.what, run: (ctx, p, d) => svc(ctx).reject(ctx.actor, p.schoolId, p.complaintId, d) });

// The møtebok (step 10)
const motebokSchema = refSchema.extend({
  date: text(20),
  participants: text((L.name + 2) * L.participants),
  unionRepPresent: flag,
  agreed: flag,
  agreementText: text(L.text),
  employeeView: text(L.text),
  leadershipView: text(L.text),
});
const motebok = step('motebok', { form: on(motebokCard), blank: (ctx) => emptyRecord(today(ctx)), schema: motebokSchema, draft: draftOf, run: (ctx, p, d) => svc(ctx).motebok(ctx.actor, p.schoolId, p.complaintId, d) });

// Closing
const noteSchema = refSchema.extend({ note: text(L.note) });
const close = step('close', { form: on(closeCard), blank: none, schema: noteSchema, draft: (p) => p.note, run: (ctx, p, d) => svc(ctx).close(ctx.actor, p.schoolId, p.complaintId, d), info: 'closed' });

// Signatures: one verb per document and party (a card's buttons share their data). The joint
// meeting's agreement keeps its short verbs pk.sign.<party>.
const signed = (ctx: InvokeContext, v: StaffComplaintView) => staffComplaintCard(ctx.lang, v, { info: t(ctx).signedInfo });
const signHandler = (doc: DocumentKind, party: Party): VerbHandler => kit.verb(refSchema, async (ctx, p) => signed(ctx, await svc(ctx).sign(ctx.actor, p.schoolId, p.complaintId, party, doc)));
/** The employee's own button: signs only for the employee of this complaint (checked on the server). */
const signOwnHandler = (doc: DocumentKind): VerbHandler => kit.verb(refSchema, async (ctx, p) => signed(ctx, await svc(ctx).signOwn(ctx.actor, p.schoolId, p.complaintId, doc)));
const signVerbs = Object.fromEntries([
  ...DOCUMENTS.map((doc): [SignOwnVerb, VerbHandler] => [signOwnVerb(doc), signOwnHandler(doc)]),
  ...DOCUMENTS.flatMap((doc) => PARTIES.map((party): [SignVerb, VerbHandler] => [signVerb(doc, party), signHandler(doc, party)])),
]) as Record<SignVerb | SignOwnVerb, VerbHandler>;

/** Card verb → handler, for handlers/index.ts. */
export const STAFF_COMPLAINT_VERBS: Record<VerbsOf<'pk'>, VerbHandler> = {
  'pk.submit': pkSubmit,
  'pk.refresh': pkRefresh,
  'pk.inform': pkInform,
  'pk.written.open': written.open,
  'pk.written.save': written.save,
  'pk.report': pkReport,
  'pk.talk.open': talk.open,
  'pk.talk.save': talk.save,
  'pk.notify.open': notify.open,
  'pk.notify.save': notify.save,
  'pk.meeting.open': meeting.open,
  'pk.meeting.save': meeting.save,
  'pk.measures.open': measures.open,
  'pk.measures.save': measures.save,
  'pk.mentoring.open': mentoring.open,
  'pk.mentoring.save': mentoring.save,
  'pk.evaluation.open': evaluation.open,
  'pk.evaluation.save': evaluation.save,
  'pk.reject.open': reject.open,
  'pk.reject.save': reject.save,
  'pk.motebok.open': motebok.open,
  'pk.motebok.save': motebok.save,
  ...signVerbs,
  'pk.close.open': close.open,
  'pk.close.save': close.save,
};
