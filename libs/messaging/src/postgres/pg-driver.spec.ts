import { DataSource, QueryRunner } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@saga/testing';
import { pgDriver, PgDriverOptions } from './pg-driver';

interface WireConnection {
  stream: { write(chunk: Buffer, ...rest: unknown[]): boolean };
  on(event: 'commandComplete', listener: (message: { text: string }) => void): void;
}

describe('pgDriver', () => {
  let database: TestDatabase;
  const dataSources: DataSource[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('pg_driver');
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    await database.drop();
  });

  async function connect(options: PgDriverOptions): Promise<DataSource> {
    const dataSource = new DataSource({ type: 'postgres', url: database.url, driver: pgDriver(options), poolSize: 2 });
    await dataSource.initialize();
    dataSources.push(dataSource);
    await dataSource.query('CREATE TABLE IF NOT EXISTS note (id int PRIMARY KEY, body text NOT NULL)');
    await dataSource.query('TRUNCATE note');
    return dataSource;
  }

  /** The statements this query runner's connection has prepared. */
  async function prepared(runner: QueryRunner): Promise<string[]> {
    const rows: { statement: string }[] = await runner.query('SELECT statement FROM pg_prepared_statements ORDER BY statement');
    return rows.map((row) => row.statement);
  }

  it('sends the first statement of a transaction before BEGIN is answered', async () => {
    const dataSource = await connect({ prepareStatements: true });
    const runner = dataSource.createQueryRunner();
    const connection = ((await runner.connect()) as { connection: WireConnection }).connection;
    const wire: string[] = [];
    const write = connection.stream.write.bind(connection.stream);
    connection.stream.write = (chunk: Buffer, ...rest: unknown[]) => {
      const text = chunk.toString('latin1');
      if (text.includes('START TRANSACTION')) wire.push('sent BEGIN');
      if (text.includes('INSERT INTO note')) wire.push('sent INSERT');
      return write(chunk, ...rest);
    };
    connection.on('commandComplete', (message) => wire.push(`answered ${message.text}`));

    await runner.startTransaction();
    await runner.query('INSERT INTO note VALUES ($1, $2)', [1, 'first']);
    await runner.commitTransaction();
    await runner.release();

    expect(wire.slice(0, 3)).toEqual(['sent BEGIN', 'sent INSERT', 'answered START TRANSACTION']);
    expect(await dataSource.query('SELECT id, body FROM note')).toEqual([{ id: 1, body: 'first' }]);
  });

  it('keeps a failed transaction all or nothing, and the connection usable after it', async () => {
    const dataSource = await connect({ prepareStatements: true });
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO note VALUES ($1, $2)', [1, 'kept only if all of it commits']);
        await manager.query('INSERT INTO note VALUES ($1, $2)', [1, 'same key: fails']);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await dataSource.query('SELECT count(*)::int AS notes FROM note')).toEqual([{ notes: 0 }]);

    await dataSource.transaction((manager) => manager.query('INSERT INTO note VALUES ($1, $2)', [2, 'after']));
    expect(await dataSource.query('SELECT id FROM note')).toEqual([{ id: 2 }]);
  });

  it('prepares each parameterised statement once per connection, and nothing without parameters', async () => {
    const dataSource = await connect({ prepareStatements: true });
    const runner = dataSource.createQueryRunner();
    await runner.query('INSERT INTO note VALUES ($1, $2)', [1, 'a']);
    await runner.query('INSERT INTO note VALUES ($1, $2)', [2, 'b']);
    await runner.query('SELECT count(*) FROM note');

    expect(await prepared(runner)).toEqual(['INSERT INTO note VALUES ($1, $2)']);
    await runner.release();
  });

  it('prepares nothing when told not to', async () => {
    const dataSource = await connect({ prepareStatements: false });
    const runner = dataSource.createQueryRunner();
    await runner.query('INSERT INTO note VALUES ($1, $2)', [1, 'a']);

    expect(await prepared(runner)).toEqual([]);
    await runner.release();
  });

  it('runs statements unnamed past the per-connection limit, with the same answers', async () => {
    const dataSource = await connect({ prepareStatements: true, maxPreparedPerConnection: 1 });
    const runner = dataSource.createQueryRunner();
    await runner.query('INSERT INTO note VALUES ($1, $2)', [1, 'a']);
    const rows = await runner.query('SELECT body FROM note WHERE id = $1', [1]);

    expect(rows).toEqual([{ body: 'a' }]);
    expect(await prepared(runner)).toEqual(['INSERT INTO note VALUES ($1, $2)']);
    await runner.release();
  });
});
