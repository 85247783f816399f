import { Counter, Gauge, Registry } from 'prom-client';
import { Logger } from 'pino';
import { GroupOffsetsReader, lagOf } from './group-offsets';
import { LAG_STATUSES, LagStatus, LagWindow, worstStatus } from './lag-evaluation';

export interface ConsumerLagOptions {
  /** How often committed and end offsets are read (one admin round trip per topic, never per message). */
  sampleIntervalMs: number;
  /** Samples per evaluation window: the window spans (windowSize - 1) intervals. */
  windowSize: number;
}

/**
 * Samples a consumer group's committed offsets against the partitions' end offsets on a timer and
 * publishes lag and a Burrow-style status per partition and per group. A status change is logged,
 * so a stalled group shows up in the logs as well as on a dashboard.
 */
export class ConsumerLagMonitor {
  private readonly windows = new Map<string, LagWindow>();
  private readonly groupStatuses = new Map<string, LagStatus>();
  private readonly lag: Gauge<'group' | 'topic' | 'partition'>;
  private readonly partitionStatus: Gauge<'group' | 'topic' | 'partition' | 'status'>;
  private readonly groupStatus: Gauge<'group' | 'status'>;
  private readonly sampleFailures: Counter<'group'>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly reader: GroupOffsetsReader,
    registry: Registry,
    private readonly logger: Logger,
    private readonly options: ConsumerLagOptions,
    private readonly clock: () => number = Date.now,
  ) {
    const registers = [registry];
    this.lag = new Gauge({
      name: 'kafka_consumer_group_lag',
      help: 'Records not yet processed by the group: end offset minus committed offset, per partition.',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    });
    this.partitionStatus = new Gauge({
      name: 'kafka_consumer_group_partition_status',
      help: 'Burrow-style evaluation per partition: 1 for the current status (OK, WARNING, ERROR), 0 for the others.',
      labelNames: ['group', 'topic', 'partition', 'status'],
      registers,
    });
    this.groupStatus = new Gauge({
      name: 'kafka_consumer_group_status',
      help: "The group's worst partition status: 1 for the current status (OK, WARNING, ERROR), 0 for the others.",
      labelNames: ['group', 'status'],
      registers,
    });
    this.sampleFailures = new Counter({
      name: 'kafka_consumer_group_lag_sample_failures_total',
      help: 'Offset samples that failed (cluster unreachable); the windows keep their earlier samples.',
      labelNames: ['group'],
      registers,
    });
  }

  /** Starts sampling the group on its topics; the first sample is taken at once. */
  watch(groupId: string, topics: readonly string[]): void {
    this.stopTimer();
    this.stopped = false;
    const tick = () => {
      void this.sample(groupId, topics).finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.options.sampleIntervalMs).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /**
   * Stops sampling. A sample in flight is not waited for: with the cluster away, the admin client's
   * retries could hold a shutdown for many seconds, and a late sample only updates gauges.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopTimer();
  }

  /** One sample of every partition of the group's topics; failures are counted and logged, never thrown. */
  async sample(groupId: string, topics: readonly string[]): Promise<void> {
    let offsets;
    try {
      offsets = await this.reader.readGroupOffsets(groupId, topics);
    } catch (error) {
      this.sampleFailures.inc({ group: groupId });
      // Once stopping, the bus is closing under the sample: that failure says nothing about the cluster.
      if (!this.stopped) this.logger.warn({ err: error, group: groupId }, 'consumer lag sample failed');
      return;
    }
    const at = this.clock();
    const statuses: LagStatus[] = [];
    for (const partitionOffsets of offsets) {
      const { topic, partition, committedOffset } = partitionOffsets;
      const labels = { group: groupId, topic, partition: String(partition) };
      const lag = lagOf(partitionOffsets);
      const window = this.windowOf(`${groupId}/${topic}/${partition}`);
      window.add({ at, committedOffset, lag });
      const { status } = window.evaluate();
      statuses.push(status);
      this.lag.set(labels, lag);
      for (const candidate of LAG_STATUSES) this.partitionStatus.set({ ...labels, status: candidate }, candidate === status ? 1 : 0);
    }
    this.noteGroupStatus(groupId, worstStatus(statuses), offsets.length);
  }

  private noteGroupStatus(groupId: string, status: LagStatus, partitions: number): void {
    for (const candidate of LAG_STATUSES) this.groupStatus.set({ group: groupId, status: candidate }, candidate === status ? 1 : 0);
    const previous = this.groupStatuses.get(groupId) ?? 'OK';
    this.groupStatuses.set(groupId, status);
    if (status === previous) return;
    const log = status === 'OK' ? this.logger.info.bind(this.logger) : this.logger.warn.bind(this.logger);
    log({ group: groupId, status, previous, partitions }, `consumer group status ${previous} -> ${status}`);
  }

  private windowOf(key: string): LagWindow {
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = new LagWindow(this.options.windowSize)));
    return window;
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
