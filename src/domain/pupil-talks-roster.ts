/**
 * The kinds of conversation a kontaktlærer keeps (seed 003) and the class roster they are kept
 * for: the kontaktlærer's own list of the class, names for the personal view only. Exported from
 * pupil-talks.ts with the rest of the routine.
 */
import { DomainError } from './errors';
import { CONCERNS, type Concern } from './meldeplikt';
import { hasRole, type Membership } from './people';
import { isCalendarDate } from './report';
import { schoolYearOf, type LocalDate } from './school-calendar';
import type { GradeWarning } from './grade-warnings';
import type { TalkDone } from './pupil-talks';

export const TALK_KINDS = ['startsamtale', 'elevsamtale_host', 'elevsamtale_var', 'foreldresamtale_tilbud', 'klassens_time'] as const;
export type TalkKind = (typeof TALK_KINDS)[number];
export const isTalkKind = (s: string): s is TalkKind => (TALK_KINDS as readonly string[]).includes(s);

/** Kinds held with (or offered for) each pupil; `klassens_time` is one per class and month. */
export const PUPIL_KINDS: readonly TalkKind[] = ['startsamtale', 'elevsamtale_host', 'elevsamtale_var', 'foreldresamtale_tilbud'];
export const isPupilKind = (k: TalkKind): boolean => k !== 'klassens_time';

/** What a conversation may have revealed; 'annet' = other matters that trigger the duty to report (meldeplikt.ts). */
export { CONCERNS, type Concern };

// ---------------------------------------------------------------------------------------------
// Roster: the kontaktlærer's own list of the class, names for the personal view only

export const ROSTER_LIMITS = { pupils: 40, name: 80 } as const;

export interface RosterPupil {
  /** Stable id (given by the caller, like a leaveId): done-marks refer to it, never to the name. */
  pupilId: string;
  /** Display name as the kontaktlærer writes it. Shown only in the kontaktlærer's personal view. */
  name: string;
  /** Not yet of age (under 18): the parents are offered a conversation in the first half-year. */
  under18: boolean;
  /**
   * Set for a pupil who came to the class after the school year started: their startsamtale is due
   * two school weeks from this day, and rounds already due before it do not count them.
   */
  joinedOn?: LocalDate;
  /**
   * The pupil's id in the school's own system when the roster comes from there (ROSTER=graph,
   * pupil-talks-sync.ts); absent for a pupil the kontaktlærer typed.
   */
  sourceId?: string;
}

export interface ClassRoster {
  tenantId: string;
  schoolId: string;
  className: string;
  /** The school year, by the calendar year it starts in (August). */
  schoolYear: number;
  pupils: RosterPupil[];
}

export interface PupilDraft {
  name: string;
  under18: boolean;
  /** Absent: in the class from the start of the school year. */
  joinedOn?: LocalDate;
}

export interface RosterError {
  /** Index of the draft in the list given. */
  index: number;
  field: 'name' | 'pupils' | 'joinedOn';
  problem: 'required' | 'tooLong' | 'duplicate' | 'tooMany' | 'notThisYear';
  limit?: number;
}

/** Names compare without case and extra spaces: "Ola  Nordmann" and "ola nordmann" are the same. */
const nameKey = (s: string): string => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nb');
const cleanName = (s: string): string => s.trim().replace(/\s+/g, ' ');
export const inSchoolYear = (d: LocalDate, schoolYear: number): boolean => isCalendarDate(d) && schoolYearOf(d) === schoolYear;

/** Checks new pupils against each other and against those already on the roster. */
export function validatePupils(drafts: PupilDraft[], existing: RosterPupil[] = [], schoolYear?: number): RosterError[] {
  const errors: RosterError[] = [];
  const seen = new Set(existing.map((p) => nameKey(p.name)));
  drafts.forEach((d, index) => {
    const key = nameKey(d.name);
    if (key === '') errors.push({ index, field: 'name', problem: 'required' });
    else if (d.name.trim().length > ROSTER_LIMITS.name) errors.push({ index, field: 'name', problem: 'tooLong', limit: ROSTER_LIMITS.name });
    else if (seen.has(key)) errors.push({ index, field: 'name', problem: 'duplicate' });
    if (key !== '') seen.add(key);
    if (d.joinedOn !== undefined && schoolYear !== undefined && !inSchoolYear(d.joinedOn, schoolYear)) errors.push({ index, field: 'joinedOn', problem: 'notThisYear' });
    if (existing.length + index + 1 > ROSTER_LIMITS.pupils) errors.push({ index, field: 'pupils', problem: 'tooMany', limit: ROSTER_LIMITS.pupils });
  });
  return errors;
}

