/**
 * The outbox for case cards. A notice is stored before it is sent, so a crash or a Teams outage
 * delays it but never loses it; a lease written with the row's ETag keeps two instances from
 * sending the same notice. Permanent failures (bot removed, user gone) are recorded, not retried.
 * A notice to a role nobody holds yet (the school has lost its rektor or school-owner contact)
 * waits in the outbox: the admin channel is told once, and every sweep looks for a holder again.
 */
import { backoffMs, OutboxSender } from './outbox-sender';
import { safeError } from './safe-error';
import type { SkolemiljoCase } from '../domain/case';
import { hasRole } from '../domain/people';
import { neededRoleOf, type NeededRole, type Notice, type NoticeKind } from '../domain/routing';
import { showsCaseToViewer, type CaseForViewer } from '../domain/case-view';
import { caseForViewer, type CaseViewDeps } from './case-view';
import type { CaseStore, Clock, Delivered, DeliveryAlerts, Directory, Metrics, NoticeOutbox, NoticeRecord, Notifier } from '../ports';
import type { Logger } from './logger';

/** A notice waiting for someone to hold its role is looked at again this often at most. */
const WAIT_FOR_ROLE_MS = 5 * 60_000;

export class NoticeDispatcher extends OutboxSender {
  constructor(
    outbox: NoticeOutbox,
    private readonly cases: CaseStore,
    private readonly notifier: Notifier,
    clock: Clock,
    logger: Logger,
    /** Where a notice that cannot be delivered is reported (the school's admin channel). */
    private readonly alerts: DeliveryAlerts | undefined,
    /** Who holds a role now, for notices that wait for one; with `views`, what a card shows its recipient. */
    private readonly directory: Pick<Directory, 'staffOf' | 'getSchool'> | undefined,
    private readonly metrics: Metrics,
    /** The case as each recipient may see it is built here and handed down with the notice. */
    private readonly views?: Omit<CaseViewDeps, 'directory'>,
    /** Resolves once the request being handled is answered: the sending starts after the answer (the notices are stored before it). */
    private readonly afterAnswer: () => Promise<void> = () => Promise.resolve(),
  ) {
    super(outbox, clock, logger, 'notice');
  }

  /** The recipient's view of the case, for the notices that show it (the notifier only renders it). */
  private async viewFor(kind: NoticeKind, recipientId: string, c: SkolemiljoCase): Promise<CaseForViewer | undefined> {
    if (!showsCaseToViewer(kind) || !this.directory || !this.views) return undefined;
    return caseForViewer({ directory: this.directory, ...this.views }, { tenantId: c.tenantId, userId: recipientId }, c);
  }

  /**
   * Stores the notices, then sends them once the request is answered, without making the caller
   * wait (idle() waits for them). `copy`: a card
   * shown as a reply (the reporter's receipt), remembered with them (one write) so it follows the
   * case too. The one write is staged where the sweep finds it; the notices are placed beside their
   * case after the answer, and sent from there (a crash in between: the sweep places and sends them).
   */
  async queue(c: SkolemiljoCase, notices: Notice[], copy?: { notice: Notice; where: Delivered }): Promise<void> {
    const copies = copy ? this.rows(c, [copy.notice]).map((row): NoticeRecord => ({ ...row, ...copy.where, status: 'sent', attempts: 1 })) : [];
    const rows = [...this.rows(c, notices), ...copies];
    if (await this.outbox.stage(rows)) {
      this.track(this.afterAnswer().then(async () => this.sendPending(c, await this.outbox.place(rows))));
      return;
    }
    await this.outbox.enqueue(rows);
    if (notices.length > 0) this.track(this.afterAnswer().then(() => this.sendPending(c)));
  }

  private rows(c: SkolemiljoCase, notices: Notice[]): NoticeRecord[] {
    const now = this.clock.now().toISOString();
    return notices.map((n) => ({
      tenantId: c.tenantId,
      schoolId: c.schoolId,
      caseId: c.caseId,
      kind: n.kind,
      recipientId: n.recipientId,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      conversationId: '',
      activityId: '',
      lastError: '',
    }));
  }

  /** Shows the case's new state on every card already sent about it. */
  refreshCopies(c: SkolemiljoCase): void {
    this.track(this.updateCopies(c));
  }

