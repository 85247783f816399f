import { Order, OrderState, Transition } from './order';
import { OrderStatus } from './order-status';
import { InvalidOrderError } from './order.errors';

const NOW = new Date('2026-01-15T10:00:00.000Z');

function placed(): Order {
  return Order.place({
    id: '1b9e0c8e-5d0f-4c64-8a0b-3f1c2e4d5a60',
    transactionId: '7d3c6a52-8a4e-4b7a-9f55-0c1f3e2b9a10',
    customerId: 'alice',
    items: [
      { sku: 'KEYBOARD-01', quantity: 1 },
      { sku: 'MOUSE-01', quantity: 2 },
    ],
    idempotencyKey: null,
    now: NOW,
    deadlineMs: 30000,
  });
}

function inStatus(status: OrderStatus, changes: Partial<OrderState> = {}): Order {
  const reason = status === 'CANCELLED' ? 'TIMEOUT' : null;
  const totalCents = status === 'PENDING' ? null : 13900;
  return Order.restore({ ...placed().snapshot(), status, reason, totalCents, ...changes });
}

type Fact = (order: Order) => Transition;

const facts: Record<string, Fact> = {
  'INVENTORY_RESERVED': (o) => o.noteInventoryReserved(13900),
  'INVENTORY_REJECTED (OUT_OF_STOCK)': (o) => o.noteInventoryRejected('OUT_OF_STOCK'),
  'INVENTORY_REJECTED (ORDER_CANCELLED)': (o) => o.noteInventoryRejected('ORDER_CANCELLED'),
  'PAYMENT_COMPLETED': (o) => o.notePaymentCompleted(13900),
  'PAYMENT_FAILED (INSUFFICIENT_FUNDS)': (o) => o.notePaymentFailed('INSUFFICIENT_FUNDS'),
  'PAYMENT_FAILED (ORDER_CANCELLED)': (o) => o.notePaymentFailed('ORDER_CANCELLED'),
  'deadline': (o) => o.cancel('TIMEOUT'),
  'customer cancel': (o) => o.cancel('CUSTOMER_CANCELLED'),
};

// [status before, fact, status after, announcement]; everything not listed leaves the order unchanged.
const changes: Array<[OrderStatus, string, OrderStatus, string | null]> = [
  ['PENDING', 'INVENTORY_RESERVED', 'RESERVED', null],
  ['PENDING', 'INVENTORY_REJECTED (OUT_OF_STOCK)', 'CANCELLED', 'ORDER_CANCEL'],
  ['PENDING', 'PAYMENT_COMPLETED', 'CONFIRMED', 'ORDER_CONFIRMED'],
  ['RESERVED', 'PAYMENT_COMPLETED', 'CONFIRMED', 'ORDER_CONFIRMED'],
  ['PENDING', 'PAYMENT_FAILED (INSUFFICIENT_FUNDS)', 'CANCELLED', 'ORDER_CANCEL'],
  ['RESERVED', 'PAYMENT_FAILED (INSUFFICIENT_FUNDS)', 'CANCELLED', 'ORDER_CANCEL'],
  ['PENDING', 'deadline', 'CANCELLED', 'ORDER_CANCEL'],
  ['RESERVED', 'deadline', 'CANCELLED', 'ORDER_CANCEL'],
  ['PENDING', 'customer cancel', 'CANCELLED', 'ORDER_CANCEL'],
  ['RESERVED', 'customer cancel', 'CANCELLED', 'ORDER_CANCEL'],
];

const statuses: OrderStatus[] = ['PENDING', 'RESERVED', 'CONFIRMED', 'CANCELLED'];
const everyCase = statuses.flatMap((status) =>
  Object.keys(facts).map((fact) => {
    const change = changes.find(([from, f]) => from === status && f === fact);
    return { status, fact, to: change?.[2] ?? null, announce: change?.[3] ?? null };
  }),
);

