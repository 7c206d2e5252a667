/**
 * The school's own class lists (issue 17, ROSTER=graph): the classes of a school, who teaches them
 * and their pupils, as the school's student information system publishes them (School Data Sync
 * into Microsoft Graph's education API). Implemented by src/adapters/graph/graph-roster.ts.
 * Names are personal data: callers show them where typed names are shown today and never log them.
 */

/** A class as the school's system names it. */
export interface SchoolRosterClass {
  /** The system's id (Graph: the educationClass id). */
  id: string;
  /** The class's name as Meld fra uses it, e.g. «8A» (Graph: displayName). */
  name: string;
  /** The year group when the system gives it (Graph: grade), else undefined. */
  grade?: string;
}

export interface SchoolRosterPerson {
  /** The Entra ID object id: the same id Teams gives the directory. */
  id: string;
  name: string;
  /** YYYY-MM-DD, when the system gives it (pupils). */
  birthDate?: string;
}

/**
 * What a read gave: the list (`ok`), nothing there (`none`: the school, class or person is unknown
 * to the system, or has no one; typed rosters then apply), or `down` (the system did not answer,
 * throttled us past our retries, or refused our app: what is stored is used, and the user is told).
 */
export type RosterRead<T> = { kind: 'ok'; value: T } | { kind: 'none' } | { kind: 'down'; status: number };

/** A school as the school's system names it (for the admin choosing graphSchoolId). */
export interface SchoolRosterSchool {
  id: string;
  name: string;
  /** The id in the syncing system, e.g. the school's number. */
  externalId?: string;
}

export interface SchoolRoster {
  /** Every school in the tenant's system. */
  schools(tenantId: string): Promise<RosterRead<SchoolRosterSchool[]>>;
  /** Every class of the school (`schoolRef`: the school's id in the system, School.graphSchoolId). */
  classes(tenantId: string, schoolRef: string): Promise<RosterRead<SchoolRosterClass[]>>;
  /** The classes this person is in (as teacher or pupil), at any school. */
  classesOf(tenantId: string, userId: string): Promise<RosterRead<SchoolRosterClass[]>>;
  /** The pupils of a class (its members whose role is student). */
  pupils(tenantId: string, classId: string): Promise<RosterRead<SchoolRosterPerson[]>>;
  /** The teachers of a class. */
  teachers(tenantId: string, classId: string): Promise<RosterRead<SchoolRosterPerson[]>>;
}
