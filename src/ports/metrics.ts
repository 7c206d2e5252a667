/**
 * What the use cases tell the operators, as events with their meaning rather than instruments:
 * the adapter (`src/adapters/telemetry/otel.ts`) turns them into OpenTelemetry counters and
 * spans. Use cases take a `Metrics` in their deps; tests may pass `noMetrics`.
 * No event carries a pupil's name, a report's text or a reference.
 */
export interface Metrics {
  /** A report saved for the first time (a re-sent form is not counted again). */
  reportCreated(flags: { staffSuspected: boolean; leadershipSuspected: boolean }): void;
  /** A deadline reminder or meeting invitation sent to one recipient. */
  reminderSent(duty: string): void;
  /** A case notice that could not be delivered (retried, or set aside when permanent). */
  noticeFailed(kind: string, permanent: boolean): void;
  /** A sweep's whole pass, timed and traced as one unit. */
  sweep<T>(name: string, run: () => Promise<T>): Promise<T>;
}

export const noMetrics: Metrics = {
  reportCreated: () => undefined,
  reminderSent: () => undefined,
  noticeFailed: () => undefined,
  sweep: (_name, run) => run(),
};
