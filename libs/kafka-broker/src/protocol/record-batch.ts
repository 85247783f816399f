/**
 * RecordBatch v2 (magic 2) header access, validation and offset assignment.
 *
 *   baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 *   attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
 *   producerId int64 | producerEpoch int16 | baseSequence int32 | recordsCount int32 | records...
 *
 * batchLength counts the bytes after itself, so a batch occupies batchLength + 12 bytes. The CRC-32C
 * covers attributes..end, which leaves baseOffset and partitionLeaderEpoch outside it: the broker may
 * stamp those two and still store and serve exactly the bytes the producer checksummed.
 */
import { ErrorCode, KafkaError } from '../errors';
import { crc32c } from './crc32c';

/** Bytes before the records: the fixed header of every v2 batch. */
export const BATCH_HEADER_SIZE = 61;
/** baseOffset + batchLength, the part of the header batchLength does not count. */
export const BATCH_LOG_OVERHEAD = 12;
const MAGIC_POSITION = 16;
const CRC_POSITION = 17;
const ATTRIBUTES_POSITION = 21;

export interface RecordBatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

/** Attribute bits (the low three are the compression codec: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd). */
export const BatchAttributes = { COMPRESSION_MASK: 0x07, LOG_APPEND_TIME: 0x08, TRANSACTIONAL: 0x10, CONTROL: 0x20 };

export function batchSizeOf(header: RecordBatchHeader): number {
  return header.batchLength + BATCH_LOG_OVERHEAD;
}

/** Reads the header at `position`; throws INVALID_RECORD if the bytes cannot hold one. */
export function readBatchHeader(buffer: Buffer, position = 0): RecordBatchHeader {
  if (buffer.length - position < BATCH_HEADER_SIZE) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, `record batch shorter than its ${BATCH_HEADER_SIZE}-byte header`);
  }
  const at = (delta: number) => position + delta;
  return {
    baseOffset: readInt64(buffer, at(0)),
    batchLength: buffer.readInt32BE(at(8)),
    partitionLeaderEpoch: buffer.readInt32BE(at(12)),
    magic: buffer.readInt8(at(MAGIC_POSITION)),
    crc: buffer.readUInt32BE(at(CRC_POSITION)),
    attributes: buffer.readInt16BE(at(ATTRIBUTES_POSITION)),
    lastOffsetDelta: buffer.readInt32BE(at(23)),
    baseTimestamp: readInt64(buffer, at(27)),
    maxTimestamp: readInt64(buffer, at(35)),
    producerId: readInt64(buffer, at(43)),
    producerEpoch: buffer.readInt16BE(at(51)),
    baseSequence: buffer.readInt32BE(at(53)),
    recordsCount: buffer.readInt32BE(at(57)),
  };
}

/**
 * Checks that `records` (a produce request's partition data) is exactly one well-formed v2 batch:
 * wrong magic, a length that disagrees with the buffer, or trailing bytes -> INVALID_RECORD (87);
 * a checksum mismatch -> CORRUPT_MESSAGE (2).
 */
export function validateSingleBatch(records: Buffer): RecordBatchHeader {
  const header = readBatchHeader(records);
  if (header.magic !== 2) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, `record batch magic ${header.magic} is not supported, only 2`);
  }
  const size = batchSizeOf(header);
  if (header.batchLength < BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD || size > records.length) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, `record batch length ${header.batchLength} disagrees with its bytes`);
  }
  if (size < records.length) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, 'a produce request must carry exactly one record batch per partition');
  }
  if (header.recordsCount < 0 || header.lastOffsetDelta < 0) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, 'record batch has a negative record count or offset delta');
  }
  if (!hasValidCrc(records, 0, header)) {
    throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'record batch CRC-32C does not match its contents');
  }
  return header;
}

export function hasValidCrc(buffer: Buffer, position: number, header: RecordBatchHeader): boolean {
  return crc32c(buffer, position + ATTRIBUTES_POSITION, position + batchSizeOf(header)) === header.crc;
}

/** Stamps the broker-assigned offset and leader epoch into the batch at `position`, in place. */
export function assignBatchOffsets(buffer: Buffer, baseOffset: number, partitionLeaderEpoch: number, position = 0): void {
  buffer.writeBigInt64BE(BigInt(baseOffset), position);
  buffer.writeInt32BE(partitionLeaderEpoch, position + 12);
}

/** A batch found by {@link iterateBatches}: its header and where its bytes sit in the buffer. */
export interface BatchLocation {
  header: RecordBatchHeader;
  position: number;
  size: number;
}

/**
 * Walks consecutive batches. Stops quietly at a trailing partial batch, as a fetch response or a log
 * tail cut short by a crash may end in one; callers compare the last position + size with `end`.
 */
export function* iterateBatches(buffer: Buffer, start = 0, end = buffer.length): Generator<BatchLocation> {
  let position = start;
  while (end - position >= BATCH_HEADER_SIZE) {
    const header = readBatchHeader(buffer, position);
    const size = batchSizeOf(header);
    if (header.batchLength < BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD || position + size > end) return;
    yield { header, position, size };
    position += size;
  }
}

/** int64 as a number; the broker's contract keeps offsets, ids and timestamps in the safe-integer range. */
function readInt64(buffer: Buffer, position: number): number {
  const value = buffer.readBigInt64BE(position);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, `record batch int64 field ${value} is outside the safe range`);
  }
  return Number(value);
}
