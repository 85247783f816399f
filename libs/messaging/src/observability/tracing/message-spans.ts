import { Attributes, context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SagaEvent } from '@saga/events';
import { ConsumedRecord } from '../../kafka/message-bus.port';

const TRACER = '@saga/messaging';

/** Attributes that let a trace backend find every span of one saga. */
export function sagaAttributes(event: Pick<SagaEvent, 'type' | 'eventId' | 'transactionId' | 'orderId'>): Attributes {
  return {
    'messaging.message.id': event.eventId,
    'saga.event_type': event.type,
    'saga.transaction_id': event.transactionId,
    'saga.order_id': event.orderId,
  };
}

/**
 * A producer span for an event entering the outbox, child of whatever is active (the HTTP request, or
 * the consumer span of the event that caused it), and the W3C headers (`traceparent`, maybe `tracestate`)
 * that carry its context. The headers are stored with the outbox row, so the relay, publishing later and
 * elsewhere, sends the causing context; the span ends at once because creating the message is its work.
 */
export function traceOutgoingEvent(event: SagaEvent, topic: string): Record<string, string> {
  const span = trace.getTracer(TRACER).startSpan(`create ${topic}`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'create',
      'messaging.destination.name': topic,
      'messaging.kafka.message.key': event.orderId,
      ...sagaAttributes(event),
    },
  });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  span.end();
  return headers;
}

/**
 * Runs the handling of one consumed record inside a consumer span that continues the producer's trace
 * (from the record's `traceparent`), so the handler's own outbox appends and log lines join that trace.
 */
export async function withConsumerSpan<T>(record: ConsumedRecord, groupId: string, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, record.headers);
  const span = trace.getTracer(TRACER).startSpan(
    `process ${record.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': record.topic,
        'messaging.destination.partition.id': String(record.partition),
        'messaging.kafka.offset': Number(record.offset),
        'messaging.consumer.group.name': groupId,
        ...(record.key === null ? {} : { 'messaging.kafka.message.key': record.key }),
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
