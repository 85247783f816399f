import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Global, INestApplication, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { beginUnitOfWork, createSagaHttpApp, SERVICE_LOGGER, writeTogether } from '@saga/messaging';
import { createTestDatabase, TestDatabase } from '@saga/testing';
import { loadOrderConfig } from '../../config/order.config';
import { OrderConfigModule } from '../../config/order-config.module';
import { orderDataSourceOptions } from '../../persistence/order-data-source';
import { OrderHistoryRepository } from '../../persistence/order-history.repository';
import { orderStory } from '../../testing/order-story';
import { silentLogger } from '../../testing/order-test-context';
import { LiveViewModule } from '../live-view.module';

@Global()
@Module({ providers: [{ provide: SERVICE_LOGGER, useValue: silentLogger }], exports: [SERVICE_LOGGER] })
class LoggerModule {}

const NOWHERE = 'http://127.0.0.1:9';

/** The live view's HTTP surface on a real test database; Kafka points nowhere (its consumer keeps retrying quietly). */
async function hostLiveView(database: TestDatabase, env: NodeJS.ProcessEnv) {
  const config = loadOrderConfig({ DATABASE_URL: database.url, KAFKA_BROKERS: '127.0.0.1:9', ...env });
  @Module({
    imports: [OrderConfigModule.forRoot(config), TypeOrmModule.forRoot(orderDataSourceOptions(database.url)), LoggerModule, LiveViewModule],
  })
  class HostModule {}
  const app: INestApplication = await createSagaHttpApp(HostModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

describe('LiveViewController', () => {
  let database: TestDatabase;
  let inventory: Server;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('live_view_http');
    inventory = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(
        request.url === '/products'
          ? JSON.stringify([{ sku: 'MOUSE-01', name: 'Mouse', priceCents: 2500, available: 7, reserved: 1, sold: 2, secret: 'x' }])
          : '{}',
      );
    });
    await new Promise<void>((resolve) => inventory.listen(0, '127.0.0.1', resolve));
    const inventoryUrl = `http://127.0.0.1:${(inventory.address() as AddressInfo).port}`;
    ({ app, url } = await hostLiveView(database, { LIVE_VIEW_INVENTORY_URL: inventoryUrl, LIVE_VIEW_PAYMENT_URL: NOWHERE }));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => inventory?.close(resolve));
    await database?.drop();
  });

  it('serves the page with a content security policy that allows only its own origin', async () => {
    const response = await fetch(`${url}/saga`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain('<main class="grid">');
  });

  it('serves its two assets and nothing else from the asset route', async () => {
    for (const asset of ['live-view.css', 'live-view.js']) {
      const response = await fetch(`${url}/saga/assets/${asset}`);
      expect([asset, response.status, response.headers.get('cache-control')]).toEqual([asset, 200, 'no-cache']);
    }
    for (const asset of ['index.html', '..%2F..%2Fpackage.json', '%2Fetc%2Fpasswd']) {
      expect([asset, (await fetch(`${url}/saga/assets/${asset}`)).status]).toEqual([asset, 404]);
    }
  });

  it('proxies stock levels from inventory, keeping only the fields the page shows', async () => {
    const response = await fetch(`${url}/saga/api/stock`);
    expect(await response.json()).toEqual([{ sku: 'MOUSE-01', name: 'Mouse', priceCents: 2500, available: 7, reserved: 1, sold: 2 }]);
  });

  it('answers 502 naming the service when a sibling cannot be reached', async () => {
    const response = await fetch(`${url}/saga/api/balances`);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { message: string }).message).toMatch(/^payment service unreachable at http:\/\/127\.0\.0\.1:9/);
  });

  it('returns an order\'s timeline from its history, and 404 or 400 for unknown or malformed ids', async () => {
    const story = orderStory('bob');
    const manager = app.get(DataSource).manager;
    await manager.query(
      `INSERT INTO orders (id, transaction_id, customer_id, items, status, created_at, updated_at, deadline_at)
       VALUES ($1, $2, 'bob', '[{"sku":"KEYBOARD-01","quantity":1}]', 'RESERVED', now(), now(), now())`,
      [story.orderId, story.transactionId],
    );
    // The repository defers its rows to the unit of work of a runner transaction: opened and flushed here as the runner would.
    await manager.transaction(async (transaction) => {
      const unit = beginUnitOfWork(transaction);
      await new OrderHistoryRepository().append(
        transaction,
        [story.created(0), story.reserved(1)].map((event) => ({ event, detail: { payload: event.payload as object } })),
      );
      await writeTogether(transaction, await unit.flush());
    });

    const response = await fetch(`${url}/saga/api/orders/${story.orderId}/timeline`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { steps: { type: string; service: string }[] }).steps.map((s) => `${s.type}@${s.service}`)).toEqual([
      'ORDER_CREATED@order',
      'INVENTORY_RESERVED@inventory',
    ]);
    expect((await fetch(`${url}/saga/api/orders/${orderStory().orderId}/timeline`)).status).toBe(404);
    expect((await fetch(`${url}/saga/api/orders/not-a-uuid/timeline`)).status).toBe(400);
  });

  it('opens the event stream with a snapshot', async () => {
    const aborter = new AbortController();
    const response = await fetch(`${url}/saga/api/stream`, { signal: aborter.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    aborter.abort();
    expect(text.trimStart()).toMatch(/^event: snapshot\nid: \d+\ndata: \{"orders":\[\],"windows":\{"sizeMs":60000,"graceMs":10000/);
  });

  it('answers 404 everywhere when LIVE_VIEW_ENABLED=false', async () => {
    const off = await hostLiveView(database, { LIVE_VIEW_ENABLED: 'false' });
    try {
      for (const path of ['/saga', '/saga/assets/live-view.js', '/saga/api/stream', '/saga/api/stock']) {
        expect([path, (await fetch(`${off.url}${path}`)).status]).toEqual([path, 404]);
      }
    } finally {
      await off.app.close();
    }
  });
});
