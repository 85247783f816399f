import { randomUUID } from 'node:crypto';
import { eventually } from '@saga/testing';
import { Stack } from '../../tools/src/stack/start-stack';
import { SagaApi } from './support/saga-api';
import { awaitFinal, invariantViolations, snapshot } from './support/ledger';
import { startSagaStack } from './support/saga-stack';

const DEADLINE_MS = 6000;

/** Polls until the saga's invariants hold (compensations may still be in flight when orders turn final). */
async function expectInvariantsHold(...args: Parameters<typeof invariantViolations>): Promise<void> {
  await eventually(async () => {
    const violations = await invariantViolations(...args);
    if (violations.length > 0) throw new Error(`saga invariants violated:\n  ${violations.join('\n  ')}`);
    return true;
  }, 30000, 250);
}

describe('the order saga, end to end over REST, Kafka and three databases', () => {
  let stack: Stack;
  let api: SagaApi;

  beforeAll(async () => {
    ({ stack, api } = await startSagaStack({ order: { ORDER_DEADLINE_MS: String(DEADLINE_MS), DEADLINE_SWEEP_MS: '200' } }));
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('confirms an order, charges its total and sells the stock', async () => {
    const before = await snapshot(api);
    const placed = await api.placeOrder('alice', [{ sku: 'KEYBOARD-01', quantity: 1 }, { sku: 'MOUSE-01', quantity: 2 }]);
    expect(placed.status).toBe(202);

    const [order] = await awaitFinal(api, [placed.body.orderId]);
    expect(order).toMatchObject({ status: 'CONFIRMED', totalCents: 8900 + 2 * 2500 });
    expect(order.history!.map((h) => h.type)).toEqual(
      expect.arrayContaining(['ORDER_CREATED', 'INVENTORY_RESERVED', 'PAYMENT_COMPLETED', 'ORDER_CONFIRMED']),
    );
    await expectInvariantsHold(api, before, [order]);
  });

  it('cancels with OUT_OF_STOCK and reserves nothing when one line is short', async () => {
    const before = await snapshot(api);
    const webcams = before.products.get('WEBCAM-01')!.available;
    const placed = await api.placeOrder('carol', [{ sku: 'MOUSE-01', quantity: 1 }, { sku: 'WEBCAM-01', quantity: webcams + 1 }]);

    const [order] = await awaitFinal(api, [placed.body.orderId]);
    expect(order).toMatchObject({ status: 'CANCELLED', reason: 'OUT_OF_STOCK' });
    await expectInvariantsHold(api, before, [order]);
    expect((await snapshot(api)).products.get('MOUSE-01')!.available).toBe(before.products.get('MOUSE-01')!.available);
  });

  it('cancels with PAYMENT_DECLINED and releases the stock when the balance is too low', async () => {
    const before = await snapshot(api);
    expect(before.balances.get('erin')).toBeLessThan(24900);
    const placed = await api.placeOrder('erin', [{ sku: 'MONITOR-27', quantity: 1 }]);

    const [order] = await awaitFinal(api, [placed.body.orderId]);
    expect(order).toMatchObject({ status: 'CANCELLED', reason: 'PAYMENT_DECLINED' });
    await expectInvariantsHold(api, before, [order]);
    await eventually(async () => (await api.order(order.orderId)).history!.some((h) => h.type === 'INVENTORY_RELEASED'));
  });

  it('cancels with TIMEOUT when payment is down past the deadline, and compensates when it returns', async () => {
    const before = await snapshot(api);
    await stack.service('payment').kill('SIGKILL');
    try {
      const placed = await api.placeOrder('dave', [{ sku: 'HEADSET-01', quantity: 1 }]);
      const [order] = await awaitFinal(api, [placed.body.orderId], DEADLINE_MS + 15000);
      expect(order).toMatchObject({ status: 'CANCELLED', reason: 'TIMEOUT' });
    } finally {
      await stack.service('payment').restart();
    }
    const orders = await api.raw<{ orderId: string }[]>('GET', `${stack.urls.order}/orders?customerId=dave`);
    const order = await api.order(orders.body[0].orderId);
    await expectInvariantsHold(api, before, [order]);
  });

  it('cancels on customer request while payment is stalled, and never keeps the money', async () => {
    const before = await snapshot(api);
    const payment = stack.service('payment');
    process.kill(payment.pid!, 'SIGSTOP');
    let orderId: string;
    try {
      const placed = await api.placeOrder('bob', [{ sku: 'CABLE-USB-C', quantity: 3 }]);
      orderId = placed.body.orderId;
      await eventually(async () => (await api.order(orderId)).status === 'RESERVED');
      const cancelled = await api.cancelOrder(orderId);
      expect(cancelled.status).toBe(202);
      expect((await api.cancelOrder(orderId)).status).toBe(409);
    } finally {
      process.kill(payment.pid!, 'SIGCONT');
    }
    const [order] = await awaitFinal(api, [orderId!]);
    expect(order).toMatchObject({ status: 'CANCELLED', reason: 'CUSTOMER_CANCELLED' });
    await expectInvariantsHold(api, before, [order]);
  });

  it('starts one saga per Idempotency-Key, even for concurrent retries', async () => {
    const before = await snapshot(api);
    const key = randomUUID();
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => api.placeOrder('carol', [{ sku: 'MOUSE-01', quantity: 1 }], key)),
    );
    expect(new Set(attempts.map((a) => a.status))).toEqual(new Set([202]));
    const orderIds = new Set(attempts.map((a) => a.body.orderId));
    expect(orderIds.size).toBe(1);

    const different = await api.placeOrder('carol', [{ sku: 'MOUSE-01', quantity: 2 }], key);
    expect(different.status).toBe(422);

    const orders = await awaitFinal(api, [...orderIds]);
    await expectInvariantsHold(api, before, orders);
    const after = await snapshot(api);
    expect(after.products.get('MOUSE-01')!.sold - before.products.get('MOUSE-01')!.sold).toBe(1);
  });

  it('sells exactly the last units when more orders than units arrive at once', async () => {
    const restock = await api.restock('WEBCAM-01', 10);
    expect(restock.status).toBe(200);
    const before = await snapshot(api);
    const units = before.products.get('WEBCAM-01')!.available;
    await api.deposit('carol', 50 * 3900);

    const placed = await Promise.all(Array.from({ length: units + 20 }, () => api.placeOrder('carol', [{ sku: 'WEBCAM-01', quantity: 1 }])));
    const orders = await awaitFinal(api, placed.map((p) => p.body.orderId), 60000);

    expect(orders.filter((o) => o.status === 'CONFIRMED')).toHaveLength(units);
    expect(orders.filter((o) => o.reason === 'OUT_OF_STOCK')).toHaveLength(20);
    const after = await snapshot(api);
    expect(after.products.get('WEBCAM-01')).toMatchObject({ available: 0, reserved: 0 });
    await expectInvariantsHold(api, before, orders, { deposited: { carol: 50 * 3900 } });
  });
});
