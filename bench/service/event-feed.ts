import { Admin, Kafka, logLevel, Producer } from 'kafkajs';
import { SagaEvent, serializeEvent, topicOf } from '@saga/events';
import { fixKafkajsIdleLoop, headersOf } from '@saga/messaging';
import { eventually } from '@saga/testing';

fixKafkajsIdleLoop();

const SEND_BATCH = 500;
const POLL_MS = 50;

/** `done` polled until true; a timeout names what never happened. */
const until = (timeoutMs: number, what: string, done: () => Promise<boolean>) =>
  eventually(done, timeoutMs, POLL_MS).catch(() => {
    throw new Error(`timed out waiting for ${what}`);
  });

/**
 * The other services of the saga, played by this process: it writes their events straight to the broker (as
 * their outbox relays would, with the same headers) and watches the broker to tell when the service under
 * test has caught up, through its group's committed offsets and the records it published.
 */
export class EventFeed {
  private constructor(
    private readonly producer: Producer,
    private readonly admin: Admin,
  ) {}

  static async connect(brokers: string): Promise<EventFeed> {
    const kafka = new Kafka({ brokers: [brokers], clientId: 'service-cost-feed', logLevel: logLevel.NOTHING });
    const feed = new EventFeed(kafka.producer(), kafka.admin());
    await feed.producer.connect();
    await feed.admin.connect();
    return feed;
  }

  async publish(events: SagaEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += SEND_BATCH) {
      const slice = events.slice(start, start + SEND_BATCH);
      await this.producer.send({
        topic: topicOf(slice[0].type),
        messages: slice.map((event) => ({ key: event.orderId, value: serializeEvent(event), headers: headersOf(event) })),
      });
    }
  }

  /** Records in `topic` so far (0 before the topic exists). */
  async recordsIn(topic: string): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(topic).catch(() => []);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  }

  /** Resolves once `groupId` has committed everything written to `topic` so far. */
  async caughtUp(groupId: string, topic: string, timeoutMs: number): Promise<void> {
    const end = await this.recordsIn(topic);
    await until(timeoutMs, `${groupId} to consume ${topic}`, async () => {
      const [{ partitions }] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
      return partitions.reduce((sum, partition) => sum + Math.max(0, Number(partition.offset)), 0) >= end;
    });
  }

  async recordsReach(topic: string, count: number, timeoutMs: number): Promise<void> {
    await until(timeoutMs, `${count} records in ${topic}`, async () => (await this.recordsIn(topic)) >= count);
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
