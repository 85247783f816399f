import { ManualClock } from '../clock';
import { buildRecordBatch } from '../protocol/record-batch-builder';
import { makeTempDir, removeDir } from '../testing/temp-dir';
import { TopicStore } from './index';

const HOUR = 60 * 60 * 1000;

describe.each(['memory', 'file'] as const)('retention (%s)', (mode) => {
  let dataDir: string | undefined;
  let clock: ManualClock;
  let store: TopicStore;
  const batchAt = (timestamp: number) => buildRecordBatch({ records: [{ value: 'v' }], baseTimestamp: timestamp });
  const batchSize = batchAt(0).length;

  beforeEach(() => {
    dataDir = mode === 'file' ? makeTempDir('retention-') : undefined;
    clock = new ManualClock();
    store = TopicStore.open({ dataDir, defaultPartitions: 1, clock, retentionCheckIntervalMs: 0 });
  });

  afterEach(() => {
    store.close();
    removeDir(dataDir);
  });

  it('deletes whole segments whose newest record is older than retention.ms', () => {
    // Two batches per segment.
    store.create('t', 1, { 'retention.ms': String(HOUR), 'segment.bytes': String(2 * batchSize) });
    const log = store.partition('t', 0)!;
    const start = clock.now();
    log.append(batchAt(start));
    log.append(batchAt(start + 10 * 60 * 1000));
    log.append(batchAt(start + 30 * 60 * 1000));
    log.append(batchAt(start + 50 * 60 * 1000));
    log.append(batchAt(start + 70 * 60 * 1000));

    clock.advance(HOUR + 5 * 60 * 1000);
    store.enforceRetention();
    // The first segment's newest record (10 min) is 55 min old at 65 min: kept.
    expect(log.logStartOffset()).toBe(0);

    clock.advance(10 * 60 * 1000);
    store.enforceRetention();
    expect(log.logStartOffset()).toBe(2);
    expect(log.highWatermark()).toBe(5);
  });

  it('empties the log but keeps its end offset when every segment has expired', () => {
    store.create('t', 1, { 'retention.ms': String(HOUR) });
    const log = store.partition('t', 0)!;
    log.append(batchAt(clock.now()));
    log.append(batchAt(clock.now()));
    clock.advance(2 * HOUR);
    store.enforceRetention();
    expect(log.logStartOffset()).toBe(2);
    expect(log.highWatermark()).toBe(2);
    expect(log.read(2, 1000).length).toBe(0);
    expect(log.append(batchAt(clock.now()))).toEqual({ baseOffset: 2 });
  });

  it('deletes the oldest segments while the rest still holds retention.bytes', () => {
    store.create('t', 1, { 'retention.bytes': String(3 * batchSize), 'segment.bytes': String(2 * batchSize) });
    const log = store.partition('t', 0)!;
    for (let i = 0; i < 7; i++) log.append(batchAt(clock.now()));
    // Segments hold offsets [0,1] [2,3] [4,5] [6]: 7 batches, 3 allowed -> the two oldest segments go.
    store.enforceRetention();
    expect(log.logStartOffset()).toBe(4);
    expect(log.highWatermark()).toBe(7);
  });

  it('keeps everything when no retention limit is reached', () => {
    store.create('t', 1, { 'retention.ms': '-1', 'retention.bytes': '-1', 'segment.bytes': String(batchSize) });
    const log = store.partition('t', 0)!;
    for (let i = 0; i < 3; i++) log.append(batchAt(0));
    clock.advance(1000 * HOUR);
    store.enforceRetention();
    expect(log.logStartOffset()).toBe(0);
  });

  it('runs on its own every retentionCheckIntervalMs when given one', () => {
    store.close();
    store = TopicStore.open({ dataDir, defaultPartitions: 1, clock, retentionCheckIntervalMs: 60_000 });
    store.create('auto', 1, { 'retention.ms': '1000' });
    const log = store.partition('auto', 0)!;
    log.append(batchAt(clock.now()));
    clock.advance(59_000);
    expect(log.logStartOffset()).toBe(0);
    clock.advance(1_000);
    expect(log.logStartOffset()).toBe(1);
  });
});
