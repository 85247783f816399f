import { CancelReason } from '@saga/events';

/**
 * PENDING -> RESERVED -> CONFIRMED, or CANCELLED from PENDING or RESERVED.
 * RESERVED is informational (it records the total): a payment arriving before the reservation
 * event confirms a PENDING order directly, because the charge proves the reservation.
 */
export const ORDER_STATUSES = ['PENDING', 'RESERVED', 'CONFIRMED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const OPEN_STATUSES: readonly OrderStatus[] = ['PENDING', 'RESERVED'];

export function isFinal(status: OrderStatus): boolean {
  return status === 'CONFIRMED' || status === 'CANCELLED';
}

export type { CancelReason };
