/**
 * Claims: how every sweep makes sure a piece of work (a reminder to one person on one day, a
 * yearly post, the day's backup) is done once, however many instances sweep at the same time.
 *
 * A claim is a row written first-wins. With a lease (`until`), an instance that stopped before it
 * finished leaves a claim that another takes over once the lease has run out; without one the
 * claim holds until it is released (a send that may work later) — the right thing for work where
 * a second copy is worse than a late one. A claim marked done is never taken again.
 */
export interface Claim<K> {
  readonly key: K;
  /** The version this holder wrote; a renewal or a finish with an older one is refused. */
  readonly etag: string;
}

export interface Claims<K> {
  /** The claim for this holder, or undefined when the work is done or another holds a lease that has not run out. */
  take(key: K, o: { now: string; until?: string; holder?: string }): Promise<Claim<K> | undefined>;
  /** Extends the lease; rejects (HTTP 412) when another instance has taken the work over meanwhile. */
  renew(c: Claim<K>, until: string): Promise<Claim<K>>;
  /** The work is done (or can never be done): nobody takes it again. `note` is kept (a backup's id). */
  done(c: Claim<K> | K, at: string, note?: string): Promise<void>;
  /** Gives the claim back, so the next sweep (on any instance) tries again at once. */
  release(key: K): Promise<void>;
  /** The note of a finished claim, or undefined when it is not done. */
  doneNote(key: K): Promise<string | undefined>;
}

/** One reminder to one person: the thing it is about, a key (a day or a deadline) and the recipient. */
export interface ReminderClaimKey {
  tenantId: string;
  schoolId: string;
  subjectId: string;
  key: string;
  recipientId: string;
}

/** The yearly task posted to a school's channel once per school year. */
export interface AnnualPostKey {
  tenantId: string;
  schoolId: string;
  startYear: number;
  taskId: string;
}
