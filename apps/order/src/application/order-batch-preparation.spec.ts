import { SagaEvent } from '@saga/events';
import { queriesOf } from '@saga/testing';
import { OrderNotFoundError } from '../domain/order.errors';
import { eventsFor } from '../testing/saga-events';
import { OrderTestContext, startOrderTestContext } from '../testing/order-test-context';

describe('OrderBatchPreparation', () => {
  let ctx: OrderTestContext;
  beforeAll(async () => (ctx = await startOrderTestContext('order_batch')));
  afterAll(() => ctx.close());

  /** `count` placed orders, each reserved then paid: two events per order. */
  async function reservedAndPaid(count: number) {
    const placed = [];
    for (let i = 0; i < count; i++) placed.push(await ctx.placed());
    const events = placed.flatMap(({ events }) => [events.inventoryReserved(), events.paymentCompleted()]);
    return { orderIds: placed.map((order) => order.orderId), events };
  }

  it('applies a batch in the same number of round trips whatever its number of events', async () => {
    const small = await reservedAndPaid(2);
    const large = await reservedAndPaid(20);

    const { roundTrips: forSmall } = await queriesOf(() => ctx.applyBatch(small.events));
    const { roundTrips: forLarge } = await queriesOf(() => ctx.applyBatch(large.events));

    // BEGIN with the inbox claim; the lock of all orders; one statement for UPDATE orders + INSERT
    // order_history + outbox, with COMMIT.
    expect(forLarge).toBe(3);
    expect(forLarge).toBe(forSmall);
    for (const orderId of large.orderIds) {
      expect(await ctx.order(orderId)).toMatchObject({ status: 'CONFIRMED', totalCents: 13900 });
      expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CONFIRMED']);
    }
  });

  it('records the timeline of every event of a batch in event order', async () => {
    const { orderIds, events } = await reservedAndPaid(1);
    await ctx.applyBatch(events);
    expect(await ctx.timeline(orderIds[0])).toEqual([
      'ORDER_CREATED (order)',
      'INVENTORY_RESERVED (inventory)',
      'PAYMENT_COMPLETED (payment)',
      'ORDER_CONFIRMED (order)',
    ]);
  });

  it('lets a later event of the batch see what an earlier one did to the same order', async () => {
    const { orderId, events } = await ctx.placed();
    // Read from the table instead, the payment failure would find the order still PENDING and cancel it twice.
    await ctx.applyBatch([events.inventoryRejected(), events.paymentFailed()]);
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'OUT_OF_STOCK' });
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
  });

  it('leaves a cancelled order CANCELLED when its late payment is in the same batch as the cancel', async () => {
    const { orderId, events } = await ctx.placed();
    await ctx.applyBatch([events.inventoryReserved(), events.paymentFailed('DECLINED'), events.paymentCompleted()]);
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'PAYMENT_DECLINED', totalCents: 13900 });
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED', 'ORDER_CANCEL']);
  });

  it('rolls the whole batch back when its writes fail before the commit, so every event can be applied again', async () => {
    const { orderId, events } = await ctx.placed();
    const reserved = events.inventoryReserved();
    // No such order: the timeline row breaks its foreign key when the history is written, just before the commit.
    const unknown = eventsFor({ orderId: '00000000-0000-4000-8000-00000000beef', transactionId: '00000000-0000-4000-8000-00000000cafe' });

    await expect(ctx.applyBatch([reserved, unknown.inventoryReleased()])).rejects.toThrow(/foreign key/);
    expect(await ctx.order(orderId)).toMatchObject({ status: 'PENDING', totalCents: null });
    expect(await ctx.timeline(orderId)).toEqual(['ORDER_CREATED (order)']);
    expect((await ctx.outbox(orderId)).map((e) => e.type)).toEqual(['ORDER_CREATED']);

    await ctx.reactions.inventoryReserved.handle(reserved);
    expect(await ctx.order(orderId)).toMatchObject({ status: 'RESERVED', totalCents: 13900 });
  });

  it('fails the batch for an event about an order this service does not have', async () => {
    const { events } = await ctx.placed();
    const unknown = eventsFor({ orderId: '00000000-0000-4000-8000-00000000f00d', transactionId: '00000000-0000-4000-8000-00000000cafe' });
    await expect(ctx.applyBatch([events.inventoryReserved(), unknown.paymentCompleted()])).rejects.toThrow(OrderNotFoundError);
  });

  it('applies each event once when the batch holds a redelivery of an event already applied', async () => {
    const { orderId, events } = await ctx.placed();
    const reserved: SagaEvent = events.inventoryReserved();
    await ctx.reactions.inventoryReserved.handle(reserved as SagaEvent<'INVENTORY_RESERVED'>);
    await ctx.applyBatch([reserved, events.paymentCompleted()]);
    expect(await ctx.order(orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await ctx.timeline(orderId)).toEqual([
      'ORDER_CREATED (order)',
      'INVENTORY_RESERVED (inventory)',
      'PAYMENT_COMPLETED (payment)',
      'ORDER_CONFIRMED (order)',
    ]);
  });
});
