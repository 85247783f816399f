import { DEFAULT_MAX_FRAME_BYTES } from './protocol/frame-splitter';

/** Static settings of one broker process; handlers read them through `ctx.broker.config`. */
export interface BrokerConfig {
  nodeId: number;
  /** Advertised host: exactly what clients will dial after bootstrap. */
  host: string;
  port: number;
  /** Absent: everything in memory. */
  dataDir?: string;
  defaultPartitions: number;
  /** Metadata may create unknown topics (when the request allows it, v4+). */
  autoCreateTopics: boolean;
  fsync: boolean;
  maxFrameBytes: number;
}

export const DEFAULT_BROKER_CONFIG: BrokerConfig = {
  nodeId: 0,
  host: 'localhost',
  port: 9092,
  defaultPartitions: 3,
  autoCreateTopics: true,
  fsync: false,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
};

/** Fills the gaps with defaults and fails fast on values no broker could run with. */
export function brokerConfig(overrides: Partial<BrokerConfig> = {}): BrokerConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const config: BrokerConfig = { ...DEFAULT_BROKER_CONFIG, ...defined };
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new Error(`port must be 0..65535, got ${config.port}`);
  }
  if (!Number.isInteger(config.defaultPartitions) || config.defaultPartitions < 1) {
    throw new Error(`defaultPartitions must be a positive integer, got ${config.defaultPartitions}`);
  }
  if (!(config.maxFrameBytes > 0)) throw new Error(`maxFrameBytes must be positive, got ${config.maxFrameBytes}`);
  if (config.host.length === 0) throw new Error('host must not be empty');
  return config;
}
