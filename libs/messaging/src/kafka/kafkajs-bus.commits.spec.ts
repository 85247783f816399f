import { RunningBroker, startBroker } from '@saga/kafka-broker';
import { eventually } from '@saga/testing';
import { KafkajsBus } from './kafkajs-bus';
import { BatchControls, ConsumedRecord, ConsumerHandle } from './message-bus.port';

// kafkajs's own connection class (2.2.4 is pinned): every request a client sends passes through its send().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Connection = require('kafkajs/src/network/connection') as { prototype: { send(args: { request: { apiKey: number } }): unknown } };
const OFFSET_COMMIT = 8;
const PARTITIONS = 6;

describe('KafkajsBus offset commits', () => {
  let broker: RunningBroker;
  let bus: KafkajsBus;
  let consumer: ConsumerHandle | undefined;
  let offsetCommits = 0;
  let send: jest.SpyInstance;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, defaultPartitions: PARTITIONS, log: () => undefined });
    bus = new KafkajsBus({ clientId: 'commits-spec', brokers: [broker.address], maxWaitTimeInMs: 100 });
    const original = Connection.prototype.send;
    send = jest.spyOn(Connection.prototype, 'send').mockImplementation(function (this: unknown, args) {
      if (args.request.apiKey === OFFSET_COMMIT) offsetCommits++;
      return original.call(this, args);
    });
  });

  afterAll(async () => {
    send?.mockRestore();
    await consumer?.stop();
    await bus?.close();
    await broker?.stop();
  });

  it('commits the partition batches of a fetch that finish together in one OffsetCommit, every offset in it', async () => {
    const records = Array.from({ length: 120 }, (_, i) => ({ topic: 'commits', key: `key-${i}`, value: `record ${i}` }));
    await bus.publish(records);
    // Like the transport applying a fetch in one transaction: every partition batch waits for the others.
    const waiting: Array<() => void> = [];
    let timer: NodeJS.Timeout | undefined;
    const applyTogether = (batch: { records: ConsumedRecord[] }, controls: BatchControls) =>
      new Promise<void>((resolve) => {
        waiting.push(() => {
          batch.records.forEach((record) => controls.markProcessed(record));
          resolve();
        });
        clearTimeout(timer);
        timer = setTimeout(() => waiting.splice(0).forEach((apply) => apply()), 200);
      });
    consumer = await bus.consume({ groupId: 'together', topics: ['commits'], partitionsConsumedConcurrently: PARTITIONS }, applyTogether);

    const committed = await eventually(async () => {
      const offsets = await bus.readGroupOffsets('together', ['commits']);
      const total = offsets.reduce((sum, p) => sum + (p.committedOffset ?? 0), 0);
      if (total < records.length) throw new Error(`committed ${total} of ${records.length}`);
      return offsets;
    }, 20_000);

    expect(committed.every((p) => p.committedOffset === p.endOffset)).toBe(true);
    // One fetch, perhaps two if the first came back before every partition had its records: never one per partition.
    expect(offsetCommits).toBeGreaterThanOrEqual(1);
    expect(offsetCommits).toBeLessThanOrEqual(2);
  });
});
