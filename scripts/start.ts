/**
 * `npm start`: the whole app locally with no Azure or Microsoft 365 account.
 *   npm start                  as Kari Nordmann (ansatt, kontaktlærer 8A)
 *   npm start -- --as Ragnhild as rektor (any persona's first name, see README)
 */
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { PERSONAS } from '../src/seed';
import { startPlayground, startStack } from './dev-stack';
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
  // --also Ragnhild: a second Teams client for another persona, to see the cards they get.
  const extra: string[] = [];
  const others = process.argv.flatMap((a, k) => (a === '--also' ? [process.argv[k + 1] ?? ''] : []));
  const kids: ChildProcess[] = [];
  for (const [k, name] of others.entries()) {
    const p = findPersona(name);
    const port = playgroundPort + 1 + k;
    kids.push(await startPlayground({ port, botUrl: stack.app.url, persona: p, quiet: true }));
    extra.push(`    ${`Playground as ${p.name.split(" ")[0]}:`.padEnd(28)}http://127.0.0.1:${port}   (write "hjelp" there once, as if installing the app)`);
  }
  console.log(`
  Meld fra is running.
    Playground (Teams client):  ${stack.playgroundUrl}   you are ${persona.name}
${extra.join('\n')}
    Bot endpoint:               ${stack.app.url}/api/messages
    Health:                     ${stack.app.url}/healthz
  Write "meld fra" in the Playground. Act as someone else: npm start -- --as Ragnhild
  Ctrl-C stops everything.
`);
  const stop = async () => {
    for (const k of kids) k.kill();
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
