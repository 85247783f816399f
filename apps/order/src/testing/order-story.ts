import { randomUUID } from 'node:crypto';
import { createEvent, SagaEvent } from '@saga/events';

/** Every event of one order's saga, each dated `second` seconds after T0, for the live view's tests. */
export function orderStory(customerId = 'alice') {
  const ids = { orderId: randomUUID(), transactionId: randomUUID() };
  const at = (second: number) => new Date(Date.parse('2026-01-01T10:00:00.000Z') + second * 1000);
  const items = [{ sku: 'KEYBOARD-01', quantity: 1 }];
  return {
    ...ids,
    created: (second = 0): SagaEvent =>
      createEvent('ORDER_CREATED', { ...ids, occurredAt: at(second), payload: { customerId, items } }),
    reserved: (second = 1): SagaEvent =>
      createEvent('INVENTORY_RESERVED', {
        ...ids,
        occurredAt: at(second),
        payload: { customerId, items: [{ ...items[0], unitPriceCents: 8900 }], totalCents: 8900 },
      }),
    rejected: (second = 1): SagaEvent =>
      createEvent('INVENTORY_REJECTED', {
        ...ids,
        occurredAt: at(second),
        payload: { reason: 'OUT_OF_STOCK', lines: [{ sku: 'KEYBOARD-01', requested: 1, available: 0 }] },
      }),
    paid: (second = 2): SagaEvent =>
      createEvent('PAYMENT_COMPLETED', { ...ids, occurredAt: at(second), payload: { paymentId: randomUUID(), customerId, amountCents: 8900 } }),
    declined: (second = 2): SagaEvent =>
      createEvent('PAYMENT_FAILED', { ...ids, occurredAt: at(second), payload: { customerId, amountCents: 8900, reason: 'INSUFFICIENT_FUNDS' } }),
    confirmed: (second = 3): SagaEvent =>
      createEvent('ORDER_CONFIRMED', { ...ids, occurredAt: at(second), payload: { customerId, totalCents: 8900 } }),
    cancelled: (second = 3, reason: 'OUT_OF_STOCK' | 'PAYMENT_DECLINED' | 'TIMEOUT' | 'CUSTOMER_CANCELLED' = 'PAYMENT_DECLINED'): SagaEvent =>
      createEvent('ORDER_CANCEL', { ...ids, occurredAt: at(second), payload: { reason } }),
    released: (second = 4): SagaEvent =>
      createEvent('INVENTORY_RELEASED', { ...ids, occurredAt: at(second), payload: { items } }),
    refunded: (second = 4): SagaEvent =>
      createEvent('PAYMENT_REFUNDED', { ...ids, occurredAt: at(second), payload: { paymentId: randomUUID(), customerId, amountCents: 8900 } }),
  };
}
