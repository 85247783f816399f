import { OrderTestContext, startOrderTestContext } from '../../testing/order-test-context';

describe('CancelOrderWhenPaymentFailed', () => {
  let ctx: OrderTestContext;
  beforeAll(async () => (ctx = await startOrderTestContext('order_declined')));
  afterAll(() => ctx.close());

  it('cancels a RESERVED order as PAYMENT_DECLINED and announces ORDER_CANCEL so stock is released', async () => {
    const { orderId, events } = await ctx.placed('erin');
    await ctx.reactions.inventoryReserved.handle(events.inventoryReserved());
    await ctx.reactions.paymentFailed.handle(events.paymentFailed('INSUFFICIENT_FUNDS'));
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'PAYMENT_DECLINED', totalCents: 13900 });
    const [, cancel] = await ctx.outbox(orderId);
    expect(cancel).toMatchObject({ type: 'ORDER_CANCEL', payload: { reason: 'PAYMENT_DECLINED' } });
  });

  it('cancels a PENDING order when the failure overtakes the reservation event', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.reactions.paymentFailed.handle(events.paymentFailed('DECLINED'));
    await ctx.reactions.inventoryReserved.handle(events.inventoryReserved());
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'PAYMENT_DECLINED' });
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
  });

  it('announces ORDER_CANCEL once when the failure is delivered twice', async () => {
    const { orderId, events } = await ctx.placed();
    const failed = events.paymentFailed();
    await ctx.reactions.paymentFailed.handle(failed);
    await ctx.reactions.paymentFailed.handle(failed);
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
  });

  it('changes nothing when payment answers our own cancel with ORDER_CANCELLED', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.cancelOrder.execute(orderId);
    await ctx.reactions.paymentFailed.handle(events.paymentFailed('ORDER_CANCELLED'));
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'CUSTOMER_CANCELLED' });
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
    expect(await ctx.timeline(orderId)).toEqual([
      'ORDER_CREATED (order)',
      'ORDER_CANCEL (order)',
      'PAYMENT_FAILED (payment)',
    ]);
  });

  it('leaves a CONFIRMED order confirmed', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.reactions.paymentCompleted.handle(events.paymentCompleted());
    await ctx.reactions.paymentFailed.handle(events.paymentFailed('DECLINED'));
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CONFIRMED', reason: null });
  });
});