describe('Order', () => {
  it('starts PENDING with a deadline and no total when placed', () => {
    const order = placed().snapshot();
    expect(order).toMatchObject({ status: 'PENDING', reason: null, totalCents: null });
    expect(order.deadlineAt.toISOString()).toBe('2026-01-15T10:00:30.000Z');
  });

  it.each(everyCase.filter((c) => c.to !== null))(
    'moves $status -> $to and announces $announce when $fact',
    ({ status, fact, to, announce }) => {
      const order = inStatus(status);
      expect(facts[fact](order)).toEqual({ changed: true, from: status, to, announce });
      expect(order.status).toBe(to);
    },
  );

  it.each(everyCase.filter((c) => c.to === null))('stays $status when $fact arrives', ({ status, fact }) => {
    const order = inStatus(status);
    const before = order.snapshot();
    const transition = facts[fact](order);
    expect(transition).toMatchObject({ changed: false, status });
    expect(transition.changed === false && transition.because.length).toBeGreaterThan(0);
    expect(order.snapshot()).toEqual(before);
  });

  it('records the reserved total when inventory reserves', () => {
    const order = inStatus('PENDING');
    order.noteInventoryReserved(13900);
    expect(order.snapshot().totalCents).toBe(13900);
  });

  it('takes the charged amount as the total when payment completes before the reservation event', () => {
    const order = inStatus('PENDING');
    order.notePaymentCompleted(14200);
    expect(order.snapshot()).toMatchObject({ status: 'CONFIRMED', totalCents: 14200 });
  });

  it('keeps the confirmed total when the reservation event arrives after the payment', () => {
    const order = inStatus('CONFIRMED', { totalCents: 14200 });
    expect(order.noteInventoryReserved(14200).changed).toBe(false);
    expect(order.snapshot().totalCents).toBe(14200);
  });

  it.each([
    ['INVENTORY_REJECTED (OUT_OF_STOCK)', 'OUT_OF_STOCK'],
    ['PAYMENT_FAILED (INSUFFICIENT_FUNDS)', 'PAYMENT_DECLINED'],
    ['deadline', 'TIMEOUT'],
    ['customer cancel', 'CUSTOMER_CANCELLED'],
  ])('records why it was cancelled when %s', (fact, reason) => {
    const order = inStatus('PENDING');
    facts[fact](order);
    expect(order.snapshot().reason).toBe(reason);
  });

  it('cancels as out of stock when inventory does not know a sku', () => {
    const order = inStatus('PENDING');
    order.noteInventoryRejected('UNKNOWN_SKU');
    expect(order.snapshot()).toMatchObject({ status: 'CANCELLED', reason: 'OUT_OF_STOCK' });
  });

  it('keeps the first cancel reason when a second cancellation arrives', () => {
    const order = inStatus('PENDING');
    order.cancel('CUSTOMER_CANCELLED');
    order.notePaymentFailed('DECLINED');
    order.cancel('TIMEOUT');
    expect(order.snapshot().reason).toBe('CUSTOMER_CANCELLED');
  });

  it('is overdue only while open and once its deadline has passed', () => {
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    expect(inStatus('PENDING').isOverdue(at(29999))).toBe(false);
    expect(inStatus('PENDING').isOverdue(at(30000))).toBe(true);
    expect(inStatus('RESERVED').isOverdue(at(60000))).toBe(true);
    expect(inStatus('CONFIRMED').isOverdue(at(60000))).toBe(false);
    expect(inStatus('CANCELLED').isOverdue(at(60000))).toBe(false);
  });

  it('recognises a retry of the same request whatever the order of its lines', () => {
    const order = placed();
    const lines = [
      { sku: 'MOUSE-01', quantity: 2 },
      { sku: 'KEYBOARD-01', quantity: 1 },
    ];
    expect(order.isSameRequestAs('alice', lines)).toBe(true);
    expect(order.isSameRequestAs('bob', lines)).toBe(false);
    expect(order.isSameRequestAs('alice', [{ sku: 'MOUSE-01', quantity: 3 }, lines[1]])).toBe(false);
    expect(order.isSameRequestAs('alice', [lines[0]])).toBe(false);
  });

  it.each([
    ['no lines', []],
    ['a repeated sku', [{ sku: 'MOUSE-01', quantity: 1 }, { sku: 'MOUSE-01', quantity: 2 }]],
    ['a zero quantity', [{ sku: 'MOUSE-01', quantity: 0 }]],
    ['a fractional quantity', [{ sku: 'MOUSE-01', quantity: 1.5 }]],
  ])('refuses to be placed with %s', (_case, items) => {
    expect(() =>
      Order.place({ id: 'x', transactionId: 'y', customerId: 'alice', items, idempotencyKey: null, now: NOW, deadlineMs: 1 }),
    ).toThrow(InvalidOrderError);
  });
});
