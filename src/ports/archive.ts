/**
 * The municipality's Noark archive (issue 16), behind one transport whatever carries the messages:
 * files an integration platform picks up (adapters/archive/files.ts), or KS Fiks Arkiv over Fiks IO
 * (a later adapter). Fiks IO answers asynchronously, so `send` may answer `pending` and the numbers
 * come later through `receipts()`; a transport that answers at once says `done`. Every message
 * carries its stable external key (ArchiveFolder.key / ArchiveRecord.key), so a message sent twice
 * (a crash between sending and recording) is recognised by the archive as the same one.
 *
 * The jobs themselves are rows beside the case (ArchiveJobs), written in the case's own transaction.
 */
import type { ArchiveFolder, ArchiveNumbers, ArchiveRecord, ArchiveSettings } from '../domain/archive';
import type { ArchiveJob, ArchiveJobDoc } from '../domain/archive-jobs';
import type { ArchiveDocument } from '../app/archive-model';

/** One message: the case folder, or a journal post with its document (the PDF, rendered when sent). */
export type ArchiveMessage =
  | { kind: 'folder'; folder: ArchiveFolder; settings: ArchiveSettings }
  | { kind: 'record'; folder: ArchiveFolder; folderNumbers?: ArchiveNumbers; record: ArchiveRecord; settings: ArchiveSettings; pdf: Uint8Array };

/**
 * done: the archive has it (numbers when the transport gets them back; a file drop gets none).
 * pending: handed over; the receipt comes through receipts().
 */
export type ArchiveOutcome = { kind: 'done'; numbers?: ArchiveNumbers } | { kind: 'pending' };

/** A receipt that came later (Fiks IO): for the message with this external key. */
export interface ArchiveReceipt {
  key: string;
  /**
   * `numbers`: what the archive's receipt names: a folder's saksår and sekvensnummer, a post's
   * journalpostnummer only (the sender adds its folder's). `reason` is a code (serverfeil,
   * ugyldigforespoersel, ikkefunnet), never text from the message: it is stored and logged.
   */
  outcome: { kind: 'done'; numbers?: Partial<ArchiveNumbers> } | { kind: 'retry'; reason: string } | { kind: 'refused'; reason: string };
}

/**
 * Fiks IO's id of each message we sent, with its job's external key (adapters/tables/archive-sent-repository.ts):
 * the archive's error replies name only that id (`svar-til`), not our key. Kept until the reply
 * has come, and never longer than the ledger's time to live.
 */
export interface ArchiveSentMessages {
  remember(meldingId: string, key: string, at: Date): Promise<void>;
  /** The key of the message with this id; undefined when unknown or older than the ledger keeps. */
  keyOf(meldingId: string, now: Date): Promise<string | undefined>;
  forget(meldingId: string): Promise<void>;
  /** The meldingId of the job's latest send (`remember` sets it); undefined when unknown or older than the ledger keeps. */
  latestOf(key: string, now: Date): Promise<string | undefined>;
  /** Drops the rows older than the ledger keeps; how many messages' rows went. */
  prune(now: Date): Promise<number>;
}

export interface ArchiveTransport {
  /** Throws ArchiveRefused when the archive will never take it (ugyldigforespoersel); any other error is retried. */
  send(m: ArchiveMessage): Promise<ArchiveOutcome>;
  /** Receipts that arrived since the last call; each is taken once the sweep has recorded it (ack). */
  receipts?(): Promise<(ArchiveReceipt & { ack(): Promise<void> })[]>;
}

/** The archive turned the message down (ugyldigforespoersel): sending it again gives the same answer. `code` holds no pupil data. */
export class ArchiveRefused extends Error {
  constructor(readonly code: string) {
    super(`archive refused the message: ${code}`);
  }
}

/** The archive is down, timed out or answered serverfeil: tried again later. Its message is stored and logged, so it never holds pupil data. */
export class ArchiveUnavailable extends Error {}

/** Renders a case document (the case export's PDF) for a journal post. */
export interface ArchiveDocuments {
  pdf(doc: ArchiveDocument): Promise<Uint8Array>;
}

/** The archive jobs, stored beside their case (adapters/tables/archive-job-repository.ts). */
export interface ArchiveJobs {
  /** Jobs to try now (pending or waiting too long for a receipt), oldest first, at most `max`. */
  due(now: string, max: number): Promise<ArchiveJob[]>;
  /** Every job of a case (the card's «Arkivert i …», and the folder a post waits for). */
  forCase(tenantId: string, schoolId: string, caseId: string): Promise<ArchiveJob[]>;
  get(tenantId: string, schoolId: string, caseId: string, doc: ArchiveJobDoc, n: number): Promise<ArchiveJob | undefined>;
  /** Saves the job if nobody changed it since it was read (its ETag): the job with its new ETag, or undefined when somebody did. */
  save(job: ArchiveJob): Promise<ArchiveJob | undefined>;
  /** Adds a job unless it is there already (a folder for a case forwarded before the archive was on). */
  add(job: ArchiveJob): Promise<void>;
}
