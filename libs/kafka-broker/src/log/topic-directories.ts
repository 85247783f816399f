import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isValidTopicName } from './topic-name';

/** One `<dataDir>/topics/<topic>-<partition>` directory. */
export interface PartitionDirectory {
  dir: string;
  topic: string;
  partition: number;
}

export function partitionDirectoryOf(dataDir: string, topic: string, partition: number): string {
  return join(dataDir, 'topics', `${topic}-${partition}`);
}

export function listPartitionDirectories(dataDir: string): PartitionDirectory[] {
  const root = join(dataDir, 'topics');
  if (!existsSync(root)) return [];
  const found: PartitionDirectory[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    // Topic names may contain '-', so the partition is what follows the last one.
    const match = /^(.+)-(\d+)$/.exec(entry.name);
    if (entry.isDirectory() && match && isValidTopicName(match[1])) {
      found.push({ dir: join(root, entry.name), topic: match[1], partition: Number(match[2]) });
    }
  }
  return found;
}

/**
 * A data dir whose metadata file is missing (deleted by hand) still holds the records; rather than
 * delete them, rebuild the topic list from the directories, with default configs.
 */
export function topicsFromDirectories(dataDir: string): { name: string; partitions: number; configs: Record<string, string> }[] {
  const counts = new Map<string, number>();
  for (const { topic, partition } of listPartitionDirectories(dataDir)) {
    counts.set(topic, Math.max(counts.get(topic) ?? 0, partition + 1));
  }
  return [...counts].map(([name, partitions]) => ({ name, partitions, configs: {} }));
}

/**
 * Removes directories of partitions the metadata does not list: what a crash leaves between a topic
 * deletion's metadata update and its file removal.
 */
export function removeUnknownDirectories(
  dataDir: string,
  partitionCountOf: (topic: string) => number | undefined,
  log: (msg: string) => void,
): void {
  for (const { dir, topic, partition } of listPartitionDirectories(dataDir)) {
    if (partition >= (partitionCountOf(topic) ?? 0)) {
      log(`removing ${dir}: not a partition of any known topic`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
