/**
 * The report forms issued to each user, the forms they filed (the claim: which case a form made)
 * and their recent reports (the hourly limit), all in one partition per user of the Idempotency
 * table: one query reads what a submit needs, and one transaction takes the slot and claims the
 * form together.
 *
 * The hourly limit is one row, `l_<generation>`, listing the user's recent reports. Taking a slot
 * creates the next generation and deletes the one it read, in the claim's transaction: two
 * reports at once that read the same generation both create the same row, and the second fails
 * as a whole (409), reads again and counts the first; one that read a generation gone since fails
 * on its delete (404). The user's first row comes with an anchor row that stays. A create collides on Azurite too, where a
 * transaction ignores If-Match. So the limit holds across instances without an ETag.
 *
 * Rows of the layout before (idempotency-repository.ts: the form, the claim and the limit each in
 * a partition of its own) are still read where they can matter after a deploy: a form issued
 * before it (and so its claim, which then stays in the old layout, where an instance still running
 * the old code looks too), and the recent reports of a user who has not filed since.
 */
import { TableClient, type TransactionAction } from '@azure/data-tables';
import type { Clock, Submission } from '../../ports';
import type { Filed, FormLookUp, ReportForms } from '../../app/report-concern';
import { hash, IdempotencyRepository } from './idempotency-repository';
import { esc, statusOf, Tables } from './table-client';

const SLOT_TRIES = 20;
const SLOT = 'l_';
const GEN_DIGITS = 12;

interface SlotEntity { partitionKey: string; rowKey: string; at: string; recent: string }
type Recent = { form: string; at: string }[];
type Row = { partitionKey: string; rowKey: string; at?: string; caseId?: string; recent?: string };
/** What lookUp read, handed back to file(); only this repository looks inside. */
type Seen = FormLookUp & { slot?: SlotEntity; anchored?: boolean; legacy: boolean };

const userPk = (user: string) => `u_${hash(user)}`;
const formRk = (formId: string) => `f_${hash(formId)}`;
const claimRk = (claimKey: string) => `c_${hash(claimKey)}`;
const slotRk = (gen: number) => `${SLOT}${String(gen).padStart(GEN_DIGITS, '0')}`;
const genOf = (rk: string) => Number(rk.slice(SLOT.length));
/**
 * Generation 0, never deleted (but by the prune, 30 days on): created with the user's first slot
 * row, so a report that read no row at all cannot create generation 1 again after it was deleted.
 */
const ANCHOR = slotRk(0);

export class ReportFormsRepository implements ReportForms {
  private readonly table: TableClient;
  /** The layout before: forms issued and claims made before the deploy. */
  private readonly legacy: IdempotencyRepository;
  constructor(
    private readonly tables: Tables,
    private readonly clock: Clock = { now: () => new Date() },
  ) {
    this.table = tables.client('Idempotency');
    this.legacy = new IdempotencyRepository(tables, clock);
  }

  async init(): Promise<void> {
    await this.tables.ensure(this.table);
  }

  async issueForm(user: string, formId: string): Promise<void> {
    await this.table.upsertEntity({ partitionKey: userPk(user), rowKey: formRk(formId), at: this.clock.now().toISOString() }, 'Replace');
  }

  /** One query: the form issued, its claim and the user's recent reports (rows of the layout before only when the form is not found). */
  async lookUp(user: string, formId: string, claimKey: string): Promise<FormLookUp> {
    const seen = await this.read(user, formId, claimKey);
    if (seen.issued) return seen;
    // Issued before the deploy (or never): the layout before, where its claim is too.
    const [issued, filed] = await Promise.all([this.legacy.formIssued(`${user}|${formId}`), this.legacy.claimed(claimKey)]);
    const before: Seen = { ...seen, issued, legacy: issued, ...(filed ? { filed } : {}) };
    return before;
  }

