/**
 * Writes the Fiks Arkiv messages of one full demo case to a folder, so anyone can look at them and
 * validate them: `npm run archive:sample -- <folder>` (default build/archive-sample).
 *
 * The case: a report about a demo pupil of src/seed.ts, aktivitetsplan version 1, its evaluation,
 * and the closing. One .xml per message (the saksmappe first, then each journalpost) and each
 * journalpost's PDF under the name the message references it by. The PDFs are rendered by the real
 * export renderer with short placeholder text; the archive settings are demo values.
 *
 * Check them with plain xmllint (Debian: libxml2-utils), e.g.
 *   xmllint --noout --schema src/adapters/archive/fiks-arkiv/schema/V1/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd build/archive-sample/*.xml
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { folderMessage, recordMessage, type FiksArkivMessage } from '../src/adapters/archive/fiks-arkiv/messages';
import { renderArchivePdf } from '../src/adapters/export/archive-pdf';
import type { ArchiveDocument } from '../src/app/archive-model';
import { strings } from '../src/i18n';
import { archiveFolderOf, archiveRecordOf, type ArchiveDocKind, type ArchiveRecord, type ArchiveSettings, type CaseForArchive } from '../src/domain/archive';
import { DEMO_SCHOOL, DEMO_TENANT, PERSONAS } from '../src/seed';

const SCHEMA = 'src/adapters/archive/fiks-arkiv/schema/V1/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd';

/** Demo values: a municipality's archive staff give the real ones (README, the archive section). */
const SETTINGS: ArchiveSettings = {
  systemName: 'Websak',
  arkivdel: 'ELEV',
  ordningsprinsipp: 'FELLESKLASSE',
  ordningsverdi: 'B31',
  administrativEnhet: 'ELLINGSRUD-SKOLE',
  saksbehandler: 'ragnhild.berg',
  reportNoteType: 'X',
};

function demoCase(): CaseForArchive {
  // The seed's pupil persona; its name carries a «(elev)» label for the Teams demo.
  const pupil = PERSONAS.find((p) => p.teamsId === 'user-emma');
  if (!pupil) throw new Error('src/seed.ts has no pupil persona (user-emma)');
  return {
    tenantId: DEMO_TENANT, schoolId: DEMO_SCHOOL, caseId: 'demo-case-1', ref: 'SM-2026-0001',
    pupilName: pupil.name.replace(/\s*\(elev\)$/, ''), pupilClass: '8A', openedOn: '2026-10-12', words: strings('nb').archive.journal,
  };
}

const PLACEHOLDER: Record<ArchiveDocKind, string> = {
  melding: 'Eksempeldokument: meldingen slik den ble sendt inn i Meld fra.',
  aktivitetsplan: 'Eksempeldokument: aktivitetsplanen med problem, mål, tiltak, ansvarlige og tidspunkt for evaluering.',
  evaluering: 'Eksempeldokument: evalueringen av aktivitetsplanen, med elevens egen opplevelse.',
  avslutning: 'Eksempeldokument: avslutningen av saken og begrunnelsen for den.',
};

function pdfOf(record: ArchiveRecord): Promise<Buffer> {
  const doc: ArchiveDocument = {
    lang: 'nb',
    title: record.screenedTitle,
    school: 'Ellingsrud skole (demo)',
    confidentiality: 'Unntatt offentlighet, jf. offl. § 13 og fvl. § 13',
    generated: `Dokumentdato ${record.documentDate}`,
    pageLabel: 'Side {page} av {pages}',
    sections: [{ heading: record.title, paragraphs: [PLACEHOLDER[record.kind]] }],
  };
  return renderArchivePdf(doc);
}

async function main(): Promise<void> {
  const given = process.argv[2] ?? path.join('build', 'archive-sample');
  const out = path.resolve(given);
  await mkdir(out, { recursive: true });
  const c = demoCase();
  const folder = archiveFolderOf(c);
  const system = { system: 'Meld fra' };
  const written: string[] = [];
  const write = async (name: string, data: string | Buffer, what: string): Promise<void> => {
    await writeFile(path.join(out, name), data);
    written.push(`${name.padEnd(34)} ${what}`);
  };
  const message = (n: number, name: string, m: FiksArkivMessage): Promise<void> =>
    write(`${String(n).padStart(2, '0')}-${name}.xml`, `${m.xml}\n`, `${m.type}${m.attachments.length ? ` + ${m.attachments.join(', ')}` : ''}`);

  await message(1, 'saksmappe', folderMessage(folder, SETTINGS, system));
  const documents: [ArchiveDocKind, number, string][] = [['melding', 1, '2026-10-12'], ['aktivitetsplan', 1, '2026-10-19'], ['evaluering', 1, '2026-11-23'], ['avslutning', 1, '2027-01-20']];
  let n = 2;
  for (const [kind, version, date] of documents) {
    const record = archiveRecordOf(c, kind, version, date, SETTINGS);
    const pdf = await pdfOf(record);
    await message(n++, kind === 'aktivitetsplan' || kind === 'evaluering' ? `${kind}-${version}` : kind, recordMessage(record, SETTINGS, { key: folder.key }, system, { sha256: createHash('sha256').update(pdf).digest('hex'), sizeBytes: pdf.length }));
    await write(record.fileName, pdf, `the PDF (${pdf.length} bytes)`);
  }
  console.log(`wrote ${written.length} files to ${out}:\n  ${written.join('\n  ')}`);
  console.log(`\nvalidate: xmllint --noout --schema ${SCHEMA} ${given.replace(/\/$/, '')}/*.xml`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
