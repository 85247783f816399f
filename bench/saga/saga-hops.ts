import { Kafka, logLevel } from 'kafkajs';
import { ALL_TOPICS, EventHeader } from '@saga/events';
import { eventually } from '@saga/testing';
import { LatencySummary, summarize } from './latency';
import { PlacedOrder } from './open-loop';
import { SagaOutcomes } from './saga-outcomes';

const TOPICS = [...ALL_TOPICS];

/** The happy path's events, in saga order. */
const CHAIN = ['ORDER_CREATED', 'INVENTORY_RESERVED', 'PAYMENT_COMPLETED', 'ORDER_CONFIRMED'] as const;
type ChainEvent = (typeof CHAIN)[number];

/**
 * The hops of a confirmed saga, in order; their latencies add up to the saga's. Each event carries two times:
 * `occurredAt`, set when its handler made it (inside the transaction that commits it), and the record's
 * timestamp, set by the relay's producer as it sent the record. So a relay hop is the rest of its transaction,
 * the commit and the relay's reading of the row; a service hop is the produce, the fetch and the handling up
 * to the event it makes.
 */
export const HOPS = [
  'POST -> ORDER_CREATED made',
  'order relay: ORDER_CREATED sent',
  'inventory: INVENTORY_RESERVED made',
  'inventory relay: sent',
  'payment: PAYMENT_COMPLETED made',
  'payment relay: sent',
  'order: ORDER_CONFIRMED made',
  'order relay: ORDER_CONFIRMED sent',
  'ORDER_CONFIRMED read by a consumer',
] as const;

export type HopLatencies = Record<(typeof HOPS)[number], LatencySummary>;

interface EventTimes {
  madeAt: number;
  sentAt: number;
}

export type TopicOffsets = { topic: string; partitions: { partition: number; offset: string }[] }[];

/** Where each partition of the saga's topics ends now: a run's events are read back from here. */
export async function topicEnds(brokers: string): Promise<TopicOffsets> {
  const admin = new Kafka({ brokers: [brokers], clientId: 'saga-bench-hops', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await Promise.all(
      TOPICS.map(async (topic) => ({
        topic,
        partitions: (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high })),
      })),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads back the events written since `from` (after the run, so the reading costs the run nothing) and splits
 * each confirmed saga's latency into its hops. All processes share this machine's clock.
 */
export async function sagaHops(
  brokers: string,
  from: TopicOffsets,
  placed: PlacedOrder[],
  outcomes: SagaOutcomes,
): Promise<HopLatencies> {
  const events = await readEvents(brokers, from, await topicEnds(brokers));
  const samples = HOPS.map(() => [] as number[]);
  for (const order of placed) {
    const outcome = order.orderId ? outcomes.byOrderId.get(order.orderId) : undefined;
    const times = order.orderId ? events.get(order.orderId) : undefined;
    if (outcome?.status !== 'CONFIRMED' || !times || !CHAIN.every((type) => times.has(type))) continue;
    const [created, reserved, completed, confirmed] = CHAIN.map((type) => times.get(type)!);
    const points = [
      epochOf(order.scheduledAt),
      created.madeAt,
      created.sentAt,
      reserved.madeAt,
      reserved.sentAt,
      completed.madeAt,
      completed.sentAt,
      confirmed.madeAt,
      confirmed.sentAt,
      epochOf(outcome.seenAt),
    ];
    HOPS.forEach((_, i) => samples[i].push(points[i + 1] - points[i]));
  }
  return Object.fromEntries(HOPS.map((hop, i) => [hop, summarize(samples[i])])) as HopLatencies;
}

/** performance.now() as epoch milliseconds, the unit of the events' times. */
function epochOf(monotonicMs: number): number {
  return performance.timeOrigin + monotonicMs;
}

type EventsByOrder = Map<string, Map<ChainEvent, EventTimes>>;

async function readEvents(brokers: string, from: TopicOffsets, to: TopicOffsets): Promise<EventsByOrder> {
  const kafka = new Kafka({ brokers: [brokers], clientId: 'saga-bench-hops', logLevel: logLevel.NOTHING });
  const groupId = `saga-bench-hops-${process.pid}-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  // A new group starts where the run started, not at the topics' beginning (earlier runs' events).
  for (const { topic, partitions } of from) await admin.setOffsets({ groupId, topic, partitions });
  await admin.disconnect();

  const remaining = new Map<string, bigint>();
  for (const { topic, partitions } of to) {
    for (const { partition, offset } of partitions) {
      const start = from.find((t) => t.topic === topic)?.partitions.find((p) => p.partition === partition)?.offset ?? '0';
      if (BigInt(offset) > BigInt(start)) remaining.set(`${topic}/${partition}`, BigInt(offset));
    }
  }
  const events: EventsByOrder = new Map();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: TOPICS });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const type = message.headers?.[EventHeader.eventType]?.toString() as ChainEvent | undefined;
        const orderId = message.key?.toString();
        if (type && orderId && (CHAIN as readonly string[]).includes(type)) {
          const { occurredAt } = JSON.parse(message.value!.toString()) as { occurredAt: string };
          const times = events.get(orderId) ?? new Map<ChainEvent, EventTimes>();
          times.set(type, { madeAt: Date.parse(occurredAt), sentAt: Number(message.timestamp) });
          events.set(orderId, times);
        }
      }
      const key = `${batch.topic}/${batch.partition}`;
      if (BigInt(batch.lastOffset()) + 1n >= (remaining.get(key) ?? 0n)) remaining.delete(key);
    },
  });
  try {
    await eventually(() => remaining.size === 0, 60_000, 50);
  } finally {
    await consumer.disconnect();
  }
  return events;
}
