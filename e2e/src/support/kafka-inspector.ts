import { randomUUID } from 'node:crypto';
import { Admin, Kafka, logLevel, Producer } from 'kafkajs';
import { fixKafkajsIdleLoop } from '../../../libs/messaging/src/kafka/kafkajs-idle-loop-fix';
import { eventually } from '@saga/testing';

// The suite's client shares the machine with the stack it checks: it must not wake every millisecond either.
fixKafkajsIdleLoop();

export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface RecordToWrite {
  topic: string;
  partition?: number;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/** The consumer group each service's saga consumer joins (bootstrapSagaService: `<service>-service`). */
export const CONSUMER_GROUPS = {
  order: { groupId: 'order-service', topics: ['inventory', 'payment'] },
  inventory: { groupId: 'inventory-service', topics: ['order'] },
  payment: { groupId: 'payment-service', topics: ['inventory', 'order'] },
} as const;

/**
 * The suite's own Kafka client, beside the services: writes records straight to topics (poison,
 * duplicates), reads topics back (dead letters), measures consumer lag and rewinds a group's offsets.
 */
export class KafkaInspector {
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private readonly producer: Producer;

  private constructor(brokers: string) {
    this.kafka = new Kafka({ clientId: 'failure-suite', brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 10 } });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({ allowAutoTopicCreation: true });
  }

  static async connect(brokers: string): Promise<KafkaInspector> {
    const inspector = new KafkaInspector(brokers);
    await Promise.all([inspector.admin.connect(), inspector.producer.connect()]);
    return inspector;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.admin.disconnect(), this.producer.disconnect()]);
  }

  async partitionsOf(topic: string): Promise<number[]> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.map((p) => p.partition).sort((a, b) => a - b);
  }

  /** Writes one record and returns where it landed. */
  async write(record: RecordToWrite): Promise<{ partition: number; offset: string }> {
    const [meta] = await this.producer.send({
      topic: record.topic,
      acks: -1,
      messages: [{ partition: record.partition, key: record.key, value: record.value, headers: record.headers }],
    });
    return { partition: meta.partition, offset: meta.baseOffset! };
  }

  /** Every record in `topic` up to its end as of now (nothing if the topic does not exist). */
  async readAll(topic: string, timeoutMs = 30_000): Promise<RawRecord[]> {
    if (!(await this.admin.listTopics()).includes(topic)) return [];
    const ends = new Map((await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
    const records: RawRecord[] = [];
    const reached = new Map([...ends].filter(([, end]) => end > 0n).map(([partition]) => [partition, false]));
    if (reached.size === 0) return records;

    const groupId = `failure-suite-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    try {
      let done!: () => void;
      const complete = new Promise<void>((resolve) => (done = resolve));
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          records.push({
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          });
          if (BigInt(message.offset) + 1n >= ends.get(partition)!) reached.set(partition, true);
          if ([...reached.values()].every(Boolean)) done();
        },
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${topic} not read to its end within ${timeoutMs} ms`)), timeoutMs);
      });
      await Promise.race([complete, timeout]).finally(() => clearTimeout(timer));
    } finally {
      await consumer.disconnect();
      await this.admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return records;
  }

  /** Writes every `type` record of one order in `topic` again, unchanged (a redelivery); returns how many. */
  async copyRecordsOf(topic: string, orderId: string, type: string): Promise<number> {
    const originals = (await this.readAll(topic)).filter((r) => r.headers['order-id'] === orderId && r.headers['event-type'] === type);
    for (const record of originals) {
      await this.write({ topic, partition: record.partition, key: record.key ?? orderId, value: record.value ?? '', headers: record.headers });
    }
    return originals.length;
  }

  /** Records a group has yet to process on `topics` (end offset minus committed offset, per partition). */
  async lag(groupId: string, topics: readonly string[]): Promise<number> {
    let lag = 0n;
    for (const topic of topics) {
      const [committed] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
      const done = new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset)]));
      for (const { partition, high, low } of await this.admin.fetchTopicOffsets(topic)) {
        const at = done.get(partition) ?? -1n;
        const behind = BigInt(high) - (at < 0n ? BigInt(low) : at);
        if (behind > 0n) lag += behind;
      }
    }
    return Number(lag);
  }

  /** Waits until every service's consumer group has processed everything written to its topics so far. */
  async awaitNoLag(timeoutMs = 60_000): Promise<void> {
    await eventually(async () => {
      for (const { groupId, topics } of Object.values(CONSUMER_GROUPS)) {
        const lag = await this.lag(groupId, topics);
        if (lag > 0) throw new Error(`${groupId} is ${lag} records behind`);
      }
      return true;
    }, timeoutMs, 250);
  }

  /** Waits until `groupId` is stable with `members` members (a joining instance got its partitions). */
  async awaitMembers(groupId: string, members: number, timeoutMs = 30_000): Promise<void> {
    await eventually(async () => {
      const { groups } = await this.admin.describeGroups([groupId]);
      const group = groups[0];
      if (group?.state !== 'Stable' || group.members.length !== members) {
        throw new Error(`${groupId} is ${group?.state} with ${group?.members.length} members, waiting for ${members}`);
      }
      return true;
    }, timeoutMs, 250);
  }

  /**
   * Rewinds a group to the beginning of `topics`, so its next member redelivers everything. The group must
   * be empty (its services stopped); a member that was killed stays in it until its session expires, so
   * this retries until the broker accepts the reset.
   */
  async rewind(groupId: string, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
    for (const topic of topics) {
      await eventually(async () => {
        await this.admin.resetOffsets({ groupId, topic, earliest: true });
        return true;
      }, timeoutMs, 250);
    }
  }
}
