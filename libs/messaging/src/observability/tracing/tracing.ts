import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, BatchSpanProcessor, SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  service: string;
  /**
   * OTLP/HTTP base address (OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://collector:4318): spans go to
   * `<endpoint>/v1/traces` as JSON. Absent: the trace context is still made and still travels in the
   * records' `traceparent` header and the log lines, but spans are not recorded (nothing would read them).
   */
  otlpEndpoint?: string;
  /** How long finished spans are batched before an export (OTEL_BSP_SCHEDULE_DELAY). */
  exportDelayMs?: number;
  /** More processors, e.g. an in-memory exporter in a test. */
  spanProcessors?: SpanProcessor[];
}

export interface Tracing {
  /** False when a tracer provider was registered before (an agent preloaded with --require, a test): that one is used. */
  readonly registered: boolean;
  /** Exports what is still batched and unregisters. */
  shutdown(): Promise<void>;
}

/**
 * Registers OpenTelemetry for the process: a tracer provider, AsyncLocalStorage as the context carrier
 * (so the active span follows the request or the event through awaits) and the W3C `traceparent`
 * propagator. Only the OpenTelemetry API is used elsewhere in the code, so any SDK set up by the operator
 * instead works the same.
 */
export function startTracing(options: TracingOptions): Tracing {
  const processors = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) {
    const exporter = new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`, timeoutMillis: 5000 });
    processors.push(new BatchSpanProcessor({ exporter, scheduledDelayMillis: options.exportDelayMs }));
  }
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }),
    spanProcessors: processors,
    // With nowhere to send spans, recording them (attributes, events, timings, a processor pass per span) is
    // pure cost on every request and every event. Unsampled spans still get trace and span ids, so the
    // context still travels and still reaches the log lines.
    ...(processors.length === 0 && { sampler: new AlwaysOffSampler() }),
  });
  if (!trace.setGlobalTracerProvider(provider)) {
    void provider.shutdown();
    return { registered: false, shutdown: async () => undefined };
  }
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    registered: true,
    async shutdown() {
      // A collector that does not answer must not hold the process's exit: the last batch gets 3 s.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([provider.shutdown(), new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
      clearTimeout(timer);
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
