import pino, { Logger } from 'pino';
import { isSpanContextValid, trace } from '@opentelemetry/api';

export type { Logger } from 'pino';

/**
 * One structured JSON logger per service. Saga code logs with child loggers bound to
 * `transactionId` and `orderId`, so every line of one saga can be found across services; a line
 * written while a span is active also carries its `traceId` and `spanId`, so a log line leads to
 * its trace and back.
 */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination: pino.DestinationStream = pino.destination(1),
): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime, mixin: activeTraceIds }, destination);
}

function activeTraceIds(): { traceId?: string; spanId?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}

export function sagaLogger(logger: Logger, event: { transactionId: string; orderId: string; type?: string }): Logger {
  return logger.child({ transactionId: event.transactionId, orderId: event.orderId, eventType: event.type });
}
