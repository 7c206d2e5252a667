/** The echo bot alone in its process, for bench:processes: `ECHO_PORT=… node --import tsx bench/echo-main.ts`. */
import { startEchoBot } from './echo-bot';

startEchoBot(Number(process.env.ECHO_PORT)).then(
  (e) => process.on('SIGTERM', () => e.server.close(() => process.exit(0))),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
