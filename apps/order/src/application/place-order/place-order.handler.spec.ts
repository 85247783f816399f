import { IdempotencyKeyReusedError } from '../../domain/order.errors';
import { OrderTestContext, startOrderTestContext } from '../../testing/order-test-context';
import { eventsFor } from '../../testing/saga-events';
import { PlaceOrderCommand } from './place-order.command';

describe('PlaceOrderHandler', () => {
  let ctx: OrderTestContext;
  beforeAll(async () => (ctx = await startOrderTestContext('order_place')));
  afterAll(() => ctx.close());

  const command = (idempotencyKey: string | null, quantity = 2): PlaceOrderCommand => ({
    customerId: 'alice',
    items: [
      { sku: 'KEYBOARD-01', quantity: 1 },
      { sku: 'MOUSE-01', quantity },
    ],
    idempotencyKey,
  });

  const ordersWithKey = async (key: string) =>
    (await ctx.dataSource.query('SELECT count(*)::int AS n FROM orders WHERE idempotency_key = $1', [key]))[0].n;

  it('stores a PENDING order with its deadline and starts the saga with ORDER_CREATED', async () => {
    const before = Date.now();
    const { order, replayed } = await ctx.placeOrder.execute(command(null));
    expect(replayed).toBe(false);
    const row = await ctx.order(order.id);
    expect(row).toMatchObject({ status: 'PENDING', customerId: 'alice', reason: null, totalCents: null });
    expect(row.deadlineAt.getTime() - row.createdAt.getTime()).toBe(ctx.config.ORDER_DEADLINE_MS);
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    const [created] = await ctx.outbox(order.id);
    expect(created).toMatchObject({
      type: 'ORDER_CREATED',
      orderId: order.id,
      transactionId: order.transactionId,
      payload: { customerId: 'alice', items: command(null).items },
    });
    expect(await ctx.timeline(order.id)).toEqual(['ORDER_CREATED (order)']);
  });

  it('gives every order its own saga id', async () => {
    const first = await ctx.placeOrder.execute(command(null));
    const second = await ctx.placeOrder.execute(command(null));
    expect(first.order.transactionId).not.toBe(second.order.transactionId);
    expect(first.order.transactionId).not.toBe(first.order.id);
  });

  it('returns the first order as it is now and starts no second saga when a request is retried with the same key', async () => {
    const first = await ctx.placeOrder.execute(command('retry-1'));
    const { inventoryReserved } = eventsFor({ orderId: first.order.id, transactionId: first.order.transactionId });
    await ctx.reactions.inventoryReserved.handle(inventoryReserved());
    const retry = await ctx.placeOrder.execute(command('retry-1'));
    expect(retry).toEqual({ order: expect.objectContaining({ id: first.order.id, status: 'RESERVED' }), replayed: true });
    expect(await ordersWithKey('retry-1')).toBe(1);
    expect(await ctx.outbox(first.order.id)).toHaveLength(1);
  });

  it('treats the same lines in another order as the same request', async () => {
    const first = await ctx.placeOrder.execute(command('reordered'));
    const retry = await ctx.placeOrder.execute({ ...command('reordered'), items: [...command(null).items].reverse() });
    expect(retry.order.id).toBe(first.order.id);
  });

  it('refuses a key reused for a different request, leaving the first order alone', async () => {
    const first = await ctx.placeOrder.execute(command('reused', 2));
    await expect(ctx.placeOrder.execute(command('reused', 3))).rejects.toThrow(IdempotencyKeyReusedError);
    await expect(ctx.placeOrder.execute({ ...command('reused', 2), customerId: 'bob' })).rejects.toThrow(
      IdempotencyKeyReusedError,
    );
    expect(await ordersWithKey('reused')).toBe(1);
    expect((await ctx.order(first.order.id)).items).toEqual(command(null, 2).items);
  });

  it('places exactly one order when concurrent retries race with the same key', async () => {
    const attempts = await Promise.all(Array.from({ length: 8 }, () => ctx.placeOrder.execute(command('race'))));
    const ids = new Set(attempts.map((a) => a.order.id));
    expect(ids.size).toBe(1);
    expect(attempts.filter((a) => !a.replayed)).toHaveLength(1);
    expect(await ordersWithKey('race')).toBe(1);
    expect(await ctx.outbox([...ids][0])).toHaveLength(1);
  });
});
