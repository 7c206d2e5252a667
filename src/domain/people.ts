export const ROLES = [
  'ansatt',
  'kontaktlaerer',
  'faglaerer',
  'avdelingsleder',
  'rektor',
  'miljoteam',
  'elevradgiver',
  'postfordeler',
  /** The school office («administrasjonen», seed 003): keeps the copy of decided leave requests. Not the IT admin. */
  'kontor',
  'skoleeier',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** One person's membership of one school. A person at two schools has two memberships. */
export interface Membership {
  tenantId: string;
  schoolId: string;
  /** Azure AD object id: the identity Teams vouches for in every activity. */
  userId: string;
  name: string;
  roles: Role[];
  /** Classes this person is kontaktlærer for. */
  classes: string[];
  /** Trinn (grade levels) this person leads as avdelingsleder. */
  trinn: number[];
  /** Teams user id (29:…) when known; used to open a 1:1 chat. */
  teamsId?: string;
  /** Mail address, for calendar invitations. */
  email?: string;
}

export const hasRole = (m: Membership | undefined, role: Role): boolean =>
  !!m && m.roles.includes(role);

/** Staff are everyone with a school role; pupils in the tenant have no membership at all. */
export const isStaff = (m: Membership): boolean => m.roles.some((r) => r !== 'skoleeier');
