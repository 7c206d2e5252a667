/**
 * What Application Insights receives of a URL: the HTTP instrumentation records the full URL of
 * every request, and the links to case exports and meeting files carry who may open them and a
 * signature in their query. RedactQueries (used by startAzureMonitor) drops the query before export.
 */
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { RedactQueries } from '../../src/adapters/telemetry/azure-monitor';

const LINK = 'https://meldfra.example/cases/t1/ellingsrud/c-0042.pdf?u=00000000-0000-4000-8000-000000000021&exp=1764100000&sig=abc123secret';

it('exports an HTTP span without the signed link\'s query, keeping the path', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new RedactQueries(), new SimpleSpanProcessor(exporter)] });
  const span = provider.getTracer('http').startSpan('GET', {
    attributes: { 'url.full': LINK, 'url.query': 'u=00000000-0000-4000-8000-000000000021&sig=abc123secret', 'http.target': '/cases/t1/ellingsrud/c-0042.pdf?sig=abc123secret', 'url.path': '/cases/t1/ellingsrud/c-0042.pdf' },
  });
  span.end();

  const [exported] = exporter.getFinishedSpans();
  expect(exported.attributes).toMatchObject({
    'url.full': 'https://meldfra.example/cases/t1/ellingsrud/c-0042.pdf?redacted',
    'url.query': 'redacted',
    'http.target': '/cases/t1/ellingsrud/c-0042.pdf?redacted',
    'url.path': '/cases/t1/ellingsrud/c-0042.pdf',
  });
  expect(JSON.stringify(exported.attributes)).not.toContain('sig=');
  expect(JSON.stringify(exported.attributes)).not.toContain('abc123secret');
});

it('exports a case export link\'s span without its token, which is in the path (issue 13, M1)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new RedactQueries(), new SimpleSpanProcessor(exporter)] });
  const token = 'Q2xhc3NpZmllZC10b2tlbi0zMi1jaGFycw';
  const span = provider.getTracer('http').startSpan('GET', {
    attributes: { 'url.full': `https://meldfra.example/exports/${token}?sig=abc123secret`, 'url.path': `/exports/${token}`, 'http.target': `/exports/${token}?sig=abc123secret` },
  });
  span.end();
  const [exported] = exporter.getFinishedSpans();
  expect(exported.attributes['url.path']).toBe('/exports/redacted');
  expect(JSON.stringify(exported.attributes)).not.toContain(token);
  expect(JSON.stringify(exported.attributes)).not.toContain('abc123secret');
});
