import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import pino from 'pino';
import { RunningBroker, startBroker } from '@saga/kafka-broker';
import { eventually } from '@saga/testing';
import { createEvent, serializeEvent } from '@saga/events';
import { consumerLag } from '../lag/consumer-lag';
import { ConsumerLagReader } from '../lag/consumer-lag.reader';
import { Observation } from './observation';
import { SagaEventFeed } from './saga-event-feed';

const EVENT_TOPICS = ['order', 'inventory'];
const DLT_TOPICS = ['order.DLT'];
const HOUR_MS = 60 * 60 * 1000;

function orderCreated(orderId = randomUUID()) {
  return createEvent('ORDER_CREATED', {
    transactionId: randomUUID(),
    orderId,
    payload: { customerId: 'alice', items: [{ sku: 'MOUSE-01', quantity: 1 }] },
  });
}

describe('SagaEventFeed on the embedded broker', () => {
  let broker: RunningBroker;
  let kafka: Kafka;
  let producer: Producer;
  const feeds: SagaEventFeed[] = [];

  const startFeed = async (replayFrom: number) => {
    const observations: Observation[] = [];
    const feed = new SagaEventFeed({
      kafka,
      groupId: `live-view-spec-${randomUUID()}`,
      eventTopics: EVENT_TOPICS,
      deadLetterTopics: DLT_TOPICS,
      replayFrom,
      logger: pino({ level: 'silent' }),
    });
    feeds.push(feed);
    await feed.start((observation) => observations.push(observation));
    return { feed, observations };
  };

  const endOffsets = (admin: ReturnType<Kafka['admin']>) =>
    Promise.all([...EVENT_TOPICS, ...DLT_TOPICS].map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));

  beforeAll(async () => {
    broker = await startBroker({ port: 0, defaultPartitions: 3, log: () => undefined });
    kafka = new Kafka({ clientId: 'live-view-spec', brokers: [broker.address], logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });

  afterEach(async () => {
    await Promise.all(feeds.splice(0).map((feed) => feed.stop()));
  });

  afterAll(async () => {
    await producer?.disconnect();
    await broker?.stop();
  });

  it('replays only the records since the replay start, then follows new ones', async () => {
    const old = orderCreated();
    const recent = orderCreated();
    await producer.send({
      topic: 'order',
      messages: [{ key: old.orderId, value: serializeEvent(old), timestamp: String(Date.now() - 2 * HOUR_MS) }],
    });
    await producer.send({ topic: 'order', messages: [{ key: recent.orderId, value: serializeEvent(recent) }] });

    const { observations } = await startFeed(Date.now() - HOUR_MS);
    const live = orderCreated();
    await producer.send({ topic: 'order', messages: [{ key: live.orderId, value: serializeEvent(live) }] });

    const seen = await eventually(async () => {
      const ids = observations.flatMap((o) => (o.kind === 'event' ? [o.event.orderId] : []));
      return ids.includes(recent.orderId) && ids.includes(live.orderId) ? ids : undefined;
    }, 20_000);
    expect(seen).not.toContain(old.orderId);
  });

  it('hands on dead letters with their headers, skips records that break the contract, and catches up to the end offsets', async () => {
    const orderId = randomUUID();
    const { feed, observations } = await startFeed(Date.now() - HOUR_MS);
    await producer.send({ topic: 'inventory', messages: [{ key: orderId, value: 'not json' }] });
    await producer.send({
      topic: 'order.DLT',
      messages: [{ key: orderId, value: 'not json', headers: { 'dlt-reason': 'NOT_JSON', 'dlt-original-topic': 'inventory', 'dlt-attempts': '1' } }],
    });

    const deadLetter = await eventually(async () => observations.find((o) => o.kind === 'dead-letter'), 20_000);
    expect(deadLetter).toMatchObject({ deadLetter: { orderId, reason: 'NOT_JSON', originalTopic: 'inventory', source: { topic: 'order.DLT' } } });
    expect(observations.filter((o) => o.kind === 'event' && o.event.orderId === orderId)).toEqual([]);

    const admin = kafka.admin();
    await admin.connect();
    try {
      await eventually(async () => {
        const ends = (await endOffsets(admin)).map(({ topic, partitions }) => ({ topic, partitions: partitions.map(({ partition, high, low }) => ({ partition, high, low })) }));
        const behind = consumerLag([{ groupId: feed.groupId, topics: feed.currentPositions() }], ends).filter((row) => row.lag > 0);
        return behind.length === 0 || undefined;
      }, 20_000);
    } finally {
      await admin.disconnect();
    }
  });

  it('commits nothing and leaves no group behind when it stops', async () => {
    const { feed } = await startFeed(Date.now() - HOUR_MS);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await eventually(async () => (await admin.listGroups()).groups.some((g) => g.groupId === feed.groupId) || undefined, 20_000);
      const committed = await admin.fetchOffsets({ groupId: feed.groupId, topics: EVENT_TOPICS });
      expect(committed.flatMap((t) => t.partitions).every((p) => p.offset === '-1')).toBe(true);

      await feed.stop();
      expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(feed.groupId);
    } finally {
      await admin.disconnect();
    }
  });

  it('reads other groups\' committed lag next to its own in-memory position', async () => {
    const { feed } = await startFeed(Date.now() - HOUR_MS);
    const reader = new ConsumerLagReader(kafka, [...EVENT_TOPICS, ...DLT_TOPICS]);
    const lagOf = async (groupId: string) => {
      const lag = await reader.read({ groupId: feed.groupId, topics: feed.currentPositions() });
      return { lag, order: lag.rows.find((row) => row.groupId === groupId && row.topic === 'order')?.lag };
    };
    const groupId = `inventory-like-${randomUUID()}`;
    const [read, unread] = [orderCreated(), orderCreated()];
    await producer.send({ topic: 'order', messages: [{ key: read.orderId, value: serializeEvent(read) }] });
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: ['order'], fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
      // Caught up once everything it read is committed (kafkajs commits after each batch).
      await eventually(async () => (await lagOf(groupId)).order === 0 || undefined, 20_000);
      await consumer.disconnect();
      await producer.send({ topic: 'order', messages: [{ key: unread.orderId, value: serializeEvent(unread) }] });

      const view = await eventually(async () => {
        const { lag, order } = await lagOf(groupId);
        const own = lag.rows.filter((row) => row.groupId === feed.groupId);
        return order === 1 && own.length > 0 && own.every((row) => row.lag === 0 && row.inMemory) ? lag : undefined;
      }, 20_000);
      expect(view!.error).toBeUndefined();
    } finally {
      await consumer.disconnect();
      await reader.close();
    }
  });
});
