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
  await insertOutboxRows(manager, outboxRowsOf(events, extraHeaders));
}

/** An event as the outbox stores it: the exact record value and headers the relay will publish. */
export interface OutboxRow {
  event: SagaEvent;
  value: string;
  headers: string;
}

/**
 * The rows for `events`, with the trace context active now: a batch builds each event's rows while
 * that event's consumer span is active, and inserts them all at once at the end (insertOutboxRows).
 */
export function outboxRowsOf(events: SagaEvent[], extraHeaders: Record<string, string> = {}): OutboxRow[] {
  return events.map((event) => {
    const topic = topicOf(event.type);
    const headers = { ...headersOf(event, extraHeaders), ...traceOutgoingEvent(event, topic) };
    return { event, value: serializeEvent(event), headers: JSON.stringify(headers) };
  });
}

export async function insertOutboxRows(manager: EntityManager, rows: OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO outbox_message (event_id, topic, message_key, event_type, value, headers)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
    [
      rows.map((r) => r.event.eventId),
      rows.map((r) => topicOf(r.event.type)),
      rows.map((r) => r.event.orderId),
      rows.map((r) => r.event.type),
      rows.map((r) => r.value),
      rows.map((r) => r.headers),
    ],
  );
}
