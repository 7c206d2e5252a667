import { caseExport, caseForward, casePupilInformed, caseReclassify, caseRefresh, caseSerious } from './case-verbs';
import { copyApprove, copyOpen } from './copy-verbs';
import { meetingCall, meetingPropose } from './meeting-verbs';
import { reportStart, reportSubmit } from './report-verbs';
import { complaintChoose } from './complaint-verbs';
import { annualEdit, annualSave, annualShow } from './annual-verbs';
import { rolesShow } from './roles-verbs';
import { overviewCsv } from './overview-verbs';
import { leaveDeny, leaveGrant, leaveRefresh, leaveSubmit } from './leave-verbs';
import { TALKS_VERBS } from './talks-verbs';
import { closeOpen, closeSave, connectOpen, connectSave, evaluateOpen, evaluateSave, investigationOpen, investigationSave, measureCancel, measureSave, planMeasure, planOpen, planRemove, planSave } from './work-verbs';
import { TEACHING_COMPLAINT_VERBS } from './teaching-complaint-verbs';
import { STAFF_COMPLAINT_VERBS } from './staff-complaint-verbs';
import type { VerbHandler } from './types';
import type { Verb } from '../verbs';

/**
 * Card verb → handler, one for every `Verb` (the type makes a missing one a build error). A verb
 * a card sends that is not a `Verb` gets a friendly "this button no longer works".
 */
export const VERBS: { readonly [V in Verb]: VerbHandler } = {
  'report.start': reportStart,
  'report.submit': reportSubmit,
  'case.refresh': caseRefresh,
  'case.export': caseExport,
  'case.copy.open': copyOpen,
  'case.copy.approve': copyApprove,
  'case.forward': caseForward,
  'case.serious': caseSerious,
  'case.reclassify': caseReclassify,
  'case.pupilInformed': casePupilInformed,
  'meeting.propose': meetingPropose,
  'meeting.call': meetingCall,
  'work.connect.open': connectOpen,
  'work.connect.save': connectSave,
  'work.investigation.open': investigationOpen,
  'work.investigation.save': investigationSave,
  'work.plan.open': planOpen,
  'work.plan.measure': planMeasure,
  'work.plan.remove': planRemove,
  'work.measure.save': measureSave,
  'work.measure.cancel': measureCancel,
  'work.plan.save': planSave,
  'work.evaluate.open': evaluateOpen,
  'work.evaluate.save': evaluateSave,
  'work.close.open': closeOpen,
  'work.close.save': closeSave,
  'leave.submit': leaveSubmit,
  'complaint.choose': complaintChoose,
  'annual.show': annualShow,
  'annual.edit': annualEdit,
  'annual.save': annualSave,
  'roles.show': rolesShow,
  'overview.csv': overviewCsv,
  'leave.grant': leaveGrant,
  'leave.deny': leaveDeny,
  'leave.refresh': leaveRefresh,
  ...TALKS_VERBS,
  ...TEACHING_COMPLAINT_VERBS,
  ...STAFF_COMPLAINT_VERBS,
};


export { CHANNEL_SAFE_VERBS } from '../verbs';
