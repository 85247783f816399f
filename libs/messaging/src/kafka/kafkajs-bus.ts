import { Admin, Consumer, Kafka, KafkaConfig, logLevel, Partitioners, Producer, IHeaders } from 'kafkajs';
import { KafkaConnectionOptions } from './kafka-options';
import {
  BatchControls,
  ConsumeOptions,
  ConsumedRecord,
  ConsumerHandle,
  MessageBus,
  OutgoingRecord,
  PartitionBatch,
} from './message-bus.port';
import { GroupOffsetsReader, GroupPartitionOffsets } from '../observability/consumer-lag/group-offsets';
import { fixKafkajsIdleLoop } from './kafkajs-idle-loop-fix';
import { OffsetCommitCoalescer } from './offset-commit-coalescer';

fixKafkajsIdleLoop();

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return result;
}

/** The kafkajs client settings for a connection: where, TLS and SASL exactly as configured. */
export function kafkaClientConfig(options: KafkaConnectionOptions): KafkaConfig {
  return {
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.ssl,
    sasl: options.sasl,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 100, retries: 8 },
  };
}

/** MessageBus on kafkajs: an idempotent producer with acks=all, and consumers that commit only what was marked processed. */
export class KafkajsBus implements MessageBus, GroupOffsetsReader {
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly consumers: Consumer[] = [];

  constructor(private readonly options: KafkaConnectionOptions) {
    this.kafka = new Kafka(kafkaClientConfig(options));
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const producer = await this.connectedProducer();
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const record of records) {
      const list = byTopic.get(record.topic) ?? [];
      list.push(record);
      byTopic.set(record.topic, list);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
      })),
    });
  }

  async isReachable(timeoutMs: number): Promise<boolean> {
    const admin = await this.connectedAdmin().catch(() => undefined);
    if (!admin) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const probe = admin.describeCluster().then(
      () => true,
      () => false,
    );
    const reachable = await Promise.race([probe, timeout]);
    clearTimeout(timer);
    return reachable;
  }

  /** Committed offsets of a group against the partitions' end offsets (admin API; for lag monitoring). */
  async readGroupOffsets(groupId: string, topics: readonly string[]): Promise<GroupPartitionOffsets[]> {
    const admin = await this.connectedAdmin();
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    const committedOf = new Map(
      committed.flatMap(({ topic, partitions }) => partitions.map((p) => [`${topic}/${p.partition}`, Number(p.offset)] as const)),
    );
    const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
    return ends.flatMap(({ topic, partitions }) =>
      partitions.map(({ partition, high, low }) => {
        const offset = committedOf.get(`${topic}/${partition}`) ?? -1;
        return { topic, partition, committedOffset: offset >= 0 ? offset : null, endOffset: Number(high), startOffset: Number(low) };
      }),
    );
  }

  async consume(
    options: ConsumeOptions,
    onBatch: (batch: PartitionBatch, controls: BatchControls) => Promise<void>,
  ): Promise<ConsumerHandle> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 500,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30000,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? 3000,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5000 },
    });
    this.consumers.push(consumer);
    const commits = new OffsetCommitCoalescer();
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
        const records: ConsumedRecord[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ? m.key.toString() : null,
          value: m.value,
          headers: headersToStrings(m.headers),
          timestamp: m.timestamp,
        }));
        await onBatch(
          { topic: batch.topic, partition: batch.partition, records },
          {
            markProcessed: (record) => {
              resolveOffset(record.offset);
              commits.processed(record.topic, record.partition, record.offset);
            },
            heartbeat,
            shouldContinue: () => isRunning() && !isStale(),
          },
        );
        await commits.flush((topics) => commitOffsetsIfNecessary({ topics }));
        // The client fetches again as soon as this returns; a short pause lets the next fetch find many
        // records instead of the one or two that arrived meanwhile.
        const linger = this.options.consumerLingerMs ?? 0;
        if (linger > 0 && records.length > 0 && isRunning()) await new Promise((resolve) => setTimeout(resolve, linger));
      },
    });
    return {
      stop: async () => {
        this.consumers.splice(this.consumers.indexOf(consumer), 1);
        await consumer.disconnect();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.disconnect()));
    if (this.producer) await (await this.producer).disconnect().catch(() => undefined);
    if (this.admin) await (await this.admin).disconnect().catch(() => undefined);
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      // Retries without limit: an idempotent producer that gives up may reorder or lose its sequence. While the
      // cluster is away the relay simply waits here, its outbox rows still uncommitted-deleted and safe.
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5000 },
      });
      this.producer = producer.connect().then(() => producer);
      this.producer.catch(() => (this.producer = undefined));
    }
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }
}
