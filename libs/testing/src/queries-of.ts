import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/** What TypeORM sends to open a transaction: the services' driver sends it with the statement after it (pgDriver). */
const BEGIN = /^\s*(START TRANSACTION|BEGIN)\b/i;

export interface Queries {
  /** Every statement sent, transaction control included, whitespace folded. */
  statements: string[];
  /**
   * How many times a statement left with no earlier one still waiting for its answer. A statement pipelined
   * behind others (pgDriver) shares their wait, and so their trip; BEGIN leaves with the statement after it.
   */
  roundTrips: number;
}

/**
 * The statements every TypeORM PostgreSQL data source of this process sends while `work` runs, and the round
 * trips they take: run nothing else meanwhile.
 */
export async function queriesOf(work: () => Promise<unknown>): Promise<Queries> {
  // Loaded here, not at the top: most suites importing this library never touch TypeORM.
  const { PostgresQueryRunner } = await import('typeorm/driver/postgres/PostgresQueryRunner');
  const query = PostgresQueryRunner.prototype.query;
  const queries: Queries = { statements: [], roundTrips: 0 };
  let waiting = 0;
  PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, sql: string, ...rest: unknown[]) {
    queries.statements.push(sql.replace(/\s+/g, ' ').trim());
    const sent = (query as (this: PostgresQueryRunner, ...args: unknown[]) => Promise<never>).call(this, sql, ...rest);
    if (BEGIN.test(sql)) return sent;
    if (waiting++ === 0) queries.roundTrips++;
    return sent.finally(() => waiting--);
  } as typeof query;
  try {
    await work();
    return queries;
  } finally {
    PostgresQueryRunner.prototype.query = query;
  }
}
