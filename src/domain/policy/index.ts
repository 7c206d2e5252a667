/**
 * One policy for every record type: `decide(subject, action, record)` is the only answer to "may
 * this person see or do this with this record". Each record type has its rule file here; the use
 * cases load a record for a person only through their `loadFor`, which asks this and refuses with
 * the same «not found» whether the record exists or not (src/app/policy-door.ts).
 */
import type { SkolemiljoCase } from '../case';
import type { TeachingComplaint } from '../complaint-records';
import type { LeaveRequest } from '../leave';
import type { StaffComplaint } from '../staff-complaint';
import { CASE_ACTIONS, decideCase, type CaseAction } from './case';
import { decideLeave, LEAVE_ACTIONS, type LeaveAction } from './leave';
import { decideExport, decideMeeting, EXPORT_ACTIONS, MEETING_ACTIONS, type ExportAction, type MeetingAction } from './meeting';
import { ANNUAL_ACTIONS, decideAnnual, decideRoles, decideRoster, ROLES_ACTIONS, ROSTER_ACTIONS, type AnnualAction, type RolesAction, type RosterAction, type RosterRef, type SchoolRef } from './school';
import { decideOverview, OVERVIEW_ACTIONS, type OverviewAction } from './school';
import { decideStaffComplaint, STAFF_COMPLAINT_ACTIONS, type StaffComplaintAction } from './staff-complaint';
import { decideTeachingComplaint, TEACHING_COMPLAINT_ACTIONS, type TeachingComplaintAction } from './teaching-complaint';
import { at, type Decision, type Subject } from './types';

export type { Ask, Decision, Subject } from './types';
export { notFound } from './types';
export type { RosterRef, SchoolRef } from './school';

/** Every record type the policy knows, with what it holds. */
export interface Records {
  skolemiljosak: SkolemiljoCase;
  klage_undervisning: TeachingComplaint;
  klage_ansatt: StaffComplaint;
  permisjon: LeaveRequest;
  klasseliste: RosterRef;
  mote: SkolemiljoCase;
  eksport: SkolemiljoCase;
  arshjul: SchoolRef;
  roller: SchoolRef;
  oversikt: SchoolRef;
}
export type RecordType = keyof Records;

/** What may be asked of each record type. */
export interface Actions {
  skolemiljosak: CaseAction;
  klage_undervisning: TeachingComplaintAction;
  klage_ansatt: StaffComplaintAction;
  permisjon: LeaveAction;
  klasseliste: RosterAction;
  mote: MeetingAction;
  eksport: ExportAction;
  arshjul: AnnualAction;
  roller: RolesAction;
  oversikt: OverviewAction;
}

export const POLICY_ACTIONS: { [T in RecordType]: readonly Actions[T][] } = {
  skolemiljosak: CASE_ACTIONS,
  klage_undervisning: TEACHING_COMPLAINT_ACTIONS,
  klage_ansatt: STAFF_COMPLAINT_ACTIONS,
  permisjon: LEAVE_ACTIONS,
  klasseliste: ROSTER_ACTIONS,
  mote: MEETING_ACTIONS,
  eksport: EXPORT_ACTIONS,
  arshjul: ANNUAL_ACTIONS,
  roller: ROLES_ACTIONS,
  oversikt: OVERVIEW_ACTIONS,
};

export type PolicyRecord = { [T in RecordType]: { type: T; value: Records[T] } }[RecordType];

const RULES: { [T in RecordType]: (action: Actions[T], r: Records[T], s: Subject) => Decision } = {
  skolemiljosak: (a, c, s) => decideCase(a, c, at(s, c), s.userId),
  klage_undervisning: decideTeachingComplaint,
  klage_ansatt: decideStaffComplaint,
  permisjon: decideLeave,
  klasseliste: decideRoster,
  mote: decideMeeting,
  eksport: decideExport,
  arshjul: decideAnnual,
  roller: decideRoles,
  oversikt: decideOverview,
};

export function decide<T extends RecordType>(subject: Subject, action: Actions[T], record: { type: T; value: Records[T] }): Decision {
  return (RULES[record.type] as (a: Actions[T], r: Records[T], s: Subject) => Decision)(action, record.value, subject);
}
