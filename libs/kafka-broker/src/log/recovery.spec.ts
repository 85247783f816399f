import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../clock';
import { buildRecordBatch, decodeRecordBatches } from '../protocol/record-batch-builder';
import { makeTempDir, removeDir } from '../testing/temp-dir';
import { TopicStore } from './index';

const batchOf = (value: string) => buildRecordBatch({ records: [{ value }], baseTimestamp: 1_700_000_000_000 });
const values = (buffer: Buffer) => decodeRecordBatches(buffer).flatMap((b) => b.records.map((r) => `${r.offset}:${r.value}`));

describe('log recovery', () => {
  let dataDir: string;
  let clock: ManualClock;
  const open = () => TopicStore.open({ dataDir, defaultPartitions: 2, clock, retentionCheckIntervalMs: 0 });
  const segmentFile = (topic: string, partition: number, base = 0) =>
    join(dataDir, 'topics', `${topic}-${partition}`, `${String(base).padStart(20, '0')}.log`);

  beforeEach(() => {
    dataDir = makeTempDir('recovery-');
    clock = new ManualClock();
  });

  afterEach(() => removeDir(dataDir));

  it('restores topics, configs and records when reopened', () => {
    const store = open();
    store.create('orders', 3, { 'retention.ms': '1000000', 'cleanup.policy': 'delete' });
    store.partition('orders', 2)!.append(batchOf('a'));
    store.partition('orders', 2)!.append(batchOf('b'));
    store.close();

    const reopened = open();
    expect(reopened.list()).toEqual([{ name: 'orders', partitions: 3, configs: { 'retention.ms': '1000000', 'cleanup.policy': 'delete' } }]);
    expect(values(reopened.partition('orders', 2)!.read(0, 10_000))).toEqual(['0:a', '1:b']);
    expect(reopened.partition('orders', 2)!.append(batchOf('c'))).toEqual({ baseOffset: 2 });
    reopened.close();
  });

  it('has every acknowledged append on disk without being closed, as after a SIGKILL', () => {
    const store = open();
    store.create('t', 1);
    store.partition('t', 0)!.append(batchOf('a'));
    // No close: a second store reading the same directory sees only what reached the file.
    const reader = open();
    expect(values(reader.partition('t', 0)!.read(0, 10_000))).toEqual(['0:a']);
    reader.close();
    store.close();
  });

  it('cuts off a partially written last batch and continues after the last whole one', () => {
    const store = open();
    store.create('t', 1);
    store.partition('t', 0)!.append(batchOf('a'));
    store.partition('t', 0)!.append(batchOf('b'));
    store.close();
    const intact = statSync(segmentFile('t', 0)).size;
    appendFileSync(segmentFile('t', 0), batchOf('torn').subarray(0, 40));

    const reopened = open();
    expect(statSync(segmentFile('t', 0)).size).toBe(intact);
    expect(reopened.partition('t', 0)!.highWatermark()).toBe(2);
    expect(reopened.partition('t', 0)!.append(batchOf('c'))).toEqual({ baseOffset: 2 });
    expect(values(reopened.partition('t', 0)!.read(0, 10_000))).toEqual(['0:a', '1:b', '2:c']);
    reopened.close();
  });

  it('drops a last batch whose checksum does not match', () => {
    const store = open();
    store.create('t', 1);
    store.partition('t', 0)!.append(batchOf('a'));
    store.close();
    const damaged = batchOf('b');
    damaged.writeBigInt64BE(1n, 0);
    damaged[damaged.length - 1] ^= 0xff;
    appendFileSync(segmentFile('t', 0), damaged);

    const reopened = open();
    expect(reopened.partition('t', 0)!.highWatermark()).toBe(1);
    reopened.close();
  });

  it('drops the segments after one found damaged, since they no longer follow on', () => {
    const store = open();
    const size = batchOf('a').length;
    store.create('t', 1, { 'segment.bytes': String(2 * size) });
    for (const value of ['a', 'b', 'c', 'd', 'e']) store.partition('t', 0)!.append(batchOf(value));
    store.close();
    truncateSync(segmentFile('t', 0, 0), size + 10);

    const reopened = open();
    expect(readdirSync(join(dataDir, 'topics', 't-0'))).toEqual([`${'0'.padStart(20, '0')}.log`]);
    expect(reopened.partition('t', 0)!.highWatermark()).toBe(1);
    expect(reopened.partition('t', 0)!.append(batchOf('f'))).toEqual({ baseOffset: 1 });
    reopened.close();
  });

  it('keeps the log end offset when retention had emptied the log', () => {
    const store = open();
    store.create('t', 1, { 'retention.ms': '1000' });
    store.partition('t', 0)!.append(batchOf('a'));
    store.partition('t', 0)!.append(batchOf('b'));
    clock.advance(10 ** 12);
    store.enforceRetention();
    store.close();
    expect(readdirSync(join(dataDir, 'topics', 't-0'))).toEqual([`${'2'.padStart(20, '0')}.log`]);

    const reopened = open();
    expect(reopened.partition('t', 0)!.logStartOffset()).toBe(2);
    expect(reopened.partition('t', 0)!.highWatermark()).toBe(2);
    reopened.close();
  });

  it('never hands out a producer id twice across restarts', () => {
    const store = open();
    const first = store.allocateProducerId();
    const second = store.allocateProducerId();
    store.close();
    const reopened = open();
    const third = reopened.allocateProducerId();
    reopened.close();
    expect(new Set([first.producerId, second.producerId, third.producerId]).size).toBe(3);
    expect(third.producerEpoch).toBe(0);
  });

  it('removes partition directories no known topic owns, such as those of a half-finished delete', () => {
    const store = open();
    store.create('kept', 1);
    store.create('gone', 1);
    store.delete('gone');
    store.close();
    mkdirSync(join(dataDir, 'topics', 'stale-0'));
    writeFileSync(join(dataDir, 'topics', 'stale-0', `${'0'.padStart(20, '0')}.log`), '');

    const reopened = open();
    expect(reopened.list().map((t) => t.name)).toEqual(['kept']);
    expect(existsSync(join(dataDir, 'topics', 'stale-0'))).toBe(false);
    expect(existsSync(join(dataDir, 'topics', 'gone-0'))).toBe(false);
    reopened.close();
  });

  it('rebuilds the topic list from partition directories when the metadata file is missing', () => {
    const store = open();
    store.create('my-topic', 2);
    store.partition('my-topic', 1)!.append(batchOf('a'));
    store.close();
    rmSync(join(dataDir, 'log-metadata.json'));

    const reopened = open();
    expect(reopened.describe('my-topic')).toEqual({ name: 'my-topic', partitions: 2, configs: {} });
    expect(reopened.partition('my-topic', 1)!.highWatermark()).toBe(1);
    reopened.close();
  });
});
