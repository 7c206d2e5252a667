/** Varsel om fare for nedsatt karakter i orden og atferd (seed 003), kept per class. Exported from pupil-talks.ts. */
import { DomainError } from './errors';
import type { Membership } from './people';
import type { LocalDate } from './school-calendar';
import { inSchoolYear, requireKontaktlaerer, type ClassRoster } from './pupil-talks-roster';

/**
 * 003, Administrative oppgaver: "Varsle elever om fare for nedsatt karakter i orden og adferd så
 * snart som mulig" and "sjekke at alle varsler til elever angående karakterer, vurderinger blir
 * levert ut i god tid". The seed names no date (only "så snart som mulig"), so there is no deadline
 * and no reminder: the kontaktlærer registers that a varsel was given, and sees them counted.
 */
export const GRADE_AREAS = ['orden', 'atferd'] as const;
export type GradeArea = (typeof GRADE_AREAS)[number];

/** That a pupil was warned; the reason is not stored (it is in the varsel itself, given to the pupil). */
export interface GradeWarning {
  pupilId: string;
  area: GradeArea;
  on: LocalDate;
  by: string;
}

/** Orden and atferd are graded each half-year: autumn ('host') until new year, then spring ('var'). */
export const termOf = (d: LocalDate): 'host' | 'var' => (d.slice(5, 7) >= '08' ? 'host' : 'var');

export function registerWarning(
  actor: Membership | undefined,
  r: ClassRoster,
  warnings: GradeWarning[],
  input: { pupilId: string; area: GradeArea; on: LocalDate },
): { warnings: GradeWarning[]; changed: boolean } {
  requireKontaktlaerer(actor, r);
  if (!(GRADE_AREAS as readonly string[]).includes(input.area)) throw new DomainError('common.INVALID_INPUT', { field: 'area' });
  if (!r.pupils.some((p) => p.pupilId === input.pupilId)) throw new DomainError('common.INVALID_INPUT', { field: 'pupilId' });
  if (!inSchoolYear(input.on, r.schoolYear)) throw new DomainError('common.INVALID_INPUT', { field: 'on' });
  // One varsel per pupil, area and half-year: a second registration changes nothing.
  if (warnings.some((w) => w.pupilId === input.pupilId && w.area === input.area && termOf(w.on) === termOf(input.on))) return { warnings, changed: false };
  return { warnings: [...warnings, { ...input, by: actor!.userId }], changed: true };
}

/** Counts only: how many varsler in orden and in atferd this school year (and this half-year). */
export function warningCounts(warnings: GradeWarning[], today: LocalDate): { orden: number; atferd: number; thisTerm: number } {
  return {
    orden: warnings.filter((w) => w.area === 'orden').length,
    atferd: warnings.filter((w) => w.area === 'atferd').length,
    thisTerm: warnings.filter((w) => termOf(w.on) === termOf(today)).length,
  };
}
