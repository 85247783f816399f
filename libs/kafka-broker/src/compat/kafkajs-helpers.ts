import { Consumer, ConsumerConfig, Kafka, KafkaConfig, logLevel } from 'kafkajs';

/**
 * A kafkajs client for tests: silent (the broker under test is expected to produce errors along the
 * way, e.g. MEMBER_ID_REQUIRED) and with short retries so a real failure surfaces within a test's budget.
 */
export function testKafka(address: string, clientId: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    brokers: [address],
    clientId,
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
    ...overrides,
  });
}

/** Consumer settings that make joins and rebalances take a fraction of a second instead of seconds. */
export function fastConsumerConfig(groupId: string, overrides: Partial<ConsumerConfig> = {}): ConsumerConfig {
  return {
    groupId,
    maxWaitTimeInMs: 100,
    heartbeatInterval: 100,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
    ...overrides,
  };
}

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** Which consumer received it, for tests that share a group between several members. */
  member: string;
}

/**
 * Runs `consumer` on `topics` and appends every message to `into`. Resolves once the consumer runs;
 * tests then `waitFor` the messages they expect.
 */
export async function collectInto(
  consumer: Consumer,
  member: string,
  topics: string[],
  into: ReceivedMessage[],
  options: { fromBeginning?: boolean; autoCommit?: boolean } = {},
): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
  await consumer.run({
    autoCommit: options.autoCommit ?? true,
    eachMessage: async ({ topic, partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      into.push({
        topic,
        partition,
        offset: Number(message.offset),
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers,
        member,
      });
    },
  });
}