/** Only the class's own kontaktlærer keeps its roster and marks its conversations. */
export const mayKeepTalks = (m: Membership | undefined, r: Pick<ClassRoster, 'schoolId' | 'className'>): boolean =>
  !!m && hasRole(m, 'kontaktlaerer') && m.schoolId === r.schoolId && m.classes.includes(r.className);

export const requireKontaktlaerer = (actor: Membership | undefined, r: ClassRoster): void => {
  if (!mayKeepTalks(actor, r)) throw new DomainError('common.NO_ROLE', { action: 'elevsamtale', ask: 'rektor' });
};

export function emptyRoster(actor: Membership | undefined, r: Omit<ClassRoster, 'pupils'>): ClassRoster {
  const roster = { ...r, pupils: [] };
  requireKontaktlaerer(actor, roster);
  if (actor!.tenantId !== r.tenantId) throw new DomainError('common.NO_ROLE', { action: 'elevsamtale' });
  return roster;
}

const pupilOf = (pupilId: string, d: PupilDraft): RosterPupil => ({
  pupilId, name: cleanName(d.name), under18: d.under18, ...(d.joinedOn ? { joinedOn: d.joinedOn } : {}),
});

/** Adds pupils; `ids` are fresh stable ids, one per draft. Throws INVALID_INPUT on the first error. */
export function addPupils(actor: Membership | undefined, r: ClassRoster, drafts: PupilDraft[], ids: string[]): ClassRoster {
  requireKontaktlaerer(actor, r);
  if (ids.length !== drafts.length || new Set([...ids, ...r.pupils.map((p) => p.pupilId)]).size !== ids.length + r.pupils.length)
    throw new DomainError('common.INVALID_INPUT', { field: 'pupilId' });
  const [e] = validatePupils(drafts, r.pupils, r.schoolYear);
  if (e) throw new DomainError('common.INVALID_INPUT', { field: e.field, problem: e.problem, index: e.index, ...(e.limit ? { limit: e.limit } : {}) });
  return { ...r, pupils: [...r.pupils, ...drafts.map((d, i) => pupilOf(ids[i], d))] };
}

/**
 * Corrects a pupil's name, age or start day (a typo, a pupil who came later). The done-marks refer
 * to the pupil's id, so they stay with the pupil whatever the name becomes.
 */
export function updatePupil(actor: Membership | undefined, r: ClassRoster, pupilId: string, d: PupilDraft): ClassRoster {
  requireKontaktlaerer(actor, r);
  if (!r.pupils.some((p) => p.pupilId === pupilId)) throw new DomainError('common.INVALID_INPUT', { field: 'pupilId' });
  const others = r.pupils.filter((p) => p.pupilId !== pupilId);
  const [e] = validatePupils([d], others, r.schoolYear).filter((x) => x.field !== 'pupils');
  if (e) throw new DomainError('common.INVALID_INPUT', { field: e.field, problem: e.problem });
  // A pupil from the school's system stays linked to it whatever the kontaktlærer corrects.
  return { ...r, pupils: r.pupils.map((p) => (p.pupilId === pupilId ? { ...pupilOf(pupilId, d), ...(p.sourceId ? { sourceId: p.sourceId } : {}) } : p)) };
}

/** The roster with what is registered for its pupils: the row a class keeps for a school year. */
export interface ClassRecord {
  roster: ClassRoster;
  done: TalkDone[];
  warnings: GradeWarning[];
}

/**
 * A pupil who left the class (moved away) or was typed by mistake. Nothing about the pupil is kept:
 * the name goes, and so do their done-marks and varsler, which would otherwise be about a person the
 * class no longer has (GDPR's data minimisation; the roster is the kontaktlærer's working list, not
 * the school's archive). The class's klassens time marks stay. INVALID_INPUT when not on the roster.
 */
export function removePupil(actor: Membership | undefined, rec: ClassRecord, pupilId: string): ClassRecord {
  requireKontaktlaerer(actor, rec.roster);
  if (!rec.roster.pupils.some((p) => p.pupilId === pupilId)) throw new DomainError('common.INVALID_INPUT', { field: 'pupilId' });
  return {
    roster: { ...rec.roster, pupils: rec.roster.pupils.filter((p) => p.pupilId !== pupilId) },
    done: rec.done.filter((d) => !(isPupilKind(d.kind) && d.subjectId === pupilId)),
    warnings: rec.warnings.filter((w) => w.pupilId !== pupilId),
  };
}
