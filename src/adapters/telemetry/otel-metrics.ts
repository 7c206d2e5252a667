/** The `Metrics` port over OpenTelemetry: the instruments in `metrics.ts`, the sweep span in `tracing.ts`. */
import type { Metrics } from '../../ports/metrics';
import { instruments } from './metrics';
import { runSweep } from './tracing';

export const otelMetrics: Metrics = {
  reportCreated: (f) => instruments().reportsCreated.add(1, { 'meldfra.report.staff_suspected': f.staffSuspected, 'meldfra.report.leadership_suspected': f.leadershipSuspected }),
  reminderSent: (duty) => instruments().remindersSent.add(1, { 'meldfra.reminder.duty': duty }),
  noticeFailed: (kind, permanent) => instruments().noticesFailed.add(1, { 'meldfra.notice.kind': kind, 'meldfra.notice.permanent': permanent }),
  sweep: (name, run) => runSweep(name, run),
};
