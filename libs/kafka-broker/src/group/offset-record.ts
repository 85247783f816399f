import type { TopicPartitionOffset } from './results';

/**
 * One line of the committed-offsets log. A commit request becomes one record, so a crash mid-write
 * loses the whole (unacknowledged) commit rather than part of it.
 */
export type OffsetRecord =
  | { kind: 'commit'; groupId: string; offsets: TopicPartitionOffset[] }
  | { kind: 'delete-group'; groupId: string }
  | { kind: 'forget-topic'; topic: string };

/** JSON keeps any group, topic or metadata string intact, including "" versus null. */
export function encodeRecord(record: OffsetRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** The record a line holds, or undefined for a line that is torn or not ours. */
export function decodeRecord(line: string): OffsetRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  switch (record.kind) {
    case 'commit':
      return typeof record.groupId === 'string' && Array.isArray(record.offsets) && record.offsets.every(isOffset)
        ? (record as OffsetRecord)
        : undefined;
    case 'delete-group':
      return typeof record.groupId === 'string' ? (record as OffsetRecord) : undefined;
    case 'forget-topic':
      return typeof record.topic === 'string' ? (record as OffsetRecord) : undefined;
    default:
      return undefined;
  }
}

function isOffset(value: unknown): value is TopicPartitionOffset {
  const o = value as Record<string, unknown>;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.topic === 'string' &&
    Number.isSafeInteger(o.partition) &&
    Number.isSafeInteger(o.offset) &&
    (o.metadata === null || typeof o.metadata === 'string')
  );
}
