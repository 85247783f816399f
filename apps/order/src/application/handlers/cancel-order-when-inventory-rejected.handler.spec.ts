import { OrderTestContext, startOrderTestContext } from '../../testing/order-test-context';

describe('CancelOrderWhenInventoryRejected', () => {
  let ctx: OrderTestContext;
  beforeAll(async () => (ctx = await startOrderTestContext('order_rejected')));
  afterAll(() => ctx.close());

  it('cancels a PENDING order as OUT_OF_STOCK and announces ORDER_CANCEL in the same saga', async () => {
    const { orderId, transactionId, events } = await ctx.placed();
    await ctx.reactions.inventoryRejected.handle(events.inventoryRejected('OUT_OF_STOCK'));
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'OUT_OF_STOCK' });
    const [, cancel] = await ctx.outbox(orderId);
    expect(cancel).toMatchObject({ type: 'ORDER_CANCEL', transactionId, orderId, payload: { reason: 'OUT_OF_STOCK' } });
    expect(await ctx.timeline(orderId)).toEqual([
      'ORDER_CREATED (order)',
      'INVENTORY_REJECTED (inventory)',
      'ORDER_CANCEL (order)',
    ]);
  });

  it('announces ORDER_CANCEL once when the rejection is delivered twice', async () => {
    const { orderId, events } = await ctx.placed();
    const rejected = events.inventoryRejected();
    await ctx.reactions.inventoryRejected.handle(rejected);
    await ctx.reactions.inventoryRejected.handle(rejected);
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
  });

  it('cancels as OUT_OF_STOCK when inventory does not know a sku', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.reactions.inventoryRejected.handle(events.inventoryRejected('UNKNOWN_SKU'));
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'OUT_OF_STOCK' });
  });

  it('keeps the first reason and announces nothing more when the order was already cancelled', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.cancelOrder.execute(orderId);
    await ctx.reactions.inventoryRejected.handle(events.inventoryRejected('ORDER_CANCELLED'));
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'CUSTOMER_CANCELLED' });
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
    expect(await ctx.timeline(orderId)).toContain('INVENTORY_REJECTED (inventory)');
  });
});
