export interface TopicOffsets {
  topic: string;
  partitions: { partition: number; offset: string }[];
}

/** Sends one OffsetCommit; for kafkajs, eachBatch's `commitOffsetsIfNecessary({ topics })`. */
export type CommitOffsets = (topics: TopicOffsets[]) => Promise<void>;

/**
 * One OffsetCommit for the partition batches of a fetch that finish together. kafkajs commits after every
 * partition batch, and when they all finish at once (a fetch applied in one transaction) each of those commits
 * carries every partition, because none has been acknowledged yet when the next is sent. Here the processed
 * offsets are gathered, the first batch to finish sends them all, and the others wait for that commit; what
 * kafkajs then commits itself has nothing left to send.
 */
export class OffsetCommitCoalescer {
  /** Next offset to read per partition, processed but not yet sent. */
  private readonly pending = new Map<string, { topic: string; partition: number; offset: string }>();
  private inFlight: Promise<void> = Promise.resolve();

  /** `offset` (of a record whose work is committed) is processed: its successor is the partition's next read. */
  processed(topic: string, partition: number, offset: string): void {
    this.pending.set(`${topic}\u0000${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
  }

  /**
   * Commits what is pending, after any commit already under way. Never throws: a failed commit leaves the
   * offsets resolved in the client, which commits them itself after the batch (or redelivers them, which the
   * inbox absorbs).
   */
  flush(commit: CommitOffsets): Promise<void> {
    if (this.pending.size === 0) return this.inFlight;
    const byTopic = new Map<string, TopicOffsets>();
    for (const { topic, partition, offset } of this.pending.values()) {
      const entry = byTopic.get(topic) ?? { topic, partitions: [] };
      entry.partitions.push({ partition, offset });
      byTopic.set(topic, entry);
    }
    this.pending.clear();
    const topics = [...byTopic.values()];
    this.inFlight = this.inFlight.then(() => commit(topics)).catch(() => undefined);
    return this.inFlight;
  }
}
