/** The outbox of case notices: what must reach whom, retried until delivered (see app/deliver-notices.ts). */
import type { NoticeKind } from '../domain/routing';

/** resolved: a notice to a role, replaced by notices to the people who hold it. */
export type NoticeStatus = 'pending' | 'sent' | 'failed' | 'resolved';

export interface NoticeRecord {
  tenantId: string;
  schoolId: string;
  caseId: string;
  kind: NoticeKind;
  recipientId: string;
  status: NoticeStatus;
  attempts: number;
  nextAttemptAt: string;
  conversationId: string;
  activityId: string;
  lastError: string;
  etag?: string;
}

export interface NoticeOutbox {
  /** Idempotent: a notice already queued for the same case, kind and recipient stays as it is. */
  enqueue(notices: NoticeRecord[]): Promise<void>;
  /**
   * A case's new notices (and copies already sent, such as the receipt) in one write: kept whole
   * where the sweep looks, so a crash after it loses nothing. `place` then stores them beside their
   * case (the sweep does it for any a crash left). False: nothing written, use `enqueue`.
   */
  stage(notices: NoticeRecord[]): Promise<boolean>;
  /** Stores staged notices beside their case: as stored (with ETags), or undefined when some were there already (read them with forCase). */
  place(notices: NoticeRecord[]): Promise<NoticeRecord[] | undefined>;
  forCase(tenantId: string, schoolId: string, caseId: string): Promise<NoticeRecord[]>;
  due(nowIso: string, max: number): Promise<NoticeRecord[]>;
  /** Saves with the record's ETag; false when another instance got there first. */
  save(n: NoticeRecord): Promise<boolean>;
}


/** Retention: a record's notices and messages go with it; finished ones go after the retention period. */
export interface NoticeRemoval {
  removeCase(tenantId: string, schoolId: string, caseId: string): Promise<void>;
  removeFinishedBefore(tenantId: string, schoolId: string, cutoffIso: string): Promise<number>;
}
