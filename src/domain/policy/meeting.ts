/**
 * The rule of a skolemiljø case's meetings (the conversation with the reporter, its .ics file) and
 * of the case's export: both are parts of the case, so whoever may not see the case learns
 * nothing (the case rule's own refusal); among those who see it, only the nærmeste leder who has the case calls the meeting
 * (mayCallMeeting, 004 §8.3), and the export follows the case rule's «eksportere».
 */
import type { SkolemiljoCase } from '../case';
import { mayCallMeeting } from '../meetings';
import { decideCase } from './case';
import { at, no, yes, type Decision, type Subject } from './types';

export const MEETING_ACTIONS = ['se', 'kalle_inn'] as const;
export type MeetingAction = (typeof MEETING_ACTIONS)[number];
export const EXPORT_ACTIONS = ['eksportere'] as const;
export type ExportAction = (typeof EXPORT_ACTIONS)[number];

export function decideMeeting(action: MeetingAction, c: SkolemiljoCase, s: Subject): Decision {
  const m = at(s, c);
  const seen = decideCase('se_sak', c, m, s.userId);
  if (!seen.allowed) return seen;
  if (action === 'se') return yes;
  return mayCallMeeting(c, m) ? yes : no('common.NO_ROLE', 'ingen');
}

export function decideExport(_action: ExportAction, c: SkolemiljoCase, s: Subject): Decision {
  return decideCase('eksportere', c, at(s, c), s.userId);
}
