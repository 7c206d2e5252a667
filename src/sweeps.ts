/**
 * Background sweeps: each run gets its own correlation id and span, none starts once a stop has
 * begun, a run never overlaps one of its own kind, and a stop waits for the runs under way.
 */
import type { Config } from './config';
import { safeError } from './app/safe-error';
import { syncEntraStaff } from './app/entra-sync';
import { runSweep } from './adapters/telemetry/otel';
import type { Composed } from './composition';
import type { Drain } from './lifecycle';

export interface Sweeps {
  /** The runs under way. */
  running: Set<Promise<unknown>>;
  /** No new runs (the ones under way go on). */
  stop(): void;
}

export function scheduleSweeps(cfg: Config, c: Composed, drain: Drain): Sweeps {
  const { logger, reminderSweeper, annual, teachingComplaints, staffComplaints, talks, retention, exportLinks, clock, daily, groups, directory, dispatcher, outbox, archive } = c;
  const sweeps = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  const every = (name: string, seconds: number, run: () => Promise<unknown>) => {
    if (seconds <= 0) return;
    let running = false;
    const t = setInterval(() => {
      // A run that takes longer than its interval is not joined by a second one of the same kind.
      if (drain.draining || running) return;
      running = true;
      const p: Promise<unknown> = runSweep(name, run)
        .catch((e) => logger.warn({ sweep: name, err: safeError(e) }, 'sweep failed'))
        .finally(() => {
          running = false;
          sweeps.delete(p);
        });
      sweeps.add(p);
    }, seconds * 1000);
    t.unref();
    timers.push(t);
  };
  // REMINDER_SWEEP_SECONDS=0 (tests) turns the hourly sweeps off too: tests drive them.
  const hourly = cfg.REMINDER_SWEEP_SECONDS > 0 ? 60 * 60 : 0;
  every('reminders', cfg.REMINDER_SWEEP_SECONDS, () => reminderSweeper.sweep());
  // The årshjul's tasks, posted in the school's channel on their day.
  every('annual', hourly, () => annual.sweep());
  // The follow-up meetings of complaints about teaching: reminded from the school day before.
  every('teaching-complaints', hourly, () => teachingComplaints.sweep());
  // Complaints about a member of staff: evaluation meetings the calendar did not take, and the leader's evaluation reminders.
  every('staff-complaints', hourly, () => staffComplaints.sweep());
  // Elevsamtaler: the kontaktlærer's reminders and the class channel's counts.
  every('pupil-talks', hourly, () => talks.sweep());
  // Closed cases whose retention period is over.
  every('retention', hourly, () => retention.sweep());
  // Download links nobody opened (they live minutes).
  every('export-links', hourly, () => exportLinks.prune(clock.now()));
  // Azure Table Storage has no point-in-time restore: every table to the WORM container each night.
  if (daily) every('backup', hourly, () => daily.sweep());
  // Staff from each school's Entra ID security group, when the municipality turns it on.
  if (groups) every('entra-sync', cfg.ENTRA_SYNC_MINUTES * 60, () => syncEntraStaff({ directory, groups, logger }));
  // Notices whose first try failed, or that a stopped instance left behind.
  every('notices', cfg.NOTICE_SWEEP_SECONDS, () => dispatcher.sweep());
  every('messages', cfg.NOTICE_SWEEP_SECONDS, () => outbox.sweep());
  // The case folders and journal posts still to reach the archive (ARCHIVE≠none).
  if (archive) every('archive', cfg.ARCHIVE_SWEEP_SECONDS, () => archive.sweep());
  return { running: sweeps, stop: () => timers.forEach(clearInterval) };
}
