import pino from 'pino';
import { Registry } from 'prom-client';
import { ConsumerLagMonitor } from './consumer-lag.monitor';
import { GroupOffsetsReader, GroupPartitionOffsets } from './group-offsets';

/** A reader that answers from a script: one list of partition offsets per sample. */
class ScriptedOffsets implements GroupOffsetsReader {
  readonly calls: Array<{ groupId: string; topics: readonly string[] }> = [];
  constructor(private readonly script: Array<GroupPartitionOffsets[] | Error>) {}

  async readGroupOffsets(groupId: string, topics: readonly string[]): Promise<GroupPartitionOffsets[]> {
    this.calls.push({ groupId, topics });
    const next = this.script.length > 1 ? this.script.shift()! : this.script[0];
    if (next instanceof Error) throw next;
    return next;
  }
}

const at = (committedOffset: number | null, endOffset: number, partition = 0): GroupPartitionOffsets => ({
  topic: 'order',
  partition,
  committedOffset,
  endOffset,
  startOffset: 0,
});

async function valueOf(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as Array<{ labels: Record<string, string | number>; value: number }>;
  return values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l))?.value;
}

describe('ConsumerLagMonitor', () => {
  const logger = pino({ level: 'silent' });
  let registry: Registry;
  beforeEach(() => (registry = new Registry()));

  it('publishes lag per partition as end offset minus committed offset', async () => {
    const monitor = new ConsumerLagMonitor(new ScriptedOffsets([[at(40, 52, 0), at(null, 7, 1)]]), registry, logger, {
      sampleIntervalMs: 1000,
      windowSize: 3,
    });
    await monitor.sample('inventory-service', ['order']);
    expect(await valueOf(registry, 'kafka_consumer_group_lag', { group: 'inventory-service', partition: '0' })).toBe(12);
    expect(await valueOf(registry, 'kafka_consumer_group_lag', { partition: '1' })).toBe(7);
  });

  it('marks a group ERROR once it stopped committing while its lag grew over a full window', async () => {
    const script = [[at(10, 10)], [at(10, 15)], [at(10, 22)], [at(10, 30)]];
    const monitor = new ConsumerLagMonitor(new ScriptedOffsets(script), registry, logger, { sampleIntervalMs: 1000, windowSize: 3 });
    const status = (s: string) => valueOf(registry, 'kafka_consumer_group_status', { group: 'payment-service', status: s });

    await monitor.sample('payment-service', ['order']);
    await monitor.sample('payment-service', ['order']);
    expect(await status('OK')).toBe(1);
    await monitor.sample('payment-service', ['order']);
    expect(await status('OK')).toBe(1); // the window still holds the caught-up sample
    await monitor.sample('payment-service', ['order']);
    expect([await status('OK'), await status('WARNING'), await status('ERROR')]).toEqual([0, 0, 1]);
    expect(await valueOf(registry, 'kafka_consumer_group_partition_status', { partition: '0', status: 'ERROR' })).toBe(1);
  });

  it('marks a group WARNING when it commits but falls further behind', async () => {
    const script = [[at(10, 12)], [at(14, 18)], [at(18, 25)]];
    const monitor = new ConsumerLagMonitor(new ScriptedOffsets(script), registry, logger, { sampleIntervalMs: 1000, windowSize: 3 });
    for (let i = 0; i < 3; i++) await monitor.sample('order-service', ['payment']);
    expect(await valueOf(registry, 'kafka_consumer_group_status', { status: 'WARNING' })).toBe(1);
  });

  it('counts a failed sample and keeps the window it had', async () => {
    const script = [[at(10, 12)], new Error('broker unreachable'), [at(10, 14)]];
    const monitor = new ConsumerLagMonitor(new ScriptedOffsets(script), registry, logger, { sampleIntervalMs: 1000, windowSize: 2 });
    for (let i = 0; i < 3; i++) await monitor.sample('order-service', ['payment']);
    expect(await valueOf(registry, 'kafka_consumer_group_lag_sample_failures_total', { group: 'order-service' })).toBe(1);
    expect(await valueOf(registry, 'kafka_consumer_group_status', { status: 'ERROR' })).toBe(1);
  });

  it('samples at once when watching, then every interval, and not after stop', async () => {
    jest.useFakeTimers();
    try {
      const reader = new ScriptedOffsets([[at(5, 5)]]);
      const monitor = new ConsumerLagMonitor(reader, registry, logger, { sampleIntervalMs: 1000, windowSize: 2 });
      monitor.watch('order-service', ['inventory', 'payment']);
      await jest.advanceTimersByTimeAsync(0);
      expect(reader.calls).toEqual([{ groupId: 'order-service', topics: ['inventory', 'payment'] }]);
      await jest.advanceTimersByTimeAsync(2000);
      expect(reader.calls).toHaveLength(3);
      await monitor.stop();
      await jest.advanceTimersByTimeAsync(5000);
      expect(reader.calls).toHaveLength(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
