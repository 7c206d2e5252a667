import { randomBytes } from 'node:crypto';
import { azuriteConnectionString } from '../../src/config';
import { Tables } from '../../src/adapters/tables/table-client';

export const connectionString = (): string => {
  const port = Number(process.env.TEST_AZURITE_PORT);
  if (!port) throw new Error('TEST_AZURITE_PORT is not set: run the tests with jest (globalSetup starts Azurite)');
  return azuriteConnectionString(port);
};

/** Each test file gets its own tables in the shared Azurite. */
export const uniquePrefix = (): string => `t${randomBytes(5).toString('hex')}`;

export const testTables = (prefix = uniquePrefix()): Tables => new Tables({ connectionString: connectionString(), prefix });
