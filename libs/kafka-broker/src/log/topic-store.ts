import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Clock, TimerHandle } from '../clock';
import { ErrorCode, KafkaError } from '../errors';
import { LogMetadataFile } from './log-metadata-file';
import { PartitionLog, SegmentedPartitionLog } from './partition-log';
import { DirectoryPartitionStorage, MemoryPartitionStorage, PartitionStorage } from './partition-storage';
import { LogConfig, logConfigOf, validateTopicConfigs } from './topic-config';
import { isValidTopicName } from './topic-name';

export interface TopicInfo {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

export interface TopicStoreOptions {
  /** Without it everything lives in memory and is gone when the process ends. */
  dataDir?: string;
  defaultPartitions: number;
  /** fsync every append and metadata change (power-loss safety); writes survive a killed process without it. */
  fsync?: boolean;
  clock: Clock;
  log?: (msg: string) => void;
  /** How often retention runs on its own (Kafka's log.retention.check.interval.ms); 0 = only when asked. */
  retentionCheckIntervalMs?: number;
}

interface Topic {
  info: TopicInfo;
  config: LogConfig;
  partitions: SegmentedPartitionLog[];
}

type AppendListener = (topic: string, partition: number) => void;

/** All topics of the broker and their partition logs, in memory or under `<dataDir>/topics`. */
export class TopicStore {
  private readonly topics = new Map<string, Topic>();
  private readonly listeners = new Set<AppendListener>();
  private readonly metadataFile?: LogMetadataFile;
  private readonly log: (msg: string) => void;
  private nextProducerId = 0;
  private retentionTimer?: TimerHandle;

  private constructor(private readonly options: TopicStoreOptions) {
    this.log = options.log ?? (() => {});
    if (options.dataDir) {
      mkdirSync(join(options.dataDir, 'topics'), { recursive: true });
      this.metadataFile = new LogMetadataFile(join(options.dataDir, 'log-metadata.json'), options.fsync ?? false);
    }
  }

  /** Synchronous, so a broker can refuse to start on unreadable data before it listens. */
  static open(options: TopicStoreOptions): TopicStore {
    const store = new TopicStore(options);
    store.recover();
    store.scheduleRetention(options.retentionCheckIntervalMs ?? 5 * 60 * 1000);
    return store;
  }

  has(name: string): boolean {
    return this.topics.has(name);
  }

  list(): TopicInfo[] {
    return [...this.topics.values()].map((topic) => copyOf(topic.info));
  }

  describe(name: string): TopicInfo | undefined {
    const topic = this.topics.get(name);
    return topic && copyOf(topic.info);
  }

