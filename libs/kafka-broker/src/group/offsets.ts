import type { OffsetRecord } from './offset-record';
import type { CommittedOffset, TopicPartitionOffset } from './results';

/** Committed offsets of every group, in memory: group -> topic -> partition -> offset and metadata. */
export class OffsetBook {
  private readonly groups = new Map<string, Map<string, Map<number, CommittedOffset>>>();

  commit(groupId: string, offsets: TopicPartitionOffset[]): void {
    let topics = this.groups.get(groupId);
    if (!topics) this.groups.set(groupId, (topics = new Map()));
    for (const { topic, partition, offset, metadata } of offsets) {
      let partitions = topics.get(topic);
      if (!partitions) topics.set(topic, (partitions = new Map()));
      partitions.set(partition, { offset, metadata });
    }
  }

  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(groupId)?.get(topic)?.get(partition);
  }

  /** Every committed partition of a group, topics and partitions in a stable order. */
  all(groupId: string): TopicPartitionOffset[] {
    const result: TopicPartitionOffset[] = [];
    const topics = this.groups.get(groupId);
    if (!topics) return result;
    for (const topic of [...topics.keys()].sort()) {
      const partitions = topics.get(topic)!;
      for (const partition of [...partitions.keys()].sort((a, b) => a - b)) {
        result.push({ topic, partition, ...partitions.get(partition)! });
      }
    }
    return result;
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  deleteGroup(groupId: string): boolean {
    return this.groups.delete(groupId);
  }

  /** Drops a deleted topic's offsets from every group; true if anything was dropped. */
  forgetTopic(topic: string): boolean {
    let dropped = false;
    for (const [groupId, topics] of this.groups) {
      dropped = topics.delete(topic) || dropped;
      if (topics.size === 0) this.groups.delete(groupId);
    }
    return dropped;
  }

  /** How many partitions carry a committed offset, to judge how much of the log is dead weight. */
  size(): number {
    let count = 0;
    for (const topics of this.groups.values()) for (const partitions of topics.values()) count += partitions.size;
    return count;
  }

  /** Replays one record of the offsets log. */
  apply(record: OffsetRecord): void {
    if (record.kind === 'commit') this.commit(record.groupId, record.offsets);
    else if (record.kind === 'delete-group') this.deleteGroup(record.groupId);
    else this.forgetTopic(record.topic);
  }

  /** The live state as log records, one per group: what a compacted log holds. */
  snapshot(): OffsetRecord[] {
    return this.groupIds().map((groupId) => ({ kind: 'commit', groupId, offsets: this.all(groupId) }));
  }
}
