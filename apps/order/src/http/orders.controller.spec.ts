import { OrderHttpHost, startOrderHttpHost } from '../testing/order-http-host';

describe('OrdersController over HTTP', () => {
  let host: OrderHttpHost;
  beforeAll(async () => (host = await startOrderHttpHost('order_http')));
  afterAll(() => host.close());

  const validOrder = {
    customerId: 'alice',
    items: [
      { sku: 'KEYBOARD-01', quantity: 1 },
      { sku: 'MOUSE-01', quantity: 2 },
    ],
  };
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

  describe('POST /orders', () => {
    it('accepts an order with 202 and starts its saga', async () => {
      const { status, body } = await host.request('POST', '/orders', validOrder);
      expect(status).toBe(202);
      expect(body).toEqual({ orderId: expect.stringMatching(UUID), status: 'PENDING' });
      const [{ n }] = await host.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_message WHERE message_key = $1 AND event_type = 'ORDER_CREATED'`,
        [body.orderId],
      );
      expect(n).toBe(1);
    });

    it('returns the same order for a retry with the same Idempotency-Key and body', async () => {
      const headers = { 'Idempotency-Key': 'checkout-7f3a' };
      const first = await host.request('POST', '/orders', validOrder, headers);
      const retry = await host.request('POST', '/orders', validOrder, headers);
      expect(retry.status).toBe(202);
      expect(retry.body).toEqual(first.body);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    });

    it('places one order when retries with the same Idempotency-Key arrive concurrently', async () => {
      const headers = { 'Idempotency-Key': 'double-click' };
      const responses = await Promise.all(Array.from({ length: 6 }, () => host.request('POST', '/orders', validOrder, headers)));
      expect(responses.map((r) => r.status)).toEqual(Array(6).fill(202));
      expect(new Set(responses.map((r) => r.body.orderId)).size).toBe(1);
      const [{ n }] = await host.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE idempotency_key = 'double-click'`);
      expect(n).toBe(1);
    });

    it('answers 422 with a reason when an Idempotency-Key is reused with a different body', async () => {
      const headers = { 'Idempotency-Key': 'reused-key' };
      await host.request('POST', '/orders', validOrder, headers);
      const { status, body } = await host.request('POST', '/orders', { ...validOrder, customerId: 'bob' }, headers);
      expect(status).toBe(422);
      expect(body).toEqual({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: expect.stringContaining('already used for a different order request'),
      });
    });

    it.each([
      ['an empty Idempotency-Key', ''],
      ['an Idempotency-Key over 200 characters', 'k'.repeat(201)],
    ])('answers 400 for %s', async (_case, key) => {
      const { status, body } = await host.request('POST', '/orders', validOrder, { 'Idempotency-Key': key });
      expect(status).toBe(400);
      expect(body.message).toMatch(/Idempotency-Key header must be 1 to 200 characters/);
    });

    it('accepts an Idempotency-Key of exactly 200 characters', async () => {
      const { status } = await host.request('POST', '/orders', validOrder, { 'Idempotency-Key': 'k'.repeat(200) });
      expect(status).toBe(202);
    });

    const line = (sku: string, quantity: unknown = 1) => ({ sku, quantity });
    it.each([
      ['no customerId', { items: validOrder.items }, /customerId/],
      ['an empty customerId', { ...validOrder, customerId: '' }, /customerId must be longer than or equal to 1/],
      ['a customerId over 64 characters', { ...validOrder, customerId: 'c'.repeat(65) }, /customerId must be shorter/],
      ['no items', { customerId: 'alice' }, /items/],
      ['items that are not a list', { ...validOrder, items: 'KEYBOARD-01' }, /items must be an array/],
      ['an empty list of items', { ...validOrder, items: [] }, /items must contain at least 1 elements/],
      ['51 lines', { ...validOrder, items: Array.from({ length: 51 }, (_, i) => line(`SKU-${i}`)) }, /items must contain no more than 50 elements/],
      ['a zero quantity', { ...validOrder, items: [line('MOUSE-01', 0)] }, /quantity must not be less than 1/],
      ['a quantity over 1000', { ...validOrder, items: [line('MOUSE-01', 1001)] }, /quantity must not be greater than 1000/],
      ['a fractional quantity', { ...validOrder, items: [line('MOUSE-01', 1.5)] }, /quantity must be an integer/],
      ['a quantity given as a string', { ...validOrder, items: [line('MOUSE-01', '2')] }, /quantity must be an integer/],
      ['a lower-case sku', { ...validOrder, items: [line('mouse-01')] }, /sku must be 1-64 upper-case letters/],
      ['a repeated sku', { ...validOrder, items: [line('MOUSE-01'), line('MOUSE-01', 2)] }, /items must not repeat a sku/],
      ['a line that is not an object', { ...validOrder, items: [42] }, /items/],
      ['an unknown property', { ...validOrder, coupon: 'FREE' }, /property coupon should not exist/],
      ['an unknown line property', { ...validOrder, items: [{ ...line('MOUSE-01'), priceCents: 1 }] }, /priceCents should not exist/],
    ])('answers 400 with the reason for %s', async (_case, payload, reason) => {
      const { status, body } = await host.request('POST', '/orders', payload);
      expect(status).toBe(400);
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect([body.message].flat().join('; ')).toMatch(reason);
    });

    it('answers 400 with a reason for a body that is not JSON', async () => {
      expect(await host.request('POST', '/orders', '{"customerId": "alice", ')).toMatchObject({
        status: 400,
        body: { statusCode: 400, error: 'Bad Request', message: expect.stringContaining('JSON') },
      });
    });

    it('answers 400 for a body that is not sent as JSON', async () => {
      const { status } = await host.request('POST', '/orders', 'customerId=alice', { 'content-type': 'text/plain' });
      expect(status).toBe(400);
    });

    it('accepts 50 lines with the largest quantity', async () => {
      const items = Array.from({ length: 50 }, (_, i) => line(`SKU-${i}`, 1000));
      expect((await host.request('POST', '/orders', { customerId: 'c'.repeat(64), items })).status).toBe(202);
    });

    it('answers 413 for a body over 64 kB', async () => {
      expect(await host.request('POST', '/orders', { ...validOrder, padding: 'x'.repeat(70_000) })).toMatchObject({
        status: 413,
        body: { statusCode: 413, message: 'Request body is too large' },
      });
    });
  });

  describe('GET /orders/:id', () => {
    it('returns the order with its saga timeline', async () => {
      const placed = await host.request('POST', '/orders', validOrder);
      const { status, body } = await host.request('GET', `/orders/${placed.body.orderId}`);
      expect(status).toBe(200);
      expect(body).toEqual({
        orderId: placed.body.orderId,
        customerId: 'alice',
        items: validOrder.items,
        status: 'PENDING',
        transactionId: expect.stringMatching(UUID),
        createdAt: expect.stringMatching(ISO),
        history: [{ type: 'ORDER_CREATED', service: 'order', at: body.createdAt }],
      });
    });

    it('answers 404 with a reason for an unknown order', async () => {
      const id = '00000000-0000-4000-8000-000000000404';
      expect(await host.request('GET', `/orders/${id}`)).toMatchObject({
        status: 404,
        body: { statusCode: 404, error: 'Not Found', message: `order ${id} does not exist` },
      });
    });

    it('answers 400 for an id that is not a uuid', async () => {
      const { status, body } = await host.request('GET', '/orders/not-a-uuid');
      expect(status).toBe(400);
      expect(body.message).toMatch(/uuid/);
    });
  });

  describe('GET /orders?customerId=', () => {
    it('lists the customer’s orders newest first, without history, at most 100', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 101; i++) {
        ids.push((await host.request('POST', '/orders', { ...validOrder, customerId: 'dave' })).body.orderId);
      }
      const { status, body } = await host.request('GET', '/orders?customerId=dave');
      expect(status).toBe(200);
      expect(body).toHaveLength(100);
      expect(body.map((o: { orderId: string }) => o.orderId)).toEqual(ids.slice(1).reverse());
      expect(body[0]).toEqual({
        orderId: ids[100],
        customerId: 'dave',
        items: validOrder.items,
        status: 'PENDING',
        transactionId: expect.stringMatching(UUID),
        createdAt: expect.stringMatching(ISO),
      });
    });

    it('returns an empty list for a customer without orders', async () => {
      expect(await host.request('GET', '/orders?customerId=nobody')).toMatchObject({ status: 200, body: [] });
    });

    it.each([
      ['without customerId', '/orders', /customerId query parameter is required/],
      ['with an empty customerId', '/orders?customerId=', /customerId must be longer than or equal to 1/],
      ['with customerId twice', '/orders?customerId=a&customerId=b', /customerId must be a string/],
    ])('answers 400 with a reason %s', async (_case, path, reason) => {
      const { status, body } = await host.request('GET', path);
      expect(status).toBe(400);
      expect([body.message].flat().join('; ')).toMatch(reason);
    });
  });

  describe('POST /orders/:id/cancel', () => {
    it('cancels an order in flight with 202 and shows why and when in its timeline', async () => {
      const { orderId } = (await host.request('POST', '/orders', validOrder)).body;
      expect(await host.request('POST', `/orders/${orderId}/cancel`)).toMatchObject({
        status: 202,
        body: { orderId, status: 'CANCELLED' },
      });
      const { body } = await host.request('GET', `/orders/${orderId}`);
      expect(body).toMatchObject({ status: 'CANCELLED', reason: 'CUSTOMER_CANCELLED' });
      expect(body.history.map((h: { type: string }) => h.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
    });

    it('answers 409 with a reason once the order is final', async () => {
      const { orderId } = (await host.request('POST', '/orders', validOrder)).body;
      await host.request('POST', `/orders/${orderId}/cancel`);
      expect(await host.request('POST', `/orders/${orderId}/cancel`)).toMatchObject({
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: `order ${orderId} is already CANCELLED and can no longer be cancelled` },
      });
    });

    it('answers 404 for an unknown order and 400 for a malformed id', async () => {
      expect((await host.request('POST', '/orders/00000000-0000-4000-8000-000000000404/cancel')).status).toBe(404);
      expect((await host.request('POST', '/orders/42/cancel')).status).toBe(400);
    });
  });
});
