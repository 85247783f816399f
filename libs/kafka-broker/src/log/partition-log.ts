import { Clock } from '../clock';
import { ErrorCode, KafkaError } from '../errors';
import { decodeRecordBatches } from '../protocol/record-batch-builder';
import { assignBatchOffsets, BatchAttributes, readBatchHeader, validateSingleBatch } from '../protocol/record-batch';
import { PartitionStorage } from './partition-storage';
import { ProducerStateTable } from './producer-state';
import { expiredSegmentCount } from './retention';
import { BatchEntry, Segment } from './segment';
import { LogConfig } from './topic-config';

export interface PartitionLog {
  readonly topic: string;
  readonly index: number;
  highWatermark(): number;
  logStartOffset(): number;
  append(records: Buffer): { baseOffset: number };
  read(fetchOffset: number, maxBytes: number): Buffer;
  offsetForTimestamp(timestampMs: number): { offset: number; timestamp: number };
}

/** Single node, never a leader change: every stored batch is stamped with epoch 0. */
const LEADER_EPOCH = 0;

/** One partition: a list of segments, the newest (active) one taking appends. HWM = log end offset. */
export class SegmentedPartitionLog implements PartitionLog {
  private readonly segments: Segment[];
  private readonly producers = new ProducerStateTable();
  private startOffset: number;

  constructor(
    readonly topic: string,
    readonly index: number,
    private readonly storage: PartitionStorage,
    private readonly config: () => LogConfig,
    private readonly clock: Clock,
    private readonly appended: () => void,
  ) {
    this.segments = storage.load((header) => this.producers.record(header, header.baseOffset));
    if (this.segments.length === 0) this.segments.push(storage.createSegment(0, clock.now()));
    this.startOffset = this.segments[0].baseOffset;
  }

  highWatermark(): number {
    return this.active().nextOffset;
  }

  logStartOffset(): number {
    return this.startOffset;
  }

  append(records: Buffer): { baseOffset: number } {
    const header = validateSingleBatch(records);
    const size = records.length;
    const { maxMessageBytes, segmentBytes } = this.config();
    if (size > maxMessageBytes) {
      throw new KafkaError(ErrorCode.MESSAGE_TOO_LARGE, `record batch of ${size} bytes exceeds max.message.bytes ${maxMessageBytes}`);
    }
    if (header.attributes & BatchAttributes.CONTROL) {
      throw new KafkaError(ErrorCode.INVALID_RECORD, 'producers may not write control batches');
    }
    const duplicateOf = this.producers.check(header);
    if (duplicateOf !== undefined) return { baseOffset: duplicateOf };

    const baseOffset = this.highWatermark();
    // A copy, so the stored batch does not pin the whole request frame it arrived in.
    const batch = Buffer.from(records);
    assignBatchOffsets(batch, baseOffset, LEADER_EPOCH);
    const stamped = { ...header, baseOffset, partitionLeaderEpoch: LEADER_EPOCH };
    if (!this.active().isEmpty && this.active().size + size > segmentBytes) this.roll();
    this.active().append(batch, stamped, this.clock.now());
    this.producers.record(stamped, baseOffset);
    this.appended();
    return { baseOffset };
  }

  read(fetchOffset: number, maxBytes: number): Buffer {
    this.checkInRange(fetchOffset);
    if (fetchOffset === this.highWatermark()) return Buffer.alloc(0);
    // Like Kafka, one read serves one segment; the consumer's next fetch continues in the following one.
    const segment = this.segments.find((s) => fetchOffset < s.nextOffset);
    return segment ? segment.read(fetchOffset, maxBytes) : Buffer.alloc(0);
  }

  offsetForTimestamp(timestampMs: number): { offset: number; timestamp: number } {
    for (const segment of this.segments) {
      const entry = segment.firstBatchAtOrAfter(timestampMs);
      if (entry && entry.baseOffset >= this.startOffset) return this.firstRecordAtOrAfter(segment, entry, timestampMs);
    }
    return { offset: -1, timestamp: -1 };
  }

  /**
   * Deletes expired segments, oldest first (see expiredSegmentCount). When every segment goes, an
   * empty active segment is rolled first so the log end offset survives, as Kafka does. Nothing above
   * the high watermark is ever deleted; here HWM = log end, so that holds by construction.
   */
  enforceRetention(nowMs: number): void {
    const count = expiredSegmentCount(this.segments, this.config(), nowMs);
    if (count === 0) return;
    if (count === this.segments.length) this.roll();
    for (const segment of this.segments.splice(0, count)) segment.remove();
    this.startOffset = Math.max(this.startOffset, this.segments[0].baseOffset);
  }

  close(): void {
    for (const segment of this.segments) segment.close();
  }

  /** Closes and deletes every stored byte of the partition. */
  destroy(): void {
    this.close();
    this.storage.destroy();
  }

  private firstRecordAtOrAfter(segment: Segment, entry: BatchEntry, timestampMs: number) {
    const batch = segment.readBatch(entry);
    const codec = readBatchHeader(batch).attributes & BatchAttributes.COMPRESSION_MASK;
    // Records inside snappy/lz4/zstd batches cannot be read with Node alone: answer with the batch.
    if (codec <= 1) {
      try {
        const record = decodeRecordBatches(batch)[0]?.records.find((r) => r.timestamp >= timestampMs);
        if (record) return { offset: record.offset, timestamp: record.timestamp };
      } catch {
        // Records the CRC vouches for but that do not parse: still a valid batch to point at.
      }
    }
    return { offset: entry.baseOffset, timestamp: entry.maxTimestamp };
  }

  private checkInRange(offset: number): void {
    if (offset < this.startOffset || offset > this.highWatermark()) {
      throw new KafkaError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `offset ${offset} of ${this.topic}-${this.index} is outside [${this.startOffset}, ${this.highWatermark()}]`,
      );
    }
  }

  private roll(): void {
    this.segments.push(this.storage.createSegment(this.highWatermark(), this.clock.now()));
  }

  private active(): Segment {
    return this.segments[this.segments.length - 1];
  }
}
