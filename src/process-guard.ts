/**
 * Process-wide: a promise nobody awaited must not end the service for every school. Node ends
 * the process on an unhandled rejection by default; here it is logged by its kind only (the
 * error's message may quote a request) and the process goes on.
 */
import type { Logger } from './app/logger';
import { safeError } from './app/safe-error';

export function keepRunningOnUnhandledRejection(log: Pick<Logger, 'error'>): void {
  process.on('unhandledRejection', (e) => log.error({ err: safeError(e) }, 'unhandled rejection'));
}
