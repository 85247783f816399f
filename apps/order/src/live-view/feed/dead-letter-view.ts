import { EventHeader } from '@saga/events';
import { DeadLetterHeader } from '@saga/messaging';
import { DeadLetterView, RecordSource } from './observation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads a dead letter from its headers only: its value is the poison record itself (maybe not JSON,
 * maybe not an event at all). Whatever is missing is said so rather than guessed; the order id is
 * taken only when it is a uuid, so a broken record cannot attach itself to an arbitrary order.
 */
export function deadLetterViewOf(
  source: RecordSource,
  key: string | null,
  headers: Record<string, string>,
  recordTimestamp: string,
): DeadLetterView {
  const orderId = [headers[EventHeader.orderId], key].find((candidate) => candidate !== undefined && candidate !== null && UUID.test(candidate));
  const attempts = Number.parseInt(headers[DeadLetterHeader.attempts] ?? '', 10);
  const failedAt = Date.parse(headers[DeadLetterHeader.failedAt] ?? '');
  return {
    source,
    originalTopic: headers[DeadLetterHeader.originalTopic] ?? source.topic.replace(/\.DLT$/, ''),
    ...(orderId && { orderId: orderId.toLowerCase() }),
    ...(headers[EventHeader.eventType] && { eventType: headers[EventHeader.eventType] }),
    ...(headers[EventHeader.eventId] && { eventId: headers[EventHeader.eventId] }),
    reason: headers[DeadLetterHeader.reason] ?? 'UNKNOWN',
    error: headers[DeadLetterHeader.error] ?? '',
    attempts: Number.isFinite(attempts) && attempts > 0 ? attempts : 1,
    consumerGroup: headers[DeadLetterHeader.consumerGroup] ?? 'unknown',
    failedAt: new Date(Number.isFinite(failedAt) ? failedAt : Number(recordTimestamp)).toISOString(),
  };
}
