/**
 * The saga's topics, declared once. Every record is keyed by orderId so that one order's
 * events land on one partition and are consumed in the order they were produced.
 */
export const Topic = {
  order: 'order',
  inventory: 'inventory',
  payment: 'payment',
} as const;

export type TopicName = (typeof Topic)[keyof typeof Topic];

export const ALL_TOPICS: readonly TopicName[] = [Topic.order, Topic.inventory, Topic.payment];

/** Where a consumer parks a record it cannot process, with the reason in the record's headers. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.DLT`;
}

export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
  retentionMs: number;
}

const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;
const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Partitions: the expected peak (~3,000 events/s per topic) over what one consumer instance
 * sustains (~1,000/s) gives 3, doubled so a service can scale out to 6 instances without
 * re-partitioning (which would move keys and break per-order ordering).
 * Retention: saga events are worth replaying for a week (late consumers, redrive); dead
 * letters wait for a human, so they are kept a month.
 */
export const TOPIC_SETTINGS: Readonly<Record<string, TopicSettings>> = {
  [Topic.order]: { partitions: 6, replicationFactor: 3, retentionMs: SEVEN_DAYS_MS },
  [Topic.inventory]: { partitions: 6, replicationFactor: 3, retentionMs: SEVEN_DAYS_MS },
  [Topic.payment]: { partitions: 6, replicationFactor: 3, retentionMs: SEVEN_DAYS_MS },
  [deadLetterTopicOf(Topic.order)]: { partitions: 1, replicationFactor: 3, retentionMs: THIRTY_DAYS_MS },
  [deadLetterTopicOf(Topic.inventory)]: { partitions: 1, replicationFactor: 3, retentionMs: THIRTY_DAYS_MS },
  [deadLetterTopicOf(Topic.payment)]: { partitions: 1, replicationFactor: 3, retentionMs: THIRTY_DAYS_MS },
};
