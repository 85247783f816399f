import { OrderTestContext, startOrderTestContext } from '../../testing/order-test-context';

describe('ConfirmOrderWhenPaymentCompleted', () => {
  let ctx: OrderTestContext;
  beforeAll(async () => (ctx = await startOrderTestContext('order_paid')));
  afterAll(() => ctx.close());

  it('confirms a RESERVED order and announces ORDER_CONFIRMED with the charged total', async () => {
    const { orderId, transactionId, events } = await ctx.placed('carol');
    await ctx.reactions.inventoryReserved.handle(events.inventoryReserved(13900));
    await ctx.reactions.paymentCompleted.handle(events.paymentCompleted(13900));
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CONFIRMED', totalCents: 13900, reason: null });
    const [, confirmed] = await ctx.outbox(orderId);
    expect(confirmed).toMatchObject({
      type: 'ORDER_CONFIRMED',
      transactionId,
      orderId,
      payload: { customerId: 'carol', totalCents: 13900 },
    });
    expect(await ctx.timeline(orderId)).toEqual([
      'ORDER_CREATED (order)',
      'INVENTORY_RESERVED (inventory)',
      'PAYMENT_COMPLETED (payment)',
      'ORDER_CONFIRMED (order)',
    ]);
  });

  it('confirms a PENDING order when the payment overtakes the reservation event', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.reactions.paymentCompleted.handle(events.paymentCompleted(13900));
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CONFIRMED', totalCents: 13900 });
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CONFIRMED']);
  });

  it('announces ORDER_CONFIRMED once when the payment is delivered twice', async () => {
    const { orderId, events } = await ctx.placed();
    const paid = events.paymentCompleted();
    await ctx.reactions.paymentCompleted.handle(paid);
    await ctx.reactions.paymentCompleted.handle(paid);
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CONFIRMED']);
  });

  it('leaves a cancelled order CANCELLED when the payment completes late, and records the late payment', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.cancelOverdue.execute(new Date(Date.now() + ctx.config.ORDER_DEADLINE_MS + 1000));
    await ctx.reactions.paymentCompleted.handle(events.paymentCompleted());
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'TIMEOUT' });
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
    expect(await ctx.timeline(orderId)).toEqual([
      'ORDER_CREATED (order)',
      'ORDER_CANCEL (order)',
      'PAYMENT_COMPLETED (payment)',
    ]);
  });

  it('lists ORDER_CONFIRMED after the payment in the timeline even when the payment service clock runs ahead', async () => {
    const { orderId, events } = await ctx.placed();
    const fromTheFuture = { ...events.paymentCompleted(), occurredAt: new Date(Date.now() + 60_000).toISOString() };
    await ctx.reactions.paymentCompleted.handle(fromTheFuture);
    expect(await ctx.timeline(orderId)).toEqual([
      'ORDER_CREATED (order)',
      'PAYMENT_COMPLETED (payment)',
      'ORDER_CONFIRMED (order)',
    ]);
  });
});
