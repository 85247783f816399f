import { closeSync, fsyncSync, ftruncateSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { ErrorCode, KafkaError } from '../errors';

/** Where a segment's bytes live: the log above it only appends and reads batch-aligned ranges. */
export interface SegmentBytes {
  readonly size: number;
  append(batch: Buffer): void;
  read(position: number, length: number): Buffer;
  close(): void;
  /** Closes and deletes the bytes (retention, topic deletion). */
  remove(): void;
}

export class MemorySegmentBytes implements SegmentBytes {
  private readonly chunks: Buffer[] = [];
  private readonly starts: number[] = [];
  size = 0;

  append(batch: Buffer): void {
    this.starts.push(this.size);
    this.chunks.push(batch);
    this.size += batch.length;
  }

  read(position: number, length: number): Buffer {
    const parts: Buffer[] = [];
    let consumed = 0;
    for (let index = lastIndexAtOrBelow(this.starts, position); consumed < length && index < this.chunks.length; index++) {
      const from = position + consumed - this.starts[index];
      const piece = this.chunks[index].subarray(from, from + length - consumed);
      parts.push(piece);
      consumed += piece.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  close(): void {}

  remove(): void {
    this.chunks.length = 0;
    this.starts.length = 0;
  }
}

/**
 * A segment file. Every append is a synchronous write, so once append returns the bytes are in the
 * OS page cache and survive the broker being killed; `fsync` adds a flush to the device, for power loss.
 */
export class FileSegmentBytes implements SegmentBytes {
  private readonly fd: number;

  constructor(
    readonly path: string,
    public size: number,
    private readonly fsync: boolean,
  ) {
    this.fd = openSync(path, 'a+');
  }

  append(batch: Buffer): void {
    try {
      for (let written = 0; written < batch.length; ) {
        written += writeSync(this.fd, batch, written, batch.length - written);
      }
      if (this.fsync) fsyncSync(this.fd);
    } catch (error) {
      // A half-written batch would be served to readers; cut the file back to the last whole batch.
      ftruncateSync(this.fd, this.size);
      throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `cannot write ${this.path}: ${(error as Error).message}`);
    }
    this.size += batch.length;
  }

  read(position: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const read = readSync(this.fd, buffer, filled, length - filled, position + filled);
      if (read === 0) break;
      filled += read;
    }
    return filled === length ? buffer : buffer.subarray(0, filled);
  }

  close(): void {
    closeSync(this.fd);
  }

  remove(): void {
    this.close();
    unlinkSync(this.path);
  }
}

/** Index of the last element <= value in an ascending array (0 if none). */
export function lastIndexAtOrBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle] <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}
