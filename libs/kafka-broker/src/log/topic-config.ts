import { ErrorCode, KafkaError } from '../errors';

/** The topic configs the log acts on, resolved against the defaults. */
export interface LogConfig {
  segmentBytes: number;
  /** -1 keeps records for ever. */
  retentionMs: number;
  /** -1 means no size limit. */
  retentionBytes: number;
  maxMessageBytes: number;
}

export const DEFAULT_LOG_CONFIG: LogConfig = {
  // Kafka's default is 1 GiB; smaller segments let retention free space sooner on a dev machine.
  segmentBytes: 64 * 1024 * 1024,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  retentionBytes: -1,
  // 1 MiB plus the 12-byte log overhead, Kafka's default, so a batch Kafka accepts is accepted here.
  maxMessageBytes: 1_048_588,
};

type Check = (value: string) => boolean;
const INT32_MAX = 2_147_483_647;
const integerIn = (min: number, max = Number.MAX_SAFE_INTEGER): Check => (value) =>
  /^-?\d+$/.test(value) && Number(value) >= min && Number(value) <= max;
const anyValue: Check = () => true;

/**
 * Every topic config Apache Kafka knows. The first four change how this log behaves; the others are
 * stored and echoed so tools that set them keep working, but have no effect (single node, no compaction).
 */
const KNOWN_CONFIGS: Record<string, Check> = {
  // Kafka types segment.bytes and max.message.bytes as int, the retention limits as long.
  'segment.bytes': integerIn(14, INT32_MAX),
  'retention.ms': integerIn(-1),
  'retention.bytes': integerIn(-1),
  'max.message.bytes': integerIn(0, INT32_MAX),
  'cleanup.policy': (value) => value.split(',').every((p) => ['delete', 'compact'].includes(p.trim())),
  // LogAppendTime would mean rewriting batch timestamps and CRCs; refuse it rather than ignore it.
  'message.timestamp.type': (value) => value === 'CreateTime',
  ...Object.fromEntries(
    [
      'compression.type', 'delete.retention.ms', 'file.delete.delay.ms', 'flush.messages', 'flush.ms',
      'follower.replication.throttled.replicas', 'index.interval.bytes', 'leader.replication.throttled.replicas',
      'local.retention.bytes', 'local.retention.ms', 'max.compaction.lag.ms', 'message.downconversion.enable',
      'message.format.version', 'message.timestamp.after.max.ms', 'message.timestamp.before.max.ms',
      'message.timestamp.difference.max.ms', 'min.cleanable.dirty.ratio', 'min.compaction.lag.ms',
      'min.insync.replicas', 'preallocate', 'remote.storage.enable', 'segment.index.bytes', 'segment.jitter.ms',
      'segment.ms', 'unclean.leader.election.enable',
    ].map((name) => [name, anyValue]),
  ),
};

/** Validates configs given at topic creation; null values mean "use the default" and are dropped. */
export function validateTopicConfigs(configs: Record<string, string | null> = {}): Record<string, string> {
  const accepted: Record<string, string> = {};
  for (const [name, value] of Object.entries(configs)) {
    if (value === null) continue;
    const check = KNOWN_CONFIGS[name];
    if (!check) throw new KafkaError(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
    if (!check(value)) throw new KafkaError(ErrorCode.INVALID_CONFIG, `Invalid value ${value} for configuration ${name}`);
    accepted[name] = value;
  }
  return accepted;
}

export function logConfigOf(configs: Record<string, string>): LogConfig {
  const number = (name: string, fallback: number) => (name in configs ? Number(configs[name]) : fallback);
  return {
    segmentBytes: number('segment.bytes', DEFAULT_LOG_CONFIG.segmentBytes),
    retentionMs: number('retention.ms', DEFAULT_LOG_CONFIG.retentionMs),
    retentionBytes: number('retention.bytes', DEFAULT_LOG_CONFIG.retentionBytes),
    maxMessageBytes: number('max.message.bytes', DEFAULT_LOG_CONFIG.maxMessageBytes),
  };
}
