import { RecordBatchHeader } from '../protocol/record-batch';
import { SegmentBytes } from './segment-bytes';

/** Where one stored batch sits, kept in memory for every batch (rebuilt by scanning on open). */
export interface BatchEntry {
  baseOffset: number;
  lastOffset: number;
  position: number;
  size: number;
  maxTimestamp: number;
}

/** A contiguous run of batches starting at `baseOffset`, plus the offset -> position index over it. */
export class Segment {
  private newestTimestamp: number;

  constructor(
    readonly baseOffset: number,
    private readonly bytes: SegmentBytes,
    private readonly entries: BatchEntry[],
    /** Stands in for batch timestamps when producers send none (-1), as Kafka falls back to file mtime. */
    private lastWriteMs: number,
  ) {
    this.newestTimestamp = entries.reduce((max, entry) => Math.max(max, entry.maxTimestamp), -1);
  }

  get size(): number {
    return this.bytes.size;
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  get nextOffset(): number {
    return this.isEmpty ? this.baseOffset : this.entries[this.entries.length - 1].lastOffset + 1;
  }

  get batches(): readonly BatchEntry[] {
    return this.entries;
  }

  /** What retention.ms compares against: the newest record timestamp in the segment. */
  largestTimestamp(): number {
    return this.newestTimestamp >= 0 ? this.newestTimestamp : this.lastWriteMs;
  }

  /** `batch` must already carry its assigned offset; `header` is its parsed header. */
  append(batch: Buffer, header: RecordBatchHeader, nowMs: number): void {
    const position = this.bytes.size;
    this.bytes.append(batch);
    this.entries.push({
      baseOffset: header.baseOffset,
      lastOffset: header.baseOffset + header.lastOffsetDelta,
      position,
      size: batch.length,
      maxTimestamp: header.maxTimestamp,
    });
    this.newestTimestamp = Math.max(this.newestTimestamp, header.maxTimestamp);
    this.lastWriteMs = nowMs;
  }

  /**
   * Whole batches from the one holding `offset`, as many as fit in maxBytes but always the first
   * (KIP-74: a consumer must be able to make progress past a batch bigger than its limit).
   */
  read(offset: number, maxBytes: number): Buffer {
    const first = this.indexOfBatchHolding(offset);
    if (first >= this.entries.length) return Buffer.alloc(0);
    let last = first;
    let total = this.entries[first].size;
    while (last + 1 < this.entries.length && total + this.entries[last + 1].size <= maxBytes) {
      last += 1;
      total += this.entries[last].size;
    }
    return this.bytes.read(this.entries[first].position, total);
  }

  readBatch(entry: BatchEntry): Buffer {
    return this.bytes.read(entry.position, entry.size);
  }

  /** The first batch whose newest record is at or after `timestampMs`. */
  firstBatchAtOrAfter(timestampMs: number): BatchEntry | undefined {
    return this.entries.find((entry) => entry.maxTimestamp >= timestampMs);
  }

  close(): void {
    this.bytes.close();
  }

  remove(): void {
    this.bytes.remove();
  }

  /** Binary search: the first batch whose last offset is >= offset (entries.length if none). */
  private indexOfBatchHolding(offset: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.entries[middle].lastOffset < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
