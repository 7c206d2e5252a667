/**
 * Meldeplikt in elevsamtaler (seed 002, «Tips til rektor»: «Sørg for at læreren vet hva han skal
 * gjøre dersom han får vite om rus, vold eller overgrep eller andre forhold som utløser
 * meldeplikten»).
 *
 * «Meldeplikten» here is the duty to inform the child welfare service and to avert crime, not the
 * school environment duty of opplæringsloven § 12-4: what a pupil tells about home is a matter for
 * barnevernstjenesten (barnevernsloven § 13-2) and, for the gravest crimes, the police (straffeloven
 * § 196). Both duties rest on each person who learns of it; they cannot be handed over to rektor
 * (the guidance says so, and points to whom to talk to at the school). A «Meld fra» report about
 * the school environment is offered only as an additional step, for when the school environment is
 * also concerned.
 *
 * Nothing about the pupil or what was said is kept: the guidance is built from the school's
 * directory and settings only, and nothing of it is stored or logged.
 */
import { hasRole, type Membership } from './people';
import type { School } from './school';

/** What the kontaktlærer ticks on the mark form: the kind of matter, never what was said. */
export const CONCERNS = ['rus', 'vold', 'overgrep', 'annet'] as const;
export type Concern = (typeof CONCERNS)[number];

/** The two duties the guidance explains, in the order they are shown. */
export const MELDEPLIKT_DUTIES = [
  /** Barnevernsloven § 13-2: information to barnevernstjenesten, without regard to taushetsplikt. */
  { duty: 'opplysningsplikt', law: 'barnevernsloven § 13-2', to: 'barnevernstjenesten' },
  /** Straffeloven § 196: the duty to avert certain grave crimes (to the police, or otherwise). */
  { duty: 'avvergingsplikt', law: 'straffeloven § 196', to: 'politiet' },
] as const;
export type MeldepliktDuty = (typeof MELDEPLIKT_DUTIES)[number]['duty'];

export interface MeldepliktGuidance {
  concern: Concern;
  duties: typeof MELDEPLIKT_DUTIES;
  /** The duty is the person's own: telling rektor does not discharge it. */
  personalDuty: true;
  /** Whom to talk to at the school: rektor by name, and the school's own contact when it has one. */
  rektors: string[];
  schoolContact: string;
  /** «Meld fra» (opplæringsloven § 12-4) is an additional step, only if the school environment is also concerned. */
  skolemiljoReport: 'additional';
}

/** The guidance for a concern the kontaktlærer ticked; who to contact comes from the directory and the school's settings. */
export function meldepliktGuidance(concern: Concern, school: Pick<School, 'tenantId' | 'schoolId' | 'meldepliktContact'>, staff: Membership[]): MeldepliktGuidance {
  const rektors = staff
    .filter((m) => m.tenantId === school.tenantId && m.schoolId === school.schoolId && hasRole(m, 'rektor'))
    .map((m) => m.name)
    .sort((a, b) => a.localeCompare(b, 'nb'));
  return {
    concern,
    duties: MELDEPLIKT_DUTIES,
    personalDuty: true,
    rektors,
    schoolContact: school.meldepliktContact?.trim() ?? '',
    skolemiljoReport: 'additional',
  };
}
