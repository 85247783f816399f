import { RunningPostgres } from './postgres-server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __TEST_POSTGRES__?: RunningPostgres }).__TEST_POSTGRES__;
  await server?.stop();
}
