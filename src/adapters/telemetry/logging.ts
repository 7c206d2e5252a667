/**
 * The service's logger: JSON lines (pino), each carrying the correlation id of the work it was
 * written for, and the trace and span ids when a trace is recorded, so a line leads to its trace
 * in Application Insights. Never log pupil names or report text: ids, codes and counts only.
 */
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino from 'pino';
import { currentCorrelation } from './correlation';

export function createLogger(level: string, stream?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level,
      base: { service: 'meld-fra' },
      mixin() {
        const c = currentCorrelation();
        const span = trace.getActiveSpan()?.spanContext();
        return {
          ...(c ?? {}),
          ...(span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {}),
        };
      },
    },
    stream,
  );
}
