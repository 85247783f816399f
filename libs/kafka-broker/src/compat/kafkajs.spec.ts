import { Admin, CompressionTypes, Consumer, Kafka } from 'kafkajs';
import { range, startTestBroker, TestBroker, uniqueName, waitFor } from '../testing';
import { collectInto, fastConsumerConfig, ReceivedMessage, testKafka } from './kafkajs-helpers';

describe('kafkajs 2.2.4 against the embedded broker', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  const consumers: Consumer[] = [];

  const newConsumer = (groupId: string) => {
    const consumer = kafka.consumer(fastConsumerConfig(groupId));
    consumers.push(consumer);
    return consumer;
  };

  beforeAll(async () => {
    // A low session floor lets one test expire a stuck member in about a second.
    broker = await startTestBroker({ persistent: true, defaultPartitions: 2, groupMinSessionTimeoutMs: 500 });
    kafka = testKafka(broker.address, 'compat-kafkajs');
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.disconnect().catch(() => undefined);
    await admin?.disconnect();
    await broker?.stop();
  });

  it('round-trips keys, values and headers in order when the producer is idempotent and gzips', async () => {
    const topic = uniqueName('kjs-idempotent');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      for (const batch of range(0, 3)) {
        const messages = range(batch * 20, 20).map((i) => ({ key: `k${i}`, value: `v${i}`, headers: { 'event-type': 'TEST' } }));
        const [result] = await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages });
        expect(result.errorCode).toBe(0);
        expect(Number(result.baseOffset)).toBe(batch * 20);
      }
    } finally {
      await producer.disconnect();
    }

    const received: ReceivedMessage[] = [];
    await collectInto(newConsumer(uniqueName('kjs-idempotent')), 'only', [topic], received);
    await waitFor(() => received.length >= 60, { what: '60 gzipped messages' });

    expect(received.map((m) => m.offset)).toEqual(range(0, 60));
    expect(received.map((m) => `${m.key}=${m.value}`)).toEqual(range(0, 60).map((i) => `k${i}=v${i}`));
    expect(received.every((m) => m.headers['event-type'] === 'TEST')).toBe(true);
  });

  it('consumes every message exactly once across two members and rebalances when one leaves', async () => {
    const topic = uniqueName('kjs-group');
    const groupId = uniqueName('kjs-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] });
    const assignments: Record<string, number[]> = {};
    const received: ReceivedMessage[] = [];
    const members = { a: newConsumer(groupId), b: newConsumer(groupId) };
    for (const [name, consumer] of Object.entries(members)) {
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => (assignments[name] = payload.memberAssignment[topic] ?? []));
      await collectInto(consumer, name, [topic], received);
    }
    await waitFor(() => assignments.a?.length === 2 && assignments.b?.length === 2, {
      what: 'both members to own two partitions each',
      timeoutMs: 20_000,
    });

    const producer = kafka.producer();
    await producer.connect();
    const produce = (from: number) =>
      producer.send({ topic, messages: range(from, 40).map((i) => ({ key: `key-${i}`, value: `m${i}` })) });
    try {
      await produce(0);
      await waitFor(() => received.length >= 40, { what: 'the first 40 messages' });
      expect(new Set(received.map((m) => m.member))).toEqual(new Set(['a', 'b']));

      await members.b.disconnect();
      await waitFor(() => assignments.a?.length === 4, { what: 'a to take over all partitions', timeoutMs: 20_000 });
      await produce(40);
      await waitFor(() => received.length >= 80, { what: 'all 80 messages' });
    } finally {
      await producer.disconnect();
    }

    const high = await admin.fetchTopicOffsets(topic);
    await waitFor(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return committed.partitions.every((p) => p.offset === high.find((h) => h.partition === p.partition)?.high);
      },
      { what: 'the group to commit up to the high watermark of every partition' },
    );
    expect(received.map((m) => m.value).sort()).toEqual(range(0, 80).map((i) => `m${i}`).sort());
    expect(received.filter((m) => Number(m.value!.slice(1)) >= 40).every((m) => m.member === 'a')).toBe(true);
  });

  it("hands a stuck member's partitions to the other member when the stuck one's session expires", async () => {
    const topic = uniqueName('kjs-stuck');
    const groupId = uniqueName('kjs-stuck');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const config = fastConsumerConfig(groupId, { sessionTimeout: 1_000 });
    const stuck = kafka.consumer(config);
    const healthy = kafka.consumer(config);
    consumers.push(stuck, healthy);
    const assignments: Record<string, number[]> = {};
    stuck.on(stuck.events.GROUP_JOIN, ({ payload }) => (assignments.stuck = payload.memberAssignment[topic] ?? []));
    healthy.on(healthy.events.GROUP_JOIN, ({ payload }) => (assignments.healthy = payload.memberAssignment[topic] ?? []));
    try {
      await stuck.connect();
      await stuck.subscribe({ topics: [topic], fromBeginning: true });
      // kafkajs heartbeats only between messages: a handler that never returns silences the member.
      await stuck.run({ eachMessage: () => released });
      const received: ReceivedMessage[] = [];
      await collectInto(healthy, 'healthy', [topic], received);
      await waitFor(() => assignments.stuck?.length === 1 && assignments.healthy?.length === 1, {
        what: 'one partition per member',
        timeoutMs: 20_000,
      });

      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: range(0, 20).map((i) => ({ partition: i % 2, value: `s${i}` })) });
      await producer.disconnect();

      await waitFor(() => assignments.healthy?.length === 2, { what: 'the healthy member to own both partitions', timeoutMs: 20_000 });
      await waitFor(() => new Set(received.map((m) => m.value)).size === 20, { what: 'every record at the healthy member' });
    } finally {
      release(); // lets the stuck member's disconnect in afterAll finish
    }
  });

  it('creates, grows, describes and deletes topics and reports offsets and groups through the admin client', async () => {
    const topic = uniqueName('kjs-admin');
    const groupId = uniqueName('kjs-admin');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).toBe(false);
    await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics[0].partitions.map((p) => [p.partitionId, p.leader]).sort()).toEqual([[0, 0], [1, 0], [2, 0]]);

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: range(0, 5).map((i) => ({ partition: 2, value: `a${i}` })) });
    await producer.disconnect();
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.sort((x, y) => x.partition - y.partition).map((o) => [o.partition, o.low, o.high])).toEqual([
      [0, '0', '0'],
      [1, '0', '0'],
      [2, '0', '5'],
    ]);

    const consumer = newConsumer(groupId);
    const received: ReceivedMessage[] = [];
    await collectInto(consumer, 'only', [topic], received);
    await waitFor(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return committed.partitions.find((p) => p.partition === 2)?.offset === '5';
      },
      { what: 'offset 5 committed on partition 2' },
    );
    const { groups } = await admin.listGroups();
    expect(groups).toContainEqual({ groupId, protocolType: 'consumer' });
    const described = await admin.describeGroups([groupId]);
    expect(described.groups[0]).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer', errorCode: 0 });
    expect(described.groups[0].members).toHaveLength(1);

    await consumer.disconnect();
    const afterLeave = await admin.describeGroups([groupId]);
    expect(afterLeave.groups[0].state).toBe('Empty');

    await admin.deleteTopics({ topics: [topic] });
    expect(await admin.listTopics()).not.toContain(topic);
  });

  it('stores records sent with acks=0, for which the broker sends no response', async () => {
    const topic = uniqueName('kjs-acks0');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    for (const i of range(0, 5)) await producer.send({ topic, acks: 0, messages: [{ value: `fire-${i}` }] });
    // A normal send on the same connection afterwards proves the connection was not left waiting for answers.
    await producer.send({ topic, acks: -1, messages: [{ value: 'acked' }] });
    await producer.disconnect();

    const [{ high }] = await admin.fetchTopicOffsets(topic);
    expect(high).toBe('6');
  });

  it('delivers every record, one batch at a time, when batches are larger than the fetch size limits', async () => {
    const topic = uniqueName('kjs-big-batches');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    const value = 'v'.repeat(1_000);
    for (const send of range(0, 5)) {
      await producer.send({ topic, messages: range(send * 20, 20).map((i) => ({ key: `${i}`, value })) });
    }
    await producer.disconnect();

    const consumer = kafka.consumer(fastConsumerConfig(uniqueName('kjs-big-batches'), { maxBytes: 1_024, maxBytesPerPartition: 512 }));
    consumers.push(consumer);
    const received: ReceivedMessage[] = [];
    await collectInto(consumer, 'only', [topic], received);
    await waitFor(() => received.length >= 100, { what: '100 records of 1 kB through 512-byte fetches' });
    expect(received.map((m) => m.key)).toEqual(range(0, 100).map(String));
  });

  it('finds offsets by timestamp and deletes an empty group', async () => {
    const topic = uniqueName('kjs-timestamps');
    const groupId = uniqueName('kjs-timestamps');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'old', timestamp: '1000' }, { value: 'older', timestamp: '1500' }] });
    await producer.send({ topic, messages: [{ value: 'new', timestamp: '5000' }] });
    await producer.disconnect();

    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 2_000)).toEqual([{ partition: 0, offset: '2' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 1_200)).toEqual([{ partition: 0, offset: '1' }]);

    const consumer = newConsumer(groupId);
    const received: ReceivedMessage[] = [];
    await collectInto(consumer, 'only', [topic], received);
    await waitFor(() => received.length >= 3, { what: 'the three records' });
    await consumer.disconnect();
    await admin.deleteGroups([groupId]);
    const { groups } = await admin.listGroups();
    expect(groups.map((g) => g.groupId)).not.toContain(groupId);
  });

  it('resumes at the committed offset when it points into the middle of a batch', async () => {
    const topic = uniqueName('kjs-mid-batch');
    const groupId = uniqueName('kjs-mid-batch');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    // One send to one partition: a single record batch holding offsets 0..9.
    await producer.send({ topic, messages: range(0, 10).map((i) => ({ value: `m${i}` })) });
    await producer.disconnect();

    const first = newConsumer(groupId);
    const firstSeen: ReceivedMessage[] = [];
    await collectInto(first, 'first', [topic], firstSeen, { autoCommit: false });
    await waitFor(() => firstSeen.length >= 10, { what: 'the first consumer to read the batch' });
    await first.commitOffsets([{ topic, partition: 0, offset: '4' }]);
    await first.disconnect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '4' })]);

    const resumed: ReceivedMessage[] = [];
    await collectInto(newConsumer(groupId), 'second', [topic], resumed);
    await waitFor(() => resumed.length >= 6, { what: 'the second consumer to resume' });
    expect(resumed.map((m) => [m.offset, m.value])).toEqual(range(4, 6).map((i) => [i, `m${i}`]));
  });
});
