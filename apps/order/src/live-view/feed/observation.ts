import { SagaEvent } from '@saga/events';

/** Where a record was read: enough to find it again with any Kafka tool. */
export interface RecordSource {
  topic: string;
  partition: number;
  offset: string;
}

/** A record of `<topic>.DLT`, described from the headers the saga transport puts on every dead letter. */
export interface DeadLetterView {
  source: RecordSource;
  originalTopic: string;
  /** From the `order-id` header or the record key; absent for poison that carried neither. */
  orderId?: string;
  eventType?: string;
  eventId?: string;
  /** ContractViolation reason (NOT_JSON, INVALID_PAYLOAD, ...) or HANDLER_FAILED. */
  reason: string;
  error: string;
  attempts: number;
  consumerGroup: string;
  failedAt: string;
}

/** What the live view's consumer hands on: a valid saga event, or a dead letter. */
export type Observation =
  | { kind: 'event'; event: SagaEvent; source: RecordSource }
  | { kind: 'dead-letter'; deadLetter: DeadLetterView };
