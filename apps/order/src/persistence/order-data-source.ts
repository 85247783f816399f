import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { pgDriver, PgDriverOptions } from '@saga/messaging';
import { OrderEntity } from './order.schema';
import { OrderHistoryEntity } from './order-history.schema';
import { ORDER_MIGRATIONS } from './migrations';

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
    migrations: ORDER_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    poolSize,
  };
}
