import { orderStory } from '../../testing/order-story';
import { DeadLetterView } from '../feed/observation';
import { RecentOrders } from './recent-orders';

const deadLetterFor = (orderId?: string): DeadLetterView => ({
  source: { topic: 'payment.DLT', partition: 0, offset: '0' },
  originalTopic: 'payment',
  ...(orderId && { orderId }),
  reason: 'HANDLER_FAILED',
  error: 'boom',
  attempts: 5,
  consumerGroup: 'order-service',
  failedAt: '2026-01-01T10:00:09.000Z',
});

describe('RecentOrders', () => {
  it('follows a confirmed saga: customer, items, total, status and last step', () => {
    const orders = new RecentOrders(10);
    const story = orderStory('bob');
    for (const event of [story.created(), story.reserved(), story.paid(), story.confirmed()]) orders.noteEvent(event);

    expect(orders.get(story.orderId)).toEqual({
      orderId: story.orderId,
      transactionId: story.transactionId,
      customerId: 'bob',
      items: [{ sku: 'KEYBOARD-01', quantity: 1 }],
      status: 'CONFIRMED',
      totalCents: 8900,
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-01T10:00:03.000Z',
      lastEvent: 'ORDER_CONFIRMED',
      compensations: [],
      deadLetters: 0,
      redeliveries: 0,
    });
  });

  it('reports a cancel with its reason and the compensations that followed', () => {
    const orders = new RecentOrders(10);
    const story = orderStory();
    for (const event of [story.created(), story.reserved(), story.declined(), story.cancelled(3, 'PAYMENT_DECLINED'), story.released()]) {
      orders.noteEvent(event);
    }
    expect(orders.get(story.orderId)).toMatchObject({
      status: 'CANCELLED',
      reason: 'PAYMENT_DECLINED',
      compensations: ['INVENTORY_RELEASED'],
      lastEvent: 'INVENTORY_RELEASED',
    });
  });

  it('reaches the same state whatever order the topics deliver the events in', () => {
    const story = orderStory();
    const events = [story.created(), story.reserved(), story.paid(), story.confirmed()];
    const inOrder = new RecentOrders(10);
    events.forEach((event) => inOrder.noteEvent(event));
    const shuffled = new RecentOrders(10);
    [events[2], events[1], events[0], events[3]].forEach((event) => shuffled.noteEvent(event));

    expect(shuffled.get(story.orderId)).toEqual(inOrder.get(story.orderId));
  });

  it('never lets a reservation read late take a cancelled order back to RESERVED', () => {
    const orders = new RecentOrders(10);
    const story = orderStory();
    orders.noteEvent(story.created());
    orders.noteEvent(story.cancelled(1, 'CUSTOMER_CANCELLED'));
    orders.noteEvent(story.reserved(2));
    expect(orders.get(story.orderId)).toMatchObject({ status: 'CANCELLED', reason: 'CUSTOMER_CANCELLED' });
  });

  it('counts a re-published event as a redelivery and does not apply it twice', () => {
    const orders = new RecentOrders(10);
    const story = orderStory();
    const released = story.released();
    orders.noteEvent(story.created());
    orders.noteEvent(released);
    orders.noteEvent(released);

    expect(orders.get(story.orderId)).toMatchObject({ compensations: ['INVENTORY_RELEASED'], redeliveries: 1 });
    expect(orders.trailOf(story.orderId)!.deliveries.get(released.eventId)).toBe(2);
  });

  it('counts dead letters against their order and ignores those that name none', () => {
    const orders = new RecentOrders(10);
    const story = orderStory();
    orders.noteEvent(story.created());

    expect(orders.noteDeadLetter(deadLetterFor(story.orderId))).toMatchObject({ deadLetters: 1 });
    expect(orders.noteDeadLetter(deadLetterFor())).toBeUndefined();
    expect(orders.trailOf(story.orderId)!.deadLetters).toHaveLength(1);
  });

  it('lists newest first and forgets the first seen beyond its capacity', () => {
    const orders = new RecentOrders(2);
    const [first, second, third] = [orderStory(), orderStory(), orderStory()];
    orders.noteEvent(first.created(0));
    orders.noteEvent(second.created(10));
    orders.noteEvent(third.created(5));

    expect(orders.list().map((o) => o.orderId)).toEqual([second.orderId, third.orderId]);
    expect(orders.get(first.orderId)).toBeUndefined();
  });
});
