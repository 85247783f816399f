import { INestApplication } from '@nestjs/common';
import { createSagaHttpApp } from '@saga/messaging';
import { createTestDatabase, TestDatabase } from '@saga/testing';
import { AppModule } from '../app.module';

describe('ProductsController over HTTP', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let baseUrl: string;

  const request = async (method: string, path: string, body?: unknown, rawBody?: string) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    database = await createTestDatabase('inventory_http');
    // The real composition root: migrations run on start and seed the demo catalogue. Kafka is
    // never contacted: no consumer is attached and a restock emits nothing.
    Object.assign(process.env, { DATABASE_URL: database.url, KAFKA_BROKERS: '127.0.0.1:9', LOG_LEVEL: 'silent' });
    // As bootstrapSagaService configures HTTP in production.
    const nest = await createSagaHttpApp(AppModule, { logger: false });
    await nest.listen(0, '127.0.0.1');
    app = nest;
    baseUrl = await nest.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await database.drop();
  });

  it('lists the seeded demo catalogue sorted by sku', async () => {
    const { status, body } = await request('GET', '/products');
    expect(status).toBe(200);
    expect(body).toEqual([
      { sku: 'CABLE-USB-C', name: 'USB-C cable', priceCents: 900, available: 1000, reserved: 0, sold: 0 },
      { sku: 'HEADSET-01', name: 'USB headset', priceCents: 4900, available: 100, reserved: 0, sold: 0 },
      { sku: 'KEYBOARD-01', name: 'Mechanical keyboard', priceCents: 8900, available: 100, reserved: 0, sold: 0 },
      { sku: 'MONITOR-27', name: '27-inch monitor', priceCents: 24900, available: 50, reserved: 0, sold: 0 },
      { sku: 'MOUSE-01', name: 'Wireless mouse', priceCents: 2500, available: 200, reserved: 0, sold: 0 },
      { sku: 'WEBCAM-01', name: 'HD webcam', priceCents: 3900, available: 2, reserved: 0, sold: 0 },
    ]);
  });

  it('returns one product by sku', async () => {
    expect(await request('GET', '/products/MONITOR-27')).toEqual({
      status: 200,
      body: { sku: 'MONITOR-27', name: '27-inch monitor', priceCents: 24900, available: 50, reserved: 0, sold: 0 },
    });
  });

  it('answers 404 with a reason for an unknown sku', async () => {
    expect(await request('GET', '/products/TOASTER-9')).toEqual({
      status: 404,
      body: { statusCode: 404, message: 'product TOASTER-9 does not exist', error: 'Not Found' },
    });
  });

  it('restocks a product and returns it with 200', async () => {
    const { status, body } = await request('POST', '/products/HEADSET-01/restock', { quantity: 25 });
    expect(status).toBe(200);
    expect(body).toEqual({ sku: 'HEADSET-01', name: 'USB headset', priceCents: 4900, available: 125, reserved: 0, sold: 0 });
    expect((await request('GET', '/products/HEADSET-01')).body.available).toBe(125);
  });

  it('accepts the largest restock allowed', async () => {
    const { status, body } = await request('POST', '/products/CABLE-USB-C/restock', { quantity: 1_000_000 });
    expect(status).toBe(200);
    expect(body.available).toBe(1_001_000);
  });

  it('answers 404 when restocking an unknown sku', async () => {
    expect(await request('POST', '/products/TOASTER-9/restock', { quantity: 1 })).toEqual({
      status: 404,
      body: { statusCode: 404, message: 'product TOASTER-9 does not exist', error: 'Not Found' },
    });
  });

  it.each([
    ['no quantity', {}],
    ['zero', { quantity: 0 }],
    ['a negative quantity', { quantity: -3 }],
    ['more than a million', { quantity: 1_000_001 }],
    ['a fraction', { quantity: 1.5 }],
    ['a numeric string', { quantity: '5' }],
    ['null', { quantity: null }],
    ['an unexpected field', { quantity: 5, price: 1 }],
  ])('answers 400 with the reason for a restock with %s, changing nothing', async (_case, body) => {
    const before = (await request('GET', '/products/MOUSE-01')).body;
    const response = await request('POST', '/products/MOUSE-01/restock', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.body.message.join(' ')).toMatch(/quantity|price/);
    expect((await request('GET', '/products/MOUSE-01')).body).toEqual(before);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await request('POST', '/products/MOUSE-01/restock', undefined, '{"quantity": 5');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});
