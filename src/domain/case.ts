/**
 * A skolemiljø case and the steps of §3.1.2 (route, forward, escalate). Every step is a pure
 * function: it checks who may do it against stored memberships and returns the new case plus
 * the log entry to append. Storage and messaging happen elsewhere.
 */
import { DomainError } from './errors';
import { hasRole, Membership } from './people';
import type { CaseMeeting } from './meetings';
import type { Casework } from './casework';
import { Report } from './report';

/** ordinaer: §12-4; skjerpet: a staff member is suspected (§12-5); ledelse: someone in the school's leadership is suspected. */
export type Route = 'ordinaer' | 'skjerpet' | 'ledelse';
export type CaseStatus = 'meldt' | 'videresendt' | 'hos_skoleeier' | 'avsluttet';
export type EscalationState = 'ikke_aktuell' | 'venter' | 'varslet' | 'ikke_varslet';

export interface Escalation {
  state: EscalationState;
  note: string;
  by: string;
  at: string;
}

export interface SkolemiljoCase {
  tenantId: string;
  schoolId: string;
  caseId: string;
  ref: string;
  createdAt: string;
  reporterId: string;
  report: Report;
  route: Route;
  /** When the investigation should be done ("snarest", SPEC §3.1.3): a school day, Oslo date. */
  investigationDue: string;
  /** Set when the nærmeste leder records the investigation (issue 5); stops its reminders. */
  investigationRecordedAt?: string;
  status: CaseStatus;
  /** Suggested from the pupil's class when reported; set when rektor forwards. */
  leaderId: string;
  forwardedAt: string;
  forwardedBy: string;
  escalation: Escalation;
  /** Meetings called on the case (the conversation with the reporter, later evaluations). */
  meetings?: CaseMeeting[];
  /** The leader's work after forwarding: members, investigation, plan versions, evaluations, closure. */
  work?: Casework;
  /** Optimistic-concurrency token from storage; absent on a new case. */
  etag?: string;
}

export type LogAction =
  | 'meldt'
  | 'videresendt'
  | 'markert_alvorlig'
  | 'skoleeier_varslet'
  | 'skoleeier_ikke_varslet'
  | 'lest'
  | 'samtale_innkalt'
  | 'samtale_flyttet'
  | 'samtale_i_kalender'
  | 'koblet_til'
  | 'undersokelse_registrert'
  | 'undersokelse_endret'
  | 'plan_laget'
  | 'plan_evaluert'
  | 'avsluttet'
  | 'eksportert'
  | 'slettet';

export interface LogEntry {
  at: string;
  actorId: string;
  action: LogAction;
  /** Safe detail: ids and codes only, or a note a leader wrote into the case record. */
  detail: string;
}

export const NOTE_LIMIT = 1000;

export function routeOf(report: Report): Route {
  if (report.leadershipSuspected) return 'ledelse';
  if (report.staffSuspected) return 'skjerpet';
  return 'ordinaer';
}

export interface NewCaseInput {
  tenantId: string;
  schoolId: string;
  caseId: string;
  ref: string;
  now: string;
  reporterId: string;
  report: Report;
  suggestedLeaderId: string;
  investigationDue: string;
}

export function openCase(i: NewCaseInput): { case: SkolemiljoCase; log: LogEntry } {
  const route = routeOf(i.report);
  const c: SkolemiljoCase = {
    tenantId: i.tenantId,
    schoolId: i.schoolId,
    caseId: i.caseId,
    ref: i.ref,
    createdAt: i.now,
    reporterId: i.reporterId,
    report: i.report,
    route,
    investigationDue: i.investigationDue,
    status: route === 'ledelse' ? 'hos_skoleeier' : 'meldt',
    leaderId: route === 'ledelse' ? '' : i.suggestedLeaderId,
    forwardedAt: '',
    forwardedBy: '',
    escalation: {
      // The school owner is told of a leadership case by the report itself; for a staff
      // suspicion rektor must decide, and record why if not (§12-5).
      state: route === 'skjerpet' ? 'venter' : route === 'ledelse' ? 'varslet' : 'ikke_aktuell',
      note: '',
      by: route === 'ledelse' ? i.reporterId : '',
      at: route === 'ledelse' ? i.now : '',
    },
  };
  return { case: c, log: { at: i.now, actorId: i.reporterId, action: 'meldt', detail: `rute=${route}` } };
}

const requireRektor = (c: SkolemiljoCase, actor: Membership | undefined): Membership => {
  if (!actor || actor.schoolId !== c.schoolId || actor.tenantId !== c.tenantId || !hasRole(actor, 'rektor') || c.route === 'ledelse')
    throw new DomainError('NO_ROLE', { action: 'rektor' });
  return actor;
};

export function forwardCase(
  c: SkolemiljoCase,
  actor: Membership | undefined,
  leader: Membership | undefined,
  now: string,
): { case: SkolemiljoCase; log: LogEntry } {
  const by = requireRektor(c, actor);
  if (c.status !== 'meldt') throw new DomainError('ALREADY_FORWARDED');
  if (!leader || leader.schoolId !== c.schoolId || leader.tenantId !== c.tenantId || !isLeader(leader))
    throw new DomainError('LEADER_INVALID');
  return {
    case: { ...c, status: 'videresendt', leaderId: leader.userId, forwardedAt: now, forwardedBy: by.userId },
    log: { at: now, actorId: by.userId, action: 'videresendt', detail: `leder=${leader.userId}` },
  };
}

/** Especially serious cases between pupils get the same escalation decision as §12-5 cases. */
export function markSerious(c: SkolemiljoCase, actor: Membership | undefined, now: string) {
  const by = requireRektor(c, actor);
  if (c.status === 'avsluttet') throw new DomainError('CASE_CLOSED');
  if (c.escalation.state !== 'ikke_aktuell') throw new DomainError('ALREADY_DECIDED');
  return {
    case: { ...c, escalation: { state: 'venter' as const, note: '', by: '', at: '' } },
    log: { at: now, actorId: by.userId, action: 'markert_alvorlig' as const, detail: '' },
  };
}

export function decideEscalation(
  c: SkolemiljoCase,
  actor: Membership | undefined,
  notify: boolean,
  note: string,
  now: string,
): { case: SkolemiljoCase; log: LogEntry } {
  const by = requireRektor(c, actor);
  if (c.escalation.state === 'ikke_aktuell') throw new DomainError('NOT_ESCALATION_CASE');
  if (c.escalation.state !== 'venter') throw new DomainError('ALREADY_DECIDED');
  const trimmed = note.trim();
  if (note.length > NOTE_LIMIT) throw new DomainError('INVALID_INPUT', { field: 'note', limit: NOTE_LIMIT });
  // Not notifying the school owner in a §12-5 case must be justified in the record.
  if (!notify && trimmed === '') throw new DomainError('INVALID_INPUT', { field: 'note', problem: 'required' });
  return {
    case: {
      ...c,
      escalation: { state: notify ? 'varslet' : 'ikke_varslet', note: trimmed, by: by.userId, at: now },
    },
    log: {
      at: now,
      actorId: by.userId,
      action: notify ? 'skoleeier_varslet' : 'skoleeier_ikke_varslet',
      detail: trimmed,
    },
  };
}

export const isLeader = (m: Membership): boolean => hasRole(m, 'avdelingsleder');
