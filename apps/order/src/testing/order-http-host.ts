import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createSagaHttpApp, OutboxRelay, SERVICE_LOGGER, TransactionRunner } from '@saga/messaging';
import { createTestDatabase } from '@saga/testing';
import { loadOrderConfig } from '../config/order.config';
import { OrderConfigModule } from '../config/order-config.module';
import { orderDataSourceOptions } from '../persistence/order-data-source';
import { OrderModule } from '../order.module';
import { RecordingBus } from './recording-bus';
import { silentLogger } from './order-test-context';

/** Stands in for MessagingModule: the same TransactionRunner, with a relay that is never started (no Kafka). */
@Global()
@Module({
  providers: [
    { provide: SERVICE_LOGGER, useValue: silentLogger },
    {
      provide: TransactionRunner,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) =>
        new TransactionRunner(
          dataSource,
          new OutboxRelay(dataSource, new RecordingBus(), silentLogger, { batchSize: 100, pollIntervalMs: 1000, lockKey: 1 }),
          { consumer: 'order' },
        ),
    },
  ],
  exports: [SERVICE_LOGGER, TransactionRunner],
})
class MessagingStandInModule {}

/**
 * The order service's HTTP API on a random port over a fresh test database: the real OrderModule,
 * with the HTTP setup bootstrapSagaService gives every service (Fastify, 64 kB JSON bodies, validation pipe).
 */
export async function startOrderHttpHost(prefix: string) {
  const database = await createTestDatabase(prefix);
  const config = loadOrderConfig({ DATABASE_URL: database.url });

  @Module({
    imports: [
      OrderConfigModule.forRoot(config),
      TypeOrmModule.forRoot(orderDataSourceOptions(database.url)),
      MessagingStandInModule,
      OrderModule,
    ],
  })
  class OrderHttpHostModule {}

  const app = await createSagaHttpApp(OrderHttpHostModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();

  return {
    dataSource: app.get(DataSource),
    /** Sends a request; `body` is JSON-encoded unless it is already a string. */
    async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert response bodies field by field
      const json: any = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
      return { status: response.status, body: json, headers: response.headers };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export type OrderHttpHost = Awaited<ReturnType<typeof startOrderHttpHost>>;
