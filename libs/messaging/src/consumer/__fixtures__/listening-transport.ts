import pino from 'pino';
import { SagaEvent, serializeEvent } from '@saga/events';
import { BatchControls, ConsumedRecord, MessageBus, OutgoingRecord, PartitionBatch } from '../../kafka/message-bus.port';
import { SagaKafkaTransport, SagaKafkaTransportOptions } from '../saga-kafka.transport';

export type OnBatch = (batch: PartitionBatch, controls: BatchControls) => Promise<void>;

/** `event` as the client hands it over, on the `order` topic. */
export function consumedRecord(event: SagaEvent, offset: number, partition = 0, headers: Record<string, string> = {}): ConsumedRecord {
  const value = Buffer.from(serializeEvent(event));
  return { topic: 'order', partition, offset: String(offset), key: event.orderId, value, headers, timestamp: '0' };
}

/**
 * A listening transport on a bus that never reaches Kafka: returns what the transport gave the bus to call
 * with each fetched partition batch, so a spec plays the client's part. What it publishes (dead letters)
 * goes to `published`.
 */
export async function listeningTransport(
  handlers: Record<string, (event: SagaEvent) => Promise<void>>,
  options: Pick<SagaKafkaTransportOptions, 'transactionBatches'> = {},
  published: OutgoingRecord[] = [],
): Promise<OnBatch> {
  let onBatch: OnBatch | undefined;
  const bus: MessageBus = {
    publish: async (records) => void published.push(...records),
    isReachable: async () => true,
    close: async () => undefined,
    consume: async (_options, batchHandler) => {
      onBatch = batchHandler;
      return { stop: async () => undefined };
    },
  };
  const transport = new SagaKafkaTransport({
    bus,
    groupId: 'spec-group',
    topics: ['order'],
    logger: pino({ level: 'silent' }),
    retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  for (const [type, handler] of Object.entries(handlers)) transport.addHandler(type, handler, true);
  await new Promise<void>((resolve, reject) => transport.listen((error?: unknown) => (error ? reject(error) : resolve())));
  return onBatch!;
}
