import { Segment } from './segment';
import { LogConfig } from './topic-config';

/**
 * How many of the oldest segments retention removes, as Kafka decides it: a prefix of segments
 * whose newest record is older than retention.ms, and a prefix whose removal still leaves at least
 * retention.bytes (so the size limit is a floor to stay above, not a cap that cuts into a segment).
 * Empty segments (only ever the active one) hold nothing to expire.
 */
export function expiredSegmentCount(segments: readonly Segment[], config: LogConfig, nowMs: number): number {
  const { retentionMs, retentionBytes } = config;
  let byTime = 0;
  if (retentionMs >= 0) {
    while (byTime < segments.length && !segments[byTime].isEmpty && segments[byTime].largestTimestamp() < nowMs - retentionMs) {
      byTime += 1;
    }
  }
  let bySize = 0;
  if (retentionBytes >= 0) {
    let excess = segments.reduce((sum, segment) => sum + segment.size, 0) - retentionBytes;
    while (bySize < segments.length && !segments[bySize].isEmpty && excess >= segments[bySize].size) {
      excess -= segments[bySize].size;
      bySize += 1;
    }
  }
  return Math.max(byTime, bySize);
}
