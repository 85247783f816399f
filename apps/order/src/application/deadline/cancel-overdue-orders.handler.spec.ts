import { OrderTestContext, startOrderTestContext } from '../../testing/order-test-context';

describe('CancelOverdueOrdersHandler', () => {
  let ctx: OrderTestContext;
  beforeAll(async () => (ctx = await startOrderTestContext('order_deadline', { DEADLINE_SWEEP_BATCH: 3 })));
  afterAll(() => ctx.close());
  beforeEach(() => ctx.dataSource.query('TRUNCATE order_history, orders, outbox_message'));

  const afterDeadline = () => new Date(Date.now() + ctx.config.ORDER_DEADLINE_MS + 1000);

  it('cancels open orders past their deadline as TIMEOUT and announces ORDER_CANCEL for each', async () => {
    const pending = await ctx.placed();
    const reserved = await ctx.placed();
    await ctx.reactions.inventoryReserved.handle(reserved.events.inventoryReserved());
    expect(await ctx.cancelOverdue.execute(afterDeadline())).toBe(2);
    for (const { orderId, transactionId } of [pending, reserved]) {
      expect(await ctx.order(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'TIMEOUT' });
      const [, cancel] = await ctx.outbox(orderId);
      expect(cancel).toMatchObject({ type: 'ORDER_CANCEL', transactionId, payload: { reason: 'TIMEOUT' } });
    }
  });

  it('leaves orders within their deadline and final orders alone', async () => {
    const young = await ctx.placed();
    const confirmed = await ctx.placed();
    await ctx.reactions.paymentCompleted.handle(confirmed.events.paymentCompleted());
    expect(await ctx.cancelOverdue.execute(new Date())).toBe(0);
    expect(await ctx.cancelOverdue.execute(afterDeadline())).toBe(1);
    expect(await ctx.order(young.orderId)).toMatchObject({ status: 'CANCELLED', reason: 'TIMEOUT' });
    expect(await ctx.order(confirmed.orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await ctx.cancelOverdue.execute(afterDeadline())).toBe(0);
  });

  it('works through more overdue orders than one batch holds', async () => {
    for (let i = 0; i < 7; i++) await ctx.placed();
    expect(await ctx.cancelOverdue.execute(afterDeadline())).toBe(7);
    expect((await ctx.outbox()).filter((e) => e.type === 'ORDER_CANCEL')).toHaveLength(7);
  });

  it('cancels each order once when several sweepers run at the same time', async () => {
    for (let i = 0; i < 12; i++) await ctx.placed();
    const now = afterDeadline();
    const counts = await Promise.all([1, 2, 3].map(() => ctx.cancelOverdue.execute(now)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
    expect((await ctx.outbox()).filter((e) => e.type === 'ORDER_CANCEL')).toHaveLength(12);
  });

  it('skips an order whose row another transaction holds, and cancels it on a later sweep', async () => {
    const held = await ctx.placed();
    const free = await ctx.placed();
    const runner = ctx.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [held.orderId]);
      expect(await ctx.cancelOverdue.execute(afterDeadline())).toBe(1);
      expect(await ctx.order(held.orderId)).toMatchObject({ status: 'PENDING' });
      expect(await ctx.order(free.orderId)).toMatchObject({ status: 'CANCELLED' });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await ctx.cancelOverdue.execute(afterDeadline())).toBe(1);
    expect(await ctx.order(held.orderId)).toMatchObject({ status: 'CANCELLED', reason: 'TIMEOUT' });
  });
});
