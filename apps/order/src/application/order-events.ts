import { createEvent, SagaEvent } from '@saga/events';
import { Announcement, Order } from '../domain/order';

/** ORDER_CREATED: starts the saga; its time is the order's creation time. */
export function orderCreated(order: Order): SagaEvent<'ORDER_CREATED'> {
  const { id, transactionId, customerId, items, createdAt } = order.snapshot();
  return createEvent('ORDER_CREATED', {
    transactionId,
    orderId: id,
    occurredAt: createdAt,
    payload: { customerId, items: items.map(({ sku, quantity }) => ({ sku, quantity })) },
  });
}

/** The event owed after a transition, built from the order's state after it. */
export function announcementOf(order: Order, announcement: Announcement, now: Date): SagaEvent {
  const { id, transactionId, customerId, totalCents, reason } = order.snapshot();
  const envelope = { transactionId, orderId: id, occurredAt: now };
  if (announcement === 'ORDER_CONFIRMED') {
    // A confirmation always follows a charge, which set the total.
    return createEvent('ORDER_CONFIRMED', { ...envelope, payload: { customerId, totalCents: totalCents! } });
  }
  return createEvent('ORDER_CANCEL', { ...envelope, payload: { reason: reason! } });
}
