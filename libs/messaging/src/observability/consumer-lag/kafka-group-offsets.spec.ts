import pino from 'pino';
import { Registry } from 'prom-client';
import { RunningBroker, startBroker } from '@saga/kafka-broker';
import { eventually } from '@saga/testing';
import { KafkajsBus } from '../../kafka/kafkajs-bus';
import { ConsumerHandle } from '../../kafka/message-bus.port';
import { ConsumerLagMonitor } from './consumer-lag.monitor';

describe('consumer lag from the Kafka admin API (KafkajsBus.readGroupOffsets on the embedded broker)', () => {
  let broker: RunningBroker;
  let bus: KafkajsBus;
  let consumer: ConsumerHandle | undefined;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, defaultPartitions: 2, log: () => undefined });
    bus = new KafkajsBus({ clientId: 'lag-spec', brokers: [broker.address], maxWaitTimeInMs: 100 });
  });

  afterAll(async () => {
    await consumer?.stop();
    await bus?.close();
    await broker?.stop();
  });

  const publish = (topic: string, count: number, key = 'same-key') =>
    bus.publish(Array.from({ length: count }, (_, i) => ({ topic, key, value: `record ${i}` })));

  it('reads committed and end offsets per partition, null for a partition the group never committed', async () => {
    await publish('lag-read', 5);
    let processed = 0;
    consumer = await bus.consume({ groupId: 'reader', topics: ['lag-read'] }, async (batch, controls) => {
      // Marks only the first three records done, as a consumer stuck on the fourth would.
      for (const record of batch.records) if (processed < 3 && ++processed) controls.markProcessed(record);
    });
    const offsets = await eventually(async () => {
      const read = await bus.readGroupOffsets('reader', ['lag-read']);
      if (!read.some((p) => p.committedOffset === 3)) throw new Error(`not committed yet: ${JSON.stringify(read)}`);
      return read;
    }, 20000);
    await consumer.stop();
    consumer = undefined;

    const loaded = offsets.find((p) => p.endOffset === 5)!;
    const empty = offsets.find((p) => p.partition !== loaded.partition)!;
    expect(loaded).toEqual({ topic: 'lag-read', partition: loaded.partition, committedOffset: 3, endOffset: 5, startOffset: 0 });
    expect(empty).toEqual({ topic: 'lag-read', partition: empty.partition, committedOffset: null, endOffset: 0, startOffset: 0 });
  });

  it('turns a group ERROR once it stops committing while records pile up, and OK again when it catches up', async () => {
    const registry = new Registry();
    const monitor = new ConsumerLagMonitor(bus, registry, pino({ level: 'silent' }), { sampleIntervalMs: 60_000, windowSize: 3 });
    const groupStatus = async () => {
      const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'kafka_consumer_group_status')!;
      return metric.values.find((v) => v.value === 1)?.labels.status;
    };

    // No consumer runs for "stalled": each sample sees more waiting records and no commit.
    for (let i = 0; i < 3; i++) {
      await publish('lag-stall', 2);
      await monitor.sample('stalled', ['lag-stall']);
    }
    expect(await groupStatus()).toBe('ERROR');

    consumer = await bus.consume({ groupId: 'stalled', topics: ['lag-stall'] }, async (batch, controls) => {
      batch.records.forEach((record) => controls.markProcessed(record));
    });
    await eventually(async () => {
      await monitor.sample('stalled', ['lag-stall']);
      return (await groupStatus()) === 'OK';
    }, 20000, 200);
  });
});
