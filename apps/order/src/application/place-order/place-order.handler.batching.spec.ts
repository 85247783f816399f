import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { OutboxRelay, SagaMetrics, startTracing, Tracing, TransactionRunner } from '@saga/messaging';
import { IdempotencyKeyReusedError } from '../../domain/order.errors';
import { OrderRepository } from '../../persistence/order.repository';
import { OrderHistoryRepository } from '../../persistence/order-history.repository';
import { OrderTestContext, silentLogger, startOrderTestContext } from '../../testing/order-test-context';
import { RecordingBus } from '../../testing/recording-bus';
import { PlaceOrderCommand } from './place-order.command';
import { MAX_PLACEMENTS_PER_TRANSACTION, PlaceOrderHandler } from './place-order.handler';

describe('PlaceOrderHandler group commit', () => {
  let ctx: OrderTestContext;
  let tracing: Tracing;
  beforeAll(async () => {
    tracing = startTracing({ service: 'order-spec', spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })] });
    ctx = await startOrderTestContext('order_place_batch');
  });
  afterAll(async () => {
    await ctx.close();
    await tracing.shutdown();
  });

  /** A handler on the test database whose transactions and started sagas are counted. */
  function countedHandler() {
    const relay = new OutboxRelay(ctx.dataSource, new RecordingBus(), silentLogger, { batchSize: 100, pollIntervalMs: 1000, lockKey: 1 });
    const transactions = new TransactionRunner(ctx.dataSource, relay, { consumer: 'order' });
    const runs = jest.spyOn(transactions, 'run');
    const metrics = { noteStarted: jest.fn() };
    const handler = new PlaceOrderHandler(
      transactions,
      new OrderRepository(),
      new OrderHistoryRepository(),
      ctx.config,
      silentLogger,
      metrics as unknown as SagaMetrics,
    );
    return { handler, transactions: () => runs.mock.calls.length, sagasStarted: () => metrics.noteStarted.mock.calls.length };
  }

  const command = (customerId: string, idempotencyKey: string | null = null, quantity = 1): PlaceOrderCommand => ({
    customerId,
    items: [{ sku: 'KEYBOARD-01', quantity }],
    idempotencyKey,
  });

  const count = async (sql: string, params: unknown[]) => (await ctx.dataSource.query(sql, params))[0].n as number;

  it('writes concurrent placements in two transactions: the first alone, all that queued behind it together', async () => {
    const { handler, transactions, sagasStarted } = countedHandler();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => handler.execute(command(`burst-${i}`))));
    expect(transactions()).toBe(2);
    expect(new Set(results.map((r) => r.order.id)).size).toBe(20);
    expect(results.every((r) => !r.replayed && r.order.status === 'PENDING')).toBe(true);
    expect(sagasStarted()).toBe(20);
    for (const { order } of results) {
      expect((await ctx.outbox(order.id)).map((e) => e.type)).toEqual(['ORDER_CREATED']);
      expect(await ctx.timeline(order.id)).toEqual(['ORDER_CREATED (order)']);
    }
  });

  it(`puts at most ${MAX_PLACEMENTS_PER_TRANSACTION} placements in one transaction`, async () => {
    const { handler, transactions } = countedHandler();
    const total = MAX_PLACEMENTS_PER_TRANSACTION + 50;
    await Promise.all(Array.from({ length: total }, (_, i) => handler.execute(command(`cap-${i}`))));
    expect(transactions()).toBe(3);
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE customer_id LIKE 'cap-%'`, [])).toBe(total);
  });

  it('appends ORDER_CREATED to the outbox in the order the requests arrived', async () => {
    const { handler } = countedHandler();
    const customers = Array.from({ length: 30 }, (_, i) => `ordered-${String(i).padStart(2, '0')}`);
    await Promise.all(customers.map((customer) => handler.execute(command(customer))));
    const rows: Array<{ customer: string }> = await ctx.dataSource.query(
      `SELECT value::jsonb -> 'payload' ->> 'customerId' AS customer FROM outbox_message
        WHERE value::jsonb -> 'payload' ->> 'customerId' LIKE 'ordered-%' ORDER BY id`,
    );
    expect(rows.map((row) => row.customer)).toEqual(customers);
  });

  it('resolves retries in one batch and across batches to one order, and refuses a reused key, without failing the others', async () => {
    const { handler, transactions, sagasStarted } = countedHandler();
    const [earlier, first, retry, reused, retryOfEarlier, other] = await Promise.allSettled([
      handler.execute(command('dana', 'earlier-batch')),
      handler.execute(command('dana', 'same-batch')),
      handler.execute(command('dana', 'same-batch')),
      handler.execute(command('dana', 'same-batch', 5)),
      handler.execute(command('dana', 'earlier-batch')),
      handler.execute(command('erin', null)),
    ]);
    expect(transactions()).toBe(2);
    const value = <T>(outcome: PromiseSettledResult<T>) => (outcome as PromiseFulfilledResult<T>).value;
    expect(value(first).replayed).toBe(false);
    expect(value(retry)).toEqual({ order: value(first).order, replayed: true });
    expect(reused).toMatchObject({ status: 'rejected', reason: expect.any(IdempotencyKeyReusedError) });
    expect(value(retryOfEarlier)).toEqual({ order: value(earlier).order, replayed: true });
    expect(value(other).replayed).toBe(false);
    expect(sagasStarted()).toBe(3);
    for (const key of ['earlier-batch', 'same-batch']) {
      expect(await count('SELECT count(*)::int AS n FROM orders WHERE idempotency_key = $1', [key])).toBe(1);
    }
    expect(await ctx.outbox(value(first).order.id)).toHaveLength(1);
  });

  it('fails every request of a batch the database refuses, writes none of them, and places the next batch', async () => {
    const { handler, sagasStarted } = countedHandler();
    // A real PostgreSQL error in the middle of the batch's transaction (after the orders were inserted).
    await ctx.dataSource.query(`
      CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'history refused for %', NEW.detail -> 'payload' ->> 'customerId'; END $$;
      CREATE TRIGGER refuse_doomed BEFORE INSERT ON order_history FOR EACH ROW
        WHEN (NEW.detail -> 'payload' ->> 'customerId' = 'doomed') EXECUTE FUNCTION refuse_doomed();`);
    try {
      const [alone, ...batch] = await Promise.allSettled(
        ['fail-alone', 'fail-a', 'doomed', 'fail-b'].map((customer) => handler.execute(command(customer, `key-${customer}`))),
      );
      expect(alone.status).toBe('fulfilled');
      expect(batch.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
      const reasons = batch.map((outcome) => (outcome as PromiseRejectedResult).reason);
      expect(reasons[0].message).toContain('history refused for doomed');
      expect(new Set(reasons).size).toBe(1);
      expect(sagasStarted()).toBe(1);
      const doomedBatch = ['fail-a', 'doomed', 'fail-b'];
      expect(await count('SELECT count(*)::int AS n FROM orders WHERE customer_id = ANY($1)', [doomedBatch])).toBe(0);
      expect(
        await count(`SELECT count(*)::int AS n FROM outbox_message WHERE value::jsonb -> 'payload' ->> 'customerId' = ANY($1)`, [doomedBatch]),
      ).toBe(0);

      const again = await handler.execute(command('fail-a', 'key-fail-a'));
      expect(again.replayed).toBe(false);
      expect(await ctx.outbox(again.order.id)).toHaveLength(1);
    } finally {
      await ctx.dataSource.query('DROP TRIGGER refuse_doomed ON order_history; DROP FUNCTION refuse_doomed();');
    }
  });

  it('never deadlocks two instances whose batches take the same keys in opposite orders', async () => {
    const [a, b] = [countedHandler(), countedHandler()];
    // A slow row between the two shared keys holds each batch's first key long enough for the other to take its own.
    await ctx.dataSource.query(`
      CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$;
      CREATE TRIGGER slow_insert BEFORE INSERT ON orders FOR EACH ROW WHEN (NEW.customer_id LIKE 'slow-%') EXECUTE FUNCTION slow_insert();`);
    try {
      const placeBatch = async (handler: PlaceOrderHandler, name: string, keys: string[]) => {
        // The first request flushes alone, so the keyed ones queue behind it into one batch.
        const [, ...keyed] = await Promise.all([
          handler.execute(command(`first-of-${name}`)),
          ...keys.map((key) => handler.execute(command(key.includes('slow') ? `slow-${name}` : 'twin', key))),
        ]);
        return keyed;
      };
      const [fromA, fromB] = await Promise.all([
        placeBatch(a.handler, 'a', ['dl-2', 'dl-1-slow-a', 'dl-1']),
        placeBatch(b.handler, 'b', ['dl-1', 'dl-1-slow-b', 'dl-2']),
      ]);
      expect(fromA[0].order.id).toBe(fromB[2].order.id);
      expect(fromA[2].order.id).toBe(fromB[0].order.id);
      // Two first requests, two slow rows, and each shared key once.
      expect(a.sagasStarted() + b.sagasStarted()).toBe(6);
    } finally {
      await ctx.dataSource.query('DROP TRIGGER slow_insert ON orders; DROP FUNCTION slow_insert();');
    }
  });

  it("stamps each ORDER_CREATED with its own request's trace context, whichever request's flush wrote it", async () => {
    const { handler } = countedHandler();
    const tracer = trace.getTracer('order-spec');
    const requests = Array.from({ length: 5 }, (_, i) =>
      tracer.startActiveSpan(`POST /orders ${i}`, async (span) => {
        try {
          const { order } = await handler.execute(command(`traced-${i}`));
          return { orderId: order.id, traceId: span.spanContext().traceId };
        } finally {
          span.end();
        }
      }),
    );
    const placed = await Promise.all(requests);
    expect(new Set(placed.map((p) => p.traceId)).size).toBe(5);
    for (const { orderId, traceId } of placed) {
      const [row]: Array<{ traceparent: string }> = await ctx.dataSource.query(
        `SELECT headers ->> 'traceparent' AS traceparent FROM outbox_message WHERE message_key = $1`,
        [orderId],
      );
      expect(row.traceparent.split('-')[1]).toBe(traceId);
    }
  });
});
