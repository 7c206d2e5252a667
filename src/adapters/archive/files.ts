/**
 * ARCHIVE=files: the archive messages written as files to a folder (ARCHIVE_FOLDER) that the
 * municipality's integration platform picks up and passes to its archive. Each job is its message
 * (built by `build`: the Fiks Arkiv arkivmelding, wired in by the composition) and, for a journal
 * post, its PDF. The PDF is written first and the message last, each under a temporary name and
 * renamed, so a platform that reacts to the message always finds a whole PDF beside it. The same
 * job written again overwrites its own files: the names come from the external key.
 *
 * A folder gives no numbers back: the job is done once the files are there, and the card says
 * «Sendt til arkivet 5.12.2026» instead of a number.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveMessage, ArchiveOutcome, ArchiveTransport } from '../../ports/archive';

export type ArchiveMessageBuilder = (m: ArchiveMessage) => { fileName: string; xml: string };

/** A file name from an external key: «meldfra/t/s/c/aktivitetsplan/2» → «meldfra_t_s_c_aktivitetsplan_2». */
export const fileStem = (key: string): string => key.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * PLACEHOLDER until the Fiks Arkiv builder (src/adapters/archive/fiks-arkiv/) is wired in: the
 * message as JSON, with what the archive needs and no PDF bytes. Not a format any archive reads.
 */
export const placeholderJsonBuilder: ArchiveMessageBuilder = (m) => {
  const key = m.kind === 'folder' ? m.folder.key : m.record.key;
  const body = m.kind === 'folder' ? { kind: m.kind, folder: m.folder, settings: m.settings } : { kind: m.kind, folder: m.folder, folderNumbers: m.folderNumbers, record: m.record, settings: m.settings, pdf: `${fileStem(key)}.pdf` };
  return { fileName: `${fileStem(key)}.json`, xml: JSON.stringify(body, null, 2) };
};

export class FileArchive implements ArchiveTransport {
  constructor(
    private readonly folder: string,
    private readonly build: ArchiveMessageBuilder = placeholderJsonBuilder,
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
