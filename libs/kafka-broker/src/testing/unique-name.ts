let counter = 0;

/**
 * A topic or group name no other test (or earlier run against the same data dir) uses, so tests
 * sharing one broker never see each other's records, offsets or members. Valid as a Kafka topic name.
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
