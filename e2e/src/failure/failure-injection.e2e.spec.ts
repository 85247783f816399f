import { randomUUID } from 'node:crypto';
import { eventually } from '@saga/testing';
import { SERVICE_NAMES } from '../../../tools/src/service-catalogue';
import { CONSUMER_GROUPS } from '../support/kafka-inspector';
import { fetchOrders, FailureRun, ORDER_DEADLINE_MS, ScenarioContext } from './failure-run';
import { SUMMARY_FILE, writeSummary } from './failure-summary';
import { SagaApi, OrderView } from '../support/saga-api';
import { STREAM_SKUS } from '../support/order-stream';

const SCENARIO_TIMEOUT_MS = 180_000;
const ONE_CABLE = [{ sku: STREAM_SKUS.cheap, quantity: 1 }];

const typesOf = (order: OrderView) => (order.history ?? []).map((entry) => entry.type);
const happenedAfter = (order: OrderView, later: string, earlier: string) =>
  typesOf(order).lastIndexOf(later) > typesOf(order).indexOf(earlier) && typesOf(order).includes(earlier);

/** Waits for a process that is meant to kill itself (a fault point) to be gone. */
async function crashed(process: { running: boolean }): Promise<void> {
  await eventually(() => !process.running, 30_000, 50);
}

/** Polls one order until `accept` holds; fails with the order's last status and timeline. */
async function awaitOrder(ctx: ScenarioContext, orderId: string, accept: (order: OrderView) => boolean, timeoutMs = 60_000): Promise<OrderView> {
  return eventually(async () => {
    const order = await ctx.api.order(orderId);
    if (!accept(order)) throw new Error(`order ${orderId} is ${order.status}: ${typesOf(order).join(' ')}`);
    return order;
  }, timeoutMs, 200);
}

/** Polls until every order is final; returns them by id. */
async function awaitAllFinal(ctx: ScenarioContext, orderIds: string[], timeoutMs = 60_000): Promise<Map<string, OrderView>> {
  const orders = await eventually(async () => {
    const all = await fetchOrders(ctx.api, orderIds);
    const open = all.filter((o) => o.status !== 'CONFIRMED' && o.status !== 'CANCELLED');
    if (open.length > 0) throw new Error(`${open.length} orders still open, e.g. ${open[0].orderId} ${open[0].status}`);
    return all;
  }, timeoutMs, 250);
  return new Map(orders.map((o) => [o.orderId, o]));
}

