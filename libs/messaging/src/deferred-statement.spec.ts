import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@saga/testing';
import { createRowCountCheck, DeferredStatement, writeTogether } from './deferred-statement';

describe('writeTogether', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('deferred_statement');
    dataSource = new DataSource({ type: 'postgres', url: database.url });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE account (id text PRIMARY KEY, balance int NOT NULL)');
    await dataSource.query('CREATE TABLE entry (account text NOT NULL, amount int NOT NULL)');
    const runner = dataSource.createQueryRunner();
    await createRowCountCheck(runner).finally(() => runner.release());
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(() => dataSource.query(`TRUNCATE account, entry; INSERT INTO account VALUES ('a', 10), ('b', 20)`));

  const balances = () => dataSource.query('SELECT id, balance FROM account ORDER BY id');
  const entries = () => dataSource.query('SELECT account, amount FROM entry ORDER BY account');

  const move = (id: string, amount: number, expect?: DeferredStatement['expect']): DeferredStatement => ({
    sql: 'UPDATE account SET balance = balance + $2 WHERE id = $1 RETURNING id',
    params: [id, amount],
    expect,
  });
  const record = (id: string, amount: number): DeferredStatement => ({ sql: 'INSERT INTO entry VALUES ($1, $2)', params: [id, amount] });

  it('writes every statement, each with its own parameters, in one round trip', async () => {
    const sent: string[] = [];
    await dataSource.transaction(async (manager) => {
      const query = manager.query.bind(manager);
      manager.query = (sql: string, parameters?: unknown[]) => (sent.push(sql), query(sql, parameters));
      await writeTogether(manager, [move('a', -5), record('a', -5), move('b', 5), record('b', 5)]);
    });

    expect(sent).toHaveLength(1);
    expect(await balances()).toEqual([{ id: 'a', balance: 5 }, { id: 'b', balance: 25 }]);
    expect(await entries()).toEqual([{ account: 'a', amount: -5 }, { account: 'b', amount: 5 }]);
  });

  it("fails with the write's own error when PostgreSQL counts another number of rows, and undoes every write", async () => {
    const oneAccount = (id: string): DeferredStatement['expect'] => ({ rows: 1, mismatch: (written) => new Error(`${id}: ${written} accounts moved`) });

    await expect(
      dataSource.transaction((manager) => writeTogether(manager, [move('a', 1, oneAccount('a')), record('x', 1), move('x', 1, oneAccount('x'))])),
    ).rejects.toThrow('x: 0 accounts moved');

    expect(await balances()).toEqual([{ id: 'a', balance: 10 }, { id: 'b', balance: 20 }]);
    expect(await entries()).toEqual([]);
  });

  it('lets any other failure through as it is', async () => {
    const failing = writeTogether(dataSource.manager, [move('a', 1, { rows: 1, mismatch: () => new Error('never') }), record('a', Number.MAX_SAFE_INTEGER)]);

    await expect(failing).rejects.toMatchObject({ code: '22003' });
    expect(await balances()).toEqual([{ id: 'a', balance: 10 }, { id: 'b', balance: 20 }]);
  });
});
