import { ManualClock } from '../clock';
import { ErrorCode, KafkaError } from '../errors';
import { buildRecordBatch } from '../protocol/record-batch-builder';
import { makeTempDir, removeDir } from '../testing/temp-dir';
import { TopicStore } from './index';

/** A batch of `count` records from producer `producerId` starting at `baseSequence`. */
function sequenced(producerId: number, producerEpoch: number, baseSequence: number, count = 1): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({ value: `seq-${baseSequence + i}` }));
  return buildRecordBatch({ records, producerId, producerEpoch, baseSequence });
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

describe('idempotent producer state', () => {
  let dataDir: string;
  let store: TopicStore;
  const open = () => TopicStore.open({ dataDir, defaultPartitions: 1, clock: new ManualClock(), retentionCheckIntervalMs: 0 });
  const log = () => store.partition('t', 0)!;

  beforeEach(() => {
    dataDir = makeTempDir('idempotence-');
    store = open();
    store.create('t', 1);
  });

  afterEach(() => {
    store.close();
    removeDir(dataDir);
  });

  it('returns the original offset and appends nothing when a retained batch is sent again', () => {
    expect(log().append(sequenced(7, 0, 0, 2))).toEqual({ baseOffset: 0 });
    expect(log().append(sequenced(7, 0, 2, 3))).toEqual({ baseOffset: 2 });
    expect(log().append(sequenced(7, 0, 0, 2))).toEqual({ baseOffset: 0 });
    expect(log().append(sequenced(7, 0, 2, 3))).toEqual({ baseOffset: 2 });
    expect(log().highWatermark()).toBe(5);
  });

  it('recognises duplicates among the last five batches only', () => {
    for (let sequence = 0; sequence < 6; sequence++) log().append(sequenced(7, 0, sequence));
    expect(log().append(sequenced(7, 0, 1))).toEqual({ baseOffset: 1 });
    expect(errorCodeOf(() => log().append(sequenced(7, 0, 0)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  });

  it('fails with OUT_OF_ORDER_SEQUENCE_NUMBER when a sequence is skipped', () => {
    log().append(sequenced(7, 0, 0));
    expect(errorCodeOf(() => log().append(sequenced(7, 0, 2)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(log().highWatermark()).toBe(1);
  });

  it('fails with INVALID_PRODUCER_EPOCH when an older epoch writes after a newer one', () => {
    log().append(sequenced(7, 1, 0));
    expect(errorCodeOf(() => log().append(sequenced(7, 0, 1)))).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  it('accepts a new epoch only from sequence 0', () => {
    log().append(sequenced(7, 0, 0));
    expect(errorCodeOf(() => log().append(sequenced(7, 1, 5)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(log().append(sequenced(7, 1, 0))).toEqual({ baseOffset: 1 });
  });

  it('keeps producers apart and ignores batches without a producer id', () => {
    log().append(sequenced(7, 0, 0));
    log().append(sequenced(8, 0, 0));
    expect(log().append(sequenced(-1, -1, -1))).toEqual({ baseOffset: 2 });
    expect(log().append(sequenced(-1, -1, -1))).toEqual({ baseOffset: 3 });
    expect(log().append(sequenced(8, 0, 1))).toEqual({ baseOffset: 4 });
  });

  it('still recognises duplicates and gaps after a reopen, rebuilt from the batch headers', () => {
    log().append(sequenced(7, 0, 0, 2));
    log().append(sequenced(7, 0, 2));
    store.close();
    store = open();
    expect(log().append(sequenced(7, 0, 2))).toEqual({ baseOffset: 2 });
    expect(errorCodeOf(() => log().append(sequenced(7, 0, 4)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(log().append(sequenced(7, 0, 3))).toEqual({ baseOffset: 3 });
  });
});