describe('the saga under injected failures: real processes, signals, stopped databases, records written to topics', () => {
  let run: FailureRun;

  beforeAll(async () => {
    run = await FailureRun.start();
  }, 180_000);

  afterAll(async () => {
    if (!run) return;
    const table = await writeSummary(run.rows);
    const logs = await run.stop();
    console.log(`failure-injection summary (${SUMMARY_FILE})\n${table}${logs ? `\n\nprocess logs kept in ${logs}` : ''}`);
  }, 120_000);

  it('loses and duplicates nothing when each service is SIGKILLed mid-saga and restarted', async () => {
    const row = await run.scenario('1. SIGKILL each service mid-saga', async (ctx) => {
      const stream = await ctx.stream();
      const restarts: Promise<void>[] = [];
      for (const name of SERVICE_NAMES) {
        await ctx.placed(stream, 10);
        ctx.fault(`SIGKILL ${name}`);
        await ctx.stack.service(name).kill('SIGKILL');
        // A restarted member joins its group only once the killed one's session expired: overlap those waits,
        // except for order, through which the stream places the orders that put the next kill mid-saga.
        restarts.push(ctx.stack.service(name).restart());
        if (name === 'order') await restarts[0];
      }
      await Promise.all(restarts);
      await ctx.placed(stream, 10);
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('loses no acknowledged event when the broker is SIGKILLed mid-stream and restarted on its data', async () => {
    const row = await run.scenario('2. SIGKILL the broker mid-stream', async (ctx) => {
      const stream = await ctx.stream();
      await ctx.placed(stream, 20);
      ctx.fault('SIGKILL broker');
      await ctx.stack.broker.kill('SIGKILL');
      await ctx.stack.broker.restart();
      await ctx.placed(stream, 20);
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it("retries through a database outage and dead-letters nothing when a service's PostgreSQL stops for ~10 s", async () => {
    const row = await run.scenario('3. stop inventory PostgreSQL ~10 s', async (ctx) => {
      const stream = await ctx.stream();
      await ctx.placed(stream, 10);
      ctx.fault('stop inventory PostgreSQL');
      await ctx.stack.stopDatabase('inventory');
      try {
        // The outage lasts while the stream places 50 orders (~10 s at one per 200 ms) against the other services.
        await ctx.placed(stream, 50);
      } finally {
        await ctx.stack.startDatabase('inventory');
      }
      await ctx.placed(stream, 10);
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('confirms a saga whose every step crashed between its local commit and the publish, once each service restarts', async () => {
    const row = await run.scenario('4. crash between commit and publish, at each step of one saga', async (ctx) => {
      const { buyer } = await ctx.cast();
      const steps = [
        { name: 'order', type: 'ORDER_CREATED' },
        { name: 'inventory', type: 'INVENTORY_RESERVED' },
        { name: 'payment', type: 'PAYMENT_COMPLETED' },
      ] as const;
      await Promise.all(steps.map(({ name }) => ctx.stack.service(name).kill('SIGTERM')));
      // The order gets its deadline from the instance that places it: long here, so the saga meets three crashes, not its deadline.
      const faulty = await Promise.all(
        steps.map(({ name, type }) =>
          ctx.stack.addServiceInstance(name, { FAULT_CRASH_AFTER_COMMIT: type, ...(name === 'order' && { ORDER_DEADLINE_MS: '120000' }) }),
        ),
      );
      faulty.forEach((instance) => ctx.expectExit(instance.name));
      const key = randomUUID();
      const placing = new SagaApi({ ...(ctx.stack.urls as Required<typeof ctx.stack.urls>), order: faulty[0].url });
      const first = await placing.placeOrder(buyer, ONE_CABLE, key).then((answer) => `answered ${answer.status}`, () => 'lost');
      ctx.require(first === 'lost', `the POST was ${first}, though order dies between committing and answering`);

      // Each crash is the proof that the step before was published by the restarted service's relay.
      let orderId = '';
      for (const [i, { name, type }] of steps.entries()) {
        await crashed(faulty[i]);
        ctx.fault(`${faulty[i].name} SIGKILLed itself right after committing ${type}`);
        await ctx.stack.service(name).restart();
        if (name !== 'order') continue;
        const retried = await ctx.api.placeOrder(buyer, ONE_CABLE, key);
        ctx.require(retried.status === 202, `the retried POST answered ${retried.status}`);
        orderId = retried.body.orderId;
        ctx.track(orderId);
      }
      const order = await awaitOrder(ctx, orderId, (o) => o.status === 'CONFIRMED' || o.status === 'CANCELLED');
      ctx.require(order.status === 'CONFIRMED', `the saga ended ${order.status} ${order.reason ?? ''}: ${typesOf(order)}`);
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('applies nothing twice when every topic is replayed from the beginning into its consumers', async () => {
    const row = await run.scenario('5. replay every topic into every consumer', async (ctx) => {
      const before = await ctx.stream();
      await ctx.placed(before, 10);
      await before.stop();
      await Promise.all(SERVICE_NAMES.map((name) => ctx.stack.service(name).kill('SIGTERM')));
      for (const name of SERVICE_NAMES) {
        const { groupId, topics } = CONSUMER_GROUPS[name];
        await ctx.kafka.rewind(groupId, topics);
        ctx.fault(`rewind ${groupId} to offset 0 of ${topics.join(' and ')}`);
      }
      await Promise.all(SERVICE_NAMES.map((name) => ctx.stack.service(name).restart()));
      // New sagas run while the consumers work through everything they had already applied.
      const during = await ctx.stream();
      await ctx.placed(during, 20);
      await during.stop();
      await ctx.kafka.awaitNoLag(90_000);
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('dead-letters every poison record with its reason and keeps each partition flowing', async () => {
    const row = await run.scenario('6. poison records on every partition', async (ctx) => {
      const stream = await ctx.stream();
      await ctx.placed(stream, 10);
      for (const topic of ['order', 'inventory', 'payment']) {
        const written = await ctx.poison.poisonEveryPartition(topic);
        ctx.fault(`${written} poison records on ${topic}`);
      }
      await ctx.placed(stream, 20);
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('refunds a charge that lands after the deadline cancel once, and releases a reservation made after it', async () => {
    const row = await run.scenario('7. late and out-of-order events', async (ctx) => {
      const { buyer } = await ctx.cast();

      // A: a charge committed just before payment died is published only after the order timed out.
      await ctx.stack.service('payment').kill('SIGTERM');
      const faulty = await ctx.stack.addServiceInstance('payment', { FAULT_CRASH_AFTER_COMMIT: 'PAYMENT_COMPLETED' });
      ctx.expectExit(faulty.name);
      const charged = (await ctx.api.placeOrder(buyer, ONE_CABLE)).body.orderId;
      ctx.track(charged);
      await crashed(faulty);
      ctx.fault('payment died between committing a charge and publishing it');
      // B: a reservation made only after the deadline cancel, because inventory was down until then.
      await ctx.stack.service('inventory').kill('SIGKILL');
      ctx.fault('SIGKILL inventory until past the deadline');
      const reserved = (await ctx.api.placeOrder(buyer, ONE_CABLE)).body.orderId;
      ctx.track(reserved);

      for (const orderId of [charged, reserved]) await awaitOrder(ctx, orderId, (o) => o.status === 'CANCELLED', ORDER_DEADLINE_MS + 30_000);
      await Promise.all([ctx.stack.service('payment').restart(), ctx.stack.service('inventory').restart()]);

      const refunded = await awaitOrder(ctx, charged, (o) => typesOf(o).includes('PAYMENT_REFUNDED'), 30_000);
      // Cancelled for TIMEOUT with a charge on its timeline: had the charge arrived first, the order would be CONFIRMED.
      ctx.require(refunded.reason === 'TIMEOUT', `late-charged order cancelled for ${refunded.reason}`);
      const released = await awaitOrder(ctx, reserved, (o) => typesOf(o).includes('INVENTORY_RELEASED'), 30_000);
      ctx.require(happenedAfter(released, 'INVENTORY_RESERVED', 'ORDER_CANCEL'), `no reservation after the cancel: ${typesOf(released)}`);
      // The cancel delivered again, straight to the topic: still one refund and one release (checked with the invariants).
      const copies = await ctx.kafka.copyRecordsOf('order', charged, 'ORDER_CANCEL');
      ctx.fault(`${copies} ORDER_CANCEL record written again`);
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('sells exactly the last 10 units to 50 parallel orders across two inventory instances', async () => {
    const row = await run.scenario('8. 50 parallel orders for the last 10 units', async (ctx) => {
      const second = await ctx.stack.addServiceInstance('inventory');
      ctx.fault(`${second.name} joins the group`);
      await ctx.kafka.awaitMembers(CONSUMER_GROUPS.inventory.groupId, 2);
      const sku = 'WEBCAM-01';
      const available = (await ctx.api.products()).find((p) => p.sku === sku)!.available;
      if (available < 10) await ctx.restock(sku, 10 - available);
      const { buyer } = await ctx.cast();
      let lowest = Infinity;
      const watching = setInterval(async () => {
        const product = (await ctx.api.products().catch(() => []))?.find((p) => p.sku === sku);
        if (product) lowest = Math.min(lowest, product.available);
      }, 50);
      let orders: OrderView[];
      try {
        const placed = await Promise.all(Array.from({ length: 50 }, () => ctx.api.placeOrder(buyer, [{ sku, quantity: 1 }])));
        ctx.track(...placed.map((p) => p.body.orderId));
        orders = [...(await awaitAllFinal(ctx, placed.map((p) => p.body.orderId))).values()];
      } finally {
        clearInterval(watching);
      }
      const confirmed = orders.filter((o) => o.status === 'CONFIRMED').length;
      ctx.require(available <= 10 ? confirmed === 10 : confirmed === available, `${confirmed} of 50 orders confirmed`);
      ctx.require(lowest >= 0, `${sku} available went down to ${lowest}`);
      await second.kill('SIGTERM');
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('settles every customer cancel that races the payment, whoever wins', async () => {
    const row = await run.scenario('9. customer cancel racing the payment', async (ctx) => {
      const { buyer } = await ctx.cast();
      const races = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const { orderId } = (await ctx.api.placeOrder(buyer, ONE_CABLE)).body;
          ctx.track(orderId);
          // 0 to 3.9 s after placement: before the reservation, between reservation and charge, after confirmation.
          await new Promise((resolve) => setTimeout(resolve, i * 100));
          return { orderId, cancel: (await ctx.api.cancelOrder(orderId)).status };
        }),
      );
      const final = await awaitAllFinal(ctx, races.map((r) => r.orderId));
      for (const { orderId, cancel } of races) {
        const order = final.get(orderId)!;
        const byCustomer = order.status === 'CANCELLED' && order.reason === 'CUSTOMER_CANCELLED';
        ctx.require(cancel === 202 ? byCustomer : cancel === 409 && !byCustomer, `cancel answered ${cancel} but order ended ${order.status} ${order.reason ?? ''}`);
      }
      ctx.fault(`40 cancels, ${races.filter((r) => r.cancel === 202).length} accepted`);
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('loses and repeats nothing when instances join the consumer groups under load and are then SIGKILLed', async () => {
    const row = await run.scenario('10. scale out, then SIGKILL the new instances', async (ctx) => {
      const stream = await ctx.stream();
      await ctx.placed(stream, 10);
      const added = await Promise.all([ctx.stack.addServiceInstance('inventory'), ctx.stack.addServiceInstance('payment')]);
      for (const instance of added) ctx.fault(`${instance.name} joins under load`);
      await Promise.all([
        ctx.kafka.awaitMembers(CONSUMER_GROUPS.inventory.groupId, 2),
        ctx.kafka.awaitMembers(CONSUMER_GROUPS.payment.groupId, 2),
      ]);
      await ctx.placed(stream, 20);
      for (const instance of added) ctx.fault(`SIGKILL ${instance.name}`);
      await Promise.all(added.map((instance) => instance.kill('SIGKILL')));
      await ctx.placed(stream, 20);
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('cancels and compensates every order when the payment gateway is slower than the deadline', async () => {
    const row = await run.scenario('11a. gateway slower than the deadline', async (ctx) => {
      const cast = await ctx.cast();
      await ctx.stack.service('payment').kill('SIGTERM');
      // Slower by a margin that a sweeper delayed by a busy machine cannot eat up.
      const latencyMs = ORDER_DEADLINE_MS + 4000;
      const slow = await ctx.stack.addServiceInstance('payment', { GATEWAY_LATENCY_MS: String(latencyMs) });
      ctx.fault(`${slow.name} with GATEWAY_LATENCY_MS=${latencyMs} (deadline ${ORDER_DEADLINE_MS})`);
      const stream = await ctx.stream(400, cast);
      await ctx.placed(stream, 12);
      const orders = await awaitAllFinal(ctx, (await stream.stop()).map((o) => o.orderId));
      ctx.require([...orders.values()].every((o) => o.status === 'CANCELLED'), 'an order was confirmed by a charge slower than its deadline');
      await slow.kill('SIGKILL');
      await ctx.stack.service('payment').restart();
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('confirms through a payment gateway that fails half of its calls', async () => {
    const row = await run.scenario('11b. gateway with 50 % transient errors', async (ctx) => {
      const cast = await ctx.cast();
      await ctx.stack.service('payment').kill('SIGTERM');
      const flaky = await ctx.stack.addServiceInstance('payment', { GATEWAY_TRANSIENT_ERROR_RATE: '0.5' });
      ctx.fault(`${flaky.name} with GATEWAY_TRANSIENT_ERROR_RATE=0.5`);
      const stream = await ctx.stream(200, cast);
      await ctx.placed(stream, 30);
      const orders = await awaitAllFinal(ctx, (await stream.stop()).map((o) => o.orderId));
      ctx.require([...orders.values()].some((o) => o.status === 'CONFIRMED'), 'no order got through the flaky gateway');
      await flaky.kill('SIGTERM');
      await ctx.stack.service('payment').restart();
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it("publishes what a crashed instance committed and never published, from another instance's relay, without a restart", async () => {
    const row = await run.scenario('12. crash between commit and publish, another instance sweeps', async (ctx) => {
      const { buyer } = await ctx.cast();
      // The first order instance keeps running; its relay takes rows older than OUTBOX_STALE_AFTER_MS as orphans.
      const faulty = await ctx.stack.addServiceInstance('order', { FAULT_CRASH_AFTER_COMMIT: 'ORDER_CREATED', ORDER_DEADLINE_MS: '120000' });
      ctx.expectExit(faulty.name);
      const key = randomUUID();
      const placing = new SagaApi({ ...(ctx.stack.urls as Required<typeof ctx.stack.urls>), order: faulty.url });
      const first = await placing.placeOrder(buyer, ONE_CABLE, key).then((answer) => `answered ${answer.status}`, () => 'lost');
      ctx.require(first === 'lost', `the POST was ${first}, though order dies between committing and answering`);
      await crashed(faulty);
      ctx.fault(`${faulty.name} SIGKILLed itself right after committing ORDER_CREATED, not restarted`);
      // Answered from the committed order: the retry places nothing and publishes nothing.
      const retried = await ctx.api.placeOrder(buyer, ONE_CABLE, key);
      ctx.require(retried.status === 202, `the retried POST answered ${retried.status}`);
      ctx.track(retried.body.orderId);
      const order = await awaitOrder(ctx, retried.body.orderId, (o) => o.status === 'CONFIRMED' || o.status === 'CANCELLED');
      ctx.require(order.status === 'CONFIRMED', `the saga ended ${order.status} ${order.reason ?? ''}: ${typesOf(order)}`);
    });
    expect(row.violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);
});
