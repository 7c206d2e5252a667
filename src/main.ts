import { ConfigError, loadConfig } from './config';
import { startApp } from './server';

async function main() {
  const cfg = loadConfig();
  const app = await startApp(cfg);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  // A configuration error is the user's to fix: say what, without a stack trace.
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
