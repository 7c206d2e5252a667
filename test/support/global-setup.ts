import { startAzurite } from '../../scripts/azurite';

export default async function globalSetup(): Promise<void> {
  const { port, proc } = await startAzurite();
  process.env.TEST_AZURITE_PORT = String(port);
  (globalThis as { __AZURITE__?: unknown }).__AZURITE__ = proc;
}
