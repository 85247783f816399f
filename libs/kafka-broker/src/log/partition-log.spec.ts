import { ManualClock } from '../clock';
import { ErrorCode, KafkaError } from '../errors';
import { buildRecordBatch, decodeRecordBatches } from '../protocol/record-batch-builder';
import { makeTempDir, removeDir } from '../testing/temp-dir';
import { TopicStore } from './index';

function batchOf(...values: string[]): Buffer {
  return buildRecordBatch({ records: values.map((value) => ({ value })), baseTimestamp: 1_700_000_000_000 });
}

function offsetsAndValues(buffer: Buffer): string[] {
  return decodeRecordBatches(buffer).flatMap((b) => b.records.map((r) => `${r.offset}:${r.value}`));
}

function errorCodeOf(action: () => unknown): number | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof KafkaError) return error.code;
    throw error;
  }
  return undefined;
}

describe.each(['memory', 'file'] as const)('partition log (%s)', (mode) => {
  let dataDir: string | undefined;
  let store: TopicStore;

  beforeEach(() => {
    dataDir = mode === 'file' ? makeTempDir('partition-log-') : undefined;
    store = TopicStore.open({ dataDir, defaultPartitions: 1, clock: new ManualClock(), retentionCheckIntervalMs: 0 });
  });

  afterEach(() => {
    store.close();
    removeDir(dataDir);
  });

  it('assigns consecutive offsets per batch when batches are appended', () => {
    store.create('t', 1);
    const log = store.partition('t', 0)!;
    expect(log.append(batchOf('a', 'b', 'c'))).toEqual({ baseOffset: 0 });
    expect(log.append(batchOf('d'))).toEqual({ baseOffset: 3 });
    expect(log.highWatermark()).toBe(4);
    expect(log.logStartOffset()).toBe(0);
  });

  it('stores the producer bytes except the stamped offset and leader epoch', () => {
    store.create('t', 1);
    const log = store.partition('t', 0)!;
    log.append(batchOf('x'));
    const sent = batchOf('y');
    log.append(sent);
    const stored = log.read(1, 1_000_000);
    expect(stored.readBigInt64BE(0)).toBe(1n);
    expect(stored.readInt32BE(12)).toBe(0);
    expect(stored.subarray(16)).toEqual(sent.subarray(16));
  });

  it('returns the whole batch that holds a mid-batch offset', () => {
    store.create('t', 1);
    const log = store.partition('t', 0)!;
    log.append(batchOf('a', 'b', 'c'));
    log.append(batchOf('d', 'e'));
    expect(offsetsAndValues(log.read(1, 1_000_000))).toEqual(['0:a', '1:b', '2:c', '3:d', '4:e']);
    expect(offsetsAndValues(log.read(4, 1_000_000))).toEqual(['3:d', '4:e']);
  });

  it('returns whole batches within maxBytes, and always the first batch even above it', () => {
    store.create('t', 1);
    const log = store.partition('t', 0)!;
    const size = batchOf('a').length;
    for (const value of ['a', 'b', 'c']) log.append(batchOf(value));
    expect(offsetsAndValues(log.read(0, 1))).toEqual(['0:a']);
    expect(offsetsAndValues(log.read(0, 2 * size + 1))).toEqual(['0:a', '1:b']);
    expect(offsetsAndValues(log.read(0, 3 * size))).toEqual(['0:a', '1:b', '2:c']);
  });

  it('returns an empty buffer when reading at the high watermark', () => {
    store.create('t', 1);
    const log = store.partition('t', 0)!;
    expect(log.read(0, 100).length).toBe(0);
    log.append(batchOf('a'));
    expect(log.read(1, 100).length).toBe(0);
  });

  it('fails with OFFSET_OUT_OF_RANGE when reading past the high watermark or below the log start', () => {
    store.create('t', 1);
    const log = store.partition('t', 0)!;
    log.append(batchOf('a'));
    expect(errorCodeOf(() => log.read(2, 100))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(errorCodeOf(() => log.read(-1, 100))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it('rolls to a new segment when segment.bytes would be exceeded, and still reads across them', () => {
    const size = batchOf('a').length;
    store.create('t', 1, { 'segment.bytes': String(2 * size) });
    const log = store.partition('t', 0)!;
    for (const value of ['a', 'b', 'c', 'd', 'e']) log.append(batchOf(value));
    // A read serves one segment; the reader continues from where it ended, as Kafka consumers do.
    expect(offsetsAndValues(log.read(0, 1_000_000))).toEqual(['0:a', '1:b']);
    expect(offsetsAndValues(log.read(2, 1_000_000))).toEqual(['2:c', '3:d']);
    expect(offsetsAndValues(log.read(4, 1_000_000))).toEqual(['4:e']);
  });

  it('rejects with MESSAGE_TOO_LARGE when a batch exceeds max.message.bytes', () => {
    store.create('t', 1, { 'max.message.bytes': '100' });
    const log = store.partition('t', 0)!;
    expect(errorCodeOf(() => log.append(batchOf('x'.repeat(200))))).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect(log.highWatermark()).toBe(0);
  });

  it('rejects with CORRUPT_MESSAGE when the checksum does not match, and appends nothing', () => {
    store.create('t', 1);
    const log = store.partition('t', 0)!;
    const batch = batchOf('abc');
    batch[batch.length - 2] ^= 1;
    expect(errorCodeOf(() => log.append(batch))).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(log.highWatermark()).toBe(0);
  });

  it('finds the first record at or after a timestamp, or -1 when there is none', () => {
    store.create('t', 1);
    const log = store.partition('t', 0)!;
    const at = (ms: number, value: string) => ({ value, timestamp: 1_700_000_000_000 + ms });
    log.append(buildRecordBatch({ records: [at(0, 'a'), at(10, 'b')], baseTimestamp: 1_700_000_000_000 }));
    log.append(buildRecordBatch({ records: [at(20, 'c'), at(30, 'd')], baseTimestamp: 1_700_000_000_020, compression: 'gzip' }));
    expect(log.offsetForTimestamp(1_700_000_000_005)).toEqual({ offset: 1, timestamp: 1_700_000_000_010 });
    expect(log.offsetForTimestamp(1_700_000_000_025)).toEqual({ offset: 3, timestamp: 1_700_000_000_030 });
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 1_700_000_000_000 });
    expect(log.offsetForTimestamp(1_700_000_000_031)).toEqual({ offset: -1, timestamp: -1 });
  });
});

describe('partition log storage modes', () => {
  it('stores and serves the same bytes when given the same appends in memory and in files', () => {
    const dataDir = makeTempDir('modes-');
    const stores = [undefined, dataDir].map((dir) =>
      TopicStore.open({ dataDir: dir, defaultPartitions: 1, clock: new ManualClock(), retentionCheckIntervalMs: 0 }),
    );
    try {
      const reads = stores.map((store) => {
        store.create('t', 1, { 'segment.bytes': '300' });
        const log = store.partition('t', 0)!;
        const offsets = ['a', 'bb', 'ccc', 'dddd', 'eeeee'].map((value) => log.append(batchOf(value, value)).baseOffset);
        return { offsets, bytes: [0, 2, 4, 6, 8].map((offset) => log.read(offset, 250)) };
      });
      expect(reads[1]).toEqual(reads[0]);
    } finally {
      stores.forEach((store) => store.close());
      removeDir(dataDir);
    }
  });
});
