import { Admin, Kafka, logLevel } from 'kafkajs';
import { TOPIC_SETTINGS, TopicSettings } from '@saga/events';
import { RunningBroker, startBroker } from '@saga/kafka-broker';
import { describeOutcome, ensureTopics } from './ensure-topics';
import { planTopics } from './topic-plan';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('planTopics', () => {
  it('caps replication at the broker count and derives min.insync.replicas from it', () => {
    const settings: Record<string, TopicSettings> = { t: { partitions: 6, replicationFactor: 3, retentionMs: DAY_MS } };
    expect(planTopics(settings, 1)[0]).toMatchObject({ replicationFactor: 1, declaredReplicationFactor: 3, minInSyncReplicas: 1 });
    expect(planTopics(settings, 2)[0]).toMatchObject({ replicationFactor: 2, minInSyncReplicas: 1 });
    expect(planTopics(settings, 5)[0]).toMatchObject({ replicationFactor: 3, minInSyncReplicas: 2 });
  });

  it('plans every saga topic and its dead-letter topic with the declared partitions and retention', () => {
    const plan = planTopics(TOPIC_SETTINGS, 3);
    expect(plan.map((t) => t.name).sort()).toEqual(['inventory', 'inventory.DLT', 'order', 'order.DLT', 'payment', 'payment.DLT']);
    for (const topic of plan) {
      expect(topic).toMatchObject({ partitions: TOPIC_SETTINGS[topic.name].partitions, retentionMs: TOPIC_SETTINGS[topic.name].retentionMs });
    }
  });
});

describe('ensureTopics against the embedded broker', () => {
  let broker: RunningBroker;
  let admin: Admin;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, defaultPartitions: 1, log: () => undefined });
    admin = new Kafka({ clientId: 'topics-spec', brokers: [broker.address], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
    await broker?.stop();
  });

  it('creates the missing topics with their declared partitions, replication 1 on a single node', async () => {
    const outcomes = await ensureTopics(admin, TOPIC_SETTINGS);

    expect(outcomes.every((o) => o.status === 'created')).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: Object.keys(TOPIC_SETTINGS) });
    for (const topic of metadata.topics) {
      expect(topic.partitions).toHaveLength(TOPIC_SETTINGS[topic.name].partitions);
      expect(topic.partitions.every((p) => p.replicas.length === 1)).toBe(true);
    }
    expect(describeOutcome(outcomes.find((o) => o.topic.name === 'order.DLT')!)).toBe(
      'created order.DLT: 1 partition, replication 1 (declared 3, capped at the broker count), min.insync.replicas 1, retention 30 d',
    );
  });

  it('leaves existing topics alone on a second run and reports a partition count that differs from the declaration', async () => {
    await admin.createTopics({ topics: [{ topic: 'drifted', numPartitions: 2 }] });
    const outcomes = await ensureTopics(admin, {
      ...TOPIC_SETTINGS,
      drifted: { partitions: 4, replicationFactor: 1, retentionMs: DAY_MS },
    });

    expect(outcomes.every((o) => o.status === 'exists')).toBe(true);
    const drifted = outcomes.find((o) => o.topic.name === 'drifted')!;
    expect(describeOutcome(drifted)).toBe('exists  drifted: 2 partitions (declared 4: left unchanged, see the README)');
    const [metadata] = (await admin.fetchTopicMetadata({ topics: ['drifted'] })).topics;
    expect(metadata.partitions).toHaveLength(2);
  });
});
