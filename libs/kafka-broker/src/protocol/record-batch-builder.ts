/**
 * Builds and reads the records inside a v2 batch. The broker itself never looks inside a batch (it
 * stores and serves the producer's bytes); this exists for tests and tools that need real batches
 * without a client library, so only the codecs Node ships (none, gzip) are supported.
 *
 *   Record => length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
 *             keyLength varint | key | valueLength varint | value | headerCount varint |
 *             [headerKeyLength varint | headerKey | headerValueLength varint | headerValue]
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { crc32c } from './crc32c';
import { BATCH_HEADER_SIZE, BatchAttributes, iterateBatches, RecordBatchHeader } from './record-batch';
import { VarintReader, VarintWriter } from './record-batch-varint';

export interface RecordInput {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | null>;
  /** Defaults to the batch's base timestamp. */
  timestamp?: number;
}

export interface BuildBatchOptions {
  records: RecordInput[];
  baseOffset?: number;
  baseTimestamp?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  compression?: 'none' | 'gzip';
  partitionLeaderEpoch?: number;
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

export function buildRecordBatch(options: BuildBatchOptions): Buffer {
  const { records, baseOffset = 0, producerId = -1, producerEpoch = -1, baseSequence = -1 } = options;
  const baseTimestamp = options.baseTimestamp ?? Date.now();
  const gzip = options.compression === 'gzip';
  const encoded = Buffer.concat(records.map((record, offsetDelta) => encodeRecord(record, offsetDelta, baseTimestamp)));
  const body = gzip ? gzipSync(encoded) : encoded;
  const maxTimestamp = records.reduce((max, r) => Math.max(max, r.timestamp ?? baseTimestamp), baseTimestamp);

  const batch = Buffer.alloc(BATCH_HEADER_SIZE + body.length);
  batch.writeBigInt64BE(BigInt(baseOffset), 0);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(options.partitionLeaderEpoch ?? -1, 12);
  batch.writeInt8(2, 16);
  batch.writeInt16BE(gzip ? 1 : 0, 21);
  batch.writeInt32BE(Math.max(records.length - 1, 0), 23);
  batch.writeBigInt64BE(BigInt(baseTimestamp), 27);
  batch.writeBigInt64BE(BigInt(maxTimestamp), 35);
  batch.writeBigInt64BE(BigInt(producerId), 43);
  batch.writeInt16BE(producerEpoch, 51);
  batch.writeInt32BE(baseSequence, 53);
  batch.writeInt32BE(records.length, 57);
  body.copy(batch, BATCH_HEADER_SIZE);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}

/** Every record of every complete batch in `buffer` (e.g. a fetch response's records). */
export function decodeRecordBatches(buffer: Buffer): { header: RecordBatchHeader; records: DecodedRecord[] }[] {
  return [...iterateBatches(buffer)].map(({ header, position, size }) => {
    const body = buffer.subarray(position + BATCH_HEADER_SIZE, position + size);
    const codec = header.attributes & BatchAttributes.COMPRESSION_MASK;
    if (codec > 1) throw new Error(`compression codec ${codec} cannot be decoded without a plug-in`);
    const reader = new VarintReader(codec === 1 ? gunzipSync(body) : body);
    const records: DecodedRecord[] = [];
    for (let i = 0; i < header.recordsCount; i++) records.push(decodeRecord(reader, header));
    return { header, records };
  });
}

function encodeRecord(record: RecordInput, offsetDelta: number, baseTimestamp: number): Buffer {
  const body = new VarintWriter()
    .int8(0)
    .varlong((record.timestamp ?? baseTimestamp) - baseTimestamp)
    .varint(offsetDelta)
    .varBytes(toBuffer(record.key ?? null))
    .varBytes(toBuffer(record.value));
  const headers = Object.entries(record.headers ?? {});
  body.varint(headers.length);
  for (const [key, value] of headers) body.varBytes(Buffer.from(key)).varBytes(toBuffer(value));
  const bytes = body.toBuffer();
  return Buffer.concat([new VarintWriter().varint(bytes.length).toBuffer(), bytes]);
}

function decodeRecord(reader: VarintReader, header: RecordBatchHeader): DecodedRecord {
  const length = reader.varint();
  const end = reader.position + length;
  reader.int8();
  const timestamp = header.baseTimestamp + reader.varlong();
  const offset = header.baseOffset + reader.varint();
  const key = reader.varBytes();
  const value = reader.varBytes();
  const headers: DecodedRecord['headers'] = [];
  for (let count = reader.varint(); count > 0; count--) {
    headers.push({ key: (reader.varBytes() ?? Buffer.alloc(0)).toString(), value: reader.varBytes() });
  }
  reader.position = end;
  return { offset, timestamp, key, value, headers };
}

function toBuffer(value: Buffer | string | null): Buffer | null {
  return value === null ? null : typeof value === 'string' ? Buffer.from(value) : value;
}
