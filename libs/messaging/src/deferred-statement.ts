import { EntityManager, QueryRunner } from 'typeorm';

/** The SQLSTATE of a deferred write that touched another number of rows than it expected (see writeTogether). */
export const ROW_COUNT_MISMATCH = 'SG001';

/** A write deferred to the commit, able to share one statement with others (UnitOfWork.beforeCommitStatement). */
export interface DeferredStatement {
  /** One INSERT, UPDATE or DELETE, numbering its own parameters from $1; with `expect`, a RETURNING clause (a row per row written). */
  sql: string;
  params: unknown[];
  /**
   * The number of rows it must write. PostgreSQL judges it inside the same statement (`expect_rows`, created by
   * each service's migrations), so nothing waits for the answer before COMMIT: any other count fails the
   * statement, the transaction rolls back, and the caller gets `mismatch(written)`.
   */
  expect?: { rows: number; mismatch: (written: number) => Error };
}

/**
 * Runs writes as ONE statement, each a data-modifying WITH clause, whose SELECT checks the expected row counts.
 * One round trip instead of one per write: on a busy machine each round trip waits to be scheduled twice, and
 * costs more than the rows it carries (bench/README.md). PostgreSQL runs the clauses on one snapshot, so none
 * may read what another writes, and two may not change the same row.
 */
export async function writeTogether(manager: EntityManager, writes: readonly DeferredStatement[]): Promise<void> {
  if (writes.length === 0) return;
  const params: unknown[] = [];
  const clauses = writes.map((write, i) => {
    const offset = params.length;
    params.push(...write.params);
    return `write_${i} AS (${write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  const checks = writes.flatMap((write, i) => {
    if (!write.expect) return [];
    params.push(write.expect.rows);
    return [`expect_rows('${i}', (SELECT count(*) FROM write_${i}), $${params.length}) AS check_${i}`];
  });
  try {
    await manager.query(`WITH ${clauses.join(',\n')}\nSELECT ${checks.join(', ') || 'true AS written'}`, params);
  } catch (error) {
    throw mismatchOf(error, writes) ?? error;
  }
}

/** The error a write's `expect` gives for the count PostgreSQL reported, when `error` is expect_rows failing. */
function mismatchOf(error: unknown, writes: readonly DeferredStatement[]): Error | undefined {
  // TypeORM's QueryFailedError carries the driver error's fields.
  const failure = error as { code?: unknown; detail?: unknown };
  if (failure.code !== ROW_COUNT_MISMATCH || typeof failure.detail !== 'string') return undefined;
  const { write, touched } = JSON.parse(failure.detail) as { write: string; touched: number };
  return writes[Number(write)]?.expect?.mismatch(touched);
}

/**
 * `expect_rows(write, touched, expected)`: fails the statement that calls it, and so its transaction, when
 * `touched` differs from `expected`. writeTogether judges its writes with it inside the statement, so nothing
 * in JavaScript has to read their answer before COMMIT may leave.
 */
export async function createRowCountCheck(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE FUNCTION expect_rows(write text, touched bigint, expected bigint) RETURNS boolean
    LANGUAGE plpgsql AS $$
    BEGIN
      IF touched IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'deferred write % touched % rows, expected %', write, touched, expected
          USING ERRCODE = '${ROW_COUNT_MISMATCH}', DETAIL = json_build_object('write', write, 'touched', touched)::text;
      END IF;
      RETURN true;
    END $$`);
}

export async function dropRowCountCheck(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP FUNCTION expect_rows(text, bigint, bigint)`);
}
