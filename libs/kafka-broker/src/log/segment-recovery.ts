import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  BATCH_HEADER_SIZE,
  BATCH_LOG_OVERHEAD,
  batchSizeOf,
  hasValidCrc,
  readBatchHeader,
  RecordBatchHeader,
} from '../protocol/record-batch';
import { BatchEntry } from './segment';

const READ_CHUNK_BYTES = 1024 * 1024;

export interface ScannedSegment {
  entries: BatchEntry[];
  /** Bytes up to the end of the last good batch; anything after it is to be cut off. */
  validBytes: number;
  fileBytes: number;
  modifiedMs: number;
}

/**
 * Rebuilds a segment's index by walking its batch headers, stopping at the first batch that is
 * partial, malformed or not the offset expected next (what a SIGKILL in the middle of a write
 * leaves behind). Only the active segment can hold such a tail, so `verifyCrc` is asked for it alone:
 * checksumming every older segment would make opening a large log slow for no gain. `visit` sees
 * the header of every batch kept, in order (producer state is rebuilt from them).
 */
export function scanSegmentFile(
  path: string,
  baseOffset: number,
  verifyCrc: boolean,
  visit: (header: RecordBatchHeader) => void = () => {},
): ScannedSegment {
  const fd = openSync(path, 'r');
  try {
    const { size: fileBytes, mtimeMs } = fstatSync(fd);
    const reader = new ChunkedReader(fd, fileBytes);
    const entries: BatchEntry[] = [];
    let position = 0;
    let expectedOffset = baseOffset;
    while (fileBytes - position >= BATCH_HEADER_SIZE) {
      const header = tryReadHeader(reader.bytes(position, BATCH_HEADER_SIZE));
      if (!header || !isPlausible(header, expectedOffset, fileBytes - position)) break;
      const size = batchSizeOf(header);
      if (verifyCrc && !hasValidCrc(reader.bytes(position, size), 0, header)) break;
      visit(header);
      entries.push({
        baseOffset: header.baseOffset,
        lastOffset: header.baseOffset + header.lastOffsetDelta,
        position,
        size,
        maxTimestamp: header.maxTimestamp,
      });
      expectedOffset = header.baseOffset + header.lastOffsetDelta + 1;
      position += size;
    }
    return { entries, validBytes: position, fileBytes, modifiedMs: Math.floor(mtimeMs) };
  } finally {
    closeSync(fd);
  }
}

function tryReadHeader(bytes: Buffer): RecordBatchHeader | undefined {
  try {
    return readBatchHeader(bytes);
  } catch {
    return undefined; // an int64 outside the safe range: garbage, not a batch we wrote
  }
}

function isPlausible(header: RecordBatchHeader, expectedOffset: number, bytesLeft: number): boolean {
  return (
    header.magic === 2 &&
    header.baseOffset === expectedOffset &&
    header.lastOffsetDelta >= 0 &&
    header.batchLength >= BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD &&
    batchSizeOf(header) <= bytesLeft
  );
}

/** Serves byte ranges of a file from a sliding buffer, so a scan costs one read per megabyte, not per batch. */
class ChunkedReader {
  private chunk = Buffer.alloc(0);
  private chunkStart = 0;

  constructor(
    private readonly fd: number,
    private readonly fileBytes: number,
  ) {}

  bytes(position: number, length: number): Buffer {
    const from = position - this.chunkStart;
    if (from < 0 || from + length > this.chunk.length) {
      const wanted = Math.min(Math.max(READ_CHUNK_BYTES, length), this.fileBytes - position);
      this.chunk = Buffer.allocUnsafe(wanted);
      let filled = 0;
      while (filled < wanted) {
        const read = readSync(this.fd, this.chunk, filled, wanted - filled, position + filled);
        if (read === 0) break;
        filled += read;
      }
      this.chunk = this.chunk.subarray(0, filled);
      this.chunkStart = position;
      return this.chunk.subarray(0, length);
    }
    return this.chunk.subarray(from, from + length);
  }
}
