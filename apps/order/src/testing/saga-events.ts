import { randomUUID } from 'node:crypto';
import { createEvent, SagaEvent } from '@saga/events';

/** The events the other participants send about one order, as the order service receives them. */
export function eventsFor(order: { orderId: string; transactionId: string; customerId?: string }) {
  const customerId = order.customerId ?? 'alice';
  const envelope = { transactionId: order.transactionId, orderId: order.orderId };
  return {
    inventoryReserved: (totalCents = 13900): SagaEvent<'INVENTORY_RESERVED'> =>
      createEvent('INVENTORY_RESERVED', {
        ...envelope,
        payload: { customerId, items: [{ sku: 'KEYBOARD-01', quantity: 1, unitPriceCents: totalCents }], totalCents },
      }),
    inventoryRejected: (reason: 'OUT_OF_STOCK' | 'UNKNOWN_SKU' | 'ORDER_CANCELLED' = 'OUT_OF_STOCK') =>
      createEvent('INVENTORY_REJECTED', {
        ...envelope,
        payload: { reason, lines: [{ sku: 'WEBCAM-01', requested: 3, available: 2 }] },
      }),
    inventoryReleased: () =>
      createEvent('INVENTORY_RELEASED', { ...envelope, payload: { items: [{ sku: 'KEYBOARD-01', quantity: 1 }] } }),
    paymentCompleted: (amountCents = 13900) =>
      createEvent('PAYMENT_COMPLETED', { ...envelope, payload: { paymentId: randomUUID(), customerId, amountCents } }),
    paymentFailed: (reason: 'INSUFFICIENT_FUNDS' | 'DECLINED' | 'UNKNOWN_CUSTOMER' | 'ORDER_CANCELLED' = 'INSUFFICIENT_FUNDS') =>
      createEvent('PAYMENT_FAILED', { ...envelope, payload: { customerId, amountCents: 13900, reason } }),
    paymentRefunded: (amountCents = 13900) =>
      createEvent('PAYMENT_REFUNDED', { ...envelope, payload: { paymentId: randomUUID(), customerId, amountCents } }),
  };
}
