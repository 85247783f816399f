import { OrderTestContext, startOrderTestContext } from '../../testing/order-test-context';

describe('RecordCompensationWhenReleasedOrRefunded', () => {
  let ctx: OrderTestContext;
  beforeAll(async () => (ctx = await startOrderTestContext('order_compensated')));
  afterAll(() => ctx.close());

  it('completes the timeline of a cancelled order without changing it or announcing anything', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.cancelOrder.execute(orderId);
    const before = await ctx.order(orderId);
    await ctx.reactions.compensated.handle(events.inventoryReleased());
    await ctx.reactions.compensated.handle(events.paymentRefunded());
    expect(await ctx.order(orderId)).toEqual(before);
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
    expect(await ctx.timeline(orderId)).toEqual([
      'ORDER_CREATED (order)',
      'ORDER_CANCEL (order)',
      'INVENTORY_RELEASED (inventory)',
      'PAYMENT_REFUNDED (payment)',
    ]);
  });

  it('records a redelivered compensation once', async () => {
    const { orderId, events } = await ctx.placed();
    const released = events.inventoryReleased();
    await ctx.reactions.compensated.handle(released);
    await ctx.reactions.compensated.handle(released);
    expect(await ctx.timeline(orderId)).toEqual(['ORDER_CREATED (order)', 'INVENTORY_RELEASED (inventory)']);
  });

  it('fails for an order this service never placed', async () => {
    const { events } = await ctx.placed();
    const stranger = { ...events.paymentRefunded(), orderId: '00000000-0000-4000-8000-00000000dead' };
    await expect(ctx.reactions.compensated.handle(stranger)).rejects.toThrow(/foreign key/);
  });
});
