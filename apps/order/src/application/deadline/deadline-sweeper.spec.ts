import { eventually } from '@saga/testing';
import { OrderTestContext, silentLogger, startOrderTestContext } from '../../testing/order-test-context';
import { DeadlineSweeper } from './deadline-sweeper';
import { CancelOverdueOrdersHandler } from './cancel-overdue-orders.handler';

describe('DeadlineSweeper', () => {
  let ctx: OrderTestContext;
  beforeAll(async () => (ctx = await startOrderTestContext('order_sweeper', { ORDER_DEADLINE_MS: 200 })));
  afterAll(() => ctx.close());

  it('cancels an order on its own once the deadline has passed, and stops on shutdown', async () => {
    const sweeper = new DeadlineSweeper(ctx.cancelOverdue, { DEADLINE_SWEEP_MS: 20 }, silentLogger);
    const { orderId } = await ctx.placed();
    sweeper.onApplicationBootstrap();
    try {
      await eventually(async () => (await ctx.order(orderId)).status === 'CANCELLED', 5000);
    } finally {
      await sweeper.onApplicationShutdown();
    }
    expect(await ctx.order(orderId)).toMatchObject({ reason: 'TIMEOUT' });
  });

  describe('timing', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    const sweeperWith = (execute: jest.Mock) =>
      new DeadlineSweeper({ execute } as unknown as CancelOverdueOrdersHandler, { DEADLINE_SWEEP_MS: 1000 }, silentLogger);

    it('sweeps once per interval and never after shutdown', async () => {
      const execute = jest.fn().mockResolvedValue(0);
      const sweeper = sweeperWith(execute);
      sweeper.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(3000);
      expect(execute).toHaveBeenCalledTimes(3);
      await sweeper.onApplicationShutdown();
      await jest.advanceTimersByTimeAsync(5000);
      expect(execute).toHaveBeenCalledTimes(3);
    });

    it('never starts a sweep while the previous one is still running, and shutdown waits for it', async () => {
      let finish!: (cancelled: number) => void;
      const execute = jest.fn(() => new Promise<number>((resolve) => (finish = resolve)));
      const sweeper = sweeperWith(execute);
      sweeper.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(3500);
      expect(execute).toHaveBeenCalledTimes(1);
      let stopped = false;
      const stopping = sweeper.onApplicationShutdown().then(() => (stopped = true));
      await jest.advanceTimersByTimeAsync(0);
      expect(stopped).toBe(false);
      finish(0);
      await stopping;
      expect(stopped).toBe(true);
    });

    it('keeps one timer when Nest bootstraps the application twice (HTTP, then the saga consumer)', async () => {
      const execute = jest.fn().mockResolvedValue(0);
      const sweeper = sweeperWith(execute);
      sweeper.onApplicationBootstrap();
      sweeper.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(3000);
      expect(execute).toHaveBeenCalledTimes(3);
      await sweeper.onApplicationShutdown();
      await jest.advanceTimersByTimeAsync(5000);
      expect(execute).toHaveBeenCalledTimes(3);
    });

    it('tries again on the next tick after a failed sweep', async () => {
      const execute = jest.fn().mockRejectedValueOnce(new Error('database restarting')).mockResolvedValue(0);
      const sweeper = sweeperWith(execute);
      sweeper.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(2000);
      expect(execute).toHaveBeenCalledTimes(2);
      await sweeper.onApplicationShutdown();
    });
  });
});
