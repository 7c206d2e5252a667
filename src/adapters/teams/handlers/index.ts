import { caseExport, caseForward, casePupilInformed, caseReclassify, caseRefresh, caseSerious } from './case-verbs';
import { meetingCall, meetingPropose } from './meeting-verbs';
import { reportStart } from './report-start';
import { complaintChoose } from './complaint-verbs';
import { annualEdit, annualSave, annualShow } from './annual-verbs';
import { rolesShow } from './roles-verbs';
import { leaveDeny, leaveGrant, leaveRefresh, leaveSubmit } from './leave-verbs';
import { TALKS_VERBS } from './talks-verbs';
import { closeOpen, closeSave, connectOpen, connectSave, evaluateOpen, evaluateSave, investigationOpen, investigationSave, measureCancel, measureSave, planMeasure, planOpen, planRemove, planSave } from './work-verbs';
import { reportSubmit } from './report-submit';
import { TEACHING_COMPLAINT_VERBS } from './teaching-complaint-verbs';
import { STAFF_COMPLAINT_VERBS } from './staff-complaint-verbs';
import type { VerbHandler } from './types';

/** Card verb → handler. A verb not listed here gets a friendly "this button no longer works". */
export const VERBS: Record<string, VerbHandler> = {
  'report.start': reportStart,
  'report.submit': reportSubmit,
  'case.refresh': caseRefresh,
  'case.export': caseExport,
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
  'leave.grant': leaveGrant,
  'leave.deny': leaveDeny,
  'leave.refresh': leaveRefresh,
  ...TALKS_VERBS,
  ...TEACHING_COMPLAINT_VERBS,
  ...STAFF_COMPLAINT_VERBS,
};

/**
 * The verbs whose cards may be used in a channel or group chat: they neither show nor take pupil
 * data (the årshjul is the school's own tasks). Every other verb, including any added later, is
 * answered in the personal chat only: a card shared into a channel cannot show a name there.
 */
export const CHANNEL_SAFE_VERBS: ReadonlySet<string> = new Set(['annual.show', 'annual.edit', 'annual.save']);
