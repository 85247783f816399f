import { Kafka } from 'kafkajs';
import { BrokerProcess, makeTempDir, range, removeDir, spawnBroker, uniqueName, waitFor } from '../testing';
import { collectInto, fastConsumerConfig, ReceivedMessage, testKafka } from './kafkajs-helpers';

describe('broker CLI durability across kill -9', () => {
  let dataDir: string;
  let broker: BrokerProcess | undefined;
  const clients: Array<{ disconnect(): Promise<void> }> = [];

  /** Kills the running broker without warning (if any) and starts a new one on the same data dir. */
  const restart = async (port = 0) => {
    await broker?.kill();
    broker = await spawnBroker({ dataDir, partitions: 1, port });
    return { broker, kafka: testKafka(broker.address, 'durability') };
  };

  const readAll = async (kafka: Kafka, topic: string, count: number) => {
    const received: ReceivedMessage[] = [];
    const consumer = kafka.consumer(fastConsumerConfig(uniqueName('durability-reader')));
    clients.push(consumer);
    await collectInto(consumer, 'reader', [topic], received);
    await waitFor(() => received.length >= count, { what: `${count} records after the restart`, timeoutMs: 15_000 });
    await consumer.disconnect();
    return received;
  };

  beforeAll(() => {
    dataDir = makeTempDir('kafka-broker-durability-');
  });

  afterAll(async () => {
    for (const client of clients) await client.disconnect().catch(() => undefined);
    await broker?.kill();
    removeDir(dataDir);
  });

  it('keeps every acknowledged record in order and the committed offset when restarted on the same data dir', async () => {
    const topic = uniqueName('durable');
    const groupId = uniqueName('durable');
    let { kafka } = await restart();
    const producer = kafka.producer();
    clients.push(producer);
    await producer.connect();
    for (const send of range(0, 10)) {
      await producer.send({ topic, acks: -1, messages: range(send * 20, 20).map((i) => ({ key: `k${i}`, value: `r${i}` })) });
    }
    await producer.disconnect();
    const committer = kafka.consumer(fastConsumerConfig(groupId));
    clients.push(committer);
    const seen: ReceivedMessage[] = [];
    await collectInto(committer, 'committer', [topic], seen, { autoCommit: false });
    await waitFor(() => seen.length >= 200, { what: 'the committer to read everything' });
    await committer.commitOffsets([{ topic, partition: 0, offset: '73' }]);
    await committer.disconnect();

    ({ kafka } = await restart());

    const received = await readAll(kafka, topic, 200);
    expect(received.map((m) => `${m.offset}:${m.key}=${m.value}`)).toEqual(range(0, 200).map((i) => `${i}:k${i}=r${i}`));
    const admin = kafka.admin();
    clients.push(admin);
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '73' })]);
    await admin.disconnect();
    const appender = kafka.producer();
    clients.push(appender);
    await appender.connect();
    const [next] = await appender.send({ topic, acks: -1, messages: [{ value: 'after restart' }] });
    expect(next.baseOffset).toBe('200');
    await appender.disconnect();
  });

  it('loses no acknowledged record when killed in the middle of a produce stream', async () => {
    const topic = uniqueName('durable-stream');
    let { broker: running, kafka } = await restart();
    // No retries: a send in flight at the kill must fail, not be replayed into the next broker.
    const producer = kafka.producer({ retry: { retries: 0 } });
    clients.push(producer);
    await producer.connect();
    const acknowledged: string[] = [];
    let stopped = false;
    const stream = (async () => {
      for (let next = 0; !stopped; next += 5) {
        const values = range(next, 5).map((i) => `s${i}`);
        try {
          await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
        } catch {
          return;
        }
        acknowledged.push(...values);
      }
    })();
    await waitFor(() => acknowledged.length >= 300, { what: '300 acknowledged records' });

    await running.kill();
    stopped = true;
    await stream;
    await producer.disconnect().catch(() => undefined);
    ({ kafka } = await restart());

    const admin = kafka.admin();
    clients.push(admin);
    await admin.connect();
    const [{ high }] = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const stored = (await readAll(kafka, topic, Number(high))).map((m) => m.value);
    // Records the broker wrote but never acknowledged may survive too; acknowledged ones must all be there, in order.
    expect(stored.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(stored).toEqual(range(0, stored.length).map((i) => `s${i}`));
  });

  it('lets connected clients carry on without loss or duplicates when the broker restarts on the same port', async () => {
    const topic = uniqueName('durable-restart');
    const groupId = uniqueName('durable-restart');
    const { broker: first, kafka } = await restart();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const consumer = kafka.consumer(fastConsumerConfig(groupId));
    clients.push(producer, consumer);
    await producer.connect();
    const sendBatch = (batch: number) =>
      producer.send({ topic, acks: -1, messages: range(batch * 10, 10).map((i) => ({ value: `i${i}` })) });
    for (const batch of range(0, 5)) await sendBatch(batch);
    const received: ReceivedMessage[] = [];
    await collectInto(consumer, 'survivor', [topic], received);
    await waitFor(() => received.length >= 50, { what: 'the first 50 records' });

    // Same port, so the clients' existing bootstrap and metadata stay valid: they reconnect on their own.
    const { kafka: fresh } = await restart(first.port);
    for (const batch of range(5, 5)) await sendBatch(batch);
    await waitFor(() => new Set(received.map((m) => m.value)).size === 100, {
      what: 'the connected consumer to get the records sent after the restart',
      timeoutMs: 20_000,
    });

    // The restarted broker accepted the idempotent producer's next sequence numbers and stored each batch once.
    const admin = fresh.admin();
    clients.push(admin);
    await admin.connect();
    expect(await admin.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ partition: 0, high: '100' })]);
    await admin.disconnect();
    const stored = (await readAll(fresh, topic, 100)).map((m) => m.value);
    expect(stored).toEqual(range(0, 100).map((i) => `i${i}`));
  });
});
