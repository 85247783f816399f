import { mkdirSync, readdirSync, rmSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { RecordBatchHeader } from '../protocol/record-batch';
import { Segment } from './segment';
import { FileSegmentBytes, MemorySegmentBytes } from './segment-bytes';
import { scanSegmentFile } from './segment-recovery';

/** Creates, recovers and deletes the segments of one partition; the in-memory and file modes differ only here. */
export interface PartitionStorage {
  /** The segments found at open, oldest first; `visit` sees every surviving batch header in order. */
  load(visit: (header: RecordBatchHeader) => void): Segment[];
  createSegment(baseOffset: number, nowMs: number): Segment;
  /** Deletes everything the partition stored (topic deletion). */
  destroy(): void;
}

export class MemoryPartitionStorage implements PartitionStorage {
  load(): Segment[] {
    return [];
  }

  createSegment(baseOffset: number, nowMs: number): Segment {
    return new Segment(baseOffset, new MemorySegmentBytes(), [], nowMs);
  }

  destroy(): void {}
}

const SEGMENT_FILE = /^(\d{20})\.log$/;

/** `<dir>/<20-digit base offset>.log`, the layout Kafka uses, so a listing sorts by offset. */
export class DirectoryPartitionStorage implements PartitionStorage {
  constructor(
    private readonly dir: string,
    private readonly fsync: boolean,
    private readonly log: (msg: string) => void,
  ) {}

  load(visit: (header: RecordBatchHeader) => void): Segment[] {
    mkdirSync(this.dir, { recursive: true });
    const baseOffsets = readdirSync(this.dir)
      .map((name) => SEGMENT_FILE.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .sort((a, b) => a - b);
    const segments: Segment[] = [];
    for (let i = 0; i < baseOffsets.length; i++) {
      const path = this.pathOf(baseOffsets[i]);
      const isLast = i === baseOffsets.length - 1;
      const scan = scanSegmentFile(path, baseOffsets[i], isLast, visit);
      const damaged = scan.validBytes < scan.fileBytes;
      if (damaged) {
        this.log(`${path}: cut ${scan.fileBytes - scan.validBytes} bytes of partial or corrupt batches at ${scan.validBytes}`);
        truncateSync(path, scan.validBytes);
      }
      const bytes = new FileSegmentBytes(path, scan.validBytes, this.fsync);
      segments.push(new Segment(baseOffsets[i], bytes, scan.entries, scan.modifiedMs));
      if (damaged) {
        // Later segments were written after the damaged bytes, so they cannot be trusted to follow on.
        for (const later of baseOffsets.slice(i + 1)) unlinkSync(this.pathOf(later));
        break;
      }
    }
    return segments;
  }

  createSegment(baseOffset: number, nowMs: number): Segment {
    return new Segment(baseOffset, new FileSegmentBytes(this.pathOf(baseOffset), 0, this.fsync), [], nowMs);
  }

  destroy(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pathOf(baseOffset: number): string {
    return join(this.dir, `${String(baseOffset).padStart(20, '0')}.log`);
  }
}