  private async read(user: string, formId: string, claimKey: string): Promise<Seen> {
    const pk = userPk(user);
    const [f, c] = [formRk(formId), claimRk(claimKey)];
    const filter = `PartitionKey eq '${esc(pk)}' and (RowKey eq '${f}' or RowKey eq '${c}' or (RowKey gt '${SLOT}' and RowKey lt '${SLOT}~'))`;
    const seen: Seen = { issued: false, legacy: false };
    for await (const e of this.table.listEntities<Row>({ queryOptions: { filter } })) {
      if (e.rowKey === f) seen.issued = true;
      else if (e.rowKey === c && e.caseId) seen.filed = { caseId: e.caseId };
      else if (e.rowKey === ANCHOR) seen.anchored = true;
      else if (e.rowKey.startsWith(SLOT) && (!seen.slot || genOf(e.rowKey) > genOf(seen.slot.rowKey))) seen.slot = e as SlotEntity;
    }
    return seen;
  }

  async file(user: string, formId: string, claimKey: string, value: Submission, o: { nowIso: string; windowMs: number; limit: number }, first: FormLookUp): Promise<Filed> {
    const pk = userPk(user);
    const since = new Date(Date.parse(o.nowIso) - o.windowMs).toISOString();
    const form = hash(claimKey);
    let seen = first as Seen;
    for (let attempt = 0; attempt < SLOT_TRIES; attempt++) {
      if (attempt > 0) {
        // Several reports of one user at once: each waits a random moment before reading again.
        await new Promise((r) => setTimeout(r, Math.random() * 40 * attempt));
        // (A form of the layout before has its claim there, never here: the same form twice is its slot entry, below.)
        seen = { ...(await this.read(user, formId, claimKey)), issued: true, legacy: seen.legacy };
        if (seen.filed) return { kind: 'claimed', first: false, value: seen.filed };
      }
      // A user who has not filed since the deploy: the recent reports are in the row of the layout before.
      const stored = seen.slot ? seen.slot.recent : await this.legacy.recentReports(user);
      const recent = (stored ? (JSON.parse(stored) as Recent) : []).filter((r) => r.at > since).sort((a, b) => a.at.localeCompare(b.at));
      const counted = recent.some((r) => r.form === form);
      if (!counted && recent.length >= o.limit) return { kind: 'tooMany', until: new Date(Date.parse(recent[recent.length - o.limit].at) + o.windowMs).toISOString() };
      const gen = seen.slot ? genOf(seen.slot.rowKey) + 1 : 1;
      const actions: TransactionAction[] = [];
      // A form already counted (its claim was not written: a crash, the layout before) takes no second slot.
      if (!counted) {
        actions.push(['create', { partitionKey: pk, rowKey: slotRk(gen), at: o.nowIso, recent: JSON.stringify([...recent, { form, at: o.nowIso }]) }]);
        // The row read must still be there (404 if another report moved on); the user's first: the anchor must not be.
        if (seen.slot) actions.push(['delete', { partitionKey: pk, rowKey: seen.slot.rowKey }]);
        else actions.push(seen.anchored ? ['update', { partitionKey: pk, rowKey: ANCHOR, at: o.nowIso }, 'Merge'] : ['create', { partitionKey: pk, rowKey: ANCHOR, at: o.nowIso }]);
      }
      if (!seen.legacy) actions.push(['create', { partitionKey: pk, rowKey: claimRk(claimKey), caseId: value.caseId, at: o.nowIso }]);
      try {
        if (actions.length) await this.table.submitTransaction(actions);
      } catch (e) {
        // 409: another report took this generation, or the same form was claimed; 404: the row read is gone.
        if (statusOf(e) !== 409 && statusOf(e) !== 404 && statusOf(e) !== 412) throw e;
        continue;
      }
      // A form issued before the deploy is claimed where the code before claims it, so an instance
      // still running that code during the deploy finds the same claim.
      return seen.legacy ? { kind: 'claimed', ...(await this.legacy.claim(claimKey, value)) } : { kind: 'claimed', first: true, value };
    }
    // Other writers beat us to it every time: treat as busy rather than let the limit slip.
    return { kind: 'tooMany', until: new Date(Date.parse(o.nowIso) + 60_000).toISOString() };
  }
}
