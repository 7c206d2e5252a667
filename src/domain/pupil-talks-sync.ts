/**
 * The roster kept in step with the school's own system (ROSTER=graph): the school's list of the
 * class is the truth for who is in it, and the kontaktlærer's record (done-marks, varsler) stays
 * with each pupil through their id. Pure: the caller reads the school's list and saves the result.
 */
import { isPupilKind, type ClassRecord, type RosterPupil } from './pupil-talks-roster';
import type { LocalDate } from './school-calendar';

/** One pupil as the school's system lists the class. */
export interface SchoolPupil {
  /** The system's id for the pupil (Graph: the user's object id). */
  id: string;
  name: string;
  /** YYYY-MM-DD when the system gives it. */
  birthDate?: string;
}

export interface SyncResult {
  record: ClassRecord;
  changed: boolean;
  /** Pupils new to the roster, and pupils the school's list no longer has (moved, left). */
  added: number;
  left: number;
}

const nameKey = (s: string): string => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nb');

/** Not yet 18 on the day; without a birth date a pupil counts as under 18 (the form's default too). */
export function under18On(birthDate: string | undefined, day: LocalDate): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate ?? '');
  if (!m) return true;
  return `${Number(m[1]) + 18}-${m[2]}-${m[3]}` > day;
}

/**
 * Brings the roster in step with the school's list:
 * - a pupil already linked (sourceId) keeps their id, marks and what the kontaktlærer set (under 18,
 *   start day); the name follows the school's list;
 * - a pupil she typed whose name is on the school's list is linked to it (nothing is lost when a
 *   school turns ROSTER=graph on in the middle of a year);
 * - a pupil new to the list joins; when `newcomers` (the class already came from the school's list
 *   and its first days are over) they came today, so their startsamtale falls due from today;
 * - a linked pupil the list no longer has (moved to another class, left the school) goes, with
 *   their marks and varsler, as when the kontaktlærer removes a pupil (removePupil);
 * - a pupil she typed who is not on the school's list stays: she may know before the system does.
 */
export function syncWithSchool(rec: ClassRecord, school: SchoolPupil[], o: { today: LocalDate; newcomers: boolean }): SyncResult {
  const listed = new Map(school.map((p) => [p.id, p]));
  const linked = new Map(rec.roster.pupils.filter((p) => p.sourceId).map((p) => [p.sourceId!, p]));
  const typed = new Map(rec.roster.pupils.filter((p) => !p.sourceId).map((p) => [nameKey(p.name), p]));
  let changed = false;
  let added = 0;
  const adopted = new Map<string, RosterPupil>();
  const fresh: RosterPupil[] = [];
  for (const s of school) {
    if (linked.has(s.id)) continue;
    const same = typed.get(nameKey(s.name));
    if (same && !adopted.has(same.pupilId)) {
      adopted.set(same.pupilId, { ...same, name: s.name, sourceId: s.id });
      continue;
    }
    added++;
    fresh.push({ pupilId: s.id, name: s.name, under18: under18On(s.birthDate, o.today), sourceId: s.id, ...(o.newcomers ? { joinedOn: o.today } : {}) });
  }
  const gone = new Set<string>();
  const kept: RosterPupil[] = [];
  for (const p of rec.roster.pupils) {
    const now = p.sourceId ? listed.get(p.sourceId) : undefined;
    if (p.sourceId && !now) {
      gone.add(p.pupilId);
      continue;
    }
    const next = now && now.name !== p.name ? { ...p, name: now.name } : adopted.get(p.pupilId) ?? p;
    if (next !== p) changed = true;
    kept.push(next);
  }
  changed ||= gone.size > 0 || fresh.length > 0;
  if (!changed) return { record: rec, changed, added: 0, left: 0 };
  return {
    record: {
      roster: { ...rec.roster, pupils: [...kept, ...fresh] },
      done: rec.done.filter((d) => !(isPupilKind(d.kind) && gone.has(d.subjectId))),
      warnings: rec.warnings.filter((w) => !gone.has(w.pupilId)),
    },
    changed,
    added,
    left: gone.size,
  };
}
