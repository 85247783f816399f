import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Clock, TimerHandle } from '../clock';
import { ErrorCode, KafkaError } from '../errors';
import { LogMetadataFile } from './log-metadata-file';
import { PartitionLog, SegmentedPartitionLog } from './partition-log';
import { DirectoryPartitionStorage, MemoryPartitionStorage, PartitionStorage } from './partition-storage';
import { checkNewTopic } from './new-topic';
import { LogConfig, logConfigOf } from './topic-config';
import { partitionDirectoryOf, removeUnknownDirectories, topicsFromDirectories } from './topic-directories';

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
    const info: TopicInfo = checkNewTopic({ name, partitions, configs }, this.topics.keys(), this.options.defaultPartitions);
    if (options.validateOnly) return info;
    const topic: Topic = { info, config: logConfigOf(info.configs), partitions: [] };
    this.topics.set(name, topic);
    this.persist();
    this.openPartitions(topic, info.partitions);
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
    const { dataDir } = this.options;
    const stored = this.metadataFile?.read();
    const topics = stored?.topics ?? (dataDir ? topicsFromDirectories(dataDir) : []);
    this.nextProducerId = stored?.nextProducerId ?? 0;
    for (const info of topics) {
      const topic: Topic = { info: copyOf(info), config: logConfigOf(info.configs), partitions: [] };
      this.topics.set(info.name, topic);
      this.openPartitions(topic, info.partitions);
    }
    if (dataDir) removeUnknownDirectories(dataDir, (name) => this.topics.get(name)?.info.partitions, this.log);
    if (this.metadataFile && !stored) this.persist();
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
    const dir = partitionDirectoryOf(this.options.dataDir, topic, index);
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
