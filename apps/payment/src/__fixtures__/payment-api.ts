import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CustomTransportStrategy } from '@nestjs/microservices';
import { createSagaHttpApp, KeepErrorsFilter } from '@saga/messaging';
import { createTestDatabase } from '@saga/testing';
import { AppModule } from '../app.module';

export interface RunningPaymentApi {
  url: string;
  app: INestApplication;
  dataSource: DataSource;
  stop(): Promise<void>;
}

/**
 * The real composition root (migrations and seed included) on a fresh test database, serving
 * HTTP on a free port. The broker address points nowhere: no Kafka consumer is started (a test
 * may plug in its own transport), and the tests write nothing that would be published.
 */
export async function startPaymentApi(
  options: { env?: Record<string, string>; consumer?: CustomTransportStrategy } = {},
): Promise<RunningPaymentApi> {
  const database = await createTestDatabase('payment_http');
  const saved = { ...process.env };
  Object.assign(process.env, { DATABASE_URL: database.url, KAFKA_BROKERS: '127.0.0.1:9', LOG_LEVEL: 'silent' }, options.env);
  // The same HTTP setup, and the same consumer wiring, as bootstrapSagaService.
  const app = await createSagaHttpApp(AppModule, { logger: false });
  if (options.consumer) {
    app.connectMicroservice({ strategy: options.consumer }, { inheritAppConfig: false }).useGlobalFilters(new KeepErrorsFilter());
    await app.startAllMicroservices();
  }
  await app.listen(0, '127.0.0.1');
  return {
    url: await app.getUrl(),
    app,
    dataSource: app.get(DataSource),
    async stop() {
      await app.close();
      await database.drop();
      process.env = saved;
    },
  };
}

export async function request(
  api: RunningPaymentApi,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
