import { IHeaders } from 'kafkajs';
import { EventHeader } from '@saga/events';
import { DeadLetterHeader } from '@saga/messaging';

/** One record read back from a dead-letter topic, exactly as it is stored there. */
export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** When the record was written to the dead-letter topic (ms since epoch, as a string like kafkajs gives it). */
  timestamp: string;
}

/** What an operator triages by: where it failed, why, and what it was. */
export interface DeadLetterSummary {
  partition: number;
  offset: string;
  failedAt: string;
  consumerGroup: string;
  reason: string;
  error: string;
  eventType: string;
  eventId: string;
  orderId: string;
  original: string;
  attempts: string;
}

const UNKNOWN = '?';

export function summarize(record: DeadLetter): DeadLetterSummary {
  const h = record.headers;
  return {
    partition: record.partition,
    offset: record.offset,
    failedAt: h[DeadLetterHeader.failedAt] ?? new Date(Number(record.timestamp)).toISOString(),
    consumerGroup: h[DeadLetterHeader.consumerGroup] ?? UNKNOWN,
    reason: h[DeadLetterHeader.reason] ?? UNKNOWN,
    error: h[DeadLetterHeader.error] ?? '',
    eventType: h[EventHeader.eventType] ?? UNKNOWN,
    eventId: h[EventHeader.eventId] ?? UNKNOWN,
    orderId: h[EventHeader.orderId] ?? record.key ?? UNKNOWN,
    original: `${originalTopicOf(record)}/${h[DeadLetterHeader.originalPartition] ?? UNKNOWN}@${h[DeadLetterHeader.originalOffset] ?? UNKNOWN}`,
    attempts: h[DeadLetterHeader.attempts] ?? UNKNOWN,
  };
}

/** The topic a dead letter came from: its header, else the DLT's name without the suffix. */
export function originalTopicOf(record: DeadLetter): string {
  const fromHeader = record.headers[DeadLetterHeader.originalTopic];
  if (fromHeader) return fromHeader;
  if (record.topic.endsWith('.DLT')) return record.topic.slice(0, -'.DLT'.length);
  throw new Error(`${record.topic}@${record.offset} has no ${DeadLetterHeader.originalTopic} header and is not on a .DLT topic`);
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return result;
}
