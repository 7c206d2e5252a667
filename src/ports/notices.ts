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
