import { OrderTestContext, startOrderTestContext } from '../../testing/order-test-context';

describe('NoteReservationWhenInventoryReserved', () => {
  let ctx: OrderTestContext;
  beforeAll(async () => (ctx = await startOrderTestContext('order_reserved')));
  afterAll(() => ctx.close());

  it('moves a PENDING order to RESERVED with the priced total and announces nothing', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.reactions.inventoryReserved.handle(events.inventoryReserved(13900));
    expect(await ctx.order(orderId)).toMatchObject({ status: 'RESERVED', totalCents: 13900, reason: null });
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED']);
    expect(await ctx.timeline(orderId)).toEqual(['ORDER_CREATED (order)', 'INVENTORY_RESERVED (inventory)']);
  });

  it('applies a redelivered reservation once', async () => {
    const { orderId, events } = await ctx.placed();
    const reserved = events.inventoryReserved();
    await ctx.reactions.inventoryReserved.handle(reserved);
    await ctx.reactions.inventoryReserved.handle(reserved);
    expect(await ctx.timeline(orderId)).toEqual(['ORDER_CREATED (order)', 'INVENTORY_RESERVED (inventory)']);
  });

  it('leaves a CONFIRMED order and its charged total alone when the reservation arrives after the payment', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.reactions.paymentCompleted.handle(events.paymentCompleted(14200));
    await ctx.reactions.inventoryReserved.handle(events.inventoryReserved(13900));
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CONFIRMED', totalCents: 14200 });
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CONFIRMED']);
    expect(await ctx.timeline(orderId)).toContain('INVENTORY_RESERVED (inventory)');
  });

  it('leaves a CANCELLED order cancelled when the reservation arrives after a cancel', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.cancelOrder.execute(orderId);
    await ctx.reactions.inventoryReserved.handle(events.inventoryReserved());
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'CUSTOMER_CANCELLED', totalCents: null });
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
  });

  it('fails, changing nothing, for an order this service never placed', async () => {
    const { events } = await ctx.placed();
    const stranger = { ...events.inventoryReserved(), orderId: '00000000-0000-4000-8000-00000000dead' };
    await expect(ctx.reactions.inventoryReserved.handle(stranger)).rejects.toThrow(/does not exist/);
    const claimed = await ctx.dataSource.query('SELECT 1 FROM processed_message WHERE event_id = $1', [stranger.eventId]);
    expect(claimed).toHaveLength(0);
  });
});
