import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh temporary directory that PostgreSQL can use. mkdtemp creates it 0700, but when we run as root
 * PostgreSQL runs as the `postgres` user, which must be able to reach the data directories inside.
 */
export async function makePostgresTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}
