/**
 * ARCHIVE=files: the archive messages written as files to a folder (ARCHIVE_FOLDER) that the
 * municipality's integration platform picks up and passes to its archive. Each job is its message
 * (built by `build`: the Fiks Arkiv V1 arkivmelding) and, for a journal
 * post, its PDF. The PDF is written first and the message last, each under a temporary name and
 * renamed, so a platform that reacts to the message always finds a whole PDF beside it. The same
 * job written again overwrites its own files: the names come from the external key.
 *
 * A folder gives no numbers back: the job is done once the files are there, and the card says
 * «Sendt til arkivet 5.12.2026» instead of a number.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveMessage, ArchiveOutcome, ArchiveTransport } from '../../ports/archive';
import { folderMessage, recordMessage, type FiksArkivMessage, type SenderSystem } from './fiks-arkiv/messages';

export type ArchiveMessageBuilder = (m: ArchiveMessage) => { fileName: string; xml: string };

/** A file name from an external key: «meldfra/t/s/c/aktivitetsplan/2» → «meldfra_t_s_c_aktivitetsplan_2». */
export const fileStem = (key: string): string => key.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * The Fiks Arkiv V1 arkivmelding (fiks-arkiv/messages.ts) of a job: a saksmappe, or a journalpost
 * whose dokumentobjekt names the PDF written beside it (by the same stem as the message, so two
 * schools' «SM-2026-0001» never meet in one folder), with the PDF's SHA-256 and size.
 */
export const fiksArkivFiles: ArchiveMessageBuilder = (m) => {
  const { message } = fiksArkivMessageOf(m);
  return { fileName: `${fileStem(keyOfMessage(m))}.xml`, xml: message.xml };
};

const keyOfMessage = (m: ArchiveMessage): string => (m.kind === 'folder' ? m.folder.key : m.record.key);

/**
 * The Fiks Arkiv V1 message of a job (shared with the Fiks IO adapter): a saksmappe, or a
 * journalpost whose dokumentobjekt names the PDF by `pdfName` (the key's stem), with its SHA-256 and size.
 */
export function fiksArkivMessageOf(m: ArchiveMessage, sys?: SenderSystem): { message: FiksArkivMessage; pdfName?: string } {
  if (m.kind === 'folder') return { message: folderMessage(m.folder, m.settings, sys) };
  const record = { ...m.record, fileName: `${fileStem(m.record.key)}.pdf` };
  const folder = { key: m.folder.key, ...(m.folderNumbers ? { numbers: { saksaar: m.folderNumbers.saksaar, sakssekvensnummer: m.folderNumbers.sakssekvensnummer } } : {}) };
  const facts = { sha256: createHash('sha256').update(m.pdf).digest('hex'), sizeBytes: m.pdf.byteLength };
  return { message: recordMessage(record, m.settings, folder, sys, facts), pdfName: record.fileName };
}

export class FileArchive implements ArchiveTransport {
  constructor(
    private readonly folder: string,
    private readonly build: ArchiveMessageBuilder = fiksArkivFiles,
  ) {}

  async send(m: ArchiveMessage): Promise<ArchiveOutcome> {
    await mkdir(this.folder, { recursive: true });
    if (m.kind === 'record') await this.write(`${fileStem(m.record.key)}.pdf`, m.pdf);
    const { fileName, xml } = this.build(m);
    await this.write(fileName, xml);
    return { kind: 'done' };
  }

  private async write(name: string, data: string | Uint8Array): Promise<void> {
    const tmp = join(this.folder, `.${name}.${process.pid}.tmp`);
    await writeFile(tmp, data);
    await rename(tmp, join(this.folder, name));
  }
}
