import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/** What TypeORM sends to open a transaction: the services' driver sends it with the statement after it (pgDriver). */
const BEGIN = /^\s*(START TRANSACTION|BEGIN)\b/i;

/**
 * The round trips to PostgreSQL while `work` runs: how many times a statement left with no earlier one still
 * waiting for its answer. A statement pipelined behind others (pgDriver) shares their wait, and so their trip.
 * Counts the statements of every TypeORM data source in the process: run nothing else meanwhile.
 */
export async function roundTripsOf(work: () => Promise<unknown>): Promise<number> {
  // Loaded here, not at the top: most suites importing this library never touch TypeORM.
  const { PostgresQueryRunner } = await import('typeorm/driver/postgres/PostgresQueryRunner');
  const query = PostgresQueryRunner.prototype.query;
  let waiting = 0;
  let trips = 0;
  PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, sql: string, ...rest: unknown[]) {
    const sent = (query as (this: PostgresQueryRunner, ...args: unknown[]) => Promise<never>).call(this, sql, ...rest);
    if (BEGIN.test(sql)) return sent;
    if (waiting++ === 0) trips++;
    return sent.finally(() => waiting--);
  } as typeof query;
  try {
    await work();
    return trips;
  } finally {
    PostgresQueryRunner.prototype.query = query;
  }
}
