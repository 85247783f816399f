import { createHash } from 'node:crypto';
import * as pg from 'pg';

export interface PgDriverOptions {
  /**
   * Name every parameterised statement, so that PostgreSQL parses and plans it once per connection instead of
   * on every call (DATABASE_PREPARED_STATEMENTS). Turn it off behind a pooler that cannot keep a connection's
   * prepared statements, such as PgBouncer before 1.21 in transaction mode. Default true.
   */
  prepareStatements?: boolean;
  /** Send BEGIN with the transaction's first statement (DATABASE_PIPELINE_BEGIN); default true. */
  pipelineBegin?: boolean;
  /** Statements named per connection at most (default 200); past it they run unnamed, so ad-hoc SQL cannot grow the backend. */
  maxPreparedPerConnection?: number;
}

/** What TypeORM sends to open a transaction. */
const BEGIN = new Set(['START TRANSACTION', 'BEGIN']);

/**
 * The `pg` module given to TypeORM (`driver` in the data source options): the same pool and client, with two
 * changes to the traffic of every connection.
 *
 * - A transaction's BEGIN leaves with its first statement. The connection runs in pipeline mode (requests
 *   sent without waiting for the answers before them) and BEGIN is answered at once, so TypeORM sends the first
 *   statement right behind it: one round trip per transaction less. On a healthy session BEGIN cannot fail;
 *   on a broken one the statements behind it fail too, so nothing runs outside the transaction.
 * - Parameterised statements are named (prepared): see {@link PgDriverOptions.prepareStatements}.
 */
export function pgDriver(options: PgDriverOptions = {}): Pick<typeof pg, 'Pool' | 'Client' | 'types' | 'defaults'> {
  const maxPrepared = options.maxPreparedPerConnection ?? 200;
  const pipelineBegin = options.pipelineBegin ?? true;
  const prepareStatements = options.prepareStatements ?? true;

  class PipelinedClient extends pg.Client {
    private readonly named = new Set<string>();

    constructor(config?: pg.ClientConfig) {
      super({ ...config, pipeline: pipelineBegin } as pg.ClientConfig);
    }

    // pg's query() has many overloads: only query(text) and query(text, values) are changed, the rest pass through.
    override query(config: unknown, values?: unknown, callback?: unknown): never {
      const query = (...args: unknown[]) => (super.query as (...args: unknown[]) => never)(...args);
      if (typeof config !== 'string' || typeof values === 'function' || callback !== undefined) {
        return query(config, values, callback);
      }
      if (pipelineBegin && values === undefined && BEGIN.has(config.trim().toUpperCase())) {
        return this.beginWithNextStatement(config) as never;
      }
      const prepare = prepareStatements && Array.isArray(values) && values.length > 0;
      const name = prepare ? this.nameOf(config) : undefined;
      return query(name ? { name, text: config, values } : config, values);
    }

    private beginWithNextStatement(text: string): Promise<pg.QueryResult> {
      // Sent now; its answer is read before the next statement's, which the session then runs inside the transaction.
      (super.query as (text: string) => Promise<unknown>)(text).catch(() => undefined);
      return Promise.resolve({ command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] });
    }

    private nameOf(text: string): string | undefined {
      const name = statementName(text);
      if (this.named.has(name)) return name;
      if (this.named.size >= maxPrepared) return undefined;
      this.named.add(name);
      return name;
    }
  }

  class PipelinedPool extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super({ ...config, Client: PipelinedClient as unknown as typeof pg.Client });
    }
  }

  return { Pool: PipelinedPool, Client: PipelinedClient, types: pg.types, defaults: pg.defaults };
}

/** Statement texts to their names: hashing the same few texts on every call would cost more than it saves. */
const NAMES = new Map<string, string>();

function statementName(text: string): string {
  let name = NAMES.get(text);
  if (!name) {
    name = `s_${createHash('sha1').update(text).digest('base64url')}`;
    if (NAMES.size < 10_000) NAMES.set(text, name);
  }
  return name;
}
