import { EntityManager } from 'typeorm';

/** A write deferred to the commit, able to share one statement with others (UnitOfWork.beforeCommitStatement). */
export interface DeferredStatement {
  /** One INSERT, UPDATE or DELETE, numbering its own parameters from $1; a RETURNING clause if `check` needs one. */
  sql: string;
  params: unknown[];
  /** Judges the rows its RETURNING clause answered; throwing rolls the whole transaction back. */
  check?: (returned: Array<Record<string, unknown>>) => void;
}

/**
 * Runs writes as ONE statement, each a data-modifying WITH clause, then hands each check what its RETURNING
 * answered. One round trip instead of one per write: on a busy machine each round trip waits to be scheduled twice,
 * and costs more than the rows it carries (bench/README.md). PostgreSQL runs the clauses on one snapshot, so none
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
  const checked = writes.flatMap((write, i) => (write.check ? [i] : []));
  const answers = checked.map((i) => `(SELECT coalesce(json_agg(write_${i}), '[]'::json) FROM write_${i}) AS write_${i}`);
  const [returned]: Array<Record<string, Array<Record<string, unknown>>>> = await manager.query(
    `WITH ${clauses.join(',\n')}\nSELECT ${answers.join(', ') || 'true AS written'}`,
    params,
  );
  for (const i of checked) writes[i].check!(returned[`write_${i}`]);
}
