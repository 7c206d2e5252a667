/**
 * Reading the school file (admin-file.ts): JSON or CSV becomes the same draft of cells, each with
 * its line, before anything is checked; what does not even read (bad syntax, unknown fields or
 * columns) is reported here with its line.
 */
import type { FileError } from './admin-file';
import { parseJsonLines, type Located } from './json-lines';
import { ARCHIVE_FIELDS, type ArchiveField } from './admin-file-archive';

export interface Cell {
  v: unknown;
  line: number;
}

interface DraftSection<T> {
  line: number;
  rows: T[];
}

export interface Draft {
  format?: Cell;
  tenantId?: Cell;
  school: Partial<Record<'schoolId' | 'name' | 'languageForm' | 'investigationDays' | 'urgentInvestigationDays' | 'retentionMonths' | 'staffGroupId' | 'graphSchoolId' | 'meldepliktContact' | 'ownerPhone' | 'ownerEmail' | ArchiveField, Cell>> & { breaks?: DraftSection<{ line: number; name?: Cell; from?: Cell; to?: Cell }> };
  classes?: DraftSection<{ line: number; name?: Cell; trinn?: Cell }>;
  people?: DraftSection<{ line: number; userId?: Cell; name?: Cell; email?: Cell; roles?: Cell; classes?: Cell; trinn?: Cell; teamsId?: Cell }>;
  channels?: DraftSection<{ line: number; scope?: Cell; target?: Cell; conversationId?: Cell; serviceUrl?: Cell }>;
  schoolLine: number;
}

// ---------------------------------------------------------------------------------------------
// JSON, read with the line of every value (json-lines.ts).

const JSON_FIELDS = {
  root: ['format', 'tenantId', 'school', 'classes', 'people', 'channels'],
  school: ['schoolId', 'name', 'languageForm', 'investigationDays', 'urgentInvestigationDays', 'retentionMonths', 'staffGroupId', 'graphSchoolId', 'meldepliktContact', 'ownerPhone', 'ownerEmail', ...ARCHIVE_FIELDS, 'breaks'],
  breaks: ['name', 'from', 'to'],
  classes: ['name', 'trinn'],
  people: ['userId', 'name', 'email', 'roles', 'classes', 'trinn', 'teamsId'],
  channels: ['scope', 'target', 'conversationId', 'serviceUrl'],
} as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function jsonDraft(text: string, errors: FileError[]): Draft | undefined {
  let parsed: Located;
  try {
    parsed = parseJsonLines(text);
  } catch (e) {
    errors.push({ line: (e as { line?: number }).line ?? 1, code: 'syntax' });
    return undefined;
  }
  const { value, lines } = parsed;
  const lineOf = (path: string) => lines.get(path) ?? 1;
  if (!isObject(value)) {
    errors.push({ line: 1, code: 'notObject' });
    return undefined;
  }
  const fields = (obj: Record<string, unknown>, path: string, allowed: readonly string[]) => {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) errors.push({ line: lineOf(`${path}/${k}`), code: 'unknownField', values: { field: k, allowed: allowed.join(', ') } });
  };
  const cell = (obj: Record<string, unknown>, path: string, key: string): Cell | undefined => (key in obj && obj[key] !== null ? { v: obj[key], line: lineOf(`${path}/${key}`) } : undefined);
  const section = <K extends string>(obj: Record<string, unknown>, path: string, key: 'classes' | 'people' | 'channels' | 'breaks', keys: readonly K[]) => {
    if (!(key in obj) || obj[key] === null) return undefined;
    const list = obj[key];
    const p = `${path}/${key}`;
    if (!Array.isArray(list)) {
      errors.push({ line: lineOf(p), code: 'wrongType', values: { field: key, expected: 'list' } });
      return { line: lineOf(p), rows: [] };
    }
    const rows = list.flatMap((item, n) => {
      const ip = `${p}/${n}`;
      if (!isObject(item)) {
        errors.push({ line: lineOf(ip), code: 'wrongType', values: { field: key, expected: 'object' } });
        return [];
      }
      fields(item, ip, keys);
      const row: Record<string, Cell | number> = { line: lineOf(ip) };
      for (const k of keys) {
        const c = cell(item, ip, k);
        if (c) row[k] = c;
      }
      return [row as { line: number } & Partial<Record<K, Cell>>];
    });
    return { line: lineOf(p), rows };
  };
  fields(value, '', JSON_FIELDS.root);
  const school = isObject(value.school) ? value.school : {};
  if ('school' in value && !isObject(value.school)) errors.push({ line: lineOf('/school'), code: 'wrongType', values: { field: 'school', expected: 'object' } });
  if (isObject(value.school)) fields(school, '/school', JSON_FIELDS.school);
  const s = (k: (typeof JSON_FIELDS.school)[number]) => cell(school, '/school', k);
  return {
    format: cell(value, '', 'format'),
    tenantId: cell(value, '', 'tenantId'),
    schoolLine: lineOf('/school'),
    school: {
      schoolId: s('schoolId'),
      name: s('name'),
      languageForm: s('languageForm'),
      investigationDays: s('investigationDays'),
      urgentInvestigationDays: s('urgentInvestigationDays'),
      retentionMonths: s('retentionMonths'),
      staffGroupId: s('staffGroupId'),
      graphSchoolId: s('graphSchoolId'),
      meldepliktContact: s('meldepliktContact'),
      ownerPhone: s('ownerPhone'),
      ownerEmail: s('ownerEmail'),
      ...Object.fromEntries(ARCHIVE_FIELDS.map((f) => [f, s(f)])),
      breaks: section(school, '/school', 'breaks', JSON_FIELDS.breaks),
    },
    classes: section(value, '', 'classes', JSON_FIELDS.classes),
    people: section(value, '', 'people', JSON_FIELDS.people),
    channels: section(value, '', 'channels', JSON_FIELDS.channels),
  };
}

