/**
 * The step forms of a complaint about a member of staff (seed 001), one declaration each: title,
 * the step in the routine's words, the fields. The frame (the complaint's reference, the sensitive
 * hint, «Lagre» and «Tilbake», problems under their fields) is the routine's, in step-form.ts.
 */
import type { EvaluationDraft, MeetingRecordForm, StaffComplaintView } from '../../../app/staff-complaint';
import { STAFF_COMPLAINT_LIMITS as L, type EmployeeTalkDraft, type JointMeetingDraft, type MeasuresDraft, type StaffComplaintFormError } from '../../../domain/staff-complaint';
import { fill, type Lang } from '../../../i18n';
import { field, type Field } from './form';
import { clip, type Card } from './render';
import { dateField, stepForms, textField, toggleField, type FormSay } from './step-form';
import { pk, refData, staffProblem } from './staff-complaint-views';

const { form, card } = stepForms<StaffComplaintView, StaffComplaintFormError>({
  words: (lang) => ({ formError: pk(lang).formError, save: pk(lang).buttons.save, back: pk(lang).buttons.back }),
  subtitle: (lang, v) => fill(pk(lang).title, { ref: v.complaint.ref }),
  hint: (lang) => pk(lang).sensitive,
  problem: staffProblem,
  data: refData,
  back: 'pk.refresh',
});

/** A form that asks only for a day. */
const dayForm = (title: 'writtenTitle' | 'notifyTitle', intro: 'writtenIntro' | 'notifyIntro', save: 'pk.written.save' | 'pk.notify.save') =>
  form<string>((lang, _v, date) => ({ title: pk(lang)[title], intro: pk(lang)[intro], fields: [dateField(pk(lang).date, date)], save }));

/** Step 3, later: the day the written complaint came. */
export const writtenCard = dayForm('writtenTitle', 'writtenIntro', 'pk.written.save');
export const notifyCard = dayForm('notifyTitle', 'notifyIntro', 'pk.notify.save');

export const talkCard = form<EmployeeTalkDraft>((lang, _v, d) => {
  const t = pk(lang);
  const fields = [dateField(t.date, d.date), toggleField('unionRepPresent', t.unionRepPresent, d.unionRepPresent), textField('employeeVersion', t.employeeVersion, d.employeeVersion, L.text, true)];
  return { title: t.talkTitle, intro: t.steps.samtale_ansatt, fields: [...fields, toggleField('groundless', t.groundless, d.groundless)], save: 'pk.talk.save' };
});

export const meetingCard = form<JointMeetingDraft>((lang, _v, d) => {
  const t = pk(lang);
  const present = [toggleField('unionRepPresent', t.unionRepPresent, d.unionRepPresent), toggleField('complainantPresent', t.complainantPresent, d.complainantPresent)];
  const agreement = [toggleField('agreed', t.agreed, d.agreed), textField('agreementText', t.agreementText, d.agreementText, L.text)];
  return { title: t.meetingTitle, intro: t.steps.fellesmote, fields: [dateField(t.date, d.date), ...present, ...agreement], save: 'pk.meeting.save' };
});

/** `reps`: staff who may be named as the union representative, invited to the evaluation meeting. */
export function measuresCard(lang: Lang, v: StaffComplaintView, d: MeasuresDraft, o: FormSay<StaffComplaintFormError> = {}, reps: { userId: string; name: string }[] = []): Card {
  const t = pk(lang);
  const rep = d.unionRepId ?? '';
  // With a large staff the names in the union representative's list are shortened until the card fits.
  const fields = (names: number): Field[] => [
    textField('mentorArea', t.mentorArea, d.mentorArea, L.text),
    textField('other', t.otherMeasures, d.other, L.text),
    dateField(t.evaluationOn, d.evaluationOn, 'evaluationOn'),
    toggleField('unionRepPresent', t.unionRepPresent, d.unionRepPresent),
    ...((reps.length || rep) && names > 0
      ? [field({ kind: 'choice', id: 'unionRepId', label: t.unionRep, value: rep, placeholder: t.chooseUnionRep, choices: reps.map((r) => ({ title: clip(r.name, names), value: r.userId })) })]
      : []),
  ];
  // The last resort (hundreds of staff and every text at its limit) leaves the list out: the meeting is then booked for the leader and the employee.
  const shorter = [fields(24), fields(16), fields(12), fields(0)];
  return card(lang, v, { title: t.measuresTitle, intro: t.steps.tiltak, fields: fields(60), shorter, save: 'pk.measures.save' }, o);
}

export const mentoringCard = form<string>((lang, _v, text) => {
  const t = pk(lang);
  return { title: t.mentoringTitle, intro: t.steps.veiledningsavtale, fields: [textField('text', t.mentoringText, text, L.text, true)], save: 'pk.mentoring.save' };
});

export const evaluationCard = form<EvaluationDraft>((lang, _v, d) => {
  const t = pk(lang);
  const fields = [dateField(t.date, d.date), toggleField('achieved', t.achieved, d.achieved), toggleField('unionRepPresent', t.unionRepPresent, d.unionRepPresent)];
  return { title: t.evaluationTitle, intro: t.steps.evaluering, fields: [...fields, textField('note', t.evaluationNote, d.note, L.note)], save: 'pk.evaluation.save' };
});

/** Only what the domain lets this viewer record as rejected now is offered. */
export const rejectCard = form<string>((lang, v, what) => {
  const t = pk(lang);
  const choices = v.buttons.reject.map((k) => ({ title: t.rejected[k], value: k }));
  return { title: t.rejectTitle, intro: t.steps.motebok, fields: [field({ kind: 'radio', id: 'what', label: t.rejectWhat, required: true, value: what, choices })], save: 'pk.reject.save' };
});

export const motebokCard = form<MeetingRecordForm>((lang, _v, d) => {
  const t = pk(lang);
  const who = [dateField(t.date, d.date), textField('participants', t.participants, d.participants, (L.name + 1) * L.participants, true), toggleField('unionRepPresent', t.unionRepPresent, d.unionRepPresent)];
  const views = [textField('employeeView', t.employeeView, d.employeeView, L.text), textField('leadershipView', t.leadershipView, d.leadershipView, L.text)];
  const agreement = [toggleField('agreed', t.agreed, d.agreed), textField('agreementText', t.agreementText, d.agreementText, L.text)];
  return { title: t.motebokTitle, intro: t.steps.motebok, fields: [...who, ...agreement, ...views], save: 'pk.motebok.save' };
});

export const closeCard = form<string>((lang, _v, note) => {
  const t = pk(lang);
  return { title: t.closeTitle, fields: [textField('note', t.closeNote, note, L.note, true)], save: 'pk.close.save' };
});
