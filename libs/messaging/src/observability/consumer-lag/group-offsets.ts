/** Where a consumer group stands on one partition, as Kafka's admin API reports it. */
export interface GroupPartitionOffsets {
  topic: string;
  partition: number;
  /** The group's committed offset (the next record it will process); null when it never committed here. */
  committedOffset: number | null;
  /** The offset the next appended record will get (high watermark). */
  endOffset: number;
  /** The first offset still retained: where a group without a commit starts. */
  startOffset: number;
}

/** Reads committed and end offsets; implemented by KafkajsBus with its admin client. */
export interface GroupOffsetsReader {
  readGroupOffsets(groupId: string, topics: readonly string[]): Promise<GroupPartitionOffsets[]>;
}

export function isGroupOffsetsReader(value: unknown): value is GroupOffsetsReader {
  return typeof (value as Partial<GroupOffsetsReader> | null)?.readGroupOffsets === 'function';
}

/** Records the group has yet to process: as `kafka-consumer-groups --describe` computes it. */
export function lagOf({ committedOffset, endOffset, startOffset }: GroupPartitionOffsets): number {
  return Math.max(0, endOffset - (committedOffset ?? startOffset));
}
