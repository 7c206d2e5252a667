/**
 * The process: configuration, telemetry (only when configured), the service, and a graceful
 * stop on SIGTERM/SIGINT with a hard deadline.
 */
import { ConfigError, loadConfig } from './config';
import type { TelemetryHandle } from './adapters/telemetry/azure-monitor';

async function main() {
  const cfg = loadConfig();
  // Before the server's modules are loaded, so the HTTP and Azure SDK instrumentations wrap them;
  // without a connection string the SDK is not even loaded.
  let telemetry: TelemetryHandle | undefined;
  if (cfg.APPLICATIONINSIGHTS_CONNECTION_STRING) {
    const { startAzureMonitor } = await import('./adapters/telemetry/azure-monitor');
    telemetry = startAzureMonitor(cfg.APPLICATIONINSIGHTS_CONNECTION_STRING, cfg.AZURE_CLIENT_ID);
  }
  const { startApp } = await import('./server');
  const { createLogger } = await import('./adapters/telemetry/logging');
  const { keepRunningOnUnhandledRejection } = await import('./process-guard');
  const log = createLogger(cfg.LOG_LEVEL);
  keepRunningOnUnhandledRejection(log);
  const app = await startApp(cfg);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, deadlineSeconds: cfg.SHUTDOWN_TIMEOUT_SECONDS }, 'stopping');
    // Past the deadline the process exits anyway, after giving back its reminder claims and
    // saying what was still under way (other instances, or this one restarted, pick it up).
    const deadline = setTimeout(async () => {
      const left = await Promise.race([app.abandon(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000))]);
      log.error({ left }, 'stop ran out of time: exiting with work left');
      await flush(telemetry);
      process.exit(1);
    }, cfg.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    await app.close();
    clearTimeout(deadline);
    await flush(telemetry);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Sends the last spans and metrics; an unreachable Application Insights does not hold up the exit. */
async function flush(telemetry: TelemetryHandle | undefined): Promise<void> {
  if (!telemetry) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([telemetry.shutdown().catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, FLUSH_MS)))]);
  clearTimeout(timer);
}

const FLUSH_MS = 5000;

main().catch((e) => {
  // A configuration error is the user's to fix: say what, without a stack trace.
  console.error(e instanceof ConfigError || (e as Error)?.name === 'StorageUnavailableError' ? (e as Error).message : e);
  process.exit(1);
});
