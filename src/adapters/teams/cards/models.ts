import type { WorkSection } from './work-views';
/** The data each card template in cards/ is expanded with. */
import type { Strings } from '../../../i18n';

export interface Choice { title: string; value: string }
export interface Fact { title: string; value: string }

export interface ReportFormModel {
  t: Strings['report'];
  formId: string;
  schoolId: string;
  schoolName: string;
  today: string;
  hasErrors: boolean;
  /** What the attention box at the top says: fields to correct, or why a valid form was not sent. */
  summary: string;
  /** Field values as the card inputs take them (multi-selects comma-separated). */
  v: Record<string, string>;
  /** Per-field error text, '' when the field is fine. */
  err: Record<string, string>;
  classChoices: Choice[];
  signChoices: Choice[];
  kindChoices: Choice[];
  sourceChoices: Choice[];
  yesNoChoices: Choice[];
  informedChoices: Choice[];
  vulnerabilityChoices: Choice[];
}

export interface SchoolPickerModel {
  t: Strings['report'];
  schoolChoices: Choice[];
}

export interface CaseModel {
  t: Strings['caseCard'];
  schoolId: string;
  caseId: string;
  ref: string;
  title: string;
  statusText: string;
  banner: string;
  facts: Fact[];
  observed: string;
  history: string[];
  leaderNext: string;
  error: string;
  note: string;
  info: string;
  canForward: boolean;
  leaderChoices: Choice[];
  suggestedLeaderId: string;
  canReclassify: boolean;
  canMarkSerious: boolean;
  /** The reminder to make sure the pupil is told (004 §8.3), with its button; '' when done. */
  pupilNotInformed: string;
  actors: string[];
  m: Strings['meeting'];
  meeting: { show: boolean; facts: Fact[]; joinUrl: string; calendarUrl: string; calendarTitle: string };
  canCallMeeting: boolean;
  callTitle: string;
  form: MeetingFormModel;
  work: WorkSection;
}

export interface MeetingFormModel {
  show: boolean;
  title: string;
  hint: string;
  error: string;
  today: string;
  date: string;
  time: string;
  minutes: string;
  location: string;
  online: string;
  canOnline: boolean;
}

export interface MeetingInviteModel {
  title: string;
  text: string;
  facts: Fact[];
  joinUrl: string;
  joinTitle: string;
  calendarUrl: string;
  calendarTitle: string;
  open: string;
  schoolId: string;
  caseId: string;
}

export interface CaseStatusModel {
  schoolId: string;
  caseId: string;
  title: string;
  text: string;
  facts: Fact[];
  footer: string;
  actors: string[];
}

export interface NoticeModel {
  title: string;
  text: string;
  style: 'default' | 'attention' | 'good' | 'emphasis';
}

export interface HelpModel {
  t: Strings['help'];
  unknown: string;
  commands: Fact[];
}

export interface CaseListModel {
  t: Strings['caseList'];
  rows: { ref: string; schoolId: string; caseId: string; detail: string }[];
  more: string;
}

export interface ReminderModel {
  title: string;
  text: string;
  style: 'attention' | 'default';
  open: string;
  schoolId: string;
  caseId: string;
  reminderId: string;
}
