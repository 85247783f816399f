import { context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { startTracing } from './tracing';

function startProbeSpan() {
  const span = trace.getTracer('spec').startSpan('probe');
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  const recording = span.isRecording();
  span.end();
  return { span, recording, headers };
}

describe('startTracing', () => {
  it('records and exports every span once a processor is configured', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ service: 'spec', spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    try {
      const { recording, headers } = startProbeSpan();
      expect(recording).toBe(true);
      expect(headers.traceparent).toMatch(/-01$/);
      expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['probe']);
    } finally {
      await tracing.shutdown();
    }
  });

  it('records no span when nothing would read it, but still makes and propagates the trace context', async () => {
    const tracing = startTracing({ service: 'spec' });
    try {
      const { span, recording, headers } = startProbeSpan();
      expect(recording).toBe(false);
      expect(isSpanContextValid(span.spanContext())).toBe(true);
      expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    } finally {
      await tracing.shutdown();
    }
  });
});
