/** The journal posts' documents: the case export's PDF renderer behind the ArchiveDocuments port. */
import type { ArchiveDocument } from '../../app/archive-model';
import type { ArchiveDocuments } from '../../ports/archive';
import { renderArchivePdf } from '../export/archive-pdf';

export const pdfDocuments: ArchiveDocuments = { pdf: (doc: ArchiveDocument) => renderArchivePdf(doc) };