  /** `placed`: the case's notices just stored, with their ETags (no read); otherwise they are read. */
  private async sendPending(c: SkolemiljoCase, placed?: NoticeRecord[]): Promise<void> {
    const rows = placed ?? (await this.outbox.forCase(c.tenantId, c.schoolId, c.caseId));
    for (const n of rows.filter((r) => r.status === 'pending')) await this.attempt(n, c);
  }

  protected async attempt(n: NoticeRecord, known?: SkolemiljoCase): Promise<void> {
    const now = this.clock.now();
    const lease = await this.take(n, now);
    if (!lease) return;
    const c = known ?? (await this.cases.get(n.tenantId, n.schoolId, n.caseId));
    if (!c) return; // not saved yet (or deleted): the lease expires and a later sweep looks again
    const role = neededRoleOf(n.recipientId);
    if (role) return this.resolve(n, lease, c, role, now);
    const done: NoticeRecord = { ...lease, attempts: n.attempts + 1 };
    try {
      const where = await this.notifier.send(n.kind, n.recipientId, c, await this.viewFor(n.kind, n.recipientId, c));
      Object.assign(done, { status: 'sent', lastError: '', ...where });
    } catch (e) {
      const permanent = this.failedTry(done, e, now);
      this.logger.warn({ caseId: c.caseId, kind: n.kind, attempts: done.attempts, error: done.lastError }, 'notice not delivered');
      this.metrics.noticeFailed(n.kind, permanent);
    }
    await this.record(done, now, { caseId: c.caseId, kind: n.kind });
    if (done.status === 'failed') {
      await this.alerts?.deliveryFailed(c, 'notice', n.recipientId).catch((e) => this.logger.warn({ caseId: c.caseId, err: safeError(e) }, 'admin channel not told'));
    }
  }

  /**
   * A notice to a role: once someone holds it, a notice to each of them is queued and sent, and the
   * cards already shown (the receipt, rektor's card) are brought up to date. Until then the notice
   * stays pending, and the school's admin channel is told once (the reference, never a name).
   */
  private async resolve(n: NoticeRecord, lease: NoticeRecord, c: SkolemiljoCase, role: NeededRole, now: Date): Promise<void> {
    const staff = this.directory ? await this.directory.staffOf(c.tenantId, c.schoolId) : [];
    const holders = staff.filter((m) => m.schoolId === c.schoolId && hasRole(m, role)).map((m) => m.userId);
    if (holders.length) {
      await this.outbox.enqueue(this.rows(c, holders.map((recipientId) => ({ recipientId, kind: n.kind }))));
      await this.outbox.save({ ...lease, attempts: n.attempts + 1, status: 'resolved', lastError: '' });
      this.logger.info({ caseId: c.caseId, kind: n.kind, role, recipients: holders.length }, 'waiting notice has a recipient now');
      await this.sendPending(c);
      this.refreshCopies(c);
      return;
    }
    const first = n.attempts === 0;
    await this.outbox.save({ ...lease, attempts: n.attempts + 1, status: 'pending', lastError: `no ${role}`, nextAttemptAt: new Date(now.getTime() + Math.min(WAIT_FOR_ROLE_MS, backoffMs(n.attempts + 1))).toISOString() });
    if (!first) return;
    this.logger.error({ caseId: c.caseId, kind: n.kind, role }, 'nobody to receive a case notice: it waits in the outbox');
    this.metrics.noticeFailed(n.kind, false);
    const told = await this.alerts?.nobodyToReceive(c, role).catch((e) => {
      this.logger.warn({ caseId: c.caseId, err: safeError(e) }, 'admin channel not told');
      return false;
    });
    if (!told) this.logger.error({ caseId: c.caseId, role }, 'the school has no admin channel to tell that a notice waits');
  }

  private async updateCopies(c: SkolemiljoCase): Promise<void> {
    const rows = await this.outbox.forCase(c.tenantId, c.schoolId, c.caseId);
    for (const n of rows) {
      if (n.status !== 'sent' || !n.activityId || n.kind === 'postfordeler') continue;
      try {
        await this.notifier.update(n.kind, n.recipientId, c, { conversationId: n.conversationId, activityId: n.activityId }, await this.viewFor(n.kind, n.recipientId, c));
      } catch (e) {
        this.logger.warn({ caseId: c.caseId, kind: n.kind, error: safeError(e) }, 'card copy not updated');
      }
    }
  }
}
