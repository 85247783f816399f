import { OrderAlreadyFinalError, OrderNotFoundError } from '../../domain/order.errors';
import { OrderTestContext, startOrderTestContext } from '../../testing/order-test-context';

describe('CancelOrderHandler', () => {
  let ctx: OrderTestContext;
  beforeAll(async () => (ctx = await startOrderTestContext('order_cancel')));
  afterAll(() => ctx.close());

  it('cancels a RESERVED order as CUSTOMER_CANCELLED and announces ORDER_CANCEL', async () => {
    const { orderId, transactionId, events } = await ctx.placed();
    await ctx.reactions.inventoryReserved.handle(events.inventoryReserved());
    const order = await ctx.cancelOrder.execute(orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', reason: 'CUSTOMER_CANCELLED' });
    const [, cancel] = await ctx.outbox(orderId);
    expect(cancel).toMatchObject({ type: 'ORDER_CANCEL', transactionId, payload: { reason: 'CUSTOMER_CANCELLED' } });
  });

  it('refuses to cancel a final order and announces nothing', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.reactions.paymentCompleted.handle(events.paymentCompleted());
    await expect(ctx.cancelOrder.execute(orderId)).rejects.toThrow(OrderAlreadyFinalError);
    const cancelled = await ctx.placed();
    await ctx.cancelOrder.execute(cancelled.orderId);
    await expect(ctx.cancelOrder.execute(cancelled.orderId)).rejects.toThrow(/already CANCELLED/);
    expect((await ctx.outbox(cancelled.orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
  });

  it('refuses an unknown order', async () => {
    await expect(ctx.cancelOrder.execute('00000000-0000-4000-8000-00000000dead')).rejects.toThrow(OrderNotFoundError);
  });

  it('ends in exactly one final state and one announcement when a cancel races the payment', async () => {
    for (let round = 0; round < 10; round++) {
      const { orderId, events } = await ctx.placed();
      await Promise.allSettled([
        ctx.cancelOrder.execute(orderId),
        ctx.reactions.paymentCompleted.handle(events.paymentCompleted()),
      ]);
      const { status } = await ctx.order(orderId);
      const announced = (await ctx.outbox(orderId)).map((e) => e.type).slice(1);
      expect(announced).toEqual([status === 'CONFIRMED' ? 'ORDER_CONFIRMED' : 'ORDER_CANCEL']);
    }
  });
});