// ---------------------------------------------------------------------------------------------
// CSV: settings lines (#key;value…) first, then a header and one row per person.

/** Header names, with the Norwegian ones an admin may type. */
const COLUMNS: Record<string, keyof NonNullable<Draft['people']>['rows'][number]> = {
  userid: 'userId', objectid: 'userId', brukerid: 'userId', id: 'userId',
  name: 'name', navn: 'name',
  email: 'email', 'e-post': 'email', epost: 'email', mail: 'email',
  roles: 'roles', roller: 'roles', rolle: 'roles',
  classes: 'classes', klasser: 'classes', klasse: 'classes',
  trinn: 'trinn',
  teamsid: 'teamsId',
};

const SETTINGS = ['format', 'tenantId', 'schoolId', 'name', 'languageForm', 'investigationDays', 'urgentInvestigationDays', 'retentionMonths', 'staffGroupId', 'graphSchoolId', 'meldepliktContact', 'ownerPhone', 'ownerEmail', ...ARCHIVE_FIELDS, 'break', 'class', 'channel'] as const;

/** One line of CSV, with "quoted" cells and "" for a quote inside them; undefined when a quote is left open. */
export function csvCells(line: string, sep: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let k = 0;
  while (k < line.length) {
    const c = line[k];
    if (quoted) {
      if (c === '"' && line[k + 1] === '"') {
        cur += '"';
        k += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (c === sep) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
    k++;
  }
  if (quoted) return undefined;
  out.push(cur.trim());
  return out;
}

export function csvDraft(text: string, errors: FileError[]): Draft | undefined {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const sep = headerAt >= 0 && !lines[headerAt].includes(';') && lines[headerAt].includes(',') ? ',' : ';';
  const draft: Draft = { school: {}, schoolLine: 1 };
  const seen = new Set<string>();
  let header: (keyof NonNullable<Draft['people']>['rows'][number] | undefined)[] | undefined;
  lines.forEach((raw, n) => {
    const line = n + 1;
    if (raw.trim() === '') return;
    const trimmed = raw.trimStart();
    if (trimmed.startsWith('#') && (trimmed.length === 1 || /^#[\s#]/.test(trimmed))) return; // a comment
    const cells = csvCells(raw, sep);
    if (!cells) {
      errors.push({ line, code: 'syntax' });
      return;
    }
    if (trimmed.startsWith('#')) {
      const key = cells[0].slice(1).trim();
      const setting = SETTINGS.find((s) => s.toLowerCase() === key.toLowerCase());
      if (!setting) {
        errors.push({ line, code: 'unknownSetting', values: { setting: key, allowed: SETTINGS.map((s) => `#${s}`).join(', ') } });
        return;
      }
      const at = (k: number): Cell | undefined => (cells[k] !== undefined && cells[k] !== '' ? { v: cells[k], line } : undefined);
      if (setting === 'class') {
        draft.classes ??= { line, rows: [] };
        draft.classes.rows.push({ line, name: at(1), trinn: at(2) });
      } else if (setting === 'channel') {
        draft.channels ??= { line, rows: [] };
        draft.channels.rows.push({ line, scope: at(1), target: at(2), conversationId: at(3), serviceUrl: at(4) });
      } else if (setting === 'break') {
        draft.school.breaks ??= { line, rows: [] };
        draft.school.breaks.rows.push({ line, name: at(1), from: at(2), to: at(3) });
      } else {
        if (seen.has(setting)) errors.push({ line, code: 'duplicateSetting', values: { setting: `#${setting}` } });
        seen.add(setting);
        if (setting === 'format') draft.format = at(1);
        else if (setting === 'tenantId') draft.tenantId = at(1);
        else {
          if (setting === 'schoolId') draft.schoolLine = line;
          draft.school[setting] = at(1);
        }
      }
      return;
    }
    if (!header) {
      draft.people = { line, rows: [] };
      header = cells.map((h) => {
        const col = COLUMNS[h.toLowerCase().replace(/\s+/g, '')];
        if (!col) errors.push({ line, code: 'unknownColumn', values: { column: h, allowed: 'userId, name, email, roles, classes, trinn, teamsId' } });
        return col;
      });
      const named = header.filter(Boolean);
      for (const col of new Set(named)) if (named.filter((c) => c === col).length > 1) errors.push({ line, code: 'duplicateColumn', values: { column: col! } });
      for (const need of ['userId', 'name', 'roles'] as const) if (!header.includes(need)) errors.push({ line, code: 'missingColumn', values: { column: need } });
      return;
    }
    if (cells.length > header.length && cells.slice(header.length).some((c) => c !== '')) {
      errors.push({ line, code: 'tooManyCells', values: { count: cells.length, columns: header.length } });
      return;
    }
    const row: NonNullable<Draft['people']>['rows'][number] = { line };
    header.forEach((col, k) => {
      if (col && col !== 'line' && cells[k] !== undefined && cells[k] !== '') row[col] = { v: cells[k], line };
    });
    draft.people!.rows.push(row);
  });
  if (!header) errors.push({ line: lines.length, code: 'noHeader' });
  return errors.length ? undefined : draft;
}
