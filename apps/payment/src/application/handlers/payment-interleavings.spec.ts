import { randomUUID } from 'node:crypto';
import { SagaEvent } from '@saga/events';
import { PaymentStatus } from '../../domain/payment';
import { FakePaymentGateway } from '../../gateway/fake-payment-gateway';
import { DEMO_ACCOUNTS } from '../../persistence/migrations/1763769660000-SeedDemoCustomers';
import { inventoryReserved, orderCancel, PaymentTestbed, SEEDED_TOTAL_CENTS } from '../../__fixtures__/payment-testbed';

type Delivery = SagaEvent<'INVENTORY_RESERVED'> | SagaEvent<'ORDER_CANCEL'>;

interface PlannedOrder {
  orderId: string;
  customerId: string;
  cancelled: boolean;
  /** Each topic's events for the order, in the order that topic delivers them (duplicates included). */
  inventoryStream: Delivery[];
  orderStream: Delivery[];
}

/** Small seeded PRNG (mulberry32), so a failing interleaving can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function planOrders(count: number, random: () => number): PlannedOrder[] {
  const customers = [...DEMO_ACCOUNTS.map((a) => a.customerId), 'mallory'];
  return Array.from({ length: count }, () => {
    const orderId = randomUUID();
    const customerId = customers[Math.floor(random() * customers.length)];
    const reserved = inventoryReserved(orderId, customerId, 100 + Math.floor(random() * 30_000));
    const cancelled = random() < 0.5;
    const cancel = orderCancel(orderId, random() < 0.5 ? 'CUSTOMER_CANCELLED' : 'TIMEOUT');
    const twiceOrOnce = (event: Delivery) => (random() < 0.3 ? [event, event] : [event]);
    return {
      orderId,
      customerId,
      cancelled,
      inventoryStream: twiceOrOnce(reserved),
      orderStream: cancelled ? twiceOrOnce(cancel) : [],
    };
  });
}

/** One random merge of all streams that keeps each stream's own order (what Kafka guarantees, and no more). */
function interleave(streams: Delivery[][], random: () => number): Delivery[] {
  const queues = streams.filter((s) => s.length > 0).map((s) => [...s]);
  const merged: Delivery[] = [];
  while (queues.length > 0) {
    const i = Math.floor(random() * queues.length);
    merged.push(queues[i].shift()!);
    if (queues[i].length === 0) queues.splice(i, 1);
  }
  return merged;
}

const TRACES_OF: Record<PaymentStatus, { events: string[]; ledger: string[] }> = {
  CHARGED: { events: ['PAYMENT_COMPLETED'], ledger: ['CHARGE'] },
  REFUNDED: { events: ['PAYMENT_COMPLETED', 'PAYMENT_REFUNDED'], ledger: ['CHARGE', 'REFUND'] },
  DECLINED: { events: ['PAYMENT_FAILED'], ledger: [] },
  // Every reservation is delivered in this test, so each tombstone has reported ORDER_CANCELLED.
  VOIDED: { events: ['PAYMENT_FAILED'], ledger: [] },
};

/** Each order settled once, with its events and ledger entries to match, and not a cent created or lost. */
async function expectEveryOrderSettledOnce(bed: PaymentTestbed, orders: PlannedOrder[]): Promise<void> {
  const chargedPerCustomer = new Map<string, number>();
  for (const order of orders) {
    const payment = (await bed.paymentOf(order.orderId))!;
    expect(order.cancelled ? ['REFUNDED', 'DECLINED', 'VOIDED'] : ['CHARGED', 'DECLINED']).toContain(payment.status);
    // What each final status must have left behind: one answer to the reservation, a refund only
    // after a completion, and ledger entries that match the events one for one.
    expect({
      orderId: order.orderId,
      events: (await bed.emittedFor(order.orderId)).map((e) => e.type),
      ledger: (await bed.ledgerOf(order.orderId)).map((entry) => entry.kind),
    }).toEqual({ orderId: order.orderId, ...TRACES_OF[payment.status] });
    if (payment.status === 'CHARGED') {
      chargedPerCustomer.set(order.customerId, (chargedPerCustomer.get(order.customerId) ?? 0) + payment.amountCents!);
    }
  }

  const money = await bed.moneyReport();
  expect(money.accountsOffLedger).toEqual([]);
  expect(money.balances + money.stillCharged).toBe(SEEDED_TOTAL_CENTS);
  for (const { customerId, balanceCents } of DEMO_ACCOUNTS) {
    expect({ customerId, balance: await bed.balanceOf(customerId) }).toEqual({
      customerId,
      balance: balanceCents - (chargedPerCustomer.get(customerId) ?? 0),
    });
  }
}

describe('payment under any arrival order', () => {
  let bed: PaymentTestbed;
  let random: () => number;

  beforeAll(async () => {
    // The real fake adapter: some orders declined, one call in five failing transiently.
    bed = await PaymentTestbed.start(
      new FakePaymentGateway({ declineRate: 0.15, transientErrorRate: 0.2, latencyMs: 0, random: () => random() }),
    );
  });
  afterAll(() => bed.stop());

  it.each([11, 29, 47])('conserves money and settles every order once (seed %i)', async (seed) => {
    await bed.reset();
    random = seededRandom(seed);
    const orders = planOrders(80, random);
    const [sequential, concurrent] = [orders.slice(0, 40), orders.slice(40)];

    for (const event of interleave(sequential.flatMap((o) => [o.inventoryStream, o.orderStream]), random)) {
      await bed.deliver(event);
    }
    // Two topics' consumers working at once: each stream in order, streams racing each other.
    const deliverInOrder = async (stream: Delivery[]) => {
      for (const event of stream) await bed.deliver(event);
    };
    await Promise.all(concurrent.flatMap((o) => [deliverInOrder(o.inventoryStream), deliverInOrder(o.orderStream)]));

    await expectEveryOrderSettledOnce(bed, orders);
  });
});

describe('payment under any arrival order, in batches', () => {
  let bed: PaymentTestbed;
  let random: () => number;

  beforeAll(async () => {
    // Fewer transient failures than above, or hardly a batch of charges would get all its answers.
    bed = await PaymentTestbed.start(
      new FakePaymentGateway({ declineRate: 0.15, transientErrorRate: 0.05, latencyMs: 0, random: () => random() }),
    );
  });
  afterAll(() => bed.stop());

  it.each([5, 23, 61])('conserves money and settles every order once when events come in fetches of any size (seed %i)', async (seed) => {
    await bed.reset();
    random = seededRandom(seed);
    const orders = planOrders(120, random);
    const events = interleave(orders.flatMap((o) => [o.inventoryStream, o.orderStream]), random);

    const paths: string[] = [];
    for (let start = 0; start < events.length; ) {
      const size = 1 + Math.floor(random() * 30);
      paths.push(await bed.deliverBatch(events.slice(start, start + size)));
      start += size;
    }

    // Both paths were taken: batches that held, and batches that fell back to one by one.
    expect(new Set(paths)).toEqual(new Set(['BATCH', 'ONE_BY_ONE']));
    await expectEveryOrderSettledOnce(bed, orders);
  });
});
