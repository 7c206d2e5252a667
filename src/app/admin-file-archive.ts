/**
 * The school's archive settings in the school file (issue 16): what the municipality's archive
 * staff give for the school's cases to be journaled. Flat settings beside the others, in JSON and
 * CSV alike (#archiveSystem;Websak). With the archive on (ARCHIVE≠none) a school without an
 * arkivdel is an error: its cases could not be journaled.
 */
import type { ArchiveSettings, InternalNoteType } from '../domain/archive';
import type { Cell } from './admin-file-read';

export const ARCHIVE_FIELDS = ['archiveSystem', 'arkivdel', 'ordningsprinsipp', 'ordningsverdi', 'administrativEnhet', 'saksbehandler', 'reportNoteType'] as const;
export type ArchiveField = (typeof ARCHIVE_FIELDS)[number];

/** Archive codes and names are short; the unit's name is the longest. */
const LIMIT = 100;

type Err = (line: number, code: 'archiveMissing' | 'archiveFieldMissing' | 'noteType' | 'tooLong', values?: Record<string, string | number>) => void;

/** The settings, or undefined when the file has none (allowed only with the archive off). */
export function archiveSettingsOf(s: Partial<Record<ArchiveField, Cell>>, o: { schoolLine: number; archiveOn: boolean; strOf: (c: Cell | undefined, field: string) => string; err: Err }): ArchiveSettings | undefined {
  const given = ARCHIVE_FIELDS.filter((f) => s[f] !== undefined);
  if (!given.length) {
    if (o.archiveOn) o.err(o.schoolLine, 'archiveMissing');
    return undefined;
  }
  const v = Object.fromEntries(ARCHIVE_FIELDS.map((f) => [f, o.strOf(s[f], f)])) as Record<ArchiveField, string>;
  const line = s[given[0]]!.line;
  for (const f of ARCHIVE_FIELDS) {
    if (f === 'reportNoteType') continue;
    if (!v[f]) o.err(s[f]?.line ?? line, 'archiveFieldMissing', { field: f });
    else if (v[f].length > LIMIT) o.err(s[f]!.line, 'tooLong', { field: f, limit: LIMIT });
  }
  const noteType = (v.reportNoteType || 'X').toUpperCase();
  if (noteType !== 'X' && noteType !== 'N') o.err(s.reportNoteType!.line, 'noteType', { value: v.reportNoteType });
  return {
    systemName: v.archiveSystem,
    arkivdel: v.arkivdel,
    ordningsprinsipp: v.ordningsprinsipp,
    ordningsverdi: v.ordningsverdi,
    administrativEnhet: v.administrativEnhet,
    saksbehandler: v.saksbehandler,
    reportNoteType: noteType as InternalNoteType,
  };
}

/** The settings as the file writes them (export), in the order of ARCHIVE_FIELDS. */
export const archiveFileFields = (a: ArchiveSettings | undefined): [ArchiveField, string][] =>
  a
    ? [
      ['archiveSystem', a.systemName],
      ['arkivdel', a.arkivdel],
      ['ordningsprinsipp', a.ordningsprinsipp],
      ['ordningsverdi', a.ordningsverdi],
      ['administrativEnhet', a.administrativEnhet],
      ['saksbehandler', a.saksbehandler],
      ['reportNoteType', a.reportNoteType],
    ]
    : [];
