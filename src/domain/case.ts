/**
 * A skolemiljø case and the steps of §3.1.2 (route, forward, tell the school owner). Every step
 * is a pure function: it checks who may do it against stored memberships and returns the new case
 * plus the log entry to append. Storage and messaging happen elsewhere.
 *
 * The school owner is told, never asked about (004 §8.3 «Ved mistanke om eller kjennskap til at en
 * ansatt krenker en elev, eller ved spesielt alvorlige krenkelser mellom elever, skal rektor
 * varsle UDA»; opplæringslova § 12-5 «Rektor skal varsle skoleeigaren»): a §12-5 report reaches
 * the owner with the report itself, a case marked especially serious reaches the owner when it is
 * marked, and a wrongly marked report can only be reclassified with a reason the owner is told.
 */
import { decideCase } from './policy/case';
import { DomainError } from './errors';
import { hasRole, Membership } from './people';
import type { CaseMeeting } from './meetings';
import type { Casework } from './casework';
import { Report } from './report';

/** ordinaer: §12-4; skjerpet: a staff member is suspected (§12-5); ledelse: someone in the school's leadership is suspected. */
export type Route = 'ordinaer' | 'skjerpet' | 'ledelse';
export type CaseStatus = 'meldt' | 'videresendt' | 'hos_skoleeier' | 'avsluttet';
/**
 * ikke_aktuell: an ordinary case; varslet: the school owner has been told (§12-5, especially
 * serious, or leadership); omklassifisert: a §12-5 report rektor found wrongly marked, with the
 * reason the owner was told. There is no state for "not told".
 */
export type EscalationState = 'ikke_aktuell' | 'varslet' | 'omklassifisert';

export interface Escalation {
  state: EscalationState;
  /** Rektor's reason for a reclassification; empty otherwise. */
  note: string;
  by: string;
  at: string;
  /** Why the owner was told: a staff member suspected (§12-5), especially serious, or leadership. */
  reason?: 'skjerpet' | 'alvorlig' | 'ledelse';
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
  /** When rektor or the leader recorded that the pupil now knows the school is acting (004 §8.3). */
  pupilInformedAt?: string;
  pupilInformedBy?: string;
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
  | 'omklassifisert'
  | 'elev_informert'
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
  | 'kopi_godkjent'
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

/**
 * A new case. `logs` are its first entries: 'meldt', and for a §12-5 report that the school owner
 * was told with it ('log' is the first of them).
 */
export function openCase(i: NewCaseInput): { case: SkolemiljoCase; log: LogEntry; logs: LogEntry[] } {
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
    // A §12-5 or leadership report reaches the school owner with the report itself, at the same
    // moment as rektor: there is nothing to decide.
    escalation:
      route === 'ordinaer'
        ? { state: 'ikke_aktuell', note: '', by: '', at: '' }
        : { state: 'varslet', note: '', by: i.reporterId, at: i.now, reason: route === 'ledelse' ? 'ledelse' : 'skjerpet' },
  };
  const log: LogEntry = { at: i.now, actorId: i.reporterId, action: 'meldt', detail: `rute=${route}` };
  const told: LogEntry[] = route === 'skjerpet' ? [{ at: i.now, actorId: i.reporterId, action: 'skoleeier_varslet', detail: '§12-5' }] : [];
  return { case: c, log, logs: [log, ...told] };
}

const requireRektor = (c: SkolemiljoCase, actor: Membership | undefined): Membership => {
  if (!actor || actor.schoolId !== c.schoolId || actor.tenantId !== c.tenantId || !hasRole(actor, 'rektor') || c.route === 'ledelse')
    throw new DomainError('common.NO_ROLE', { action: 'rektor' });
  return actor;
};

export function forwardCase(
  c: SkolemiljoCase,
  actor: Membership | undefined,
  leader: Membership | undefined,
  now: string,
): { case: SkolemiljoCase; log: LogEntry } {
  const by = requireRektor(c, actor);
  if (c.status !== 'meldt') throw new DomainError('case.ALREADY_FORWARDED');
  if (!leader || leader.schoolId !== c.schoolId || leader.tenantId !== c.tenantId || !isLeader(leader))
    throw new DomainError('common.LEADER_INVALID');
  return {
    case: { ...c, status: 'videresendt', leaderId: leader.userId, forwardedAt: now, forwardedBy: by.userId },
    log: { at: now, actorId: by.userId, action: 'videresendt', detail: `leder=${leader.userId}` },
  };
}

/** An especially serious case between pupils: marking it tells the school owner at once (004 §8.3). */
export function markSerious(c: SkolemiljoCase, actor: Membership | undefined, now: string): { case: SkolemiljoCase; log: LogEntry } {
  const by = requireRektor(c, actor);
  if (c.status === 'avsluttet') throw new DomainError('common.CLOSED');
  if (c.escalation.state !== 'ikke_aktuell') throw new DomainError('case.ALREADY_DECIDED');
  return {
    case: { ...c, escalation: { state: 'varslet', note: '', by: by.userId, at: now, reason: 'alvorlig' } },
    log: { at: now, actorId: by.userId, action: 'markert_alvorlig', detail: 'skoleeier=varslet' },
  };
}

/**
 * A report marked "a staff member is suspected" that rektor finds involves no member of staff:
 * the case goes on under §12-4, with a required reason in the case log, and the school owner (who
 * had the report) is told of the reclassification. Never a silent downgrade.
 */
export function reclassify(c: SkolemiljoCase, actor: Membership | undefined, reason: string, now: string): { case: SkolemiljoCase; log: LogEntry } {
  const by = requireRektor(c, actor);
  if (c.status === 'avsluttet') throw new DomainError('common.CLOSED');
  if (c.route !== 'skjerpet' || c.escalation.state !== 'varslet') throw new DomainError('case.NOT_ESCALATION_CASE');
  const trimmed = reason.trim();
  if (reason.length > NOTE_LIMIT) throw new DomainError('common.INVALID_INPUT', { field: 'note', limit: NOTE_LIMIT });
  if (trimmed.replace(/[\p{Cc}\p{Cf}\s]/gu, '') === '') throw new DomainError('common.INVALID_INPUT', { field: 'note', problem: 'required' });
  return {
    case: { ...c, route: 'ordinaer', escalation: { state: 'omklassifisert', note: trimmed, by: by.userId, at: now, reason: 'skjerpet' } },
    log: { at: now, actorId: by.userId, action: 'omklassifisert', detail: trimmed },
  };
}

/**
 * The pupil has now been told that the school is acting («Eleven skal bli informert om at du
 * varsler rektor», 004 §8.3): rektor or the nærmeste leder records it, and its reminders stop.
 */
export function recordPupilInformed(c: SkolemiljoCase, actor: Membership | undefined, userId: string, now: string): { case: SkolemiljoCase; log: LogEntry } {
  const d = decideCase('informere_elev', c, actor, userId);
  if (!d.allowed) throw new DomainError(d.code, { ask: d.ask });
  if (c.pupilInformedAt || c.report.pupilInformed !== 'nei_ennaa') throw new DomainError('case.ALREADY_RECORDED');
  return {
    case: { ...c, pupilInformedAt: now, pupilInformedBy: userId },
    log: { at: now, actorId: userId, action: 'elev_informert', detail: '' },
  };
}

/** Whether the school owner has been told of this case, and so gets its cards and reminders. */
export const ownerTold = (c: SkolemiljoCase): boolean => c.escalation.state === 'varslet';

export const isLeader = (m: Membership): boolean => hasRole(m, 'avdelingsleder');
