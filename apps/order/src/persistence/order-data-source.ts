import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { pgDriver, PgDriverOptions } from '@saga/messaging';
import { OrderEntity } from './order.schema';
import { OrderHistoryEntity } from './order-history.schema';
import { CreateOrderTables1767225600000 } from './migrations/1767225600000-CreateOrderTables';
import { AddRowCountCheck1796601600000 } from './migrations/1796601600000-AddRowCountCheck';

/** The order database: schema only through the hand-written migrations, applied at start. */
export function orderDataSourceOptions(
  url: string,
  poolSize = 10,
  driver: PgDriverOptions = {},
): PostgresConnectionOptions {
  return {
    type: 'postgres',
    driver: pgDriver(driver),
    url,
    entities: [OrderEntity, OrderHistoryEntity],
    migrations: [CreateOrderTables1767225600000, AddRowCountCheck1796601600000],
    migrationsRun: true,
    synchronize: false,
    poolSize,
  };
}
