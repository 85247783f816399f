import { ErrorCode, KafkaError } from '../errors';
import { buildRecordBatch } from './record-batch-builder';
import {
  assignBatchOffsets,
  batchSizeOf,
  hasValidCrc,
  iterateBatches,
  readBatchHeader,
  validateSingleBatch,
} from './record-batch';

const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
const { Types } = require('kafkajs/src/protocol/message/compression');

/** A batch exactly as the kafkajs producer encodes it. */
async function kafkajsBatch(options: { gzip?: boolean; producerId?: number; firstSequence?: number } = {}): Promise<Buffer> {
  const records = ['a', 'bb', 'ccc'].map((value, offsetDelta) =>
    Record({ offsetDelta, timestampDelta: offsetDelta * 10, key: Buffer.from(`k${offsetDelta}`), value: Buffer.from(value), headers: { h: 'v' } }),
  );
  const encoder = await RecordBatch({
    compression: options.gzip ? Types.GZIP : Types.None,
    firstTimestamp: 1_700_000_000_000,
    maxTimestamp: 1_700_000_000_020,
    lastOffsetDelta: 2,
    producerId: options.producerId ?? -1,
    producerEpoch: 3,
    firstSequence: options.firstSequence ?? 0,
    records,
  });
  return encoder.buffer;
}

function codeOf(action: () => unknown): number | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (error instanceof KafkaError) return error.code;
    throw error;
  }
}

describe('record batch', () => {
  it('reads every header field when given a kafkajs batch', async () => {
    const header = readBatchHeader(await kafkajsBatch({ producerId: 42, firstSequence: 7 }));
    expect(header).toMatchObject({
      baseOffset: 0,
      magic: 2,
      attributes: 0,
      lastOffsetDelta: 2,
      baseTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_020,
      producerId: 42,
      producerEpoch: 3,
      baseSequence: 7,
      recordsCount: 3,
    });
  });

  it('accepts a kafkajs batch when it is uncompressed or gzipped', async () => {
    for (const gzip of [false, true]) {
      const batch = await kafkajsBatch({ gzip });
      const header = validateSingleBatch(batch);
      expect(batchSizeOf(header)).toBe(batch.length);
      expect(header.attributes & 7).toBe(gzip ? 1 : 0);
    }
  });

  it('rejects with CORRUPT_MESSAGE when a byte inside the checksummed part changes', async () => {
    const batch = await kafkajsBatch();
    batch[batch.length - 3] ^= 0xff;
    expect(codeOf(() => validateSingleBatch(batch))).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it('rejects with INVALID_RECORD when the magic byte is not 2', async () => {
    const batch = await kafkajsBatch();
    batch.writeInt8(1, 16);
    expect(codeOf(() => validateSingleBatch(batch))).toBe(ErrorCode.INVALID_RECORD);
  });

  it('rejects with INVALID_RECORD when two batches arrive for one partition', async () => {
    const batch = await kafkajsBatch();
    expect(codeOf(() => validateSingleBatch(Buffer.concat([batch, batch])))).toBe(ErrorCode.INVALID_RECORD);
  });

  it('rejects with INVALID_RECORD when the batch is cut short', async () => {
    const batch = await kafkajsBatch();
    expect(codeOf(() => validateSingleBatch(batch.subarray(0, batch.length - 1)))).toBe(ErrorCode.INVALID_RECORD);
    expect(codeOf(() => validateSingleBatch(batch.subarray(0, 30)))).toBe(ErrorCode.INVALID_RECORD);
  });

  it('keeps the checksum valid when the offset and leader epoch are stamped', async () => {
    const batch = await kafkajsBatch({ gzip: true });
    const before = Buffer.from(batch);
    assignBatchOffsets(batch, 1234, 0);
    const header = readBatchHeader(batch);
    expect(header.baseOffset).toBe(1234);
    expect(header.partitionLeaderEpoch).toBe(0);
    expect(hasValidCrc(batch, 0, header)).toBe(true);
    expect(batch.subarray(16)).toEqual(before.subarray(16));
  });

  it('walks consecutive batches and stops quietly when the last one is partial', async () => {
    const first = await kafkajsBatch();
    const second = buildRecordBatch({ records: [{ value: 'x' }] });
    const buffer = Buffer.concat([first, second, second.subarray(0, 20)]);
    const found = [...iterateBatches(buffer)];
    expect(found.map((b) => [b.position, b.size])).toEqual([
      [0, first.length],
      [first.length, second.length],
    ]);
  });
});
