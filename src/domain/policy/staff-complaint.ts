/**
 * The staff complaint's rule (seed 001). staffComplaintView() in domain/staff-complaint.ts says
 * what a person sees (the step rules share it); here it answers "may this person see it / take
 * the leader's steps".
 *
 * - The receiving leader and rektor see it all and take the steps while it is open.
 * - The employee sees their own projection once informed, and takes no leader's step.
 * - Nobody else (and the employee before being informed) learns that it exists.
 */
import { staffComplaintView, type StaffComplaint } from '../staff-complaint';
import { at, no, notFound, yes, type Decision, type Subject } from './types';

export const STAFF_COMPLAINT_ACTIONS = ['se', 'se_alt', 'lederens_steg'] as const;
export type StaffComplaintAction = (typeof STAFF_COMPLAINT_ACTIONS)[number];

export function decideStaffComplaint(action: StaffComplaintAction, c: StaffComplaint, s: Subject): Decision {
  const view = staffComplaintView(c, at(s, c));
  if (view === 'none') return notFound;
  if (action === 'se') return yes;
  if (view !== 'full') return no('common.NO_ROLE', 'leder');
  if (action === 'lederens_steg' && c.status === 'avsluttet') return no('common.CLOSED', 'ingen');
  return yes;
}
