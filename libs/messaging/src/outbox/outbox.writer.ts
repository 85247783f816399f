import { EntityManager } from 'typeorm';
import { EventHeader, SagaEvent, serializeEvent, topicOf } from '@saga/events';
import { traceOutgoingEvent } from '../observability/tracing/message-spans';

/** Headers every record carries, so tools can route and trace without parsing the value. */
export function headersOf(event: SagaEvent, extra: Record<string, string> = {}): Record<string, string> {
  return {
    [EventHeader.eventId]: event.eventId,
    [EventHeader.eventType]: event.type,
    [EventHeader.eventVersion]: String(event.version),
    [EventHeader.transactionId]: event.transactionId,
    [EventHeader.orderId]: event.orderId,
    ...extra,
  };
}

/**
 * Appends events to the outbox inside the caller's transaction: they become visible to the
 * relay exactly when the state change that caused them commits, and never otherwise. Each row's
 * headers carry the trace context active now (`traceparent`), so the consumer continues this trace.
 */
export async function appendToOutbox(
  manager: EntityManager,
  events: SagaEvent[],
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  if (events.length === 0) return;
  await manager.query(
    `INSERT INTO outbox_message (event_id, topic, message_key, event_type, value, headers)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
    [
      events.map((e) => e.eventId),
      events.map((e) => topicOf(e.type)),
      events.map((e) => e.orderId),
      events.map((e) => e.type),
      events.map((e) => serializeEvent(e)),
      events.map((e) => JSON.stringify({ ...headersOf(e, extraHeaders), ...traceOutgoingEvent(e, topicOf(e.type)) })),
    ],
  );
}
