import { randomUUID } from 'node:crypto';
import { createEvent, SagaEvent } from '@saga/events';
import { ServiceName, startStack, Stack } from '../../tools/src';
import { SagaApi } from '../../e2e/src/support/saga-api';
import { processTreeCpuMicros } from '../machine';
import { expectOk, inParallel } from '../saga/bench-accounts';
import { BENCH_SKUS } from '../saga/order-mix';
import { EventFeed } from './event-feed';

/** What one service (with its own PostgreSQL) spent on one kind of work, alone on the machine but for the broker. */
export interface StepCost {
  service: string;
  step: string;
  events: number;
  /** How many times one confirmed saga makes the service do this step. */
  timesPerSaga: number;
  /** Wall-clock rate of the step: indicative only, the feed's polling and the machine set part of it. */
  perSec: number;
  /** Microseconds of CPU per event, service process and its PostgreSQL (server and backends). */
  cpuMicrosPerEvent: { service: number; database: number; total: number };
}

export interface ServiceCostOptions {
  /** Events per step (orders in each step). */
  events: number;
  serviceEnv: NodeJS.ProcessEnv;
  /** The services to measure, in this order (default all three). */
  services?: readonly ServiceName[];
  log: (line: string) => void;
}

const CUSTOMERS = Array.from({ length: 100 }, (_, i) => `cost-${i}`);
const PRICE_CENTS = 100;
const STEP_TIMEOUT_MS = 180_000;
const WARM_UP_EVENTS = 2_000;

interface FedOrder {
  orderId: string;
  transactionId: string;
  customerId: string;
  sku: string;
}

/**
 * Each service started alone (`startStack({ services: [name] })`), fed the events of the rest of the saga
 * straight into the broker, N orders at a time: CPU per event of the service and its database, step by step.
 * Unlike the saga figures this needs no load generator over HTTP, no other service competes for the cores,
 * and steps run at the service's own pace, so the per-event cost is far steadier from run to run; it is what
 * an optimisation of one service is measured by.
 */
export async function measureServiceCosts(options: ServiceCostOptions): Promise<StepCost[]> {
  const costs: StepCost[] = [];
  for (const service of options.services ?? ['inventory', 'payment', 'order']) {
    costs.push(...(await withServiceAlone(service, options)));
  }
  return costs;
}

const STEPS: Record<ServiceName, (run: ServiceRun, orders: FedOrder[]) => Promise<void>> = {
  inventory: inventorySteps,
  payment: paymentSteps,
  order: (run, orders) => orderSteps(run, orders.length),
};

function newOrders(count: number): FedOrder[] {
  return Array.from({ length: count }, (_, i): FedOrder => ({
    orderId: randomUUID(),
    transactionId: randomUUID(),
    customerId: CUSTOMERS[i % CUSTOMERS.length],
    sku: BENCH_SKUS[i % BENCH_SKUS.length],
  }));
}

interface ServiceRun {
  stack: Stack;
  feed: EventFeed;
  api: SagaApi;
  groupId: string;
  /** Measures `work` (which returns once the service is done with it) as one step of `events` events. */
  step(step: string, events: number, work: () => Promise<void>, timesPerSaga?: number): Promise<void>;
}

async function withServiceAlone(service: ServiceName, options: ServiceCostOptions): Promise<StepCost[]> {
  // A deadline longer than any step: an order cancelled by TIMEOUT mid-measure would change the work measured.
  const env = { ...options.serviceEnv, SERVICE_NAME: service, ...(service === 'order' && { ORDER_DEADLINE_MS: '3600000' }) };
  const stack = await startStack({ services: [service], env: { [service]: env } });
  const feed = await EventFeed.connect(stack.kafkaBrokers);
  const costs: StepCost[] = [];
  try {
    const url = stack.urls[service]!;
    const api = new SagaApi({ order: url, inventory: url, payment: url });
    const treeCpu = (name: string) => processTreeCpuMicros(stack.processes().find((p) => p.name === name)!.pid!) ?? 0;
    const cpu = () => ({ service: treeCpu(service), database: treeCpu(`${service}-db`) });
    let measuring = false;
    const step = async (name: string, events: number, work: () => Promise<void>, timesPerSaga = 1) => {
      if (!measuring) return work();
      const before = cpu();
      const startedAt = performance.now();
      await work();
      const seconds = (performance.now() - startedAt) / 1000;
      const after = cpu();
      const servicePart = (after.service - before.service) / events;
      const databasePart = (after.database - before.database) / events;
      const cost: StepCost = {
        service,
        step: name,
        events,
        timesPerSaga,
        perSec: Math.round(events / seconds),
        cpuMicrosPerEvent: { service: Math.round(servicePart), database: Math.round(databasePart), total: Math.round(servicePart + databasePart) },
      };
      options.log(`  ${service} ${name}: ${describeStep(cost)}`);
      costs.push(cost);
    };
    const run: ServiceRun = { stack, feed, api, groupId: `${service}-service`, step };
    // A first round unmeasured: the first thousands of events of a fresh process pay for V8 compiling its code.
    await STEPS[service](run, newOrders(WARM_UP_EVENTS));
    measuring = true;
    await STEPS[service](run, newOrders(options.events));
    return costs;
  } finally {
    await feed.close();
    await stack.stop();
  }
}

