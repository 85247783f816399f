/**
 * The only Kafka surface the services see. kafkajs sits behind it (kafkajs-bus.ts) so the
 * client can be swapped without touching a handler.
 */
export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface PartitionBatch {
  topic: string;
  partition: number;
  records: ConsumedRecord[];
}

/** What a batch handler may do while it works through a partition batch. */
export interface BatchControls {
  /** Marks a record done: its offset may be committed (only ever after its local transaction committed). */
  markProcessed(record: ConsumedRecord): void;
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the partition was revoked: stop and leave the rest for redelivery. */
  shouldContinue(): boolean;
}

export interface MessageBus {
  /** Resolves once every record is acknowledged by all in-sync replicas (acks=all). */
  publish(records: OutgoingRecord[]): Promise<void>;
  /** Round-trips to the cluster; false when it cannot be reached within the timeout. */
  isReachable(timeoutMs: number): Promise<boolean>;
  /** Joins the consumer group and hands each fetched partition batch to onBatch, one batch per partition at a time. */
  consume(
    options: ConsumeOptions,
    onBatch: (batch: PartitionBatch, controls: BatchControls) => Promise<void>,
  ): Promise<ConsumerHandle>;
  close(): Promise<void>;
}

export interface ConsumerHandle {
  /** Leaves the group after the batches in progress finish. */
  stop(): Promise<void>;
}

export interface ConsumeOptions {
  groupId: string;
  topics: string[];
  /** Partitions of different topics/partitions processed at the same time; records of one partition stay in order. */
  partitionsConsumedConcurrently?: number;
}
