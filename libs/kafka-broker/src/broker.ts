import { Clock, systemClock } from './clock';
import { loadClusterId } from './cluster-id';
import { brokerConfig } from './config';
import { GroupCoordinator } from './group';
import { BrokerContext } from './handlers/handler';
import { brokerHandlers } from './handlers';
import { TopicStore } from './log';
import { KafkaServer } from './server/kafka-server';

export interface StartBrokerOptions {
  /** 9092 by default; 0 picks a free port (read it back from the result). */
  port?: number;
  /** Advertised in Metadata: what clients dial after bootstrap. Default 'localhost'. */
  host?: string;
  /** Absent: in memory. */
  dataDir?: string;
  /** Partitions of auto-created topics and of CreateTopics with -1. Default 3. */
  defaultPartitions?: number;
  fsync?: boolean;
  autoCreateTopics?: boolean;
  maxFrameBytes?: number;
  clock?: Clock;
  log?: (msg: string) => void;
  groupMinSessionTimeoutMs?: number;
}

export interface RunningBroker {
  readonly host: string;
  readonly port: number;
  /** host:port exactly as advertised, i.e. the bootstrap address to give clients. */
  readonly address: string;
  /** Closes every connection and both stores; resolves once all of it is closed. Idempotent. */
  stop(): Promise<void>;
}

const defaultLog = (msg: string) => process.stderr.write(`[kafka-broker] ${msg}\n`);

/** Opens the stores (recovering from dataDir), then listens on 127.0.0.1 and ::1. */
export async function startBroker(options: StartBrokerOptions = {}): Promise<RunningBroker> {
  const config = brokerConfig({
    host: options.host,
    port: options.port,
    dataDir: options.dataDir,
    defaultPartitions: options.defaultPartitions,
    fsync: options.fsync,
    autoCreateTopics: options.autoCreateTopics,
    maxFrameBytes: options.maxFrameBytes,
  });
  const clock = options.clock ?? systemClock;
  const log = options.log ?? defaultLog;
  const clusterId = loadClusterId(config.dataDir);
  const { dataDir, fsync, defaultPartitions } = config;
  const topics = TopicStore.open({ dataDir, fsync, defaultPartitions, clock, log });
  let groups: GroupCoordinator;
  try {
    groups = GroupCoordinator.open({ clock, dataDir, fsync, minSessionTimeoutMs: options.groupMinSessionTimeoutMs, log });
  } catch (error) {
    topics.close();
    throw error;
  }
  const closeStores = () => {
    groups.close();
    topics.close();
  };

  const broker: BrokerContext = { nodeId: config.nodeId, host: config.host, port: config.port, clusterId, topics, groups, clock, config, log };
  const server = new KafkaServer({ handlers: brokerHandlers, broker, maxFrameBytes: config.maxFrameBytes, log });
  try {
    // The real port exists only now; handlers read it through the shared context.
    broker.port = config.port = await server.listen(config.port);
  } catch (error) {
    closeStores();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    host: config.host,
    port: broker.port,
    address: `${config.host}:${broker.port}`,
    stop: () =>
      (stopping ??= server.close().then(closeStores)),
  };
}