/** The services' own CPU (with their databases) for one confirmed saga: every step times its count per saga. */
export function perSagaMicros(costs: StepCost[]): number {
  return costs.reduce((sum, cost) => sum + cost.cpuMicrosPerEvent.total * cost.timesPerSaga, 0);
}

export function describeStep(cost: StepCost): string {
  const { service, database, total } = cost.cpuMicrosPerEvent;
  return `${total} us CPU per event (service ${service}, its PostgreSQL ${database}), ${cost.events} events at ${cost.perSec}/s`;
}

async function inventorySteps({ feed, api, groupId, step }: ServiceRun, orders: FedOrder[]): Promise<void> {
  for (const sku of BENCH_SKUS) await expectOk(api.restock(sku, Math.ceil(orders.length / BENCH_SKUS.length)), `restock ${sku}`);
  await step('ORDER_CREATED -> INVENTORY_RESERVED', orders.length, async () => {
    const published = await feed.recordsIn('inventory');
    await feed.publish(orders.map((o) => createEvent('ORDER_CREATED', { ...ids(o), payload: { customerId: o.customerId, items: [{ sku: o.sku, quantity: 1 }] } })));
    await feed.recordsReach('inventory', published + orders.length, STEP_TIMEOUT_MS);
    await feed.caughtUp(groupId, 'order', STEP_TIMEOUT_MS);
  });
  await step('ORDER_CONFIRMED (reservation sold)', orders.length, async () => {
    await feed.publish(orders.map(confirmed));
    await feed.caughtUp(groupId, 'order', STEP_TIMEOUT_MS);
  });
}

async function paymentSteps({ feed, api, groupId, step }: ServiceRun, orders: FedOrder[]): Promise<void> {
  const perCustomer = Math.ceil(orders.length / CUSTOMERS.length) * PRICE_CENTS;
  await inParallel(CUSTOMERS, 16, (customerId) => expectOk(api.deposit(customerId, perCustomer), `deposit ${customerId}`));
  // ORDER_CONFIRMED reaches payment too (it reads the order topic for ORDER_CANCEL) and costs the same.
  const skipped = async () => {
    await feed.publish(orders.map((o) => createEvent('ORDER_CREATED', { ...ids(o), payload: { customerId: o.customerId, items: [{ sku: o.sku, quantity: 1 }] } })));
    await feed.caughtUp(groupId, 'order', STEP_TIMEOUT_MS);
  };
  await step('ORDER_CREATED, ORDER_CONFIRMED (not its events: skipped)', orders.length, skipped, 2);
  await step('INVENTORY_RESERVED -> PAYMENT_COMPLETED', orders.length, async () => {
    const published = await feed.recordsIn('payment');
    await feed.publish(orders.map(reserved));
    await feed.recordsReach('payment', published + orders.length, STEP_TIMEOUT_MS);
    await feed.caughtUp(groupId, 'inventory', STEP_TIMEOUT_MS);
  });
}

async function orderSteps({ feed, api, groupId, step }: ServiceRun, count: number): Promise<void> {
  const placed: FedOrder[] = [];
  const published = await feed.recordsIn('order');
  await step('POST /orders -> ORDER_CREATED', count, async () => {
    await inParallel(Array.from({ length: count }, (_, i) => i), 32, async (i) => {
      const customerId = CUSTOMERS[i % CUSTOMERS.length];
      const sku = BENCH_SKUS[i % BENCH_SKUS.length];
      const { status, body } = await api.placeOrder(customerId, [{ sku, quantity: 1 }]);
      if (status !== 202) throw new Error(`POST /orders answered ${status}: ${JSON.stringify(body)}`);
      placed.push({ orderId: body.orderId, transactionId: '', customerId, sku });
    });
    await feed.recordsReach('order', published + count, STEP_TIMEOUT_MS);
  });
  // The order's handlers go by order id; the saga id is read back so the fed events carry the real one.
  await inParallel(placed, 16, async (order) => {
    order.transactionId = (await api.order(order.orderId)).transactionId;
  });
  await step('INVENTORY_RESERVED (order reserved)', count, async () => {
    await feed.publish(placed.map(reserved));
    await feed.caughtUp(groupId, 'inventory', STEP_TIMEOUT_MS);
  });
  await step('PAYMENT_COMPLETED -> ORDER_CONFIRMED', count, async () => {
    await feed.publish(placed.map((o) => createEvent('PAYMENT_COMPLETED', { ...ids(o), payload: { paymentId: randomUUID(), customerId: o.customerId, amountCents: PRICE_CENTS } })));
    await feed.recordsReach('order', published + 2 * count, STEP_TIMEOUT_MS);
    await feed.caughtUp(groupId, 'payment', STEP_TIMEOUT_MS);
  });
}

const ids = (order: FedOrder) => ({ orderId: order.orderId, transactionId: order.transactionId });

function reserved(order: FedOrder): SagaEvent {
  return createEvent('INVENTORY_RESERVED', {
    ...ids(order),
    payload: { customerId: order.customerId, items: [{ sku: order.sku, quantity: 1, unitPriceCents: PRICE_CENTS }], totalCents: PRICE_CENTS },
  });
}

function confirmed(order: FedOrder): SagaEvent {
  return createEvent('ORDER_CONFIRMED', { ...ids(order), payload: { customerId: order.customerId, totalCents: PRICE_CENTS } });
}
