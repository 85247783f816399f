export interface PartitionOffset {
  partition: number;
  /** "-1" when the group never committed for this partition. */
  offset: string;
}

export interface CommittedOffsets {
  groupId: string;
  topics: { topic: string; partitions: PartitionOffset[] }[];
}

/** A topic's log ends: `high` is the offset the next record will get, `low` the first still retained. */
export interface TopicEnds {
  topic: string;
  partitions: { partition: number; high: string; low: string }[];
}

/** How many records of a topic a group has not processed yet (committed vs end offsets, all partitions). */
export interface LagRow {
  groupId: string;
  topic: string;
  lag: number;
}

/**
 * Lag as `kafka-consumer-groups --describe` computes it: end offset minus committed offset, summed
 * over partitions. A topic the group never committed on is not one it consumes and is left out; a
 * partition it has not committed on yet counts all it still retains.
 */
export function consumerLag(groups: readonly CommittedOffsets[], ends: readonly TopicEnds[]): LagRow[] {
  const endsByTopic = new Map(ends.map((topic) => [topic.topic, topic.partitions]));
  const rows: LagRow[] = [];
  for (const group of groups) {
    for (const { topic, partitions } of group.topics) {
      const topicEnds = endsByTopic.get(topic);
      if (!topicEnds || partitions.every((p) => Number(p.offset) < 0)) continue;
      const committed = new Map(partitions.map((p) => [p.partition, Number(p.offset)]));
      const lag = topicEnds.reduce((sum, { partition, high, low }) => {
        const position = committed.get(partition) ?? -1;
        return sum + Math.max(0, Number(high) - (position >= 0 ? position : Number(low)));
      }, 0);
      rows.push({ groupId: group.groupId, topic, lag });
    }
  }
  return rows.sort((a, b) => a.groupId.localeCompare(b.groupId) || a.topic.localeCompare(b.topic));
}
