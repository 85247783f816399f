import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@saga/testing';
import { DeferredStatement, writeTogether } from './deferred-statement';

describe('writeTogether', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('deferred_statement');
    dataSource = new DataSource({ type: 'postgres', url: database.url });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE account (id text PRIMARY KEY, balance int NOT NULL)');
    await dataSource.query('CREATE TABLE entry (account text NOT NULL, amount int NOT NULL)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(() => dataSource.query(`TRUNCATE account, entry; INSERT INTO account VALUES ('a', 10), ('b', 20)`));

  const balances = () => dataSource.query('SELECT id, balance FROM account ORDER BY id');
  const entries = () => dataSource.query('SELECT account, amount FROM entry ORDER BY account');

  const move = (id: string, amount: number, check?: DeferredStatement['check']): DeferredStatement => ({
    sql: 'UPDATE account SET balance = balance + $2 WHERE id = $1 RETURNING id',
    params: [id, amount],
    check,
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

  it('hands each check what its statement returned, and a check that throws undoes every write', async () => {
    const seen: unknown[] = [];
    const refuseUnknown: DeferredStatement['check'] = (returned) => {
      seen.push(returned);
      if (returned.length === 0) throw new Error('no such account');
    };

    await expect(
      dataSource.transaction((manager) => writeTogether(manager, [move('a', 1, refuseUnknown), record('x', 1), move('x', 1, refuseUnknown)])),
    ).rejects.toThrow('no such account');

    expect(seen).toEqual([[{ id: 'a' }], []]);
    expect(await balances()).toEqual([{ id: 'a', balance: 10 }, { id: 'b', balance: 20 }]);
    expect(await entries()).toEqual([]);
  });
});
