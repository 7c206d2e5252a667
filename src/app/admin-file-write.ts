/**
 * Writing a school file (docs/admin/) in the two formats admin-file.ts reads, so an export imported
 * again changes nothing.
 */
import { FILE_FORMAT, optionalSettings, ROLE_SPELLING, type SchoolFile } from './admin-file';
import { archiveFileFields } from './admin-file-archive';

export function toJson(f: SchoolFile): string {
  const s = f.school;
  const out = {
    format: FILE_FORMAT,
    tenantId: f.tenantId,
    school: {
      schoolId: s.schoolId,
      name: s.name,
      languageForm: s.languageForm,
      investigationDays: s.investigationDays,
      ...optionalSettings({ ...s, archive: undefined }),
      ...Object.fromEntries(archiveFileFields(s.archive)),
      ...(s.breaks.length ? { breaks: s.breaks } : {}),
    },
    classes: (f.classes ?? []).map((c) => ({ name: c.name, trinn: c.trinn })),
    people: f.people.map((p) => ({
      userId: p.userId,
      name: p.name,
      ...(p.email ? { email: p.email } : {}),
      roles: p.roles.map((r) => ROLE_SPELLING[r]),
      ...(p.classes.length ? { classes: p.classes } : {}),
      ...(p.trinn.length ? { trinn: p.trinn } : {}),
      ...(p.teamsId ? { teamsId: p.teamsId } : {}),
    })),
    channels: (f.channels ?? []).map((c) => ({ scope: c.scope, target: c.target, conversationId: c.conversationId, serviceUrl: c.serviceUrl })),
  };
  // One person, class or channel per line keeps a file of 250 staff easy to read and to compare.
  const body = JSON.stringify(out, null, 2).replace(/\{\n\s+("(?:userId|name|scope)"[^{}]*?)\n\s+\}/g, (_m, inner: string) => `{ ${inner.replace(/\n\s*/g, ' ')} }`);
  return `${body}\n`;
}

const csvCell = (s: string): string => (/[;"\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);

export function toCsv(f: SchoolFile): string {
  const s = f.school;
  const row = (...cells: (string | number)[]) => cells.map((c) => csvCell(String(c))).join(';');
  const lines = [
    `# Meld fra: ${s.name}. Se docs/admin/README.md for formatet.`,
    row('#format', FILE_FORMAT),
    row('#tenantId', f.tenantId),
    row('#schoolId', s.schoolId),
    row('#name', s.name),
    row('#languageForm', s.languageForm),
    row('#investigationDays', s.investigationDays),
    ...(s.urgentInvestigationDays !== undefined ? [row('#urgentInvestigationDays', s.urgentInvestigationDays)] : []),
    ...(s.retentionMonths !== undefined ? [row('#retentionMonths', s.retentionMonths)] : []),
    ...(s.staffGroupId ? [row('#staffGroupId', s.staffGroupId)] : []),
    ...(s.graphSchoolId ? [row('#graphSchoolId', s.graphSchoolId)] : []),
    ...(s.meldepliktContact ? [row('#meldepliktContact', s.meldepliktContact)] : []),
    ...(s.ownerPhone ? [row('#ownerPhone', s.ownerPhone)] : []),
    ...(s.ownerEmail ? [row('#ownerEmail', s.ownerEmail)] : []),
    ...archiveFileFields(s.archive).map(([k, v]) => row(`#${k}`, v)),
    ...s.breaks.map((b) => row('#break', b.name, b.from, b.to)),
    ...(f.classes ?? []).map((c) => row('#class', c.name, c.trinn)),
    ...(f.channels ?? []).map((c) => row('#channel', c.scope, c.target, c.conversationId, c.serviceUrl)),
    row('userId', 'name', 'email', 'roles', 'classes', 'trinn', 'teamsId'),
    ...f.people.map((p) => row(p.userId, p.name, p.email, p.roles.map((r) => ROLE_SPELLING[r]).join(','), p.classes.join(','), p.trinn.join(','), p.teamsId)),
  ];
  return `${lines.join('\n')}\n`;
}
