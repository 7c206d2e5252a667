/**
 * The interfaces the use cases need, one file per concern; adapters implement them (Azure Tables,
 * Teams, Graph, …). This barrel keeps `from '../ports'` working for every use case: a use case
 * may import the barrel or the concern's own file, the same types either way.
 * Tests run the use cases against the real adapters (Azurite, local servers) and, for fast unit
 * tests, against the in-memory fakes in test/support/fakes.
 */
export * from './annual';
export * from './backup';
export * from './calendar';
export * from './cases';
export * from './claims';
export * from './clock';
export * from './complaints';
export * from './conversations';
export * from './directory';
export * from './leave';
export * from './metrics';
export * from './notices';
export * from './notify';
export * from './reminders';
export * from './staff-complaints';
export * from './submissions';
export * from './talks';
export * from './archive';
export * from './roster';
export * from './overview';
