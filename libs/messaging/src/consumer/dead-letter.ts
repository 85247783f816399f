import { deadLetterTopicOf } from '@saga/events';
import { ConsumedRecord, OutgoingRecord } from '../kafka/message-bus.port';

/** Header names on a dead-lettered record: why it failed and where it came from, for triage and redrive. */
export const DeadLetterHeader = {
  reason: 'dlt-reason',
  error: 'dlt-error',
  originalTopic: 'dlt-original-topic',
  originalPartition: 'dlt-original-partition',
  originalOffset: 'dlt-original-offset',
  consumerGroup: 'dlt-consumer-group',
  failedAt: 'dlt-failed-at',
  attempts: 'dlt-attempts',
} as const;

export interface DeadLetterCause {
  /** ContractViolation reason (NOT_JSON, UNKNOWN_TYPE, ...) or HANDLER_FAILED. */
  reason: string;
  error: string;
  attempts: number;
}

/** The poison record unchanged (key, value, headers), plus headers that say why and where from. */
export function toDeadLetter(record: ConsumedRecord, consumerGroup: string, cause: DeadLetterCause): OutgoingRecord {
  return {
    topic: deadLetterTopicOf(record.topic),
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      [DeadLetterHeader.reason]: cause.reason,
      [DeadLetterHeader.error]: cause.error.slice(0, 2000),
      [DeadLetterHeader.originalTopic]: record.topic,
      [DeadLetterHeader.originalPartition]: String(record.partition),
      [DeadLetterHeader.originalOffset]: record.offset,
      [DeadLetterHeader.consumerGroup]: consumerGroup,
      [DeadLetterHeader.failedAt]: new Date().toISOString(),
      [DeadLetterHeader.attempts]: String(cause.attempts),
    },
  };
}
