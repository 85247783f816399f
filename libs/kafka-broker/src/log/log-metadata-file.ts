import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StoredTopic {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

/** What the log keeps outside its segments: the topics, their configs, and the producer-id counter. */
export interface LogMetadata {
  version: 1;
  nextProducerId: number;
  topics: StoredTopic[];
}

/**
 * A small JSON file replaced atomically (write a temporary file, then rename over the old one), so a
 * crash leaves either the previous or the new contents, never a torn mix.
 */
export class LogMetadataFile {
  constructor(
    private readonly path: string,
    private readonly fsync: boolean,
  ) {}

  read(): LogMetadata | undefined {
    if (!existsSync(this.path)) return undefined;
    const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as LogMetadata;
    if (parsed.version !== 1) throw new Error(`${this.path}: unknown log metadata version ${String(parsed.version)}`);
    return parsed;
  }

  write(metadata: LogMetadata): void {
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, JSON.stringify(metadata, null, 2));
      if (this.fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    if (this.fsync) syncDirectory(dirname(this.path));
  }
}

/** Makes a rename durable: the new directory entry must reach the disk, not only the file's bytes. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
