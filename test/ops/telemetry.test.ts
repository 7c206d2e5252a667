/**
 * Traces and metrics through the OpenTelemetry API, read here with in-memory exporters registered
 * as production registers Application Insights: a report gives the expected spans and counts,
 * and no span or metric attribute holds the pupil's name or what the reporter wrote.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { AggregationTemporality, MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { FakeConnector } from '../support/connector';
import { startTestApp, TestApp } from '../support/app';
import { BotClient, findVerb, persona, validReport } from '../support/bot-client';

class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const spans = new InMemorySpanExporter();
const reader = new TestMetricReader();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const meterProvider = new MeterProvider({ readers: [reader] });

const kari = persona('Kari');
const rektor = persona('Ragnhild');
const lars = persona('Lars');
const PUPIL = 'Torbjørg Telemetrisen';
const OBSERVED = 'Ble kalt stygge ting i garderoben etter gymtimen.';
const clock = { at: new Date('2026-11-24T09:30:00Z'), now() { return this.at; } };

let connector: FakeConnector;
let app: TestApp;
let bot: BotClient;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  connector = await new FakeConnector().start();
  app = await startTestApp({ connectorUrl: connector.url, clock });
  bot = new BotClient(app.url, connector.url);
});
afterAll(async () => {
  await app.close();
  await connector.stop();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  trace.disable();
  metrics.disable();
  context.disable();
});

/** name → [attributes, value] of every data point now. */
async function points(): Promise<Map<string, { attributes: Record<string, unknown>; value: unknown }[]>> {
  const { resourceMetrics } = (await reader.collect()) as { resourceMetrics: ResourceMetrics };
  const out = new Map<string, { attributes: Record<string, unknown>; value: unknown }[]>();
  for (const sm of resourceMetrics.scopeMetrics)
    for (const m of sm.metrics) out.set(m.descriptor.name, m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value })));
  return out;
}
const sum = (ps: { value: unknown }[] | undefined) => (ps ?? []).reduce((n, p) => n + (typeof p.value === 'number' ? p.value : 0), 0);

const names = (list: ReadableSpan[]) => list.map((s) => s.name);

describe('a report, traced and counted', () => {
  let finished: ReadableSpan[];

  beforeAll(async () => {
    const [form] = await bot.say(kari, 'meld fra');
    const data = { ...findVerb(form, 'Send meldingen').data, ...validReport({ pupilName: PUPIL, observed: OBSERVED }) };
    await bot.act(kari, 'report.submit', data);
    await bot.act(kari, 'report.submit', data); // the same form sent twice is one report
    await app.dispatcher.idle();
    finished = spans.getFinishedSpans();
  });

  it('has a span per activity, named by kind and command or verb, never by what was typed', () => {
    expect(names(finished)).toEqual(expect.arrayContaining(['activity message meld_fra', 'activity invoke report.submit']));
    const submit = finished.find((s) => s.name === 'activity invoke report.submit')!;
    expect(submit.attributes).toMatchObject({ 'meldfra.activity.kind': 'invoke', 'meldfra.activity.name': 'report.submit', 'meldfra.conversation.type': 'personal' });
  });

  it('names an unknown verb "unknown-verb", not by the string a client sent', async () => {
    await bot.act(kari, '<b>Torbjørg</b> free text as a verb', {});
    expect(names(spans.getFinishedSpans())).toContain('activity invoke unknown-verb');
  });

  it('counts one report created, and the activity durations by kind', async () => {
    const p = await points();
    expect(sum(p.get('meldfra.reports.created'))).toBe(1);
    const durations = p.get('meldfra.activity.duration') ?? [];
    expect(durations.map((d) => d.attributes['meldfra.activity.name'])).toEqual(expect.arrayContaining(['meld_fra', 'report.submit']));
    const submitCount = durations.filter((d) => d.attributes['meldfra.activity.name'] === 'report.submit').reduce((n, d) => n + (d.value as { count: number }).count, 0);
    expect(submitCount).toBe(2);
  });

  it('traces a reminder sweep and counts the reminders it sends', async () => {
    // Rektor forwards the case; at the deadline Lars is reminded.
    const notice = connector.cardsFor(rektor.userId).at(-1)!;
    await bot.act(rektor, 'case.forward', { ...findVerb(notice, 'Videresend til nærmeste leder').data, leaderId: lars.userId });
    await app.dispatcher.idle();
    clock.at = new Date('2026-12-01T07:05:00Z');
    const r = await app.reminderSweeper.sweep();
    expect(r.sent).toBeGreaterThan(0);
    expect(names(spans.getFinishedSpans())).toContain('sweep reminders');
    expect(sum((await points()).get('meldfra.reminders.sent'))).toBe(r.sent);
  });

  it('counts notices that could not be delivered', async () => {
    connector.failNext(403, 10);
    const [form] = await bot.say(kari, 'meld fra');
    await bot.act(kari, 'report.submit', { ...findVerb(form, 'Send meldingen').data, ...validReport() });
    await app.dispatcher.idle();
    expect(sum((await points()).get('meldfra.notices.failed'))).toBeGreaterThan(0);
  });

  it('puts no pupil name and no report text in any span or metric', async () => {
    const all = JSON.stringify([
      spans.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
      [...(await points()).entries()],
    ]);
    for (const secret of [PUPIL, 'Torbjørg', OBSERVED, 'garderoben', validReport().observed, 'Ola Testesen']) expect(all).not.toContain(secret);
  });
});
