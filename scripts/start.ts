/**
 * `npm start`: the whole app locally with no Azure or Microsoft 365 account.
 *   npm start                  as Kari Nordmann (ansatt, kontaktlærer 8A)
 *   npm start -- --as Ragnhild as rektor (any persona's first name, see README)
 */
import { join, resolve } from 'node:path';
import { PERSONAS } from '../src/seed';
import { startStack } from './dev-stack';
import { findPersona } from './playground-config';

async function main() {
  const i = process.argv.indexOf('--as');
  const persona = i > 0 ? findPersona(process.argv[i + 1] ?? '') : PERSONAS[0];
  const botPort = Number(process.env.PORT ?? 3978);
  const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
  const stack = await startStack({
    botPort,
    playgroundPort,
    azuritePort: Number(process.env.AZURITE_PORT ?? 10002),
    dataDir: join(resolve(__dirname, '..'), '.data', 'azurite'),
    persona,
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    quietPlayground: true,
  });
  console.log(`
  Meld fra is running.
    Playground (Teams client):  ${stack.playgroundUrl}   you are ${persona.name}
    Bot endpoint:               ${stack.app.url}/api/messages
    Health:                     ${stack.app.url}/healthz
  Write "meld fra" in the Playground. Act as someone else: npm start -- --as Ragnhild
  Ctrl-C stops everything.
`);
  const stop = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
