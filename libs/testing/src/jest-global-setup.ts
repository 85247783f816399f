import { startThrowawayPostgres } from './postgres-server';

/** One PostgreSQL server for the whole jest run; every test file creates its own database on it. */
export default async function globalSetup(): Promise<void> {
  const server = await startThrowawayPostgres();
  (globalThis as { __TEST_POSTGRES__?: unknown }).__TEST_POSTGRES__ = server;
  process.env.TEST_POSTGRES_URL = `postgres://${server.user}:${server.password}@127.0.0.1:${server.port}/postgres`;
}
