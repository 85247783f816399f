import { Admin, Kafka } from 'kafkajs';
import { CommittedOffsets, consumerLag, LagRow } from './consumer-lag';

export interface LagView {
  at: string;
  /** Each group's lag per topic; the live view's own row counts from its in-memory positions. */
  rows: (LagRow & { inMemory?: boolean })[];
  error?: string;
}

export interface OwnPositions {
  groupId: string;
  topics: CommittedOffsets['topics'];
}

/** Reads committed offsets of every consumer group and the topics' end offsets (Kafka admin API). */
export class ConsumerLagReader {
  private admin?: Promise<Admin>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: readonly string[],
  ) {}

  async read(own: OwnPositions): Promise<LagView> {
    const at = new Date().toISOString();
    try {
      const admin = await this.connected();
      const { groups } = await admin.listGroups();
      const consumerGroups = groups.filter((g) => g.protocolType === 'consumer' && g.groupId !== own.groupId);
      const committed: CommittedOffsets[] = await Promise.all(
        consumerGroups.map(async ({ groupId }) => ({
          groupId,
          topics: await admin.fetchOffsets({ groupId, topics: [...this.topics] }),
        })),
      );
      const ends = await Promise.all(
        this.topics.map(async (topic) => ({
          topic,
          partitions: (await admin.fetchTopicOffsets(topic)).map(({ partition, high, low }) => ({ partition, high, low })),
        })),
      );
      const rows = consumerLag(committed, ends);
      const ownRows = consumerLag([own], ends).map((row) => ({ ...row, inMemory: true }));
      return { at, rows: [...rows, ...ownRows] };
    } catch (error) {
      await this.close().catch(() => undefined);
      return { at, rows: [], error: `cannot read consumer lag: ${(error as Error).message}` };
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
    }
    return this.admin;
  }
}
