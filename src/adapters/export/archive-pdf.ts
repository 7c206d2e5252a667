/**
 * Renders the archive export of a case (ArchiveDocument) as an A4 PDF with pdfkit. The layout is
 * in pdf/archive-layout.ts (with pdf/table.ts and the primitives in pdf/pen.ts); text is first
 * normalised to what the standard fonts can print (pdf/win-ansi.ts).
 *
 * Never log or put the content in an error message: it is sensitive pupil data.
 */
import PDFDocument from 'pdfkit';
import type { ArchiveDocument } from '../../app/archive-model';
import { ArchiveLayout } from './pdf/archive-layout';
import { A4, CONTENT_BOTTOM, MARGIN_X, type Doc } from './pdf/pen';
import { sanitizeDocument } from './pdf/win-ansi';

export interface ArchivePdfOptions {
  /** Compress content streams (default true). Tests pass false to read the text in the raw PDF. */
  compress?: boolean;
}

/** Renders the document; resolves with the whole PDF. */
export function renderArchivePdf(doc: ArchiveDocument, opts?: ArchivePdfOptions): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    try {
      const clean = sanitizeDocument(doc);
      const pdf = new PDFDocument({
        size: 'A4',
        margins: { top: MARGIN_X, bottom: A4.height - CONTENT_BOTTOM, left: MARGIN_X, right: MARGIN_X },
        bufferPages: true,
        compress: opts?.compress ?? true,
        pdfVersion: '1.7',
        lang: clean.lang === 'nn' ? 'nn-NO' : 'nb-NO',
        displayTitle: true,
        // Metadata strings are UTF-16 in the PDF: the title goes in as written.
        info: { Title: doc.title.replace(/\s*\n\s*/g, ' '), Creator: 'Meld fra' },
      });
      escapeXmpTitle(pdf);
      const chunks: Buffer[] = [];
      pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
      pdf.on('end', () => resolve(Buffer.concat(chunks)));
      pdf.on('error', () => reject(new Error('archive PDF: pdfkit failed while writing')));
      new ArchiveLayout(pdf, clean).render();
      pdf.end();
    } catch (err) {
      // pdfkit's own messages do not carry the text; ours never do.
      reject(err instanceof Error ? err : new Error('archive PDF: rendering failed'));
    }
  });
}

/**
 * pdfkit writes the title into the XMP metadata packet as it is, so a "&" or "<" in it makes the XML
 * invalid. It writes the Info dictionary first, then the XMP (endMetadata): escape the title just
 * for the latter. If a pdfkit version no longer has endMetadata, nothing changes.
 */
function escapeXmpTitle(pdf: Doc): void {
  const internal = pdf as unknown as { endMetadata?: () => void; info: PDFKit.DocumentInfo };
  const endMetadata = internal.endMetadata;
  if (typeof endMetadata !== 'function') return;
  internal.endMetadata = () => {
    const title = internal.info.Title;
    if (title) internal.info.Title = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    endMetadata.call(pdf);
    if (title) internal.info.Title = title;
  };
}
