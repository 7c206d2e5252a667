/**
 * The scheduled backup (BACKUP_DAILY=true): once a day, from 02:00 Oslo time, by whichever
 * instance claims the day first. The sweep runs hourly; a backup that failed or whose instance
 * stopped is taken up again by a later sweep the same day.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../ports';
import type { Claims } from '../ports/claims';
import type { Logger } from './logger';
import { runBackup, type BackupSource, type BackupTarget, type Manifest } from './backup';
import { safeError } from './safe-error';
import { localDateOf, SCHOOL_ZONE } from './school-time';

/** Night, when nobody files a report: the backup competes with nothing. */
export const BACKUP_HOUR = 2;
const LEASE_MS = 10 * 60_000;

export class DailyBackup {
  constructor(
    private readonly d: {
      tables: readonly string[];
      source: BackupSource;
      target: BackupTarget;
      /** One claim per day (its note, once done, is the backup's id). */
      claims: Claims<string>;
      clock: Clock;
      logger: Logger;
      instanceId: string;
      tablePrefix: string;
    },
  ) {}

  /** Makes today's backup if it is due and no other instance makes or has made it. */
  async sweep(): Promise<Manifest | undefined> {
    const now = this.d.clock.now();
    if (DateTime.fromJSDate(now, { zone: SCHOOL_ZONE }).hour < BACKUP_HOUR) return undefined;
    const day = localDateOf(now);
    const until = () => new Date(this.d.clock.now().getTime() + LEASE_MS).toISOString();
    let claim = await this.d.claims.take(day, { holder: this.d.instanceId, now: now.toISOString(), until: until() });
    if (!claim) return undefined;
    let renewed = Date.now();
    const started = Date.now();
    try {
      const manifest = await runBackup({
        tables: this.d.tables,
        source: this.d.source,
        target: this.d.target,
        now: () => this.d.clock.now(),
        tablePrefix: this.d.tablePrefix,
        progress: async () => {
          // Renewed well before the lease ends; a lost claim (412) stops this backup.
          if (Date.now() - renewed < LEASE_MS / 3) return;
          claim = await this.d.claims.renew(claim!, until());
          renewed = Date.now();
        },
      });
      await this.d.claims.done(claim, this.d.clock.now().toISOString(), manifest.id);
      const entities = manifest.tables.reduce((n, t) => n + t.entities, 0);
      const bytes = manifest.tables.reduce((n, t) => n + t.bytes, 0);
      this.d.logger.info({ backupId: manifest.id, tables: manifest.tables.length, entities, bytes, ms: Date.now() - started }, 'daily backup written');
      return manifest;
    } catch (e) {
      // The claim's lease runs out and the next hourly sweep (on any instance) tries again.
      this.d.logger.error({ err: safeError(e), day }, 'daily backup failed; the next sweep tries again');
      return undefined;
    }
  }
}
