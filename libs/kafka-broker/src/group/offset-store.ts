import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRecord, encodeRecord, OffsetRecord } from './offset-record';

/** Where committed offsets survive a restart. Appends are synchronous: a commit is durable once acknowledged. */
export interface OffsetStore {
  /** Records written since the log was last rewritten, to judge when compaction pays off. */
  readonly appendedSinceCompaction: number;
  append(record: OffsetRecord): void;
  /** Replaces the whole log with `records` (the live state), atomically. */
  compact(records: OffsetRecord[]): void;
  close(): void;
}

/** Without a data dir offsets live only in memory, which is what unit tests and throwaway brokers want. */
export class MemoryOffsetStore implements OffsetStore {
  readonly appendedSinceCompaction = 0;
  append(): void {}
  compact(): void {}
  close(): void {}
}

const LOG_FILE = 'offsets.log';

/**
 * `<dataDir>/groups/offsets.log`: one JSON record per line, appended with a synchronous write before the
 * commit is acknowledged, so it survives SIGKILL (and power loss too with `fsync`). Compacted by
 * writing a new file and renaming it over the old one, so a crash during compaction keeps one of the two.
 */
export class FileOffsetStore implements OffsetStore {
  private fd: number;
  private size: number;
  appendedSinceCompaction = 0;

  private constructor(
    private readonly dir: string,
    private readonly fsync: boolean,
  ) {
    this.fd = fs.openSync(this.file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  /** Opens (creating if needed) the log in `dir` and returns the records it holds, torn lines skipped. */
  static open(dir: string, options: { fsync: boolean; log: (msg: string) => void }): { store: FileOffsetStore; records: OffsetRecord[] } {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, LOG_FILE);
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const lines = text.split('\n');
    // The last element is whatever follows the final newline: empty, or a line torn by a crash mid-append.
    if (lines[lines.length - 1] !== '') options.log(`ignoring a torn last record in ${file}`);
    lines.pop();
    const records: OffsetRecord[] = [];
    for (const line of lines) {
      const record = decodeRecord(line);
      if (record) records.push(record);
      else options.log(`ignoring an unreadable record in ${file}`);
    }
    return { store: new FileOffsetStore(dir, options.fsync), records };
  }

  private get file(): string {
    return path.join(this.dir, LOG_FILE);
  }

  append(record: OffsetRecord): void {
    const bytes = Buffer.from(encodeRecord(record), 'utf8');
    try {
      writeFully(this.fd, bytes);
      if (this.fsync) fs.fsyncSync(this.fd);
    } catch (error) {
      // Cut off whatever part of the record made it, so the next record does not start mid-line.
      try {
        fs.ftruncateSync(this.fd, this.size);
      } catch {
        // The original error is the one worth reporting.
      }
      throw error;
    }
    this.size += bytes.length;
    this.appendedSinceCompaction += 1;
  }

  compact(records: OffsetRecord[]): void {
    const temp = `${this.file}.compacting`;
    const fd = fs.openSync(temp, 'w');
    try {
      writeFully(fd, Buffer.from(records.map(encodeRecord).join(''), 'utf8'));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, this.file);
    syncDirectory(this.dir);
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'a');
    this.size = fs.fstatSync(this.fd).size;
    this.appendedSinceCompaction = 0;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function writeFully(fd: number, bytes: Buffer): void {
  let written = 0;
  while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
}

/** Makes the rename itself durable; not every platform lets a directory be opened, hence the guard. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort only.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
