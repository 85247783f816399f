import { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { backOff } from 'exponential-backoff';
import { ContractViolation, parseEvent } from '@saga/events';
import { Logger } from '@saga/messaging';
import { deadLetterViewOf } from './dead-letter-view';
import { Observation } from './observation';

export interface SagaEventFeedOptions {
  kafka: Kafka;
  /** One group per instance: every live view must see every partition, not a share of them. */
  groupId: string;
  eventTopics: readonly string[];
  deadLetterTopics: readonly string[];
  /** Epoch ms: at start each partition is read from its first record at or after this time. */
  replayFrom: number;
  logger: Logger;
}

const key = (topic: string, partition: number) => `${topic}/${partition}`;

/**
 * The live view's own consumer of the saga topics and their dead-letter topics. It commits nothing:
 * its projection lives in memory, so after a restart it replays the last stretch of the log (found
 * by timestamp, ListOffsets) instead of resuming, and its positions are kept here so that a
 * rebalance resumes where it was rather than at the group's (absent) committed offsets.
 */
export class SagaEventFeed {
  private consumer?: Consumer;
  private readonly positions = new Map<string, string>();
  private readonly replayStarts = new Map<string, string>();
  private stopped = false;
  private running = false;

  constructor(private readonly options: SagaEventFeedOptions) {}

  private get kafka(): Kafka {
    return this.options.kafka;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): string[] {
    return [...this.options.eventTopics, ...this.options.deadLetterTopics];
  }

  /** Keeps trying until connected (the service must not fail because its dashboard cannot reach Kafka yet). */
  async start(onObservation: (observation: Observation) => void): Promise<void> {
    await backOff(() => this.connect(onObservation), {
      numOfAttempts: Number.MAX_SAFE_INTEGER,
      startingDelay: 500,
      maxDelay: 10_000,
      retry: (error: unknown) => {
        if (this.stopped) return false;
        this.options.logger.warn({ err: error }, 'live view cannot read Kafka yet; retrying');
        return true;
      },
    }).catch((error: unknown) => {
      if (!this.stopped) throw error;
    });
  }

  /** Next offset to read per partition (what a committed offset would be), for the lag panel. */
  currentPositions(): { topic: string; partitions: { partition: number; offset: string }[] }[] {
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const [name, offset] of new Map([...this.replayStarts, ...this.positions])) {
      const cut = name.lastIndexOf('/');
      const topic = name.slice(0, cut);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition: Number(name.slice(cut + 1)), offset }]);
    }
    return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const consumer = this.consumer;
    this.consumer = undefined;
    if (!consumer) return;
    await consumer.disconnect().catch(() => undefined);
    if (this.running) await this.deleteGroup();
  }

  /** Real Kafka drops an empty group without offsets by itself; deleting it keeps any broker's list tidy. Best effort, bounded. */
  private async deleteGroup(): Promise<void> {
    const admin = this.kafka.admin();
    let timer: NodeJS.Timeout | undefined;
    const deleted = admin
      .connect()
      .then(() => admin.deleteGroups([this.options.groupId]))
      .catch(() => undefined);
    await Promise.race([deleted, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }

  private async connect(onObservation: (observation: Observation) => void): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.options.groupId, maxWaitTimeInMs: 500, retry: { retries: 10 } });
    // Held while still connecting too, so that stop() can end a connection attempt that is retrying.
    this.consumer = consumer;
    try {
      await consumer.connect();
      // Subscribing first creates topics that do not exist yet (a DLT before its first dead letter).
      await consumer.subscribe({ topics: this.topics, fromBeginning: true });
      await this.findReplayStarts();
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
          for (const partition of partitions) {
            const offset = this.positions.get(key(topic, partition)) ?? this.replayStarts.get(key(topic, partition));
            if (offset !== undefined) consumer.seek({ topic, partition, offset });
          }
        }
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart || this.stopped || this.consumer !== consumer) return;
        // kafkajs gives up on errors it does not deem retriable; the dashboard starts over rather than freeze.
        this.options.logger.warn({ err: payload.error }, 'live view consumer crashed; reconnecting');
        this.consumer = undefined;
        this.running = false;
        void consumer
          .disconnect()
          .catch(() => undefined)
          .then(() => this.start(onObservation))
          .catch((error: unknown) => this.options.logger.error({ err: error }, 'live view stopped reading Kafka'));
      });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            this.positions.set(key(batch.topic, batch.partition), (BigInt(message.offset) + 1n).toString());
            const observation = this.observationOf(batch.topic, batch.partition, message);
            // Never thrown back into kafkajs: it would fetch the batch again, and the view would count redeliveries that were not.
            try {
              if (observation) onObservation(observation);
            } catch (error) {
              this.options.logger.error({ err: error, topic: batch.topic, partition: batch.partition, offset: message.offset }, 'live view could not fold a record');
            }
          }
        },
      });
      this.running = true;
      if (this.stopped) await consumer.disconnect();
    } catch (error) {
      if (this.consumer === consumer) this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async findReplayStarts(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const topic of this.topics) {
        for (const { partition, offset } of await admin.fetchTopicOffsetsByTimestamp(topic, this.options.replayFrom)) {
          if (!this.positions.has(key(topic, partition))) this.replayStarts.set(key(topic, partition), offset);
        }
      }
    } finally {
      await admin.disconnect();
    }
  }

  private observationOf(topic: string, partition: number, message: KafkaMessage): Observation | undefined {
    const source = { topic, partition, offset: message.offset };
    const headers = Object.fromEntries(
      Object.entries(message.headers ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
    );
    if (this.options.deadLetterTopics.includes(topic)) {
      return { kind: 'dead-letter', deadLetter: deadLetterViewOf(source, message.key?.toString() ?? null, headers, message.timestamp) };
    }
    try {
      return { kind: 'event', event: parseEvent(message.value), source };
    } catch (error) {
      // The saga's own consumers dead-letter such a record; it shows up here when its DLT record does.
      if (!(error instanceof ContractViolation)) throw error;
      this.options.logger.debug({ ...source, reason: error.reason }, 'live view skipped a record that breaks the contract');
      return undefined;
    }
  }
}
