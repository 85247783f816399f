/** How far the saga of one order has got, as its events tell it; final states never change. */
export type SagaProgress = 'PENDING' | 'RESERVED' | 'CONFIRMED' | 'CANCELLED';

/** One row of the live list: everything the page shows about an order without asking the database. */
export interface OrderSummary {
  orderId: string;
  transactionId: string;
  customerId?: string;
  items?: { sku: string; quantity: number }[];
  status: SagaProgress;
  /** The cancel reason (ORDER_CANCEL). */
  reason?: string;
  totalCents?: number;
  /** When it was placed (ORDER_CREATED); absent while that event has not been read yet. */
  createdAt?: string;
  /** The latest occurredAt among its events. */
  updatedAt: string;
  lastEvent: string;
  /** Compensations seen (INVENTORY_RELEASED, PAYMENT_REFUNDED), in arrival order. */
  compensations: string[];
  deadLetters: number;
  /** Records whose event id had already been read: the outbox re-published it (at-least-once delivery). */
  redeliveries: number;
}