  /** `partitions` -1 means the broker default; throws 17 (name), 36 (exists), 37 (count), 40 (configs). */
  create(
    name: string,
    partitions: number,
    configs: Record<string, string | null> = {},
    options: { validateOnly?: boolean } = {},
  ): TopicInfo {
    if (!isValidTopicName(name)) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic name '${name}' is illegal`);
    if (this.topics.has(name)) throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
    const colliding = [...this.topics.keys()].find((other) => other.replace(/\./g, '_') === name.replace(/\./g, '_'));
    if (colliding) {
      // Kafka forbids these: metric names replace '.' with '_', so the two topics' metrics would merge.
      throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic '${name}' collides with existing topic '${colliding}'`);
    }
    const count = partitions === -1 ? this.options.defaultPartitions : partitions;
    if (!Number.isInteger(count) || count <= 0) {
      throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be larger than 0, got ${partitions}.`);
    }
    const info: TopicInfo = { name, partitions: count, configs: validateTopicConfigs(configs) };
    if (options.validateOnly) return info;
    const topic: Topic = { info, config: logConfigOf(info.configs), partitions: [] };
    this.topics.set(name, topic);
    this.persist();
    this.openPartitions(topic, count);
    return copyOf(info);
  }

  /** Removes the topic and its data; pending readers are woken so they notice it is gone. Throws 3. */
  delete(name: string): void {
    const topic = this.required(name);
    this.topics.delete(name);
    this.persist();
    for (const partition of topic.partitions) partition.destroy();
    topic.partitions.forEach((_, index) => this.notify(name, index));
  }

  /** Grows the topic to `totalCount` partitions; throws 3, or 37 if that is not more than it has. */
  addPartitions(name: string, totalCount: number, options: { validateOnly?: boolean } = {}): void {
    const topic = this.required(name);
    if (!Number.isInteger(totalCount) || totalCount <= topic.info.partitions) {
      throw new KafkaError(
        ErrorCode.INVALID_PARTITIONS,
        `Topic currently has ${topic.info.partitions} partitions, which is not less than the requested ${totalCount}.`,
      );
    }
    if (options.validateOnly) return;
    topic.info.partitions = totalCount;
    this.persist();
    this.openPartitions(topic, totalCount);
  }

  partition(topic: string, index: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[index];
  }

  /** Called after every append, and for each partition of a deleted topic; returns the unsubscribe. */
  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ids are never reused, across restarts too, so old sequence state cannot match a new producer. */
  allocateProducerId(): { producerId: number; producerEpoch: number } {
    const producerId = this.nextProducerId;
    this.nextProducerId += 1;
    this.persist();
    return { producerId, producerEpoch: 0 };
  }

  enforceRetention(): void {
    const now = this.options.clock.now();
    for (const topic of this.topics.values()) {
      for (const partition of topic.partitions) partition.enforceRetention(now);
    }
  }

  close(): void {
    if (this.retentionTimer) this.options.clock.clearTimeout(this.retentionTimer);
    this.retentionTimer = undefined;
    for (const topic of this.topics.values()) topic.partitions.forEach((partition) => partition.close());
    this.topics.clear();
    this.listeners.clear();
  }

  private recover(): void {
    const stored = this.metadataFile?.read();
    const topics = stored?.topics ?? this.adoptDirectoriesWithoutMetadata();
    this.nextProducerId = stored?.nextProducerId ?? 0;
    for (const info of topics) {
      const topic: Topic = { info: copyOf(info), config: logConfigOf(info.configs), partitions: [] };
      this.topics.set(info.name, topic);
      this.openPartitions(topic, info.partitions);
    }
    this.removeUnknownDirectories();
    if (this.metadataFile && !stored) this.persist();
  }

  /**
   * A data dir whose metadata file is missing (deleted by hand, or older than it) still holds the
   * records; rather than delete them, rebuild the topic list from `<topic>-<partition>` directories.
   */
  private adoptDirectoriesWithoutMetadata(): TopicInfo[] {
    const counts = new Map<string, number>();
    for (const { topic, partition } of this.partitionDirectories()) {
      counts.set(topic, Math.max(counts.get(topic) ?? 0, partition + 1));
    }
    return [...counts].map(([name, partitions]) => ({ name, partitions, configs: {} }));
  }

  /** Directories a crash left behind between a metadata update and the matching file operations. */
  private removeUnknownDirectories(): void {
    for (const { dir, topic, partition } of this.partitionDirectories()) {
      const known = this.topics.get(topic);
      if (!known || partition >= known.info.partitions) {
        this.log(`removing ${dir}: not a partition of any known topic`);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }

  private partitionDirectories(): { dir: string; topic: string; partition: number }[] {
    if (!this.options.dataDir) return [];
    const root = join(this.options.dataDir, 'topics');
    if (!existsSync(root)) return [];
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({ entry, match: /^(.+)-(\d+)$/.exec(entry.name) }))
      .filter(({ match }) => match !== null && isValidTopicName(match[1]))
      .map(({ entry, match }) => ({ dir: join(root, entry.name), topic: match![1], partition: Number(match![2]) }));
  }

  private openPartitions(topic: Topic, count: number): void {
    for (let index = topic.partitions.length; index < count; index++) {
      const partition = new SegmentedPartitionLog(
        topic.info.name,
        index,
        this.storageFor(topic.info.name, index),
        () => topic.config,
        this.options.clock,
        () => this.notify(topic.info.name, index),
      );
      topic.partitions.push(partition);
    }
  }

  private storageFor(topic: string, index: number): PartitionStorage {
    if (!this.options.dataDir) return new MemoryPartitionStorage();
    const dir = join(this.options.dataDir, 'topics', `${topic}-${index}`);
    return new DirectoryPartitionStorage(dir, this.options.fsync ?? false, this.log);
  }

  private notify(topic: string, partition: number): void {
    for (const listener of this.listeners) {
      try {
        listener(topic, partition);
      } catch (error) {
        this.log(`append listener failed: ${(error as Error).message}`);
      }
    }
  }

  private persist(): void {
    const topics = [...this.topics.values()].map((topic) => topic.info);
    this.metadataFile?.write({ version: 1, nextProducerId: this.nextProducerId, topics });
  }

  private scheduleRetention(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.retentionTimer = this.options.clock.setTimeout(() => {
      this.enforceRetention();
      this.scheduleRetention(intervalMs);
    }, intervalMs);
  }

  private required(name: string): Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    return topic;
  }
}

function copyOf(info: TopicInfo): TopicInfo {
  return { name: info.name, partitions: info.partitions, configs: { ...info.configs } };
}
