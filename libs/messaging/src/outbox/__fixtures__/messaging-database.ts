import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase } from '@saga/testing';
import { createMessagingTables, dropMessagingTables } from '../messaging-tables';
import { createRowCountCheck, dropRowCountCheck } from '../../deferred-statement';
import { pgDriver } from '../../postgres/pg-driver';

class MessagingTables1700000000000 implements MigrationInterface {
  up = async (runner: QueryRunner) => {
    await createMessagingTables(runner);
    await createRowCountCheck(runner);
  };
  down = async (runner: QueryRunner) => {
    await dropRowCountCheck(runner);
    await dropMessagingTables(runner);
  };
}

export interface MessagingDatabase {
  dataSource: DataSource;
  /** Closes the data source and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh database with the outbox, the inbox and the row-count check, behind the services' driver (BEGIN leaves with
 * the first statement, COMMIT with the writes).
 */
export async function openMessagingDatabase(name: string): Promise<MessagingDatabase> {
  const database = await createTestDatabase(name);
  const dataSource = new DataSource({ type: 'postgres', driver: pgDriver(), url: database.url, migrations: [MessagingTables1700000000000] });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
