import { DeferredStatement } from '../deferred-statement';
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

/** An event as the outbox stores it: the exact record the relay publishes, from memory or read back from the table. */
export interface OutboxRow {
  event: SagaEvent;
  eventId: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * The rows for `events`, with the trace context active now (`traceparent`, so the consumer continues this
 * trace): each event's rows are built while its request or consumer span is active, and the transaction
 * inserts them all at once before it commits (outboxAppend), so the relay sees them exactly when the
 * state change that caused them commits, and never otherwise.
 */
export function outboxRowsOf(events: SagaEvent[]): OutboxRow[] {
  return events.map((event) => {
    const topic = topicOf(event.type);
    const headers = { ...headersOf(event), ...traceOutgoingEvent(event, topic) };
    return { event, eventId: event.eventId, topic, key: event.orderId, value: serializeEvent(event), headers };
  });
}

/** The outbox append of a transaction's rows, written with its other deferred writes (writeTogether). */
export function outboxAppend(rows: OutboxRow[]): DeferredStatement | null {
  if (rows.length === 0) return null;
  return {
    sql: `INSERT INTO outbox_message (event_id, topic, message_key, event_type, value, headers)
          SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
    params: [
      rows.map((r) => r.eventId),
      rows.map((r) => r.topic),
      rows.map((r) => r.key),
      rows.map((r) => r.event.type),
      rows.map((r) => r.value),
      rows.map((r) => JSON.stringify(r.headers)),
    ],
  };
}
