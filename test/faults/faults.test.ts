/**
 * The fault harness in its short form (scripts/faults; `npm run test:faults` is the full run):
 * the same scenario functions with small sizes, run side by side, each asserting its invariants.
 * Figures (times, rates) are what the full run prints; nothing here depends on them.
 */
import { azuriteOutage } from '../../scripts/faults/azurite-outage';
import { graphOutage } from '../../scripts/faults/graph-outage';
import { SIZES } from '../../scripts/faults/run';
import { sendThenOutage } from '../../scripts/faults/send-then-outage';
import { sigkillStorm } from '../../scripts/faults/sigkill-storm';
import type { ScenarioResult } from '../../scripts/faults/support';
import { twoInstances } from '../../scripts/faults/two-instances';
import { connectionString } from '../support/tables';

const size = SIZES.quick;
let results: Record<'storm' | 'outage' | 'sendThenOutage' | 'graph' | 'instances', ScenarioResult>;

beforeAll(async () => {
  // The Azurite-stop scenario starts and stops its own Azurite; the others share the jest run's.
  const [storm, outage, sendOutage, graph, instances] = await Promise.all([
    sigkillStorm({ ...size.storm, connectionString: connectionString() }),
    azuriteOutage(size.outage),
    sendThenOutage(),
    graphOutage({ ...size.graph, connectionString: connectionString() }),
    twoInstances({ ...size.instances, connectionString: connectionString() }),
  ]);
  results = { storm, outage, sendThenOutage: sendOutage, graph, instances };
}, 240_000);

const failuresOf = (r: ScenarioResult) => r.failures;

it('SIGKILL storm: every acknowledged report is stored once, under the reference on its receipt, with rektor told', () => {
  expect(failuresOf(results.storm)).toEqual([]);
  expect(results.storm.figures.kills).toBeGreaterThan(0);
  expect(results.storm.figures.acknowledged).toBe(results.storm.figures.casesFound);
});

it('Azurite stopped: nothing acknowledged is lost, submits get the retry message with the card kept, the resubmit makes one case, reminders go out once after', () => {
  expect(failuresOf(results.outage)).toEqual([]);
  expect(results.outage.figures.toldToRetry).toBeGreaterThan(0);
  expect(results.outage.figures.remindersTwice).toBe(0);
  expect(results.outage.figures.remindersMissed).toBe(0);
});

// Once a bug: the bot stored the user's conversation reference before handling an invoke, outside
// the try that turns a storage failure into the retry message, so an instance new to the user
// answered HTTP 501 while the storage was down.
it('Azurite stopped: a submit that lands on an instance new to the user also gets the retry message', () => {
  expect(results.outage.figures.unanswered).toBe(0);
});

it('storage down between a reminder reaching Teams and its record: the sweeper records it when storage is back, and nobody gets it twice', () => {
  expect(failuresOf(results.sendThenOutage)).toEqual([]);
  expect(results.sendThenOutage.figures.twice).toBe(0);
});

it('Graph 429/503: every meeting is created exactly once when Graph recovers, and each reporter invited once', () => {
  expect(failuresOf(results.graph)).toEqual([]);
  expect(results.graph.figures.eventsInGraph).toBe(results.graph.figures.meetings);
});

it('two instances: every due reminder is sent exactly once', () => {
  expect(failuresOf(results.instances)).toEqual([]);
  expect(results.instances.figures.twice).toBe(0);
  expect(results.instances.figures.missed).toBe(0);
});
