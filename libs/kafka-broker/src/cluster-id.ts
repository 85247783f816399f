import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE_NAME = 'cluster-id';
/** An in-memory broker has nothing to persist, so it uses one fixed id rather than a new one per start. */
const IN_MEMORY_ID = createHash('sha256').update('saga embedded kafka broker').digest('base64url').slice(0, 22);

/**
 * Kafka cluster ids are 16 random bytes in URL-safe base64 (22 chars). With a data dir the id is
 * created once and kept, so clients see the same cluster across restarts, as with a real one.
 */
export function loadClusterId(dataDir: string | undefined): string {
  if (!dataDir) return IN_MEMORY_ID;
  const file = join(dataDir, FILE_NAME);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{22}$/.test(stored)) return stored;
    throw new Error(`${file} does not hold a cluster id: ${JSON.stringify(stored.slice(0, 40))}`);
  }
  const id = randomBytes(16).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${id}\n`);
  return id;
}
